import type { CompactCard, RegardingType, SearchQuery } from '#contract';
import type { Queryable } from '../db/types';
import { cardSelect, toCard, type CardRow } from './cards';
import { accessPredicate, tableOf, type AccessContext } from './security';
import { args, join, likePrefix, raw, sql, type Sql } from './sql';

const searchTypePriority: Record<RegardingType, number> = {
  contact: 0,
  account: 1,
  lead: 2,
  opportunity: 3,
  case: 4,
};

/** Searched columns per type, as `s.`-qualified expressions matching the prefix indexes. */
const searchColumns: Record<RegardingType, { name: string; others: string[] }> = {
  contact: { name: 'lower(s.full_name)', others: ['lower(s.last_name)', 's.email_normalized'] },
  lead: {
    name: 'lower(s.full_name)',
    others: ['lower(s.last_name)', 's.email_normalized', 'lower(s.company_name)'],
  },
  account: { name: 'lower(s.name)', others: ['s.email_normalized'] },
  opportunity: { name: 'lower(s.name)', others: [] },
  case: { name: 'lower(s.title)', others: [] },
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
  const parts = query.types.map((type) => searchType(ctx, type, term, limit));
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

/** The ranked cards of one type whose searched columns start with `term`. */
function searchType(ctx: AccessContext, type: RegardingType, term: string, limit: number): Sql {
  const { name, others } = searchColumns[type];
  const table = raw(tableOf[type]);
  const pattern = likePrefix(term);
  // The prefix as an explicit index range (what the planner derives from a constant LIKE pattern),
  // so the statement's generic plan scans the index too; LIKE stays as the exact condition.
  const upper = `${term}\u{10FFFF}`;
  const scan = (column: string, rank: Sql) =>
    sql`(SELECT s.id, ${rank} AS rank FROM ${table} s
         WHERE ${accessPredicate(ctx, type, 's')} AND ${raw(column)} ~>=~ ${term}::text
           AND ${raw(column)} ~<~ ${upper}::text AND ${raw(column)} LIKE ${pattern}
         ORDER BY ${raw(column)} USING ~<~ LIMIT ${limit})`;
  const scans = [
    scan(name, sql`CASE WHEN ${raw(name)} = ${term} THEN 0 ELSE 1 END`),
    ...others.map((c) => scan(c, raw('2'))),
  ];
  const hits = sql`JOIN (SELECT id, min(rank) AS rank FROM (${join(scans, ' UNION ALL ')}) u GROUP BY id) h
    ON h.id = x.id`;
  return sql`(${cardSelect(ctx, type, raw('TRUE'), raw(', h.rank'), hits)})`;
}
