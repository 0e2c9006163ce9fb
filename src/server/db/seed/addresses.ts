import { normalizeAddress } from '#contract';

/** The email domain of a generated company: its name without spaces, under `.example`. */
export function domainOf(companyName: string): string {
  return `${companyName.replace(/\s+/g, '').toLowerCase()}.example`;
}

/** The name and address columns of a contact or lead: first, last, email, normalized email. */
export function personColumns(first: string, last: string, email: string): unknown[] {
  return [first, last, email, normalizeAddress(email)];
}

/** Below this many people, addresses are checked for collisions; above, an index suffix keeps them apart. */
const CHECKED_ADDRESSES = 50_000;

/**
 * `first.last@domain` for generated people, shared by contacts and leads so no two of them get the
 * same address by accident (intentional duplicates are made on purpose elsewhere).
 */
export function createAddressAllocator() {
  const seen = new Set<string>();
  return (first: string, last: string, domain: string, i: number): string => {
    const base = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
    const candidate = `${base}@${domain}`;
    if (i < CHECKED_ADDRESSES && !seen.has(candidate)) {
      seen.add(candidate);
      return candidate;
    }
    return `${base}${i}@${domain}`;
  };
}

export type AddressAllocator = ReturnType<typeof createAddressAllocator>;
