import { normalizeAddress, type RecordRef, type RecordType, type ResolveResult } from '#contract';
import type { Queryable } from '../db/types';
import { cardSelect, toCard, type CardRow } from './cards';
import type { AccessContext } from './security';
import { compile, join, sql } from './sql';

/** Priority of address matches: user > contact > account > lead (as in the contract). */
const typePriority: Partial<Record<RecordType, number>> = { user: 0, contact: 1, account: 2, lead: 3 };
const addressTypes = ['user', 'contact', 'account', 'lead'] as const;
/** An address shared by more records than this is not a person; the rest are not shown. */
const MAX_MATCHES_PER_ADDRESS = 20;

type HitRow = CardRow & { address: string; chosen: boolean };

/**
 * Resolves addresses to the readable records carrying them, in ONE statement: the address index
 * lookup, the security predicate per type, and the caller's remembered choices.
 */
export async function resolveAddresses(
  q: Queryable,
  ctx: AccessContext,
  addresses: readonly string[],
): Promise<ResolveResult[]> {
  const normalized = addresses.map((a) => normalizeAddress(a));
  const unique = [...new Set(normalized.filter((n): n is NonNullable<typeof n> => n !== null))];
  const byAddress = new Map<string, HitRow[]>();
  if (unique.length > 0) {
    // Each branch is driven by the index hits of its type: one indexed lookup, then primary keys.
    const cards = addressTypes.map((type) =>
      cardSelect(
        ctx,
        type,
        sql`TRUE`,
        sql`, h.address, EXISTS (SELECT 1 FROM resolve_choices rc WHERE rc.user_id = ${ctx.userId}
              AND rc.address = h.address AND rc.record_type = ${type} AND rc.record_id = x.id) AS chosen`,
        sql`JOIN hits h ON h.record_id = x.id AND h.record_type = ${type}`,
      ),
    );
    const { text, params } = compile(sql`
      WITH hits AS MATERIALIZED (
        SELECT address, record_type, record_id FROM address_index
        WHERE organization_id = ${ctx.organizationId} AND address = ANY(${unique}::text[])
      )
      ${join(cards, ' UNION ALL ')}`);
    const { rows } = await q.query<HitRow>(text, params);
    for (const row of rows) byAddress.set(row.address, [...(byAddress.get(row.address) ?? []), row]);
  }
  return addresses.map((address, i) => {
    const n = normalized[i] ?? null;
    const hits = (n && byAddress.get(n)) || [];
    hits.sort(
      (a, b) =>
        (typePriority[a.type] ?? 9) - (typePriority[b.type] ?? 9) ||
        Number(b.owned_by_me) - Number(a.owned_by_me) ||
        a.name.localeCompare(b.name) ||
        a.id.localeCompare(b.id),
    );
    const chosen = hits.find((h) => h.chosen);
    return {
      address,
      normalized: n,
      matches: hits.slice(0, MAX_MATCHES_PER_ADDRESS).map(toCard),
      choice: chosen ? { type: chosen.type, id: chosen.id } : null,
    };
  });
}

/** The record an address means for this actor: the remembered choice, else the first match. */
export function bestMatch(result: ResolveResult): RecordRef | null {
  if (result.choice) return result.choice;
  const first = result.matches[0];
  return first ? { type: first.type, id: first.id } : null;
}
