import { normalizeAddress } from '#contract/address';
import type { CompactCard, ItemPerson, PartyRole, RecordRef, ResolveResult } from '#contract';

export type MatchState = 'matched' | 'ambiguous' | 'unknown';

/** One distinct address on the item, with everything the pane knows about it. */
export type Person = {
  /** The address as the item carries it (sent to resolve as is). */
  address: string;
  /** `null` when the address is not a valid email address. */
  normalized: string | null;
  /** The display name on the item, when it has one. */
  displayName: string | null;
  roles: PartyRole[];
  state: MatchState;
  /** The record this address means: the only match, or the remembered choice. */
  record: CompactCard | null;
  /** Every readable match, in the server's priority order. */
  matches: CompactCard[];
};

/**
 * The distinct addresses of the item, without the user's own, in item order (sender first). The
 * same person listed twice (e.g. To and Cc) appears once with both roles.
 */
export function distinctPeople(
  people: ItemPerson[],
  userAddress: string,
): Omit<Person, 'state' | 'record' | 'matches'>[] {
  const own = normalizeAddress(userAddress);
  const byKey = new Map<string, Omit<Person, 'state' | 'record' | 'matches'>>();
  for (const p of people) {
    const normalized = normalizeAddress(p.address);
    if (normalized !== null && normalized === own) continue;
    const key = normalized ?? p.address.trim().toLowerCase();
    const existing = byKey.get(key);
    if (existing) {
      if (!existing.roles.includes(p.role)) existing.roles.push(p.role);
      if (!existing.displayName && p.name) existing.displayName = p.name;
      continue;
    }
    byKey.set(key, { address: p.address, normalized, displayName: p.name?.trim() || null, roles: [p.role] });
  }
  return [...byKey.values()];
}

function sameRecord(a: RecordRef, b: RecordRef): boolean {
  return a.type === b.type && a.id === b.id;
}

/** Combines the item's people with the resolve results (matched by the address sent). */
export function matchPeople(people: ReturnType<typeof distinctPeople>, results: ResolveResult[]): Person[] {
  const byAddress = new Map(results.map((r) => [r.address, r]));
  return people.map((p) => {
    const result = byAddress.get(p.address);
    const matches = result?.matches ?? [];
    const chosen = result?.choice ? matches.find((m) => sameRecord(m, result.choice!)) : undefined;
    if (chosen) return { ...p, state: 'matched', record: chosen, matches };
    if (matches.length === 1) return { ...p, state: 'matched', record: matches[0]!, matches };
    if (matches.length > 1) return { ...p, state: 'ambiguous', record: null, matches };
    return { ...p, state: 'unknown', record: null, matches };
  });
}

/** The user's pick for an ambiguous address, applied locally. */
export function applyChoice(people: Person[], address: string, record: CompactCard): Person[] {
  return people.map((p) => (p.address === address ? { ...p, state: 'matched', record } : p));
}

/** A record just created for an unknown address. */
export function applyCreated(people: Person[], address: string, record: CompactCard): Person[] {
  return people.map((p) =>
    p.address === address ? { ...p, state: 'matched', record, matches: [record, ...p.matches] } : p,
  );
}

/** The name to show for a person: the record's, else the item's display name, else the address. */
export function personName(p: Person): string {
  return p.record?.name ?? p.displayName ?? p.address;
}

export function groupPeople(people: Person[]): Record<MatchState, Person[]> {
  return {
    matched: people.filter((p) => p.state === 'matched'),
    ambiguous: people.filter((p) => p.state === 'ambiguous'),
    unknown: people.filter((p) => p.state === 'unknown'),
  };
}
