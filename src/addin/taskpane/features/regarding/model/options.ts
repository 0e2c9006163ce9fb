import type { CompactCard, FullCard } from '#contract';
import { isRegardingType } from '#contract/record-types';
import type { RegardingTarget } from '#addin/tracking/types';
import type { Person } from '#addin/taskpane/features/people/model/people';

/** A record the user may set as regarding, as the picker lists it. */
export type RegardingOption = RegardingTarget & { subtitle: string | null };

export function optionKey(o: { type: string; id: string }): string {
  return `${o.type}:${o.id}`;
}

/** The compact cards a user may pick (users/colleagues are never regarding). */
export function toOptions(cards: CompactCard[]): RegardingOption[] {
  const out: RegardingOption[] = [];
  for (const c of cards) {
    if (isRegardingType(c.type))
      out.push({ type: c.type, id: c.id, name: c.name, subtitle: c.subtitle ?? c.account?.name ?? null });
  }
  return out;
}

/**
 * Suggestions from the people on the item: each matched person's open opportunities and cases
 * first (the likeliest regarding), then their accounts, then the people themselves.
 */
export function suggestionsFrom(people: Person[], cards: FullCard[]): RegardingOption[] {
  const seen = new Set<string>();
  const out: RegardingOption[] = [];
  const add = (o: RegardingOption) => {
    const key = optionKey(o);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(o);
  };
  for (const c of cards) for (const o of toOptions([...c.openOpportunities, ...c.openCases])) add(o);
  for (const c of cards) {
    const account =
      c.account ?? (c.parentAccount ? { id: c.parentAccount.id, name: c.parentAccount.name } : null);
    if (account) add({ type: 'account', id: account.id, name: account.name, subtitle: null });
  }
  for (const p of people) if (p.record) for (const o of toOptions([p.record])) add(o);
  return out;
}
