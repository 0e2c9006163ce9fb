/**
 * Address normalization shared by the add-in, the server and the emulator, so that every part
 * agrees on when two addresses are the same person.
 *
 * Rules: trim; strip one pair of surrounding angle brackets and a `mailto:` prefix; Unicode NFC;
 * the local part lower-cased (CRMs treat addresses case-insensitively); the domain converted to
 * its ASCII (IDNA/punycode) form and lower-cased, so `bücher.example` and `xn--bcher-kva.example`
 * are the same domain.
 */
import { ADDRESS_MAX_CHARS } from './limits';

export type NormalizedAddress = string & { readonly __brand: 'NormalizedAddress' };

export function normalizeAddress(input: string): NormalizedAddress | null {
  let s = input.trim();
  if (s.toLowerCase().startsWith('mailto:')) s = s.slice(7);
  if (s.startsWith('<') && s.endsWith('>')) s = s.slice(1, -1).trim();
  if (s.length === 0 || s.length > ADDRESS_MAX_CHARS) return null;
  s = s.normalize('NFC');
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return null;
  const local = s.slice(0, at);
  const domain = toAsciiDomain(s.slice(at + 1));
  if (domain === null || !isValidLocalPart(local)) return null;
  return `${local.toLowerCase()}@${domain}` as NormalizedAddress;
}

/** The domain part of a normalized address. */
export function domainOf(address: NormalizedAddress): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

function isValidLocalPart(local: string): boolean {
  if (local.length > 64) return false;
  if (local.startsWith('"') && local.endsWith('"') && local.length >= 2) {
    // Quoted local part: any printable character except an unescaped quote or backslash.
    return !/[\u0000-\u001f\u007f]/.test(local);
  }
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  // Atoms of RFC 5322 plus any non-ASCII letter (RFC 6531).
  return /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]+$/u.test(local);
}

function toAsciiDomain(domain: string): string | null {
  const d = domain.replace(/\.$/, '');
  if (d.length === 0 || d.length > 253 || /[\s/\\?#@:[\]<>"]/.test(d)) return null;
  let ascii: string;
  try {
    // URL applies UTS #46 (IDNA) in both Node and browsers: the one portable punycode encoder.
    ascii = new URL(`http://${d}/`).hostname;
  } catch {
    return null;
  }
  const labels = ascii.split('.');
  if (labels.length < 2) return null;
  const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
  return labels.every((l) => label.test(l)) ? ascii : null;
}
