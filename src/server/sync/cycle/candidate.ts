import {
  ADDRESS_MAX_CHARS,
  BODY_MAX_CHARS,
  CONVERSATION_ID_MAX_CHARS,
  LOCATION_MAX_CHARS,
  MAILBOX_ITEM_ID_MAX_CHARS,
  MESSAGE_ID_MAX_CHARS,
  PEOPLE_MAX,
  PERSON_NAME_MAX_CHARS,
  REFERENCES_MAX,
  SUBJECT_MAX_CHARS,
  cecpExtendedPropertyId,
  normalizeAddress,
  parseCecpValue,
  type ItemPerson,
  type TrackRequest,
  type TrackedKind,
  type TrackingMarker,
} from '#contract';
import type { GraphEmailAddress, GraphEvent, GraphHeader, GraphMessage } from '../graph/types';

export type Folder = 'inbox' | 'sentitems' | 'calendar';
export const FOLDERS: readonly Folder[] = ['inbox', 'sentitems', 'calendar'];

/** A mailbox item, fetched in full, reduced to what the decision rules and `crm.track` need. */
export type Candidate = {
  itemId: string;
  folder: Folder;
  kind: TrackedKind;
  /** Internet message id (email) or iCalUId (appointment); null when the item has none yet. */
  key: string | null;
  subject: string | null;
  categories: string[];
  marker: TrackingMarker | null;
  /** The whole `cecp-` value, so a write-back keeps the add-in's other custom properties. */
  cecpRaw: string | null;
  isDraft: boolean;
  autoReply: boolean;
  /** Normalized sender (email) or organizer (appointment). */
  from: string | null;
  /** Normalized addresses of everyone on the item except the mailbox owner. */
  counterparts: string[];
  conversationId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** When the item reached the mailbox (received, or sent for Sent Items). */
  receivedAt: string | null;
  request: TrackRequest;
};

function headerValue(headers: GraphHeader[] | null | undefined, name: string): string | null {
  const h = headers?.find((x) => x.name.toLowerCase() === name.toLowerCase());
  return h ? h.value : null;
}

/** Message ids in an In-Reply-To / References header: `<a@b> <c@d>`. */
export function messageIdsIn(value: string | null | undefined): string[] {
  if (!value) return [];
  const bracketed = value.match(/<[^<>\s]+>/g);
  if (bracketed) return bracketed;
  return value.split(/\s+/).filter(Boolean);
}

const autoReplySubject =
  /^(automatic reply|auto(matic)?[- ]?reply|out of (the )?office|autosvar|abwesenheitsnotiz)\b/i;

/**
 * Machine-generated mail that auto-tracking must skip: RFC 3834 Auto-Submitted, Exchange's
 * X-Auto-Response-Suppress and out-of-office replies, bulk precedence.
 */
export function isAutoReply(
  headers: GraphHeader[] | null | undefined,
  subject: string | null | undefined,
): boolean {
  const autoSubmitted = headerValue(headers, 'Auto-Submitted');
  if (autoSubmitted && autoSubmitted.trim().toLowerCase() !== 'no') return true;
  if (headerValue(headers, 'X-Auto-Response-Suppress') !== null) return true;
  if (headerValue(headers, 'X-Autoreply') !== null || headerValue(headers, 'X-Autorespond') !== null)
    return true;
  const precedence = headerValue(headers, 'Precedence')?.trim().toLowerCase();
  if (precedence === 'auto_reply' || precedence === 'bulk' || precedence === 'junk') return true;
  return !!subject && autoReplySubject.test(subject.trim());
}

function cecpOf(item: {
  singleValueExtendedProperties?: { id: string; value: string | null }[];
}): string | null {
  const id = cecpExtendedPropertyId().toLowerCase();
  const prop = item.singleValueExtendedProperties?.find((p) => p.id.toLowerCase() === id);
  return prop?.value ?? null;
}

function person(role: ItemPerson['role'], a: GraphEmailAddress | null | undefined): ItemPerson | null {
  const address = a?.emailAddress?.address?.trim();
  if (!address) return null;
  const name = a?.emailAddress?.name?.trim();
  return name
    ? { role, address: address.slice(0, ADDRESS_MAX_CHARS), name: name.slice(0, PERSON_NAME_MAX_CHARS) }
    : { role, address: address.slice(0, ADDRESS_MAX_CHARS) };
}

function iso(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  // Graph dateTimeTimeZone values in UTC come without an offset: "2026-01-05T10:00:00.0000000".
  const withZone = /([zZ]|[+-]\d\d:\d\d)$/.test(value) ? value : `${value}Z`;
  const t = Date.parse(withZone);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function body(b: GraphMessage['body']): TrackRequest['item']['body'] {
  if (!b || typeof b.content !== 'string') return undefined;
  return {
    contentType: b.contentType?.toLowerCase() === 'html' ? 'html' : 'text',
    content: b.content.slice(0, BODY_MAX_CHARS),
  };
}

function counterpartsOf(people: ItemPerson[], owner: string): string[] {
  const set = new Set<string>();
  for (const p of people) {
    const n = normalizeAddress(p.address);
    if (n && n !== owner) set.add(n);
  }
  return [...set];
}

export function messageCandidate(m: GraphMessage, folder: Folder, ownerAddress: string): Candidate {
  const owner = normalizeAddress(ownerAddress) ?? ownerAddress.toLowerCase();
  const people = [
    person('from', m.from ?? m.sender),
    ...(m.toRecipients ?? []).map((r) => person('to', r)),
    ...(m.ccRecipients ?? []).map((r) => person('cc', r)),
    ...(m.bccRecipients ?? []).map((r) => person('bcc', r)),
  ]
    .filter((p): p is ItemPerson => p !== null)
    .slice(0, PEOPLE_MAX);
  const headers = m.internetMessageHeaders;
  const inReplyTo = messageIdsIn(headerValue(headers, 'In-Reply-To'))[0] ?? null;
  const references = messageIdsIn(headerValue(headers, 'References'))
    .filter((r) => r.length <= MESSAGE_ID_MAX_CHARS)
    .slice(-REFERENCES_MAX);
  const cecpRaw = cecpOf(m);
  const receivedAt =
    iso(folder === 'sentitems' ? (m.sentDateTime ?? m.receivedDateTime) : m.receivedDateTime) ?? null;
  const fromAddress = people.find((p) => p.role === 'from')?.address;
  const request: TrackRequest = {
    item: {
      subject: (m.subject ?? '').slice(0, SUBJECT_MAX_CHARS),
      people,
      ...(body(m.body) ? { body: body(m.body) } : {}),
      ...(iso(m.sentDateTime ?? m.receivedDateTime ?? m.createdDateTime)
        ? { sentAt: iso(m.sentDateTime ?? m.receivedDateTime ?? m.createdDateTime) }
        : {}),
      ...(m.conversationId ? { conversationId: m.conversationId.slice(0, CONVERSATION_ID_MAX_CHARS) } : {}),
      ...(inReplyTo && inReplyTo.length <= MESSAGE_ID_MAX_CHARS ? { inReplyTo } : {}),
      ...(references.length ? { references } : {}),
      ...(m.id.length <= MAILBOX_ITEM_ID_MAX_CHARS ? { mailboxItemId: m.id } : {}),
    },
  };
  return {
    itemId: m.id,
    folder,
    kind: 'email',
    key: m.internetMessageId?.trim() || null,
    subject: m.subject ?? null,
    categories: m.categories ?? [],
    marker: parseCecpValue(cecpRaw),
    cecpRaw,
    isDraft: m.isDraft === true,
    autoReply: isAutoReply(headers, m.subject),
    from: fromAddress ? normalizeAddress(fromAddress) : null,
    counterparts: counterpartsOf(people, owner),
    conversationId: m.conversationId ?? null,
    inReplyTo,
    references,
    receivedAt,
    request,
  };
}

export function eventCandidate(e: GraphEvent, ownerAddress: string): Candidate {
  const owner = normalizeAddress(ownerAddress) ?? ownerAddress.toLowerCase();
  const people = [
    person('organizer', e.organizer),
    ...(e.attendees ?? []).map((a) => person(a.type === 'required' ? 'required' : 'optional', a)),
  ]
    .filter((p): p is ItemPerson => p !== null)
    .slice(0, PEOPLE_MAX);
  const cecpRaw = cecpOf(e);
  const start = iso(e.start?.dateTime);
  const end = iso(e.end?.dateTime);
  const location = e.location?.displayName?.trim();
  const organizer = people.find((p) => p.role === 'organizer')?.address;
  const request: TrackRequest = {
    item: {
      subject: (e.subject ?? '').slice(0, SUBJECT_MAX_CHARS),
      people,
      ...(body(e.body) ? { body: body(e.body) } : {}),
      ...(iso(e.createdDateTime) ? { sentAt: iso(e.createdDateTime) } : {}),
      ...(start ? { start } : {}),
      ...(end ? { end } : {}),
      ...(location ? { location: location.slice(0, LOCATION_MAX_CHARS) } : {}),
      ...(e.id.length <= MAILBOX_ITEM_ID_MAX_CHARS ? { mailboxItemId: e.id } : {}),
    },
  };
  return {
    itemId: e.id,
    folder: 'calendar',
    kind: 'appointment',
    key: e.iCalUId?.trim() || null,
    subject: e.subject ?? null,
    categories: e.categories ?? [],
    marker: parseCecpValue(cecpRaw),
    cecpRaw,
    isDraft: false,
    autoReply: false,
    from: organizer ? normalizeAddress(organizer) : null,
    counterparts: counterpartsOf(people, owner),
    conversationId: null,
    inReplyTo: null,
    references: [],
    receivedAt: iso(e.createdDateTime) ?? null,
    request,
  };
}
