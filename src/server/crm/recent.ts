import type { CompactCard, RecordRef, RecordType } from '#contract';
import type { Queryable } from '../db/types';
import { cardsByRefs, refKey } from './cards';
import type { AccessContext } from './security';

/** The pane lists this many recent records; more are kept so unreadable ones can drop out. */
const RECENT_SHOWN = 20;
const RECENT_READ = 50;

/** Marks a record as recently used by the actor (card open, set regarding, create). */
export async function touchRecent(q: Queryable, userId: string, ref: RecordRef): Promise<void> {
  await q.query(
    `INSERT INTO recent_records (user_id, record_type, record_id) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, record_type, record_id) DO UPDATE SET used_at = now()`,
    [userId, ref.type, ref.id],
  );
}

/** The actor's recently used records that are still readable, latest first. */
export async function listRecent(q: Queryable, ctx: AccessContext): Promise<CompactCard[]> {
  const { rows } = await q.query<{ record_type: RecordType; record_id: string }>(
    `SELECT record_type, record_id FROM recent_records WHERE user_id = $1 ORDER BY used_at DESC LIMIT ${RECENT_READ}`,
    [ctx.userId],
  );
  const refs = rows.map((r) => ({ type: r.record_type, id: r.record_id }));
  const cards = await cardsByRefs(q, ctx, refs);
  return refs.flatMap((r) => cards.get(refKey(r)) ?? []).slice(0, RECENT_SHOWN);
}
