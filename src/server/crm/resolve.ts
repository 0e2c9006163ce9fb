import {
  normalizeAddress,
  type RecordRef,
  type RecordType,
  type ResolveChoiceRequest,
  type ResolveResult,
} from '#contract';
import { AppError } from '../errors';
import type { Queryable } from '../db/types';
import { cardSelect, readableCard, toCard, type CardRow } from './cards';
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

/**
 * Remembers which record an address means for the actor (`record`), or forgets the choice (null).
 * The record must carry the address; an unreadable one is `not_found`, as if it did not exist.
 */
export async function setResolveChoice(
  q: Queryable,
  ctx: AccessContext,
  req: ResolveChoiceRequest,
): Promise<{ address: string; choice: RecordRef | null }> {
  const address = normalizeAddress(req.address);
  if (!address) throw new AppError('validation_failed', 'The address is not a valid email address.');
  if (!req.record) {
    await q.query('DELETE FROM resolve_choices WHERE user_id = $1 AND address = $2', [ctx.userId, address]);
    return { address, choice: null };
  }
  const ref: RecordRef = req.record;
  const [result] = await resolveAddresses(q, ctx, [address]);
  if (!result?.matches.some((m) => m.type === ref.type && m.id === ref.id)) {
    if (!(await readableCard(q, ctx, ref))) {
      throw new AppError('not_found', `No ${ref.type} with this id exists or you may not read it.`);
    }
    throw new AppError('validation_failed', `This ${ref.type} does not carry the address ${address}.`);
  }
  await q.query(
    `INSERT INTO resolve_choices (user_id, address, record_type, record_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id, address) DO UPDATE SET record_type = excluded.record_type,
       record_id = excluded.record_id, updated_at = now()`,
    [ctx.userId, address, ref.type, ref.id],
  );
  return { address, choice: ref };
}
