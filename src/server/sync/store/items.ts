import type { RegardingRef, TrackedKind } from '#contract';
import type { Queryable } from '#server/db/types';
import { SyncError } from '../errors';
import type { Folder } from '../cycle/candidate';

export type ItemState = 'retrying' | 'undeliverable' | 'done';

export type ItemRow = {
  itemId: string;
  folder: Folder;
  kind: TrackedKind;
  state: ItemState;
  attempts: number;
  markerAt: string | null;
};

type RawItem = {
  item_id: string;
  folder: Folder;
  kind: TrackedKind;
  state: ItemState;
  attempts: number;
  marker_at: string | null;
};

const toItem = (r: RawItem): ItemRow => ({
  itemId: r.item_id,
  folder: r.folder,
  kind: r.kind,
  state: r.state,
  attempts: r.attempts,
  markerAt: r.marker_at,
});

export async function loadItemStates(
  db: Queryable,
  mailboxId: string,
  itemIds: string[],
): Promise<Map<string, ItemRow>> {
  if (itemIds.length === 0) return new Map();
  const { rows } = await db.query<RawItem>(
    `SELECT item_id, folder, kind, state, attempts, marker_at FROM sync_items
      WHERE mailbox_id = $1 AND item_id = ANY($2::text[])`,
    [mailboxId, itemIds],
  );
  return new Map(rows.map((r) => [r.item_id, toItem(r)]));
}

/** Items that failed transiently at an earlier cycle: retried even though delta no longer lists them. */
export async function loadRetrying(db: Queryable, mailboxId: string): Promise<ItemRow[]> {
  const { rows } = await db.query<RawItem>(
    `SELECT item_id, folder, kind, state, attempts, marker_at FROM sync_items
      WHERE mailbox_id = $1 AND state = 'retrying'`,
    [mailboxId],
  );
  return rows.map(toItem);
}

/** Items of this mailbox that sync saw tracked, by key and conversation, with their regarding. */
export async function loadTrackedIndex(
  db: Queryable,
  mailboxId: string,
  keys: string[],
  conversations: string[],
): Promise<{ key: string | null; conversationId: string | null; regarding: RegardingRef | null }[]> {
  if (keys.length === 0 && conversations.length === 0) return [];
  const { rows } = await db.query<{
    item_key: string | null;
    conversation_id: string | null;
    regarding_type: RegardingRef['type'] | null;
    regarding_id: string | null;
  }>(
    `SELECT item_key, conversation_id, regarding_type, regarding_id FROM sync_items
      WHERE mailbox_id = $1 AND state = 'done'
        AND (item_key = ANY($2::text[]) OR conversation_id = ANY($3::text[]))
      ORDER BY updated_at`,
    [mailboxId, keys, conversations],
  );
  return rows.map((r) => ({
    key: r.item_key,
    conversationId: r.conversation_id,
    regarding: r.regarding_type && r.regarding_id ? { type: r.regarding_type, id: r.regarding_id } : null,
  }));
}

export type ItemOutcome = {
  itemId: string;
  folder: Folder;
  kind: TrackedKind;
  key: string | null;
  conversationId: string | null;
  subject: string | null;
  state: ItemState;
  attempts: number;
  /** True when this cycle tracked the item (counts towards `completions`). */
  trackedNow: boolean;
  activityId: string | null;
  regarding: RegardingRef | null;
  markerAt: string | null;
  errorCode: string | null;
  error: string | null;
};

/**
 * Writes the outcomes of one folder in one multi-row statement, fenced by the lease: a worker
 * whose mailbox was taken over writes nothing.
 */
export async function saveOutcomes(
  db: Queryable,
  mailboxId: string,
  owner: string,
  outcomes: ItemOutcome[],
): Promise<void> {
  if (outcomes.length === 0) return;
  const col = <K extends keyof ItemOutcome>(k: K) => outcomes.map((o) => o[k]);
  const { rowCount } = await db.query(
    `INSERT INTO sync_items AS s (mailbox_id, item_id, folder, kind, item_key, conversation_id, subject, state,
                                  attempts, activity_id, regarding_type, regarding_id, marker_at,
                                  last_error_code, last_error, completions)
     SELECT $1, v.item_id, v.folder, v.kind, v.item_key, v.conversation_id, v.subject, v.state, v.attempts,
            v.activity_id, v.regarding_type, v.regarding_id, v.marker_at, v.error_code, v.error,
            CASE WHEN v.tracked_now THEN 1 ELSE 0 END
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $10::int[], $11::uuid[], $12::text[], $13::uuid[], $14::text[], $15::text[], $16::text[],
                   $17::boolean[])
            AS v(item_id, folder, kind, item_key, conversation_id, subject, state, attempts, activity_id,
                 regarding_type, regarding_id, marker_at, error_code, error, tracked_now)
      WHERE EXISTS (SELECT 1 FROM mailboxes m WHERE m.id = $1 AND m.lease_owner = $2)
     ON CONFLICT (mailbox_id, item_id) DO UPDATE SET
            state = EXCLUDED.state, attempts = EXCLUDED.attempts, item_key = EXCLUDED.item_key,
            conversation_id = EXCLUDED.conversation_id, subject = EXCLUDED.subject,
            activity_id = COALESCE(EXCLUDED.activity_id, s.activity_id),
            regarding_type = CASE WHEN EXCLUDED.activity_id IS NULL THEN s.regarding_type ELSE EXCLUDED.regarding_type END,
            regarding_id = CASE WHEN EXCLUDED.activity_id IS NULL THEN s.regarding_id ELSE EXCLUDED.regarding_id END,
            marker_at = COALESCE(EXCLUDED.marker_at, s.marker_at),
            last_error_code = EXCLUDED.last_error_code, last_error = EXCLUDED.last_error,
            completions = s.completions + EXCLUDED.completions, updated_at = now()`,
    [
      mailboxId,
      owner,
      col('itemId'),
      col('folder'),
      col('kind'),
      col('key'),
      col('conversationId'),
      outcomes.map((o) => o.subject?.slice(0, 500) ?? null),
      col('state'),
      col('attempts'),
      col('activityId'),
      outcomes.map((o) => o.regarding?.type ?? null),
      outcomes.map((o) => o.regarding?.id ?? null),
      col('markerAt'),
      col('errorCode'),
      outcomes.map((o) => o.error?.slice(0, 1000) ?? null),
      col('trackedNow'),
    ],
  );
  if (rowCount === 0) throw new SyncError('lease_lost', 'another worker owns this mailbox now');
}

/** Forgets items that no longer exist in the mailbox (deleted; delta reported them removed). */
export async function forgetItems(db: Queryable, mailboxId: string, itemIds: string[]): Promise<void> {
  if (itemIds.length === 0) return;
  await db.query(
    `DELETE FROM sync_items WHERE mailbox_id = $1 AND item_id = ANY($2::text[]) AND state <> 'done'`,
    [mailboxId, itemIds],
  );
}
