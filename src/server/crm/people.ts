import {
  normalizeAddress,
  type CompactCard,
  type CreateContactRequest,
  type CreateLeadRequest,
  type RecordRef,
} from '#contract';
import { AppError } from '../errors';
import type { Database, Queryable } from '../db/types';
import { writeAudit } from './audit';
import { cardSelect, hasAccess, readableCard, toCard, type CardRow } from './cards';
import { touchRecent } from './recent';
import { accessPredicate, can, tableOf, type AccessContext } from './security';
import { args, join, raw, sql } from './sql';

/** People the pane can create from an unknown sender: contacts and leads. */
export type PersonType = 'contact' | 'lead';
export type PersonRequests = { contact: CreateContactRequest; lead: CreateLeadRequest };

/** What sets creating one type of person apart; the rest of the path is shared. */
type PersonDefinition<R> = {
  /** The account the new person belongs to, already checked; null when there is none. */
  account(q: Queryable, ctx: AccessContext, req: R): Promise<string | null>;
  /** The columns only this type has, by column name. */
  columns(req: R, accountId: string | null): Record<string, unknown>;
};

const definitions: { [T in PersonType]: PersonDefinition<PersonRequests[T]> } = {
  contact: {
    account: contactAccount,
    columns: (_req, accountId) => ({ account_id: accountId }),
  },
  lead: {
    account: async () => null,
    columns: (req) => ({ company_name: req.companyName?.trim() || null }),
  },
};

/**
 * Creates a contact or lead owned by the actor: the create privilege, a valid email, the account
 * (contacts), then a duplicate check unless `force`, then the insert with recent records and
 * audit in one transaction.
 */
export async function createPerson<T extends PersonType>(
  db: Database,
  ctx: AccessContext,
  type: T,
  req: PersonRequests[T],
): Promise<RecordRef> {
  const definition: PersonDefinition<PersonRequests[T]> = definitions[type];
  if (!can(ctx, type, 'create')) throw new AppError('forbidden', `You may not create ${type}s.`);
  const email = requireEmail(req.email);
  const accountId = await definition.account(db, ctx, req);
  if (!req.force) {
    const candidates = await duplicateCandidates(db, ctx, {
      email,
      fullName: fullNameOf(req.firstName, req.lastName),
      companyName: req.companyName ?? null,
      accountId,
    });
    if (candidates.length > 0) {
      const message = 'Possible duplicates exist; create anyway with force: true.';
      throw new AppError('duplicate_candidates', message, { candidates });
    }
  }
  const columns: Record<string, unknown> = {
    organization_id: ctx.organizationId,
    first_name: req.firstName?.trim() || null,
    last_name: req.lastName.trim(),
    email: req.email.trim(),
    email_normalized: email,
    job_title: req.jobTitle?.trim() || null,
    phone: req.phone?.trim() || null,
    ...definition.columns(req, accountId),
    owner_user_id: ctx.userId,
    owning_business_unit_id: ctx.businessUnitId,
  };
  const names = raw(Object.keys(columns).join(', '));
  const values = join(
    Object.values(columns).map((value) => sql`${value}`),
    ', ',
  );
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      ...args(sql`INSERT INTO ${raw(tableOf[type])} (${names}) VALUES (${values}) RETURNING id`),
    );
    const ref = { type, id: rows[0]!.id };
    await touchRecent(tx, ctx.userId, ref);
    await writeAudit(tx, ctx, 'create', ref, { email, forced: req.force === true });
    return ref;
  });
}

/**
 * A new contact's account: the given one, which must be readable and open to appending contacts,
 * or else the one readable account of the given company name the actor may append to, if any.
 */
async function contactAccount(
  q: Queryable,
  ctx: AccessContext,
  req: CreateContactRequest,
): Promise<string | null> {
  if (req.accountId) {
    const ref = { type: 'account' as const, id: req.accountId };
    if (!(await readableCard(q, ctx, ref)))
      throw new AppError('not_found', 'The account does not exist or you may not read it.');
    if (!(await hasAccess(q, ctx, ref, 'append_to'))) {
      throw new AppError('forbidden', 'You may not add contacts to this account.');
    }
    return req.accountId;
  }
  const company = req.companyName?.trim();
  if (!company) return null;
  const { rows } = await q.query<{ id: string }>(
    ...args(sql`SELECT x.id FROM accounts x WHERE lower(x.name) = ${company.toLowerCase()}
      AND ${accessPredicate(ctx, 'account', 'x', 'append_to')} LIMIT 2`),
  );
  return rows.length === 1 ? rows[0]!.id : null;
}

/**
 * Duplicate candidates of a new person: contacts and leads with the same normalized email, or the
 * same full name at the same company. Only readable ones: an unreadable duplicate is not revealed
 * (not even its existence), so creation proceeds as if it did not exist.
 */
async function duplicateCandidates(
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

function fullNameOf(first: string | undefined, last: string): string {
  return first && first.trim() ? `${first.trim()} ${last.trim()}` : last.trim();
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
