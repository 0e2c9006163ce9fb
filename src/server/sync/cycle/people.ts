import { RESOLVE_ADDRESSES_MAX, normalizeAddress } from '#contract';
import type { Candidate } from './candidate';
import type { CycleContext } from './context';

/**
 * The counterparts of the email candidates that are CRM contacts, leads or accounts the owner can
 * read; only the `from_crm_records` policy needs them.
 */
export async function resolveCrmAddresses(ctx: CycleContext, candidates: Candidate[]): Promise<Set<string>> {
  const set = new Set<string>();
  if (ctx.settings.autoTrack !== 'from_crm_records') return set;
  const addresses = [...new Set(candidates.filter((c) => c.kind === 'email').flatMap((c) => c.counterparts))];
  for (let i = 0; i < addresses.length; i += RESOLVE_ADDRESSES_MAX) {
    const { results } = await ctx.crm.resolve(ctx.actor, addresses.slice(i, i + RESOLVE_ADDRESSES_MAX));
    for (const r of results) {
      const n = r.normalized ?? normalizeAddress(r.address);
      if (n && r.matches.some((m) => m.type === 'contact' || m.type === 'lead' || m.type === 'account'))
        set.add(n);
    }
  }
  return set;
}

/**
 * Resolves the people of the items about to be tracked, a resolve's worth of addresses per statement, through the
 * cycle's bound actor, which remembers the matches: each track then resolves nothing itself (one
 * statement per item instead of two).
 */
export async function resolveParties(ctx: CycleContext, candidates: Candidate[]): Promise<void> {
  const addresses = [
    ...new Set(
      candidates.flatMap((c) =>
        c.request.item.people.flatMap((p) => {
          const n = normalizeAddress(p.address);
          return n ? [n] : [];
        }),
      ),
    ),
  ];
  for (let i = 0; i < addresses.length; i += RESOLVE_ADDRESSES_MAX)
    await ctx.crm.resolve(ctx.actor, addresses.slice(i, i + RESOLVE_ADDRESSES_MAX));
}
