import {
  AutoTrackPolicy,
  normalizeAddress,
  type Action,
  type MeResponse,
  type RecordRef,
  type UserSettings,
} from '#contract';
import { AppError } from '../errors';
import type { Database, Queryable } from '../db/types';
import { bodyToText } from './body';
import { readableCard } from './cards';
import {
  createContact,
  createLead,
  fullCard,
  listPins,
  listRecent,
  pinRecord,
  searchRecords,
  touchRecent,
  writeAudit,
} from './records';
import { bestMatch, resolveAddresses } from './resolve';
import {
  accessContextOf,
  actions,
  can,
  contextColumns,
  loadAccessContext,
  securedTables,
  type AccessContext,
  type ContextRow,
} from './security';
import type { Actor, CrmService } from './service';
import { changeRegarding, trackingStatus, trackItem, untrackItem } from './tracking';

export type { Actor, CrmService } from './service';

export type CrmServiceOptions = {
  /** Base URL of the CRM web client for record deep links (`webUrl`). */
  crmWebUrl?: string;
};

export const DEFAULT_CRM_WEB_URL = 'https://localhost:3000/crm';

type ActorRow = {
  id: string;
  tenant_id: string;
  object_id: string;
  email: string;
  name: string;
  business_unit_id: string;
  is_admin: boolean;
};

const isAdminColumn = `EXISTS (SELECT 1 FROM user_roles ur JOIN security_roles r ON r.id = ur.role_id
            WHERE ur.user_id = u.id AND r.is_system_administrator) AS is_admin`;
const actorSelect = `SELECT u.id, u.tenant_id, u.object_id, u.email, u.name, u.business_unit_id, ${isAdminColumn}
  FROM users u`;

function toActor(row: ActorRow): Actor {
  return {
    userId: row.id,
    tenantId: row.tenant_id,
    objectId: row.object_id,
    email: row.email,
    name: row.name,
    businessUnitId: row.business_unit_id,
    isAdmin: row.is_admin,
  };
}

function settingsOf(raw: unknown): UserSettings {
  const s = (raw ?? {}) as Partial<UserSettings>;
  const autoTrack = AutoTrackPolicy.safeParse(s.autoTrack);
  return {
    autoTrack: autoTrack.success ? autoTrack.data : 'replies',
    neverLog: Array.isArray(s.neverLog) ? s.neverLog.filter((x): x is string => typeof x === 'string') : [],
  };
}

/** A never-log entry: a full address, or a domain written `@example.com` or `example.com`. */
function normalizeNeverLog(entry: string): string {
  const e = entry.trim();
  if (e.includes('@') && !e.startsWith('@')) {
    const a = normalizeAddress(e);
    if (!a) throw new AppError('validation_failed', `"${entry}" is not a valid address or domain.`);
    return a;
  }
  const domain = normalizeAddress(`x@${e.replace(/^@/, '')}`);
  if (!domain) throw new AppError('validation_failed', `"${entry}" is not a valid address or domain.`);
  return `@${domain.slice(2)}`;
}

export function createCrmService(db: Database, options: CrmServiceOptions = {}): CrmService {
  const crmWebUrl = options.crmWebUrl ?? DEFAULT_CRM_WEB_URL;
  /**
   * Actors that carry their access context: those `actorByIdentity` returns (for the one request
   * they authenticate) and those of `bindContext` (which also remember resolved matches).
   */
  const bound = new WeakMap<Actor, { ctx: AccessContext; matches?: Map<string, RecordRef | null> }>();
  const context = async (actor: Actor, q: Queryable = db): Promise<AccessContext> =>
    bound.get(actor)?.ctx ?? loadAccessContext(q, actor);

  async function me(actor: Actor): Promise<MeResponse> {
    const ctx = await context(actor);
    const { rows } = await db.query<{
      id: string;
      name: string;
      email: string;
      settings: unknown;
      bu: string;
    }>(
      `SELECT u.id, u.name, u.email, u.settings, b.name AS bu FROM users u
       JOIN business_units b ON b.id = u.business_unit_id WHERE u.id = $1`,
      [actor.userId],
    );
    const u = rows[0];
    if (!u) throw new AppError('unauthenticated', 'Your CRM user no longer exists.');
    const canMap: MeResponse['can'] = {};
    for (const table of securedTables) {
      canMap[table] = Object.fromEntries(actions.map((a) => [a, can(ctx, table, a)])) as Record<
        Action,
        boolean
      >;
    }
    return {
      user: { id: u.id, name: u.name, email: u.email, businessUnit: u.bu, isAdmin: actor.isAdmin },
      settings: settingsOf(u.settings),
      can: canMap,
      crmWebUrl,
    };
  }

  return {
    async actorByIdentity(tenantId, objectId) {
      // Authentication starts every HTTP request: the access context of the request's domain call
      // comes with the actor, in the same statement (one round trip fewer per request).
      const { rows } = await db.query<ActorRow & ContextRow>(
        `SELECT u.id, u.tenant_id, u.object_id, u.email, u.name, u.business_unit_id, ${isAdminColumn},
           ${contextColumns}
         FROM users u WHERE u.tenant_id = $1 AND u.object_id = $2 AND NOT u.disabled`,
        [tenantId, objectId],
      );
      if (!rows[0]) return null;
      const actor = toActor(rows[0]);
      bound.set(actor, { ctx: accessContextOf(actor, rows[0]) });
      return actor;
    },

    async actorByEmail(email) {
      const normalized = normalizeAddress(email);
      if (!normalized) return null;
      const { rows } = await db.query<ActorRow>(
        `${actorSelect} WHERE u.email_normalized = $1 AND NOT u.disabled ORDER BY u.created_at LIMIT 1`,
        [normalized],
      );
      return rows[0] ? toActor(rows[0]) : null;
    },

    async bindContext(actor) {
      const ctx = await loadAccessContext(db, actor);
      const copy = { ...actor };
      bound.set(copy, { ctx, matches: new Map() });
      return copy;
    },

    me,

    async updateSettings(actor, req) {
      const ctx = await context(actor);
      const patch: Partial<UserSettings> = {};
      if (req.autoTrack !== undefined) patch.autoTrack = req.autoTrack;
      if (req.neverLog !== undefined) patch.neverLog = [...new Set(req.neverLog.map(normalizeNeverLog))];
      await db.transaction(async (tx) => {
        await tx.query('UPDATE users SET settings = settings || $2::jsonb WHERE id = $1', [
          actor.userId,
          JSON.stringify(patch),
        ]);
        await writeAudit(tx, ctx, 'update_settings', { type: 'user', id: actor.userId }, patch);
      });
      return me(actor);
    },

    async resolve(actor, addresses) {
      if (addresses.length > 100)
        throw new AppError('validation_failed', 'At most 100 addresses per request.');
      const ctx = await context(actor);
      const results = await resolveAddresses(db, ctx, addresses);
      const matches = bound.get(actor)?.matches;
      if (matches) for (const r of results) if (r.normalized) matches.set(r.normalized, bestMatch(r));
      return { results };
    },

    async setResolveChoice(actor, req) {
      const address = normalizeAddress(req.address);
      if (!address) throw new AppError('validation_failed', 'The address is not a valid email address.');
      const ctx = await context(actor);
      if (!req.record) {
        await db.query('DELETE FROM resolve_choices WHERE user_id = $1 AND address = $2', [
          ctx.userId,
          address,
        ]);
        return { address, choice: null };
      }
      const ref: RecordRef = req.record;
      const [result] = await resolveAddresses(db, ctx, [address]);
      if (!result?.matches.some((m) => m.type === ref.type && m.id === ref.id)) {
        if (!(await readableCard(db, ctx, ref))) {
          throw new AppError('not_found', `No ${ref.type} with this id exists or you may not read it.`);
        }
        throw new AppError('validation_failed', `This ${ref.type} does not carry the address ${address}.`);
      }
      await db.query(
        `INSERT INTO resolve_choices (user_id, address, record_type, record_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, address) DO UPDATE SET record_type = excluded.record_type,
           record_id = excluded.record_id, updated_at = now()`,
        [ctx.userId, address, ref.type, ref.id],
      );
      return { address, choice: ref };
    },

    async search(actor, query) {
      const ctx = await context(actor);
      return { results: await searchRecords(db, ctx, query) };
    },

    async getRecord(actor, type, id) {
      const ctx = await context(actor);
      const record = await fullCard(db, ctx, { type, id }, crmWebUrl);
      await touchRecent(db, ctx.userId, { type, id });
      return { record };
    },

    async listPins(actor) {
      const ctx = await context(actor);
      return { pins: await listPins(db, ctx) };
    },

    async pin(actor, ref) {
      const ctx = await context(actor);
      await pinRecord(db, ctx, ref);
      return { pins: await listPins(db, ctx) };
    },

    async unpin(actor, ref) {
      const ctx = await context(actor);
      await db.query('DELETE FROM pins WHERE user_id = $1 AND record_type = $2 AND record_id = $3', [
        ctx.userId,
        ref.type,
        ref.id,
      ]);
      return { pins: await listPins(db, ctx) };
    },

    async recent(actor) {
      const ctx = await context(actor);
      return { records: await listRecent(db, ctx) };
    },

    async createContact(actor, req) {
      const ctx = await context(actor);
      const ref = await createContact(db, ctx, req);
      return { record: await fullCard(db, ctx, ref, crmWebUrl) };
    },

    async createLead(actor, req) {
      const ctx = await context(actor);
      const ref = await createLead(db, ctx, req);
      return { record: await fullCard(db, ctx, ref, crmWebUrl) };
    },

    async track(actor, kind, key, req, source) {
      const ctx = await context(actor);
      return trackItem(db, ctx, kind, key, req, source, bodyToText(req.item.body), bound.get(actor)?.matches);
    },

    async changeRegarding(actor, kind, key, regarding) {
      const ctx = await context(actor);
      return changeRegarding(db, ctx, kind, key, regarding);
    },

    async untrack(actor, kind, key) {
      const ctx = await context(actor);
      return untrackItem(db, ctx, kind, key);
    },

    async status(actor, items) {
      if (items.length > 100) throw new AppError('validation_failed', 'At most 100 items per request.');
      const ctx = await context(actor);
      return { items: await trackingStatus(db, ctx, items) };
    },
  };
}
