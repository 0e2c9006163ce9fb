import type { ActivitySummary, RecordRef, RegardingType, TrackedKind } from '#contract';
import type { Queryable } from '../db/types';
import { cardsByRefs, refKey } from './cards';
import { accessPredicate, type AccessContext } from './security';
import { args, raw, sql } from './sql';

/** The columns `activityColumns` selects from `activities a`. */
export type ActivityRow = {
  id: string;
  kind: TrackedKind;
  subject: string;
  occurred_at: Date;
  direction: 'incoming' | 'outgoing' | 'internal' | null;
  regarding_type: RegardingType | null;
  regarding_id: string | null;
};

export const activityColumns = raw(
  'a.id, a.kind, a.subject, coalesce(a.sent_at, a.start_at, a.created_at) AS occurred_at, a.direction, a.regarding_type, a.regarding_id',
);

/** Summaries of activity rows, each with the card of its regarding record if the actor may read it. */
export async function activitySummaries(
  q: Queryable,
  ctx: AccessContext,
  rows: readonly ActivityRow[],
): Promise<ActivitySummary[]> {
  const refs = rows.flatMap((r) =>
    r.regarding_type && r.regarding_id ? [{ type: r.regarding_type, id: r.regarding_id }] : [],
  );
  const cards = await cardsByRefs(q, ctx, refs);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    subject: r.subject,
    occurredAt: new Date(r.occurred_at).toISOString(),
    direction: r.direction,
    regarding:
      r.regarding_type && r.regarding_id
        ? (cards.get(refKey({ type: r.regarding_type, id: r.regarding_id })) ?? null)
        : null,
  }));
}

/** The latest readable activities regarding the record or with it as a party. */
export async function activitiesAbout(
  q: Queryable,
  ctx: AccessContext,
  ref: RecordRef,
  limit: number,
): Promise<ActivitySummary[]> {
  const { rows } = await q.query<ActivityRow>(
    ...args(sql`SELECT ${activityColumns} FROM activities a
      WHERE ${accessPredicate(ctx, 'activity', 'a')}
        AND ((a.regarding_type = ${ref.type} AND a.regarding_id = ${ref.id})
             OR a.id IN (SELECT p.activity_id FROM activity_parties p WHERE p.resolved_type = ${ref.type} AND p.resolved_id = ${ref.id}))
      ORDER BY occurred_at DESC, a.id LIMIT ${limit}`),
  );
  return activitySummaries(q, ctx, rows);
}
