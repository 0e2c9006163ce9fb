import {
  normalizeAddress,
  type ActivitySummary,
  type CompactCard,
  type RecordRef,
  type RegardingRef,
  type StatusRequest,
  type TrackedKind,
  type TrackingSource,
  type TrackingStatus,
  type TrackRequest,
  type TrackResponse,
} from '#contract';
import { AppError } from '../errors';
import type { Database, Queryable } from '../db/types';
import { activityColumns, activitySummaries, type ActivityRow } from './activities';
import { writeAudit } from './audit';
import { cardSelect, cardsByRefs, readableCard, refKey, toCard, type CardRow } from './cards';
import { touchRecent } from './recent';
import { bestMatch, resolveAddresses } from './resolve';
import { accessPredicate, can, type AccessContext } from './security';
import { args, sql, type Sql } from './sql';

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
  // Read and append-to in one statement: the card of a readable target, and the privilege.
  const { rows } = await q.query<CardRow & { can_append_to: boolean }>(
    ...args(
      cardSelect(
        ctx,
        ref.type,
        sql`x.id = ${ref.id}::uuid`,
        sql`, ${accessPredicate(ctx, ref.type, 'x', 'append_to')} AS can_append_to`,
      ),
    ),
  );
  const row = rows[0];
  if (!row) throw new AppError('not_found', `No ${ref.type} with this id exists or you may not read it.`);
  if (!row.can_append_to) {
    throw new AppError('forbidden', `You may not link activities to this ${ref.type}.`);
  }
  return toCard(row);
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
 * The record each party means for the actor, as `resolve` answers (choice, else first match):
 * one statement for the addresses not already in `known`. Unparseable addresses match nothing.
 */
async function partyMatches(
  q: Queryable,
  ctx: AccessContext,
  parties: Party[],
  known: Map<string, RecordRef | null> = new Map(),
): Promise<(RecordRef | null)[]> {
  const missing = [
    ...new Set(parties.flatMap((p) => (p.normalized && !known.has(p.normalized) ? [p.normalized] : []))),
  ];
  if (missing.length > 0) {
    const results = await resolveAddresses(q, ctx, missing);
    for (const r of results) if (r.normalized) known.set(r.normalized, bestMatch(r));
  }
  return parties.map((p) => (p.normalized ? (known.get(p.normalized) ?? null) : null));
}

/** What decides an activity's direction, computed in SQL by the tracking statement. */
function directionInputs(parties: Party[]) {
  const sender = parties.find((p) => p.role === 'from' || p.role === 'organizer');
  return {
    sender: sender?.normalized ?? null,
    addresses: [...new Set(parties.flatMap((p) => (p.normalized ? [p.normalized] : [])))],
    allNormalized: parties.every((p) => p.normalized !== null),
  };
}

type TrackedRow = ActivityRow & {
  created: boolean;
  /** The actor's tracking row as this statement left it: written now, or already active. */
  tracked_at: Date | null;
  source: TrackingSource | null;
  newly_tracked: boolean;
};

/**
 * THE write of a track, as ONE statement (so it is atomic without a transaction of its own, and
 * one round trip): create-or-join the activity of (organization, kind, key) through its unique
 * constraint, add the parties, upsert the actor's tracking row and audit a new tracking.
 *
 * - `ON CONFLICT DO UPDATE` (not DO NOTHING) so the row comes back even when a concurrent tracker
 *   inserted it after this statement's snapshot; `xmax = 0` tells the inserter apart. The update
 *   only fills what the first tracker did not have (e.g. a body), never overwrites.
 * - The tracking upsert only touches an active row when it brings a new mailbox item id, and
 *   returns a row exactly when it wrote one: inserted (xmax = 0) or re-tracked (tracked_at set to
 *   this transaction's now()). So "newly tracked", and its audit row, need no earlier read.
 * - Direction: from the organization's point of view, sent by one of its users to outsiders is
 *   outgoing, among users only internal, anything else incoming.
 * Without the create privilege the actor may only join an existing activity (an UPDATE); no row
 * back means there was none to join, and nothing was written.
 */
function trackStatement(
  ctx: AccessContext,
  kind: TrackedKind,
  key: string,
  req: TrackRequest,
  parties: Party[],
  refs: (RecordRef | null)[],
  source: TrackingSource,
  bodyText: string | null,
  regarding: RegardingRef | null,
): [string, unknown[]] {
  const item = req.item;
  const org = ctx.organizationId;
  const partiesInsert = parties.length === 0 ? sql`` : sql`, parties AS (${partiesUpsert(parties, refs)})`;
  return args(sql`WITH dir AS (${directionSelect(org, parties)}),
    act AS (${activityUpsert(ctx, kind, key, item, bodyText)})
    ${partiesInsert},
    trk AS (
      INSERT INTO activity_tracking AS t (activity_id, user_id, source, mailbox_item_id)
      SELECT act.id, ${ctx.userId}::uuid, ${source}::text, ${item.mailboxItemId ?? null}::text FROM act
      ON CONFLICT (activity_id, user_id) DO UPDATE SET
        source = CASE WHEN t.untracked_at IS NULL THEN t.source ELSE excluded.source END,
        tracked_at = CASE WHEN t.untracked_at IS NULL THEN t.tracked_at ELSE now() END,
        untracked_at = NULL,
        mailbox_item_id = coalesce(excluded.mailbox_item_id, t.mailbox_item_id)
      WHERE t.untracked_at IS NOT NULL
         OR (excluded.mailbox_item_id IS NOT NULL AND excluded.mailbox_item_id IS DISTINCT FROM t.mailbox_item_id)
      RETURNING t.tracked_at, t.source, (t.xmax = 0 OR t.tracked_at = now()) AS newly_tracked),
    audit AS (
      INSERT INTO audit_log (organization_id, actor_user_id, action, target_type, target_id, details)
      SELECT ${org}::uuid, ${ctx.userId}::uuid, 'track', 'activity', act.id, ${trackAuditDetails(kind, key, source, regarding)}
      FROM act, trk WHERE trk.newly_tracked)
    SELECT act.id, act.kind, act.subject, act.occurred_at, act.direction, act.regarding_type, act.regarding_id,
      act.created, coalesce(trk.tracked_at, cur.tracked_at) AS tracked_at, coalesce(trk.source, cur.source) AS source,
      coalesce(trk.newly_tracked, false) AS newly_tracked
    FROM act LEFT JOIN trk ON true
    LEFT JOIN activity_tracking cur ON cur.activity_id = act.id AND cur.user_id = ${ctx.userId} AND cur.untracked_at IS NULL`);
}

/** The activity's direction from the organization's point of view (see trackStatement). */
function directionSelect(org: string, parties: Party[]): Sql {
  const d = directionInputs(parties);
  return sql`SELECT CASE
        WHEN ${d.sender}::text IS NULL THEN NULL
        WHEN NOT EXISTS (SELECT 1 FROM users u WHERE u.organization_id = ${org} AND u.email_normalized = ${d.sender}::text)
          THEN 'incoming'
        WHEN ${d.allNormalized}::boolean AND (SELECT count(*) FROM users u WHERE u.organization_id = ${org}
               AND u.email_normalized = ANY(${d.addresses}::text[])) = cardinality(${d.addresses}::text[])
          THEN 'internal'
        ELSE 'outgoing' END AS direction`;
}

/** Create-or-join the activity (join only, without the create privilege); uses the `dir` CTE. */
function activityUpsert(
  ctx: AccessContext,
  kind: TrackedKind,
  key: string,
  item: TrackRequest['item'],
  bodyText: string | null,
): Sql {
  const org = ctx.organizationId;
  const fills = sql`body = coalesce(a.body, ${bodyText}::text),
      conversation_id = coalesce(a.conversation_id, ${item.conversationId ?? null}::text),
      in_reply_to = coalesce(a.in_reply_to, ${item.inReplyTo ?? null}::text),
      sent_at = coalesce(a.sent_at, ${item.sentAt ?? null}::timestamptz),
      start_at = coalesce(a.start_at, ${item.start ?? null}::timestamptz),
      end_at = coalesce(a.end_at, ${item.end ?? null}::timestamptz),
      location = coalesce(a.location, ${item.location ?? null}::text),
      direction = coalesce(a.direction, (SELECT direction FROM dir))`;
  const returning = sql`RETURNING a.id, a.kind, a.subject, coalesce(a.sent_at, a.start_at, a.created_at) AS occurred_at,
      a.direction, a.regarding_type, a.regarding_id`;
  if (!can(ctx, 'activity', 'create')) {
    return sql`UPDATE activities a SET ${fills}
        WHERE a.organization_id = ${org} AND a.kind = ${kind} AND a.key = ${key}
        ${returning}, false AS created`;
  }
  return sql`INSERT INTO activities AS a (organization_id, kind, key, subject, body, sent_at, start_at, end_at, location,
          conversation_id, in_reply_to, references_ids, direction, owner_user_id, owning_business_unit_id)
        SELECT ${org}::uuid, ${kind}::text, ${key}::text, ${item.subject}::text, ${bodyText}::text,
          ${item.sentAt ?? null}::timestamptz, ${item.start ?? null}::timestamptz, ${item.end ?? null}::timestamptz,
          ${item.location ?? null}::text, ${item.conversationId ?? null}::text, ${item.inReplyTo ?? null}::text,
          ${item.references ?? []}::text[], dir.direction, ${ctx.userId}::uuid, ${ctx.businessUnitId}::uuid
        FROM dir
        ON CONFLICT (organization_id, kind, key) DO UPDATE SET ${fills}
        ${returning}, (a.xmax = 0) AS created`;
}

/** The parties of the activity, each with the record it resolved to; keeps what is there. */
function partiesUpsert(parties: Party[], refs: (RecordRef | null)[]): Sql {
  return sql`INSERT INTO activity_parties (activity_id, role, address, address_normalized, address_key, name, resolved_type, resolved_id)
        SELECT act.id, p.role, p.address, p.normalized, p.key, p.name, p.rtype, p.rid
        FROM act, unnest(${parties.map((p) => p.role)}::text[], ${parties.map((p) => p.address)}::text[],
                         ${parties.map((p) => p.normalized)}::text[], ${parties.map((p) => p.key)}::text[],
                         ${parties.map((p) => p.name)}::text[], ${refs.map((r) => r?.type ?? null)}::text[],
                         ${refs.map((r) => r?.id ?? null)}::uuid[])
          AS p(role, address, normalized, key, name, rtype, rid)
        ON CONFLICT (activity_id, role, address_key) DO UPDATE SET
          name = coalesce(activity_parties.name, excluded.name),
          resolved_type = CASE WHEN activity_parties.resolved_id IS NULL THEN excluded.resolved_type ELSE activity_parties.resolved_type END,
          resolved_id = coalesce(activity_parties.resolved_id, excluded.resolved_id)`;
}

/** The audit details of a new tracking; a regarding only when this track changes it (`act` CTE). */
function trackAuditDetails(
  kind: TrackedKind,
  key: string,
  source: TrackingSource,
  regarding: RegardingRef | null,
): Sql {
  const changesRegarding = regarding
    ? sql`(act.regarding_type IS DISTINCT FROM ${regarding.type}::text OR act.regarding_id IS DISTINCT FROM ${regarding.id}::uuid)`
    : sql`false`;
  return sql`jsonb_build_object('kind', ${kind}::text, 'key', ${key}::text, 'source', ${source}::text,
      'created', act.created)
    || CASE WHEN ${changesRegarding}
       THEN jsonb_build_object('regarding', jsonb_build_object('type', ${regarding?.type ?? null}::text, 'id', ${regarding?.id ?? null}::uuid))
       ELSE '{}'::jsonb END`;
}

/**
 * Sets regarding after the track statement, in its transaction: the append check on the activity
 * (the tracking row just written makes the actor a co-owner), the update, the actor's recent
 * records and the audit, as one statement. False when the append check fails (nothing written).
 */
async function setRegardingAfterTrack(
  tx: Queryable,
  ctx: AccessContext,
  activityId: string,
  from: RegardingRef | null,
  to: RegardingRef,
  created: boolean,
): Promise<boolean> {
  const { rows } = await tx.query<{ n: number }>(
    ...args(sql`WITH upd AS (
        UPDATE activities a SET regarding_type = ${to.type}::text, regarding_id = ${to.id}::uuid, modified_at = now()
        WHERE a.id = ${activityId} AND ${accessPredicate(ctx, 'activity', 'a', 'append')}
        RETURNING a.id),
      recent AS (
        INSERT INTO recent_records (user_id, record_type, record_id)
        SELECT ${ctx.userId}::uuid, ${to.type}::text, ${to.id}::uuid FROM upd
        ON CONFLICT (user_id, record_type, record_id) DO UPDATE SET used_at = now()),
      audit AS (
        INSERT INTO audit_log (organization_id, actor_user_id, action, target_type, target_id, details)
        SELECT ${ctx.organizationId}::uuid, ${ctx.userId}::uuid, 'change_regarding', 'activity', upd.id,
          ${JSON.stringify({ from, to })}::jsonb
        FROM upd WHERE NOT ${created}::boolean)
      SELECT count(*)::int AS n FROM upd`),
  );
  return (rows[0]?.n ?? 0) > 0;
}

/**
 * Tracks an item for the actor: create-or-join the one activity of (organization, kind, key) via
 * the unique constraint, add its parties (resolved as `resolve` resolves them for this actor), set
 * regarding when asked, upsert the actor's tracking row and write the audit log. A `regarding` of
 * null or absent leaves an existing regarding as it is.
 *
 * Round trips: resolving the parties, then the one track statement (plus the regarding card when
 * the activity has one). With a `regarding`, the target is checked first (one statement) and the
 * track statement and the regarding change run in one transaction, so a refused change leaves
 * nothing written.
 */
export async function trackItem(
  db: Database,
  ctx: AccessContext,
  kind: TrackedKind,
  rawKey: string,
  req: TrackRequest,
  source: TrackingSource,
  bodyText: string | null,
  /** Best matches already resolved for this actor (a bound context); filled with new ones. */
  known?: Map<string, RecordRef | null>,
): Promise<TrackResponse> {
  const key = normalizeKey(rawKey);
  const item = req.item;
  if (item.start && item.end && Date.parse(item.end) < Date.parse(item.start)) {
    throw new AppError('validation_failed', 'The item ends before it starts.');
  }
  const parties = partiesOf(req);
  const regarding = req.regarding ?? null;
  const [refs, target] = await Promise.all([
    partyMatches(db, ctx, parties, known),
    regarding ? checkRegardingTarget(db, ctx, regarding) : Promise.resolve(null),
  ]);
  const statement = trackStatement(ctx, kind, key, req, parties, refs, source, bodyText, regarding);

  const write = async (q: Queryable): Promise<{ row: TrackedRow; regarding: CompactCard | null }> => {
    const row = (await q.query<TrackedRow>(...statement)).rows[0];
    if (!row) throw new AppError('forbidden', 'You may not create activities.');
    const current =
      row.regarding_type && row.regarding_id ? { type: row.regarding_type, id: row.regarding_id } : null;
    if (regarding && (current?.type !== regarding.type || current?.id !== regarding.id)) {
      if (!(await setRegardingAfterTrack(q, ctx, row.id, current, regarding, row.created)))
        throw new AppError('forbidden', 'You may not change what this activity is regarding.');
      return {
        row: { ...row, regarding_type: regarding.type, regarding_id: regarding.id },
        regarding: target,
      };
    }
    if (regarding) return { row, regarding: target };
    return {
      row,
      regarding: current ? ((await cardsByRefs(q, ctx, [current])).get(refKey(current)) ?? null) : null,
    };
  };
  const { row, regarding: card } = regarding ? await db.transaction(write) : await write(db);
  // A concurrent tracker of the same user committed the tracking row after the statement's
  // snapshot: read it now.
  const tracking: TrackingRow | null =
    row.tracked_at && row.source
      ? { tracked_at: row.tracked_at, untracked_at: null, source: row.source }
      : await trackingRow(db, row.id, ctx.userId);
  const activity: ActivitySummary = {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    occurredAt: new Date(row.occurred_at).toISOString(),
    direction: row.direction,
    regarding: card,
  };
  return { activity, status: statusOf(kind, key, row, card, tracking), created: row.created };
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
