import type { CompactCard, RecordRef, RecordType } from '#contract';
import { AppError } from '../errors';
import type { Queryable } from '../db/types';
import { cardsByRefs, readableCard, refKey } from './cards';
import type { AccessContext } from './security';

/** Pinned records per user are capped so the pane's list stays a list. */
const MAX_PINS = 50;

/** The actor's pinned records that are still readable, in pinning order. */
export async function listPins(q: Queryable, ctx: AccessContext): Promise<CompactCard[]> {
  const { rows } = await q.query<{ record_type: RecordType; record_id: string }>(
    'SELECT record_type, record_id FROM pins WHERE user_id = $1 ORDER BY created_at, record_id',
    [ctx.userId],
  );
  const refs = rows.map((r) => ({ type: r.record_type, id: r.record_id }));
  const cards = await cardsByRefs(q, ctx, refs);
  return refs.flatMap((r) => cards.get(refKey(r)) ?? []);
}

/** Pins a readable record; pinning one already pinned changes nothing, even at the cap. */
export async function pinRecord(q: Queryable, ctx: AccessContext, ref: RecordRef): Promise<void> {
  if (!(await readableCard(q, ctx, ref))) {
    throw new AppError('not_found', `No ${ref.type} with this id exists or you may not read it.`);
  }
  const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM pins WHERE user_id = $1', [
    ctx.userId,
  ]);
  if ((rows[0]?.n ?? 0) >= MAX_PINS) {
    const exists = await q.query(
      'SELECT 1 FROM pins WHERE user_id = $1 AND record_type = $2 AND record_id = $3',
      [ctx.userId, ref.type, ref.id],
    );
    if (exists.rows.length === 0)
      throw new AppError('conflict', `You can pin at most ${MAX_PINS} records; unpin one first.`);
  }
  await q.query(
    'INSERT INTO pins (user_id, record_type, record_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [ctx.userId, ref.type, ref.id],
  );
}

export async function unpinRecord(q: Queryable, ctx: AccessContext, ref: RecordRef): Promise<void> {
  await q.query('DELETE FROM pins WHERE user_id = $1 AND record_type = $2 AND record_id = $3', [
    ctx.userId,
    ref.type,
    ref.id,
  ]);
}
