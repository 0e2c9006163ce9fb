import type { CompactCard, FieldValue, FullCard, RecordRef, RecordType } from '#contract';
import { AppError } from '../errors';
import type { Queryable } from '../db/types';
import { activitiesAbout } from './activities';
import { cardSelect, readableCard, toCard, type CardRow } from './cards';
import { fieldVisible, isSecuredField, tableOf, type AccessContext } from './security';
import { args, join, raw, sql, type Sql } from './sql';

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

/** Types whose full card lists open opportunities and cases, and whether they link by contact. */
const relatedByContact: Partial<Record<RecordType, boolean>> = { contact: true, account: false };

const ACTIVITIES_SHOWN = 10;

function webUrlOf(base: string, ref: RecordRef): string {
  return `${base.replace(/\/$/, '')}/records/${ref.type}/${ref.id}`;
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
  const { fields, parentId } = await cardFields(q, ctx, ref);
  const parentAccount = parentId ? await readableCard(q, ctx, { type: 'account', id: parentId }) : null;
  const { openOpportunities, openCases } = await openRelated(q, ctx, ref, parentId);
  const recentActivities = await activitiesAbout(q, ctx, ref, ACTIVITIES_SHOWN);
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

/** The record's fields (secured ones masked without a field-security grant) and parent account. */
async function cardFields(
  q: Queryable,
  ctx: AccessContext,
  ref: RecordRef,
): Promise<{ fields: FieldValue[]; parentId: string | null }> {
  const defs = fieldDefs[ref.type];
  const selected = join(
    defs.map((d) =>
      raw(d.column === 'estimated_value' ? `x.${d.column}::text AS ${d.column}` : `x.${d.column}`),
    ),
    ', ',
  );
  const parent = parentAccountColumn[ref.type];
  const parentColumn = raw(parent ? `x.${parent}` : 'NULL::uuid');
  const { rows } = await q.query<Record<string, unknown>>(
    ...args(
      sql`SELECT ${selected}, ${parentColumn} AS parent_id FROM ${raw(tableOf[ref.type])} x WHERE x.id = ${ref.id}`,
    ),
  );
  const row = rows[0] ?? {};
  const fields = defs.map((d) => {
    const secured = isSecuredField(ref.type, d.column) && !fieldVisible(ctx, ref.type, d.column);
    return { key: d.key, label: d.label, value: secured ? null : fieldText(row[d.column]), secured };
  });
  return { fields, parentId: (row.parent_id as string | null | undefined) ?? null };
}

function fieldText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

/** Open opportunities and active cases of a contact (or its account) or of an account. */
async function openRelated(
  q: Queryable,
  ctx: AccessContext,
  ref: RecordRef,
  parentId: string | null,
): Promise<{ openOpportunities: CompactCard[]; openCases: CompactCard[] }> {
  const byContact = relatedByContact[ref.type];
  if (byContact === undefined) return { openOpportunities: [], openCases: [] };
  const accountId = ref.type === 'account' ? ref.id : parentId;
  const related = (open: Sql) => {
    const conditions = [];
    if (accountId) conditions.push(sql`x.account_id = ${accountId}`);
    if (byContact) conditions.push(sql`x.contact_id = ${ref.id}`);
    return sql`(${join(conditions, ' OR ')}) AND ${open}`;
  };
  const [opportunities, cases] = await Promise.all([
    q.query<CardRow>(
      ...args(sql`${cardSelect(ctx, 'opportunity', related(sql`x.status = 'open'`))} ORDER BY name LIMIT 20`),
    ),
    q.query<CardRow>(
      ...args(sql`${cardSelect(ctx, 'case', related(sql`x.status = 'active'`))} ORDER BY name LIMIT 20`),
    ),
  ]);
  return { openOpportunities: opportunities.rows.map(toCard), openCases: cases.rows.map(toCard) };
}
