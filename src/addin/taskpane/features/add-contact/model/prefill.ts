import { domainOf, normalizeAddress } from '#contract/address';

export type NewPersonKind = 'contact' | 'lead';

export type NewPersonDraft = {
  kind: NewPersonKind;
  firstName: string;
  lastName: string;
  email: string;
  jobTitle: string;
  companyName: string;
  phone: string;
};

const capitalize = (s: string) => (s ? s[0]!.toLocaleUpperCase() + s.slice(1) : s);

/**
 * A first guess from what the item says: "Elena Vasquez" <elena.vasquez@tailspin.example> becomes
 * Elena / Vasquez at "Tailspin". Names written "Last, First" are turned around; without a display
 * name the local part of the address is split at dots, dashes and underscores.
 */
export function prefill(address: string, displayName: string | null): NewPersonDraft {
  const normalized = normalizeAddress(address);
  let first = '';
  let last = '';
  const name = displayName?.trim() ?? '';
  const looksLikeAddress = name.includes('@');
  if (name && !looksLikeAddress) {
    if (name.includes(',')) {
      const [l, f] = name.split(',', 2).map((s) => s.trim());
      last = l ?? '';
      first = f ?? '';
    } else {
      const parts = name.split(/\s+/);
      last = parts.pop() ?? '';
      first = parts.join(' ');
    }
  } else if (normalized) {
    const local = normalized.slice(0, normalized.lastIndexOf('@'));
    const parts = local
      .split(/[._-]+/)
      .filter(Boolean)
      .map(capitalize);
    last = parts.pop() ?? '';
    first = parts.join(' ');
  }
  const companyName = normalized ? capitalize(domainOf(normalized).split('.')[0] ?? '') : '';
  return {
    kind: 'contact',
    firstName: first,
    lastName: last,
    email: normalized ?? address.trim(),
    jobTitle: '',
    companyName,
    phone: '',
  };
}
