import type { SyncStage } from '#contract';
import type { Database, Queryable } from '#server/db/types';
import { SyncError, type SyncErrorCode } from '../errors';
import type { Folder } from '../cycle/candidate';

/** A mailbox row as the worker holds it while it owns the lease. */
export type MailboxRow = {
  id: string;
  userId: string;
  address: string;
  intervalSeconds: number;
  failureCount: number;
  autoTrackSince: string;
  nextSyncAt: string;
  deltaLinks: Record<Folder, string | null>;
};

type RawMailbox = {
  id: string;
  user_id: string;
  address: string;
  interval_seconds: number;
  failure_count: number;
  auto_track_since: Date | string;
  next_sync_at: Date | string;
  delta_inbox: string | null;
  delta_sentitems: string | null;
  delta_calendar: string | null;
};

const deltaColumn: Record<Folder, string> = {
  inbox: 'delta_inbox',
  sentitems: 'delta_sentitems',
  calendar: 'delta_calendar',
};

export function isoOf(v: Date | string | null): string | null {
  if (v === null) return null;
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

function toRow(r: RawMailbox): MailboxRow {
  return {
    id: r.id,
    userId: r.user_id,
    address: r.address,
    intervalSeconds: r.interval_seconds,
    failureCount: r.failure_count,
    autoTrackSince: isoOf(r.auto_track_since)!,
    nextSyncAt: isoOf(r.next_sync_at)!,
    deltaLinks: { inbox: r.delta_inbox, sentitems: r.delta_sentitems, calendar: r.delta_calendar },
  };
}

/**
 * Claims up to `limit` due mailboxes for `owner` under a lease. SKIP LOCKED lets any number of
 * workers run this at once without waiting on or double-claiming each other's rows.
 */
export async function claimDueMailboxes(
  db: Queryable,
  owner: string,
  limit: number,
  leaseSeconds: number,
): Promise<MailboxRow[]> {
  const { rows } = await db.query<RawMailbox>(
    `UPDATE mailboxes m
        SET lease_owner = $1, stage = 'delta',
            lease_expires_at = now() + ($2::float8 * interval '1 second'),
            last_claimed_at = now(),
            max_claim_lag_seconds = GREATEST(m.max_claim_lag_seconds,
                                             EXTRACT(EPOCH FROM (now() - m.next_sync_at))::float8),
            updated_at = now()
      WHERE m.id IN (
        SELECT id FROM mailboxes
         WHERE enabled AND next_sync_at <= now()
           AND (lease_expires_at IS NULL OR lease_expires_at < now())
         ORDER BY next_sync_at
         LIMIT $3
         FOR UPDATE SKIP LOCKED)
      RETURNING m.id, m.user_id, m.address, m.interval_seconds, m.failure_count, m.auto_track_since,
                m.next_sync_at, m.delta_inbox, m.delta_sentitems, m.delta_calendar`,
    [owner, leaseSeconds, limit],
  );
  return rows.map(toRow);
}

/** Extends the leases this worker still holds; returns the ids it still owns. */
export async function renewLeases(
  db: Queryable,
  owner: string,
  ids: string[],
  leaseSeconds: number,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>(
    `UPDATE mailboxes SET lease_expires_at = now() + ($3::float8 * interval '1 second')
      WHERE id = ANY($1::uuid[]) AND lease_owner = $2
      RETURNING id`,
    [ids, owner, leaseSeconds],
  );
  return new Set(rows.map((r) => r.id));
}

/** Every write of a worker to a mailbox row is fenced by the lease: a taken-over worker stops. */
async function fenced(db: Queryable, sql: string, params: unknown[]): Promise<void> {
  const { rowCount } = await db.query(sql, params);
  if (rowCount === 0) throw new SyncError('lease_lost', 'another worker owns this mailbox now');
}

export function setStage(db: Queryable, id: string, owner: string, stage: SyncStage): Promise<void> {
  return fenced(
    db,
    `UPDATE mailboxes SET stage = $3, updated_at = now() WHERE id = $1 AND lease_owner = $2`,
    [id, owner, stage],
  );
}

/** Stores a folder's new deltaLink once its items are settled; the next folder starts at `delta`. */
export function storeDeltaLink(
  db: Queryable,
  id: string,
  owner: string,
  folder: Folder,
  link: string | null,
): Promise<void> {
  return fenced(
    db,
    `UPDATE mailboxes SET ${deltaColumn[folder]} = $3, stage = 'delta', updated_at = now()
      WHERE id = $1 AND lease_owner = $2`,
    [id, owner, link],
  );
}

/**
 * A cycle that finished: store the deltaLinks of folders that had no changes (deferred to save
 * writes; replaying an empty delta is harmless), release the lease and schedule the next cycle.
 */
export function completeCycle(
  db: Queryable,
  id: string,
  owner: string,
  intervalSeconds: number,
  deferredLinks: Partial<Record<Folder, string | null>> = {},
): Promise<void> {
  const links = Object.entries(deferredLinks) as [Folder, string | null][];
  const sets = links.map(([folder], i) => `${deltaColumn[folder]} = $${4 + i}, `).join('');
  return fenced(
    db,
    `UPDATE mailboxes
        SET ${sets}stage = 'idle', lease_owner = NULL, lease_expires_at = NULL,
            interval_seconds = $3::int, next_sync_at = now() + ($3::int * interval '1 second'),
            last_sync_at = now(), last_success_at = now(), failure_count = 0, retry_after = NULL,
            last_error = NULL, last_error_code = NULL, updated_at = now()
      WHERE id = $1 AND lease_owner = $2`,
    [id, owner, Math.round(intervalSeconds), ...links.map(([, link]) => link)],
  );
}

/** A transient mailbox failure: back off (or wait out Retry-After) and release the lease. */
export function backOff(
  db: Queryable,
  id: string,
  owner: string,
  p: {
    delaySeconds: number;
    retryAfterSeconds?: number;
    countsAsFailure: boolean;
    code: SyncErrorCode;
    message: string;
  },
): Promise<void> {
  return fenced(
    db,
    `UPDATE mailboxes
        SET stage = 'backoff', lease_owner = NULL, lease_expires_at = NULL,
            failure_count = failure_count + $3,
            next_sync_at = now() + ($4::float8 * interval '1 second'),
            retry_after = CASE WHEN $5::float8 IS NULL THEN NULL
                               ELSE now() + ($5::float8 * interval '1 second') END,
            last_sync_at = now(), last_error = $6, last_error_code = $7, updated_at = now()
      WHERE id = $1 AND lease_owner = $2`,
    [
      id,
      owner,
      p.countsAsFailure ? 1 : 0,
      p.delaySeconds,
      p.retryAfterSeconds ?? null,
      p.message.slice(0, 1000),
      p.code,
    ],
  );
}

/** A permanent mailbox failure (or too many transient ones): disable it and record an alert. */
export async function disableMailbox(
  db: Database,
  id: string,
  owner: string,
  p: { code: SyncErrorCode; reason: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    await fenced(
      tx,
      `UPDATE mailboxes
          SET enabled = false, stage = 'disabled', lease_owner = NULL, lease_expires_at = NULL,
              failure_count = failure_count + 1, last_sync_at = now(), last_error = $3,
              last_error_code = $4, disabled_reason = $3, updated_at = now()
        WHERE id = $1 AND lease_owner = $2`,
      [id, owner, p.reason.slice(0, 1000), p.code],
    );
    await tx.query(`INSERT INTO sync_alerts (mailbox_id, code, message) VALUES ($1, $2, $3)`, [
      id,
      p.code,
      p.reason.slice(0, 1000),
    ]);
  });
}

/**
 * One mailbox row per enabled CRM user (their address kept current). Users that were disabled in
 * the CRM have their mailbox disabled. Returns how many rows were created.
 */
export async function ensureMailboxes(db: Queryable): Promise<number> {
  const created = await db.query(
    `INSERT INTO mailboxes (user_id, address)
     SELECT u.id, u.email FROM users u
      WHERE NOT u.disabled AND u.email <> ''
     ON CONFLICT (user_id) DO UPDATE SET address = EXCLUDED.address, updated_at = now()
      WHERE mailboxes.address IS DISTINCT FROM EXCLUDED.address
     RETURNING (xmax = 0) AS inserted`,
  );
  await db.query(
    `UPDATE mailboxes m SET enabled = false, stage = 'disabled', disabled_reason = 'The CRM user is disabled.',
            updated_at = now()
       FROM users u
      WHERE u.id = m.user_id AND u.disabled AND m.enabled`,
  );
  return created.rows.filter((r) => (r as { inserted: boolean }).inserted).length;
}

/** Re-enables a disabled mailbox (an administrator fixed consent or the access policy). */
export async function enableMailbox(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE mailboxes SET enabled = true, stage = 'idle', disabled_reason = NULL, failure_count = 0,
            next_sync_at = now(), updated_at = now()
      WHERE id = $1`,
    [id],
  );
}
