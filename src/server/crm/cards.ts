import type { CompactCard, RecordRef, RecordType } from '#contract';
import type { Queryable } from '../db/types';
import { accessPredicate, tableOf, type AccessContext } from './security';
import { compile, join, raw, sql, type Sql } from './sql';

/** Uniform compact-card columns of every record type; `x` is the record's alias. */
export type CardRow = {
  type: RecordType;
  id: string;
  name: string;
  subtitle: string | null;
  email: string | null;
  account_id: string | null;
  account_name: string | null;
  owner_name: string | null;
  owned_by_me: boolean;
  open: boolean;
};

const ownerJoins = raw(
  'LEFT JOIN users ou ON ou.id = x.owner_user_id LEFT JOIN teams ot ON ot.id = x.owner_team_id',
);

/**
 * SELECT of compact cards of one type, restricted by the security predicate (and the related
 * account by its own predicate, so an unreadable account's name never shows), plus `where`.
 * `extra` adds columns (e.g. a search rank) that may reference `x`.
 */
export function cardSelect(
  ctx: AccessContext,
  type: RecordType,
  where: Sql,
  extra: Sql = raw(''),
  /** A join right after the record table, driving the lookup (e.g. from address hits). */
  driver: Sql = raw(''),
): Sql {
  const me = ctx.userId;
  const readable = accessPredicate(ctx, type, 'x');
  const accountJoin = (column: string) =>
    sql`LEFT JOIN accounts pa ON pa.id = x.${raw(column)} AND ${accessPredicate(ctx, 'account', 'pa')}`;
  switch (type) {
    case 'contact':
      return sql`SELECT 'contact' AS type, x.id, x.full_name AS name, x.job_title AS subtitle, x.email,
          pa.id AS account_id, pa.name AS account_name, coalesce(ou.name, ot.name) AS owner_name,
          coalesce(x.owner_user_id = ${me}, false) AS owned_by_me, true AS open ${extra}
        FROM contacts x ${driver} ${accountJoin('account_id')} ${ownerJoins}
        WHERE ${readable} AND ${where}`;
    case 'lead':
      return sql`SELECT 'lead' AS type, x.id, x.full_name AS name,
          nullif(concat_ws(', ', x.job_title, x.company_name), '') AS subtitle, x.email,
          NULL::uuid AS account_id, NULL::text AS account_name, coalesce(ou.name, ot.name) AS owner_name,
          coalesce(x.owner_user_id = ${me}, false) AS owned_by_me, x.status = 'open' AS open ${extra}
        FROM leads x ${driver} ${ownerJoins}
        WHERE ${readable} AND ${where}`;
    case 'account':
      return sql`SELECT 'account' AS type, x.id, x.name, nullif(concat_ws(', ', x.industry, x.city), '') AS subtitle,
          x.email, pa.id AS account_id, pa.name AS account_name, coalesce(ou.name, ot.name) AS owner_name,
          coalesce(x.owner_user_id = ${me}, false) AS owned_by_me, true AS open ${extra}
        FROM accounts x ${driver} ${accountJoin('parent_account_id')} ${ownerJoins}
        WHERE ${readable} AND ${where}`;
    case 'opportunity':
      return sql`SELECT 'opportunity' AS type, x.id, x.name, initcap(x.stage) AS subtitle, NULL::text AS email,
          pa.id AS account_id, pa.name AS account_name, coalesce(ou.name, ot.name) AS owner_name,
          coalesce(x.owner_user_id = ${me}, false) AS owned_by_me, x.status = 'open' AS open ${extra}
        FROM opportunities x ${driver} ${accountJoin('account_id')} ${ownerJoins}
        WHERE ${readable} AND ${where}`;
    case 'case':
      return sql`SELECT 'case' AS type, x.id, x.title AS name, x.ticket_number AS subtitle, NULL::text AS email,
          pa.id AS account_id, pa.name AS account_name, coalesce(ou.name, ot.name) AS owner_name,
          coalesce(x.owner_user_id = ${me}, false) AS owned_by_me, x.status = 'active' AS open ${extra}
        FROM cases x ${driver} ${accountJoin('account_id')} ${ownerJoins}
        WHERE ${readable} AND ${where}`;
    case 'user':
      return sql`SELECT 'user' AS type, x.id, x.name, x.job_title AS subtitle, x.email,
          NULL::uuid AS account_id, NULL::text AS account_name, NULL::text AS owner_name,
          x.id = ${me} AS owned_by_me, true AS open ${extra}
        FROM users x ${driver}
        WHERE ${readable} AND ${where}`;
  }
}

export function toCard(row: CardRow): CompactCard {
  return {
    type: row.type,
    id: row.id,
    name: row.name,
    subtitle: row.subtitle,
    email: row.email,
    account: row.account_id && row.account_name ? { id: row.account_id, name: row.account_name } : null,
    ownerName: row.owner_name,
    ownedByMe: row.owned_by_me,
    open: row.open,
  };
}

export const refKey = (ref: { type: string; id: string }): string => `${ref.type}:${ref.id}`;

/** Compact cards of the readable ones among `refs` (one statement), keyed by `type:id`. */
export async function cardsByRefs(
  q: Queryable,
  ctx: AccessContext,
  refs: readonly RecordRef[],
): Promise<Map<string, CompactCard>> {
  const byType = new Map<RecordType, string[]>();
  for (const r of refs) byType.set(r.type, [...(byType.get(r.type) ?? []), r.id]);
  const result = new Map<string, CompactCard>();
  if (byType.size === 0) return result;
  const parts = [...byType].map(([type, ids]) => cardSelect(ctx, type, sql`x.id = ANY(${ids}::uuid[])`));
  const { text, params } = compile(join(parts, ' UNION ALL '));
  const { rows } = await q.query<CardRow>(text, params);
  for (const row of rows) result.set(refKey(row), toCard(row));
  return result;
}

/** The card of one record if the actor may read it, else null (callers answer `not_found`). */
export async function readableCard(
  q: Queryable,
  ctx: AccessContext,
  ref: RecordRef,
): Promise<CompactCard | null> {
  return (await cardsByRefs(q, ctx, [ref])).get(refKey(ref)) ?? null;
}

/** Whether the actor may perform `action` on a record (write, append, append_to...). */
export async function hasAccess(
  q: Queryable,
  ctx: AccessContext,
  ref: RecordRef,
  action: 'write' | 'append' | 'append_to' | 'delete',
): Promise<boolean> {
  const table = tableOf[ref.type];
  const { text, params } = compile(
    sql`SELECT 1 FROM ${raw(table)} x WHERE x.id = ${ref.id} AND ${accessPredicate(ctx, ref.type, 'x', action)}`,
  );
  return (await q.query(text, params)).rows.length > 0;
}
