import {
  AutoTrackPolicy,
  normalizeNeverLogEntry,
  type Action,
  type MeResponse,
  type UpdateSettingsRequest,
  type UserSettings,
} from '#contract';
import { AppError } from '../errors';
import type { Database } from '../db/types';
import { writeAudit } from './audit';
import { actions, can, securedTables, type AccessContext } from './security';

/** The signed-in user, their settings and what they may do, for the pane. */
export async function loadMe(db: Database, ctx: AccessContext, crmWebUrl: string): Promise<MeResponse> {
  const { rows } = await db.query<{ id: string; name: string; email: string; settings: unknown; bu: string }>(
    `SELECT u.id, u.name, u.email, u.settings, b.name AS bu FROM users u
     JOIN business_units b ON b.id = u.business_unit_id WHERE u.id = $1`,
    [ctx.userId],
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
    user: { id: u.id, name: u.name, email: u.email, businessUnit: u.bu, isAdmin: ctx.actor.isAdmin },
    settings: settingsOf(u.settings),
    can: canMap,
    crmWebUrl,
  };
}

/** Merges the given settings into the actor's, normalizing never-log entries; audited. */
export async function updateSettings(
  db: Database,
  ctx: AccessContext,
  req: UpdateSettingsRequest,
): Promise<void> {
  const patch: Partial<UserSettings> = {};
  if (req.autoTrack !== undefined) patch.autoTrack = req.autoTrack;
  if (req.neverLog !== undefined) patch.neverLog = [...new Set(req.neverLog.map(normalizeNeverLog))];
  await db.transaction(async (tx) => {
    await tx.query('UPDATE users SET settings = settings || $2::jsonb WHERE id = $1', [
      ctx.userId,
      JSON.stringify(patch),
    ]);
    await writeAudit(tx, ctx, 'update_settings', { type: 'user', id: ctx.userId }, patch);
  });
}

/** Stored settings as the contract has them; anything unreadable falls back to the default. */
function settingsOf(raw: unknown): UserSettings {
  const s = (raw ?? {}) as Partial<UserSettings>;
  const autoTrack = AutoTrackPolicy.safeParse(s.autoTrack);
  return {
    autoTrack: autoTrack.success ? autoTrack.data : 'replies',
    neverLog: Array.isArray(s.neverLog) ? s.neverLog.filter((x): x is string => typeof x === 'string') : [],
  };
}

/** A never-log entry in its stored form; anything else is refused with the entry named. */
function normalizeNeverLog(entry: string): string {
  const normalized = normalizeNeverLogEntry(entry);
  if (!normalized) throw new AppError('validation_failed', `"${entry}" is not a valid address or domain.`);
  return normalized;
}
