import { normalizeAddress, type RecordRef, type ResolveResult } from '#contract';
import type { Database, Queryable } from '../db/types';
import type { Actor } from './crm-service';
import { bestMatch } from './resolve';
import {
  accessContextOf,
  contextColumns,
  loadAccessContext,
  type AccessContext,
  type ContextRow,
} from './security';

type ActorRow = {
  id: string;
  tenant_id: string;
  object_id: string;
  email: string;
  name: string;
  business_unit_id: string;
  is_admin: boolean;
};

const actorColumns = `u.id, u.tenant_id, u.object_id, u.email, u.name, u.business_unit_id,
  EXISTS (SELECT 1 FROM user_roles ur JOIN security_roles r ON r.id = ur.role_id
          WHERE ur.user_id = u.id AND r.is_system_administrator) AS is_admin`;

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

/** What an actor object carries besides itself: its access context, and for a run its matches. */
type Bound = { ctx: AccessContext; matches?: Map<string, RecordRef | null> };

/**
 * Finds the CRM users that domain calls act as, and the access context of each call. Actors that
 * `byIdentity` returns carry their context (for the one request they authenticate); those of
 * `bind` carry it and remember resolved matches (for a run of calls). Any other actor object has
 * its context loaded per call.
 */
export function createActors(db: Database) {
  const bound = new WeakMap<Actor, Bound>();
  return {
    async byIdentity(tenantId: string, objectId: string): Promise<Actor | null> {
      // Authentication starts every HTTP request: the access context of the request's domain call
      // comes with the actor, in the same statement (one round trip fewer per request).
      const { rows } = await db.query<ActorRow & ContextRow>(
        `SELECT ${actorColumns}, ${contextColumns}
         FROM users u WHERE u.tenant_id = $1 AND u.object_id = $2 AND NOT u.disabled`,
        [tenantId, objectId],
      );
      if (!rows[0]) return null;
      const actor = toActor(rows[0]);
      bound.set(actor, { ctx: accessContextOf(actor, rows[0]) });
      return actor;
    },

    async byEmail(email: string): Promise<Actor | null> {
      const normalized = normalizeAddress(email);
      if (!normalized) return null;
      const { rows } = await db.query<ActorRow>(
        `SELECT ${actorColumns} FROM users u
         WHERE u.email_normalized = $1 AND NOT u.disabled ORDER BY u.created_at LIMIT 1`,
        [normalized],
      );
      return rows[0] ? toActor(rows[0]) : null;
    },

    async bind(actor: Actor): Promise<Actor> {
      const ctx = await loadAccessContext(db, actor);
      const copy = { ...actor };
      bound.set(copy, { ctx, matches: new Map() });
      return copy;
    },

    context(actor: Actor, q: Queryable = db): Promise<AccessContext> {
      const ctx = bound.get(actor)?.ctx;
      return ctx ? Promise.resolve(ctx) : loadAccessContext(q, actor);
    },

    /** The best matches a bound actor has resolved so far; `undefined` for other actors. */
    matches(actor: Actor): Map<string, RecordRef | null> | undefined {
      return bound.get(actor)?.matches;
    },

    /** Remembers what `results` resolved to, when `actor` is bound. */
    remember(actor: Actor, results: readonly ResolveResult[]): void {
      const matches = bound.get(actor)?.matches;
      if (matches) for (const r of results) if (r.normalized) matches.set(r.normalized, bestMatch(r));
    },
  };
}
