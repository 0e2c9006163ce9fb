import {
  normalizeAddress,
  type ActivitySummary,
  type CompactCard,
  type RegardingRef,
  type StatusRequest,
  type TrackedKind,
  type TrackingSource,
  type TrackingStatus,
  type TrackRequest,
  type TrackResponse,
} from '../../contract';
import { AppError } from '../errors';
import type { Database, Queryable } from '../db/types';
import { cardsByRefs, hasAccess, readableCard, refKey } from './cards';
import { activityColumns, activitySummaries, args, touchRecent, writeAudit } from './records';
import { bestMatch, resolveAddresses } from './resolve';
import { accessPredicate, can, type AccessContext } from './security';
import { sql } from './sql';

type ActivityRow = {
  id: string;
  kind: TrackedKind;
  subject: string;
  occurred_at: Date;
  direction: 'incoming' | 'outgoing' | 'internal' | null;
  regarding_type: RegardingRef['type'] | null;
  regarding_id: string | null;
};

type TrackingRow = { tracked_at: Date; untracked_at: Date | null; source: TrackingSource };

export function normalizeKey(key: string): string {
  const k = key.trim();
  if (!k) throw new AppError('validation_failed', 'The item key is empty.');
  return k;
}

/**
 * Checks that the actor may set `ref` as regarding: the target must be readable (else
 * `not_found`, revealing nothing) and the actor must hold append-to on it.
 */
async function checkRegardingTarget(
  q: Queryable,
  ctx: AccessContext,
  ref: RegardingRef,
): Promise<CompactCard> {
  const card = await readableCard(q, ctx, ref);
  if (!card) throw new AppError('not_found', `No ${ref.type} with this id exists or you may not read it.`);
  if (!(await hasAccess(q, ctx, ref, 'append_to'))) {
    throw new AppError('forbidden', `You may not link activities to this ${ref.type}.`);
  }
  return card;
}

async function checkActivityAppend(q: Queryable, ctx: AccessContext, activityId: string): Promise<void> {
  const { rows } = await q.query(
    ...args(
      sql`SELECT 1 FROM activities a WHERE a.id = ${activityId} AND ${accessPredicate(ctx, 'activity', 'a', 'append')}`,
    ),
  );
  if (rows.length === 0)
    throw new AppError('forbidden', 'You may not change what this activity is regarding.');
}

type Party = {
  role: string;
  address: string;
  normalized: string | null;
  key: string;
  name: string | null;
};

function partiesOf(req: TrackRequest): Party[] {
  const seen = new Map<string, Party>();
  for (const p of req.item.people) {
    const normalized = normalizeAddress(p.address);
    const key = normalized ?? p.address.trim().toLowerCase();
    if (!key) continue;
    const id = `${p.role}\u0000${key}`;
    if (!seen.has(id))
      seen.set(id, {
        role: p.role,
        address: p.address.trim(),
        normalized,
        key,
        name: p.name?.trim() || null,
      });
  }
  // A stable order keeps concurrent trackers inserting the same rows in the same order.
  return [...seen.values()].sort((a, b) => (a.role + a.key < b.role + b.key ? -1 : 1));
}

/**
 * Direction from the organization's point of view: sent by one of its users to outsiders is
 * outgoing, among users only is internal, anything else incoming.
 */
async function directionOf(
  q: Queryable,
  ctx: AccessContext,
  parties: Party[],
): Promise<ActivitySummary['direction']> {
  const sender = parties.find((p) => p.role === 'from' || p.role === 'organizer');
  if (!sender?.normalized) return null;
  const addresses = [...new Set(parties.flatMap((p) => (p.normalized ? [p.normalized] : [])))];
  const { rows } = await q.query<{ email_normalized: string }>(
    'SELECT email_normalized FROM users WHERE organization_id = $1 AND email_normalized = ANY($2::text[])',
    [ctx.organizationId, addresses],
  );
  const internal = new Set(rows.map((r) => r.email_normalized));
  if (!internal.has(sender.normalized)) return 'incoming';
  return parties.every((p) => p.normalized && internal.has(p.normalized)) ? 'internal' : 'outgoing';
}

async function activityByKey(
  q: Queryable,
  ctx: AccessContext,
  kind: TrackedKind,
  key: string,
  lock: boolean,
) {
  const { rows } = await q.query<ActivityRow & { readable: boolean }>(
    ...args(sql`SELECT ${activityColumns}, ${accessPredicate(ctx, 'activity', 'a')} AS readable
      FROM activities a WHERE a.organization_id = ${ctx.organizationId} AND a.kind = ${kind} AND a.key = ${key}
      ${lock ? sql`FOR UPDATE` : sql``}`),
  );
  return rows[0] ?? null;
}

async function trackingRow(q: Queryable, activityId: string, userId: string): Promise<TrackingRow | null> {
  const { rows } = await q.query<TrackingRow>(
    'SELECT tracked_at, untracked_at, source FROM activity_tracking WHERE activity_id = $1 AND user_id = $2',
    [activityId, userId],
  );
  return rows[0] ?? null;
}

function statusOf(
  kind: TrackedKind,
  key: string,
  activity: { id: string } | null,
  regarding: CompactCard | null,
  tracking: TrackingRow | null,
): TrackingStatus {
  const active = tracking && !tracking.untracked_at ? tracking : null;
  return {
    kind,
    key,
    tracked: active !== null,
    activityId: activity?.id ?? null,
    regarding,
    trackedAt: active ? new Date(active.tracked_at).toISOString() : null,
    source: active?.source ?? null,
  };
}

async function responseFor(
  q: Queryable,
  ctx: AccessContext,
  kind: TrackedKind,
  key: string,
  created: boolean,
): Promise<TrackResponse> {
  const row = await activityByKey(q, ctx, kind, key, false);
  if (!row) throw new AppError('not_found', 'The activity does not exist.');
  const [activity] = await activitySummaries(q, ctx, [row]);
  const tracking = await trackingRow(q, row.id, ctx.userId);
  return { activity: activity!, status: statusOf(kind, key, row, activity!.regarding, tracking), created };
}

/**
 * Tracks an item for the actor, in ONE transaction: create-or-join the one activity of
 * (organization, kind, key) via the unique constraint, add its parties (resolved as `resolve`
 * resolves them for this actor), set regarding when asked, upsert the actor's tracking row and
 * write the audit log. A `regarding` of null or absent leaves an existing regarding as it is.
 */
export async function trackItem(
  db: Database,
  ctx: AccessContext,
  kind: TrackedKind,
  rawKey: string,
  req: TrackRequest,
  source: TrackingSource,
  bodyText: string | null,
): Promise<TrackResponse> {
  const key = normalizeKey(rawKey);
  const item = req.item;
  const parties = partiesOf(req);
  const resolved = await resolveAddresses(
    db,
    ctx,
    parties.map((p) => p.normalized ?? p.address),
  );
  const direction = await directionOf(db, ctx, parties);
  const regarding = req.regarding ?? null;
  if (regarding) await checkRegardingTarget(db, ctx, regarding);
  const sentAt = item.sentAt ?? null;
  const start = item.start ?? null;
  const end = item.end ?? null;
  if (start && end && Date.parse(end) < Date.parse(start)) {
    throw new AppError('validation_failed', 'The item ends before it starts.');
  }

  return db.transaction(async (tx) => {
    let created = false;
    if (can(ctx, 'activity', 'create')) {
      const ins = await tx.query<{ id: string }>(
        `INSERT INTO activities (organization_id, kind, key, subject, body, sent_at, start_at, end_at, location,
           conversation_id, in_reply_to, references_ids, direction, owner_user_id, owning_business_unit_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text[], $13, $14, $15)
         ON CONFLICT (organization_id, kind, key) DO NOTHING
         RETURNING id`,
        [
          ctx.organizationId,
          kind,
          key,
          item.subject,
          bodyText,
          sentAt,
          start,
          end,
          item.location ?? null,
          item.conversationId ?? null,
          item.inReplyTo ?? null,
          item.references ?? [],
          direction,
          ctx.userId,
          ctx.businessUnitId,
        ],
      );
      created = ins.rows.length > 0;
    }
    // Joiners of one activity queue on its row lock: short, serialized, no deadlocks.
    const { rows: lockedRows } = await tx.query<{
      id: string;
      regarding_type: string | null;
      regarding_id: string | null;
    }>(
      `SELECT id, regarding_type, regarding_id FROM activities
       WHERE organization_id = $1 AND kind = $2 AND key = $3 FOR UPDATE`,
      [ctx.organizationId, kind, key],
    );
    const locked = lockedRows[0];
    if (!locked) throw new AppError('forbidden', 'You may not create activities.');
    const activityId = locked.id;
    if (!created) {
      // Fill what the first tracker did not have (e.g. a body); never overwrite.
      await tx.query(
        `UPDATE activities SET body = coalesce(body, $2), conversation_id = coalesce(conversation_id, $3),
           in_reply_to = coalesce(in_reply_to, $4), sent_at = coalesce(sent_at, $5), start_at = coalesce(start_at, $6),
           end_at = coalesce(end_at, $7), location = coalesce(location, $8), direction = coalesce(direction, $9)
         WHERE id = $1`,
        [
          activityId,
          bodyText,
          item.conversationId ?? null,
          item.inReplyTo ?? null,
          sentAt,
          start,
          end,
          item.location ?? null,
          direction,
        ],
      );
    }

    if (parties.length > 0) {
      const refs = parties.map((_, i) => (resolved[i] ? bestMatch(resolved[i]!) : null));
      await tx.query(
        `INSERT INTO activity_parties (activity_id, role, address, address_normalized, address_key, name, resolved_type, resolved_id)
         SELECT $1, p.role, p.address, p.normalized, p.key, p.name, p.rtype, p.rid
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::uuid[])
           AS p(role, address, normalized, key, name, rtype, rid)
         ON CONFLICT (activity_id, role, address_key) DO UPDATE SET
           name = coalesce(activity_parties.name, excluded.name),
           resolved_type = CASE WHEN activity_parties.resolved_id IS NULL THEN excluded.resolved_type ELSE activity_parties.resolved_type END,
           resolved_id = coalesce(activity_parties.resolved_id, excluded.resolved_id)`,
        [
          activityId,
          parties.map((p) => p.role),
          parties.map((p) => p.address),
          parties.map((p) => p.normalized),
          parties.map((p) => p.key),
          parties.map((p) => p.name),
          refs.map((r) => r?.type ?? null),
          refs.map((r) => r?.id ?? null),
        ],
      );
    }

    const before = await trackingRow(tx, activityId, ctx.userId);
    await tx.query(
      `INSERT INTO activity_tracking (activity_id, user_id, source, mailbox_item_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (activity_id, user_id) DO UPDATE SET
         source = CASE WHEN activity_tracking.untracked_at IS NULL THEN activity_tracking.source ELSE excluded.source END,
         tracked_at = CASE WHEN activity_tracking.untracked_at IS NULL THEN activity_tracking.tracked_at ELSE now() END,
         untracked_at = NULL,
         mailbox_item_id = coalesce(excluded.mailbox_item_id, activity_tracking.mailbox_item_id)`,
      [activityId, ctx.userId, source, item.mailboxItemId ?? null],
    );
    const newlyTracked = !before || before.untracked_at !== null;

    const current =
      locked.regarding_type && locked.regarding_id
        ? { type: locked.regarding_type, id: locked.regarding_id }
        : null;
    const changesRegarding = regarding && (current?.type !== regarding.type || current?.id !== regarding.id);
    if (changesRegarding) {
      // The actor's tracking row (above) makes them a co-owner; beyond that, the role decides.
      await checkActivityAppend(tx, ctx, activityId);
      await tx.query(
        'UPDATE activities SET regarding_type = $2, regarding_id = $3, modified_at = now() WHERE id = $1',
        [activityId, regarding.type, regarding.id],
      );
      await touchRecent(tx, ctx.userId, regarding);
    }
    if (newlyTracked) {
      await writeAudit(
        tx,
        ctx,
        'track',
        { type: 'activity', id: activityId },
        {
          kind,
          key,
          source,
          created,
          regarding: changesRegarding ? regarding : undefined,
        },
      );
    }
    if (changesRegarding && !created) {
      await writeAudit(
        tx,
        ctx,
        'change_regarding',
        { type: 'activity', id: activityId },
        { from: current, to: regarding },
      );
    }
    return responseFor(tx, ctx, kind, key, created);
  });
}

export async function changeRegarding(
  db: Database,
  ctx: AccessContext,
  kind: TrackedKind,
  rawKey: string,
  regarding: RegardingRef | null,
): Promise<TrackResponse> {
  const key = normalizeKey(rawKey);
  if (regarding) await checkRegardingTarget(db, ctx, regarding);
  return db.transaction(async (tx) => {
    const row = await activityByKey(tx, ctx, kind, key, true);
    if (!row || !row.readable)
      throw new AppError('not_found', 'This item is not tracked, or you may not read its activity.');
    const current =
      row.regarding_type && row.regarding_id ? { type: row.regarding_type, id: row.regarding_id } : null;
    if (current?.type !== regarding?.type || current?.id !== regarding?.id) {
      await checkActivityAppend(tx, ctx, row.id);
      await tx.query(
        'UPDATE activities SET regarding_type = $2, regarding_id = $3, modified_at = now() WHERE id = $1',
        [row.id, regarding?.type ?? null, regarding?.id ?? null],
      );
      if (regarding) await touchRecent(tx, ctx.userId, regarding);
      await writeAudit(
        tx,
        ctx,
        'change_regarding',
        { type: 'activity', id: row.id },
        { from: current, to: regarding },
      );
    }
    return responseFor(tx, ctx, kind, key, false);
  });
}

/** Untracks for the actor only; the activity and others' tracking stay (as in Dynamics). */
export async function untrackItem(db: Database, ctx: AccessContext, kind: TrackedKind, rawKey: string) {
  const key = normalizeKey(rawKey);
  return db.transaction(async (tx) => {
    const row = await activityByKey(tx, ctx, kind, key, true);
    if (!row || !row.readable)
      throw new AppError('not_found', 'This item is not tracked, or you may not read its activity.');
    const before = await trackingRow(tx, row.id, ctx.userId);
    if (before && !before.untracked_at) {
      await tx.query(
        'UPDATE activity_tracking SET untracked_at = now() WHERE activity_id = $1 AND user_id = $2',
        [row.id, ctx.userId],
      );
      await writeAudit(tx, ctx, 'untrack', { type: 'activity', id: row.id }, { kind, key });
    }
    // Still readable after untracking? (Not when tracking was the actor's only way in.)
    const after = await activityByKey(tx, ctx, kind, key, false);
    const visible = after?.readable ? after : null;
    const regardingRef =
      visible?.regarding_type && visible.regarding_id
        ? { type: visible.regarding_type, id: visible.regarding_id }
        : null;
    const regardingCard = regardingRef ? await readableCard(tx, ctx, regardingRef) : null;
    return { status: statusOf(kind, key, visible, regardingCard, await trackingRow(tx, row.id, ctx.userId)) };
  });
}

type StatusRow = {
  kind: TrackedKind;
  key: string;
  id: string | null;
  readable: boolean | null;
  regarding_type: RegardingRef['type'] | null;
  regarding_id: string | null;
  tracked_at: Date | null;
  untracked_at: Date | null;
  source: TrackingSource | null;
};

/** Tracking status of many items in one statement (the pane's reconciliation). */
export async function trackingStatus(
  q: Queryable,
  ctx: AccessContext,
  items: StatusRequest['items'],
): Promise<TrackingStatus[]> {
  const keys = items.map((i) => i.key.trim());
  const { rows } = await q.query<StatusRow>(
    ...args(sql`SELECT k.ord, k.kind, k.key, a.id, ${accessPredicate(ctx, 'activity', 'a')} AS readable,
        a.regarding_type, a.regarding_id, t.tracked_at, t.untracked_at, t.source
      FROM unnest(${items.map((i) => i.kind)}::text[], ${keys}::text[]) WITH ORDINALITY AS k(kind, key, ord)
      LEFT JOIN activities a ON a.organization_id = ${ctx.organizationId} AND a.kind = k.kind AND a.key = k.key
      LEFT JOIN activity_tracking t ON t.activity_id = a.id AND t.user_id = ${ctx.userId}
      ORDER BY k.ord`),
  );
  const visible = rows.map((r) => (r.id && r.readable ? r : null));
  const refs = visible.flatMap((r) =>
    r?.regarding_type && r.regarding_id ? [{ type: r.regarding_type, id: r.regarding_id }] : [],
  );
  const cards = await cardsByRefs(q, ctx, refs);
  return rows.map((r, i) => {
    const v = visible[i];
    const regarding =
      v?.regarding_type && v.regarding_id
        ? (cards.get(refKey({ type: v.regarding_type, id: v.regarding_id })) ?? null)
        : null;
    const tracking =
      v && r.tracked_at && r.source
        ? { tracked_at: r.tracked_at, untracked_at: r.untracked_at, source: r.source }
        : null;
    return statusOf(items[i]!.kind, items[i]!.key, v ? { id: v.id! } : null, regarding, tracking);
  });
}
