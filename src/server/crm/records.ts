import {
  normalizeAddress,
  type ActivitySummary,
  type CompactCard,
  type CreateContactRequest,
  type CreateLeadRequest,
  type FieldValue,
  type FullCard,
  type RecordRef,
  type RecordType,
  type RegardingType,
  type SearchQuery,
} from '#contract';
import { AppError } from '../errors';
import type { Database, Queryable } from '../db/types';
import { cardSelect, cardsByRefs, hasAccess, readableCard, refKey, toCard, type CardRow } from './cards';
import { accessPredicate, can, fieldVisible, isSecuredField, tableOf, type AccessContext } from './security';
import { compile, join, likePrefix, raw, sql, type Sql } from './sql';

type FieldDef = { key: string; label: string; column: string };

/** The fields of each record type's full card, in display order. */
const fieldDefs: Record<RecordType, FieldDef[]> = {
  contact: [
    { key: 'firstName', label: 'First name', column: 'first_name' },
    { key: 'lastName', label: 'Last name', column: 'last_name' },
    { key: 'email', label: 'Email', column: 'email' },
    { key: 'jobTitle', label: 'Job title', column: 'job_title' },
    { key: 'phone', label: 'Business phone', column: 'phone' },
    { key: 'mobilePhone', label: 'Mobile phone', column: 'mobile_phone' },
  ],
  lead: [
    { key: 'firstName', label: 'First name', column: 'first_name' },
    { key: 'lastName', label: 'Last name', column: 'last_name' },
    { key: 'email', label: 'Email', column: 'email' },
    { key: 'companyName', label: 'Company', column: 'company_name' },
    { key: 'jobTitle', label: 'Job title', column: 'job_title' },
    { key: 'phone', label: 'Business phone', column: 'phone' },
    { key: 'status', label: 'Status', column: 'status' },
  ],
  account: [
    { key: 'name', label: 'Account name', column: 'name' },
    { key: 'email', label: 'Email', column: 'email' },
    { key: 'domain', label: 'Domain', column: 'domain' },
    { key: 'phone', label: 'Main phone', column: 'phone' },
    { key: 'city', label: 'City', column: 'city' },
    { key: 'industry', label: 'Industry', column: 'industry' },
  ],
  opportunity: [
    { key: 'name', label: 'Topic', column: 'name' },
    { key: 'status', label: 'Status', column: 'status' },
    { key: 'stage', label: 'Sales stage', column: 'stage' },
    { key: 'estimatedValue', label: 'Estimated revenue', column: 'estimated_value' },
    { key: 'estimatedCloseDate', label: 'Estimated close date', column: 'estimated_close_date' },
  ],
  case: [
    { key: 'title', label: 'Case title', column: 'title' },
    { key: 'ticketNumber', label: 'Case number', column: 'ticket_number' },
    { key: 'status', label: 'Status', column: 'status' },
    { key: 'priority', label: 'Priority', column: 'priority' },
  ],
  user: [
    { key: 'name', label: 'Full name', column: 'name' },
    { key: 'email', label: 'Email', column: 'email' },
    { key: 'jobTitle', label: 'Job title', column: 'job_title' },
  ],
};

/** The column holding a record's parent account. */
const parentAccountColumn: Partial<Record<RecordType, string>> = {
  contact: 'account_id',
  account: 'parent_account_id',
  opportunity: 'account_id',
  case: 'account_id',
};

/** Columns of the related records a full card lists. */
const relationColumns: Partial<Record<RecordType, { account: string | null; contact: string | null }>> = {
  contact: { account: 'account_id', contact: 'id' },
  account: { account: 'id', contact: null },
};

export function webUrlOf(base: string, ref: RecordRef): string {
  return `${base.replace(/\/$/, '')}/records/${ref.type}/${ref.id}`;
}

function fieldText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

/** The full card of a readable record; `not_found` when it does not exist or is not readable. */
export async function fullCard(
  q: Queryable,
  ctx: AccessContext,
  ref: RecordRef,
  crmWebUrl: string,
): Promise<FullCard> {
  const card = await readableCard(q, ctx, ref);
  if (!card) throw new AppError('not_found', `No ${ref.type} with this id exists or you may not read it.`);
  const defs = fieldDefs[ref.type];
  const selected = join(
    defs.map((d) =>
      raw(d.column === 'estimated_value' ? `x.${d.column}::text AS ${d.column}` : `x.${d.column}`),
    ),
    ', ',
  );
  const parentColumn = raw(
    parentAccountColumn[ref.type] ? `x.${parentAccountColumn[ref.type]}` : 'NULL::uuid',
  );
  const extra = await q.query<Record<string, unknown>>(
    ...args(
      sql`SELECT ${selected}, ${parentColumn} AS parent_id FROM ${raw(tableOf[ref.type])} x WHERE x.id = ${ref.id}`,
    ),
  );
  const row = extra.rows[0] ?? {};
  const fields: FieldValue[] = defs.map((d) => {
    const secured = isSecuredField(ref.type, d.column) && !fieldVisible(ctx, ref.type, d.column);
    return { key: d.key, label: d.label, value: secured ? null : fieldText(row[d.column]), secured };
  });
  const parentId = row.parent_id as string | null | undefined;
  const parentAccount = parentId ? await readableCard(q, ctx, { type: 'account', id: parentId }) : null;

  let openOpportunities: CompactCard[] = [];
  let openCases: CompactCard[] = [];
  const rel = relationColumns[ref.type];
  if (rel) {
    const accountId = ref.type === 'account' ? ref.id : (parentId ?? null);
    const related = (extraWhere: ReturnType<typeof sql>) => {
      const conditions = [];
      if (accountId) conditions.push(sql`x.account_id = ${accountId}`);
      if (rel.contact) conditions.push(sql`x.contact_id = ${ref.id}`);
      return sql`(${join(conditions, ' OR ')}) AND ${extraWhere}`;
    };
    const [opps, cases] = await Promise.all([
      q.query<CardRow>(
        ...args(
          sql`${cardSelect(ctx, 'opportunity', related(sql`x.status = 'open'`))} ORDER BY name LIMIT 20`,
        ),
      ),
      q.query<CardRow>(
        ...args(sql`${cardSelect(ctx, 'case', related(sql`x.status = 'active'`))} ORDER BY name LIMIT 20`),
      ),
    ]);
    openOpportunities = opps.rows.map(toCard);
    openCases = cases.rows.map(toCard);
  }
  const recentActivities = await activitiesAbout(q, ctx, ref, 10);
  return {
    ...card,
    fields,
    parentAccount,
    openOpportunities,
    openCases,
    recentActivities,
    webUrl: webUrlOf(crmWebUrl, ref),
  };
}

/** Compiles a fragment into query arguments. */
export function args(fragment: ReturnType<typeof sql>): [string, unknown[]] {
  const { text, params } = compile(fragment);
  return [text, params];
}

type ActivityRow = {
  id: string;
  kind: 'email' | 'appointment';
  subject: string;
  occurred_at: Date;
  direction: 'incoming' | 'outgoing' | 'internal' | null;
  regarding_type: RegardingType | null;
  regarding_id: string | null;
};

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

export const activityColumns = raw(
  'a.id, a.kind, a.subject, coalesce(a.sent_at, a.start_at, a.created_at) AS occurred_at, a.direction, a.regarding_type, a.regarding_id',
);

/** The latest readable activities regarding the record or with it as a party. */
async function activitiesAbout(q: Queryable, ctx: AccessContext, ref: RecordRef, limit: number) {
  const { rows } = await q.query<ActivityRow>(
    ...args(sql`SELECT ${activityColumns} FROM activities a
      WHERE ${accessPredicate(ctx, 'activity', 'a')}
        AND ((a.regarding_type = ${ref.type} AND a.regarding_id = ${ref.id})
             OR a.id IN (SELECT p.activity_id FROM activity_parties p WHERE p.resolved_type = ${ref.type} AND p.resolved_id = ${ref.id}))
      ORDER BY occurred_at DESC, a.id LIMIT ${limit}`),
  );
  return activitySummaries(q, ctx, rows);
}

const searchTypePriority: Record<RegardingType, number> = {
  contact: 0,
  account: 1,
  lead: 2,
  opportunity: 3,
  case: 4,
};

/**
 * Type-ahead over readable records: names (full and last), emails and company names by prefix.
 * Each column is one scan of its btree `text_pattern_ops` index in index order (`USING ~<~`), so
 * a short prefix stops after `limit` readable rows instead of sorting every match. Ranking: exact
 * name, then name prefix, then a prefix of another column; open records before closed ones.
 */
export async function searchRecords(
  q: Queryable,
  ctx: AccessContext,
  query: SearchQuery,
): Promise<CompactCard[]> {
  const term = query.q.trim().toLowerCase();
  const limit = Math.min(Math.max(query.limit ?? 10, 1), 50);
  if (!term) return [];
  const p = likePrefix(term);
  // The prefix as an explicit index range (what the planner derives from a constant LIKE pattern),
  // so the statement's generic plan scans the index too; LIKE stays as the exact condition.
  const upper = `${term}\u{10FFFF}`;
  const parts = query.types.map((type) => {
    const { name, others } = searchColumns(type);
    const table = raw(tableOf[type]);
    const scan = (column: string, rank: Sql) =>
      sql`(SELECT s.id, ${rank} AS rank FROM ${table} s
           WHERE ${accessPredicate(ctx, type, 's')} AND ${raw(column)} ~>=~ ${term}::text
             AND ${raw(column)} ~<~ ${upper}::text AND ${raw(column)} LIKE ${p}
           ORDER BY ${raw(column)} USING ~<~ LIMIT ${limit})`;
    const scans = [
      scan(name, sql`CASE WHEN ${raw(name)} = ${term} THEN 0 ELSE 1 END`),
      ...others.map((c) => scan(c, raw('2'))),
    ];
    const hits = sql`JOIN (SELECT id, min(rank) AS rank FROM (${join(scans, ' UNION ALL ')}) u GROUP BY id) h
      ON h.id = x.id`;
    return sql`(${cardSelect(ctx, type, raw('TRUE'), raw(', h.rank'), hits)})`;
  });
  const { rows } = await q.query<CardRow & { rank: number }>(...args(join(parts, ' UNION ALL ')));
  rows.sort(
    (a, b) =>
      a.rank - b.rank ||
      Number(b.open) - Number(a.open) ||
      searchTypePriority[a.type as RegardingType] - searchTypePriority[b.type as RegardingType] ||
      a.name.localeCompare(b.name),
  );
  return rows.slice(0, limit).map(toCard);
}

/** Searched columns per type, as `s.`-qualified expressions matching the prefix indexes. */
function searchColumns(type: RegardingType): { name: string; others: string[] } {
  switch (type) {
    case 'contact':
      return { name: 'lower(s.full_name)', others: ['lower(s.last_name)', 's.email_normalized'] };
    case 'lead':
      return {
        name: 'lower(s.full_name)',
        others: ['lower(s.last_name)', 's.email_normalized', 'lower(s.company_name)'],
      };
    case 'account':
      return { name: 'lower(s.name)', others: ['s.email_normalized'] };
    case 'opportunity':
      return { name: 'lower(s.name)', others: [] };
    case 'case':
      return { name: 'lower(s.title)', others: [] };
  }
}

/** Marks a record as recently used by the actor (card open, set regarding, create). */
export async function touchRecent(q: Queryable, userId: string, ref: RecordRef): Promise<void> {
  await q.query(
    `INSERT INTO recent_records (user_id, record_type, record_id) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, record_type, record_id) DO UPDATE SET used_at = now()`,
    [userId, ref.type, ref.id],
  );
}

export async function listRecent(q: Queryable, ctx: AccessContext): Promise<CompactCard[]> {
  const { rows } = await q.query<{ record_type: RecordType; record_id: string }>(
    'SELECT record_type, record_id FROM recent_records WHERE user_id = $1 ORDER BY used_at DESC LIMIT 50',
    [ctx.userId],
  );
  const refs = rows.map((r) => ({ type: r.record_type, id: r.record_id }));
  const cards = await cardsByRefs(q, ctx, refs);
  return refs.flatMap((r) => cards.get(refKey(r)) ?? []).slice(0, 20);
}

export async function listPins(q: Queryable, ctx: AccessContext): Promise<CompactCard[]> {
  const { rows } = await q.query<{ record_type: RecordType; record_id: string }>(
    'SELECT record_type, record_id FROM pins WHERE user_id = $1 ORDER BY created_at, record_id',
    [ctx.userId],
  );
  const refs = rows.map((r) => ({ type: r.record_type, id: r.record_id }));
  const cards = await cardsByRefs(q, ctx, refs);
  return refs.flatMap((r) => cards.get(refKey(r)) ?? []);
}

/** Pinned records per user are capped so the pane's list stays a list. */
export const MAX_PINS = 50;

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

// ---- create contact / lead ---------------------------------------------------------------------

function fullNameOf(first: string | undefined, last: string): string {
  return first && first.trim() ? `${first.trim()} ${last.trim()}` : last.trim();
}

/**
 * Duplicate candidates of a new person: contacts and leads with the same normalized email, or the
 * same full name at the same company. Only readable ones: an unreadable duplicate is not revealed
 * (not even its existence), so creation proceeds as if it did not exist.
 */
export async function duplicateCandidates(
  q: Queryable,
  ctx: AccessContext,
  person: { email: string; fullName: string; companyName: string | null; accountId: string | null },
): Promise<CompactCard[]> {
  const name = person.fullName.toLowerCase();
  const company = person.companyName?.trim().toLowerCase() || null;
  const contactWhere = sql`(x.email_normalized = ${person.email}
      OR (lower(x.full_name) = ${name} AND (x.account_id = ${person.accountId}::uuid
          OR x.account_id IN (SELECT ac.id FROM accounts ac WHERE lower(ac.name) = ${company}::text
                              AND ac.organization_id = ${ctx.organizationId}))))`;
  const leadWhere = sql`(x.email_normalized = ${person.email}
      OR (lower(x.full_name) = ${name} AND lower(x.company_name) = ${company}::text))`;
  const { rows } = await q.query<CardRow>(
    ...args(
      sql`(${cardSelect(ctx, 'contact', sql`x.organization_id = ${ctx.organizationId} AND ${contactWhere}`)} LIMIT 10)
          UNION ALL (${cardSelect(ctx, 'lead', sql`x.organization_id = ${ctx.organizationId} AND ${leadWhere}`)} LIMIT 10)`,
    ),
  );
  return rows.map(toCard);
}

function requireEmail(input: string): string {
  const email = normalizeAddress(input);
  if (!email) {
    throw new AppError('validation_failed', 'The email address is not valid.', {
      issues: [{ path: ['email'], message: 'not a valid email address' }],
    });
  }
  return email;
}

async function audit(
  q: Queryable,
  ctx: AccessContext,
  action: string,
  target: { type: string; id: string | null },
  details: Record<string, unknown>,
): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (organization_id, actor_user_id, action, target_type, target_id, details)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [ctx.organizationId, ctx.userId, action, target.type, target.id, JSON.stringify(details)],
  );
}
export { audit as writeAudit };

export async function createContact(
  db: Database,
  ctx: AccessContext,
  req: CreateContactRequest,
): Promise<RecordRef> {
  if (!can(ctx, 'contact', 'create')) throw new AppError('forbidden', 'You may not create contacts.');
  const email = requireEmail(req.email);
  let accountId: string | null = req.accountId ?? null;
  if (accountId) {
    const ref = { type: 'account' as const, id: accountId };
    if (!(await readableCard(db, ctx, ref)))
      throw new AppError('not_found', 'The account does not exist or you may not read it.');
    if (!(await hasAccess(db, ctx, ref, 'append_to'))) {
      throw new AppError('forbidden', 'You may not add contacts to this account.');
    }
  } else if (req.companyName?.trim()) {
    // Link to the one readable account of that exact name the actor may append to, if any.
    const { rows } = await db.query<{ id: string }>(
      ...args(sql`SELECT x.id FROM accounts x WHERE lower(x.name) = ${req.companyName.trim().toLowerCase()}
        AND ${accessPredicate(ctx, 'account', 'x', 'append_to')} LIMIT 2`),
    );
    if (rows.length === 1) accountId = rows[0]!.id;
  }
  const fullName = fullNameOf(req.firstName, req.lastName);
  if (!req.force) {
    const candidates = await duplicateCandidates(db, ctx, {
      email,
      fullName,
      companyName: req.companyName ?? null,
      accountId,
    });
    if (candidates.length > 0) {
      throw new AppError(
        'duplicate_candidates',
        'Possible duplicates exist; create anyway with force: true.',
        {
          candidates,
        },
      );
    }
  }
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO contacts (organization_id, first_name, last_name, email, email_normalized, job_title, phone,
         account_id, owner_user_id, owning_business_unit_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        ctx.organizationId,
        req.firstName?.trim() || null,
        req.lastName.trim(),
        req.email.trim(),
        email,
        req.jobTitle?.trim() || null,
        req.phone?.trim() || null,
        accountId,
        ctx.userId,
        ctx.businessUnitId,
      ],
    );
    const ref = { type: 'contact' as const, id: rows[0]!.id };
    await touchRecent(tx, ctx.userId, ref);
    await audit(tx, ctx, 'create', ref, { email, forced: req.force === true });
    return ref;
  });
}

export async function createLead(
  db: Database,
  ctx: AccessContext,
  req: CreateLeadRequest,
): Promise<RecordRef> {
  if (!can(ctx, 'lead', 'create')) throw new AppError('forbidden', 'You may not create leads.');
  const email = requireEmail(req.email);
  const fullName = fullNameOf(req.firstName, req.lastName);
  if (!req.force) {
    const candidates = await duplicateCandidates(db, ctx, {
      email,
      fullName,
      companyName: req.companyName ?? null,
      accountId: null,
    });
    if (candidates.length > 0) {
      throw new AppError(
        'duplicate_candidates',
        'Possible duplicates exist; create anyway with force: true.',
        {
          candidates,
        },
      );
    }
  }
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO leads (organization_id, first_name, last_name, email, email_normalized, company_name, job_title,
         phone, owner_user_id, owning_business_unit_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        ctx.organizationId,
        req.firstName?.trim() || null,
        req.lastName.trim(),
        req.email.trim(),
        email,
        req.companyName?.trim() || null,
        req.jobTitle?.trim() || null,
        req.phone?.trim() || null,
        ctx.userId,
        ctx.businessUnitId,
      ],
    );
    const ref = { type: 'lead' as const, id: rows[0]!.id };
    await touchRecent(tx, ctx.userId, ref);
    await audit(tx, ctx, 'create', ref, { email, forced: req.force === true });
    return ref;
  });
}
