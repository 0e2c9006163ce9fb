import { domainOf, normalizeAddress } from './address';

/*
 * A user's never-log list: addresses and domains whose mail is never tracked automatically. An
 * entry is a full address (`boss@contoso.example`) or a domain, written `@example.com` or
 * `example.com`; a domain also covers its subdomains. Pure TypeScript, no zod.
 */

/**
 * The stored form of an entry: a normalized address, or `@` and the domain in its ASCII form.
 * `null` when the entry is neither a valid address nor a valid domain.
 */
export function normalizeNeverLogEntry(entry: string): string | null {
  const e = entry.trim();
  if (e.includes('@') && !e.startsWith('@')) return normalizeAddress(e);
  const probe = normalizeAddress(`x@${e.replace(/^@/, '')}`);
  return probe ? `@${domainOf(probe)}` : null;
}

/** The list, normalized once, as a test of addresses; entries that are not valid never match. */
export function neverLogMatcher(neverLog: readonly string[]): (address: string) => boolean {
  const addresses = new Set<string>();
  const domains: string[] = [];
  for (const entry of neverLog) {
    const e = normalizeNeverLogEntry(entry);
    if (e?.startsWith('@')) domains.push(e.slice(1));
    else if (e) addresses.add(e);
  }
  return (address) => {
    const a = normalizeAddress(address);
    if (!a) return false;
    const domain = domainOf(a);
    return addresses.has(a) || domains.some((d) => domain === d || domain.endsWith(`.${d}`));
  };
}

/** Whether an address is on the never-log list (the address itself, or its domain). */
export function isNeverLogged(address: string, neverLog: readonly string[]): boolean {
  return neverLogMatcher(neverLog)(address);
}
