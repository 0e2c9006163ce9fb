import type { SyncItemFailure, SyncMailbox, SyncStage } from '#contract';
import type { Actor } from '#server/crm/crm-service';
import type { Queryable } from '#server/db/types';
import { isoOf } from '../store/mailboxes';

type RawMailbox = {
  id: string;
  user_id: string;
  address: string;
  enabled: boolean;
  stage: SyncStage;
  last_sync_at: Date | string | null;
  last_success_at: Date | string | null;
  next_sync_at: Date | string | null;
  interval_seconds: number;
  failure_count: number;
  retry_after: Date | string | null;
  last_error: string | null;
  disabled_reason: string | null;
  backlog: number | string;
};

/** Sync state of mailboxes: administrators see all, everyone else their own. */
export async function listSyncMailboxes(db: Queryable, actor: Actor): Promise<SyncMailbox[]> {
  const { rows } = await db.query<RawMailbox>(
    `SELECT m.id, m.user_id, m.address, m.enabled, m.stage, m.last_sync_at, m.last_success_at, m.next_sync_at,
            m.interval_seconds, m.failure_count, m.retry_after, m.last_error, m.disabled_reason,
            (SELECT count(*) FROM sync_items s WHERE s.mailbox_id = m.id AND s.state = 'retrying')::int AS backlog
       FROM mailboxes m
      WHERE $1::boolean OR m.user_id = $2::uuid
      ORDER BY m.address`,
    [actor.isAdmin, actor.userId],
  );
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    address: r.address,
    enabled: r.enabled,
    stage: r.stage,
    lastSyncAt: isoOf(r.last_sync_at),
    lastSuccessAt: isoOf(r.last_success_at),
    nextSyncAt: r.enabled ? isoOf(r.next_sync_at) : null,
    intervalSeconds: r.interval_seconds,
    failureCount: r.failure_count,
    retryAfter: isoOf(r.retry_after),
    lastError: r.last_error,
    disabledReason: r.disabled_reason,
    backlog: Number(r.backlog),
  }));
}

type RawFailure = {
  id: string;
  mailbox_id: string;
  address: string;
  item_id: string;
  kind: 'email' | 'appointment';
  subject: string | null;
  attempts: number;
  state: 'retrying' | 'undeliverable';
  last_error: string | null;
  updated_at: Date | string;
};

/** Items sync is retrying or gave up on, newest first: administrators see all, everyone else their own. */
export async function listSyncItemFailures(
  db: Queryable,
  actor: Actor,
  limit = 500,
): Promise<SyncItemFailure[]> {
  const { rows } = await db.query<RawFailure>(
    `SELECT s.id, s.mailbox_id, m.address, s.item_id, s.kind, s.subject, s.attempts, s.state, s.last_error,
            s.updated_at
       FROM sync_items s JOIN mailboxes m ON m.id = s.mailbox_id
      WHERE s.state <> 'done' AND ($1::boolean OR m.user_id = $2::uuid)
      ORDER BY s.updated_at DESC
      LIMIT $3`,
    [actor.isAdmin, actor.userId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    mailboxId: r.mailbox_id,
    address: r.address,
    itemId: r.item_id,
    kind: r.kind,
    subject: r.subject,
    attempts: r.attempts,
    state: r.state,
    lastError: r.last_error,
    updatedAt: isoOf(r.updated_at)!,
  }));
}
