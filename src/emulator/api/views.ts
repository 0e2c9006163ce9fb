import { cecpExtendedPropertyId, parseCecpValue } from '#contract/marker';
import type { Attendee, EventItem, Mailbox, MailboxItem, MessageItem, Recipient } from '../mailbox/types';
import type { FullItem, ItemSummary, Person } from './types';

/** How the internal API shows a mailbox's items: Office-like people, ISO UTC times. */

export function itemSummary(item: MailboxItem): ItemSummary {
  const base = {
    id: item.id,
    kind: item.kind,
    subject: item.subject,
    categories: [...item.categories],
    marker: parseCecpValue(customProperties(item)),
  };
  if (item.kind === 'message')
    return { ...base, from: person(item.from), receivedAt: item.receivedDateTime, isRead: item.isRead };
  return {
    ...base,
    from: person(item.organizer),
    receivedAt: item.createdDateTime,
    start: utc(item.start.dateTime),
    end: utc(item.end.dateTime),
    isRead: true,
  };
}

export function fullItem(mailbox: Mailbox, item: MailboxItem): FullItem {
  const common = {
    id: item.id,
    kind: item.kind,
    folder: mailbox.folders.get(item.folderId)?.wellKnownName ?? 'inbox',
    subject: item.subject,
    body: { ...item.body },
    createdAt: item.createdDateTime,
    lastModifiedAt: item.lastModifiedDateTime,
    categories: [...item.categories],
    customProperties: customProperties(item),
  };
  return item.kind === 'message'
    ? { ...common, ...messageFields(item) }
    : { ...common, ...eventFields(item) };
}

function messageFields(message: MessageItem) {
  return {
    from: person(message.from),
    toRecipients: message.toRecipients.map(personOf),
    ccRecipients: message.ccRecipients.map(personOf),
    internetMessageId: message.internetMessageId,
    conversationId: message.conversationId,
    internetMessageHeaders: message.internetMessageHeaders.map((h) => ({ ...h })),
    receivedAt: message.receivedDateTime,
    sentAt: message.sentDateTime,
    isRead: message.isRead,
    isDraft: message.isDraft,
  };
}

function eventFields(event: EventItem) {
  const organizer = personOf(event.organizer);
  return {
    from: organizer,
    toRecipients: event.attendees.filter((a) => a.type !== 'optional').map((a) => ({ ...a.emailAddress })),
    ccRecipients: event.attendees.filter((a) => a.type === 'optional').map((a) => ({ ...a.emailAddress })),
    internetMessageId: null,
    conversationId: null,
    internetMessageHeaders: [],
    receivedAt: event.createdDateTime,
    sentAt: null,
    isRead: true,
    isDraft: false,
    iCalUId: event.iCalUId,
    start: utc(event.start.dateTime),
    end: utc(event.end.dateTime),
    location: event.location.displayName,
    organizer,
    attendees: event.attendees.map((a) => ({ ...a.emailAddress, type: attendeeType(a) })),
    isOrganizer: event.isOrganizer,
  };
}

/** The add-in's custom properties: the item's `cecp-<add-in id>` extended property. */
export function customProperties(item: MailboxItem): string | null {
  const id = cecpExtendedPropertyId().toLowerCase();
  return item.singleValueExtendedProperties.find((p) => p.id.toLowerCase() === id)?.value ?? null;
}

const personOf = (r: Recipient): Person => ({ name: r.emailAddress.name, address: r.emailAddress.address });
const person = (r: Recipient | null): Person | null => (r ? personOf(r) : null);

/** Office.js knows required and optional attendees; resources count as required. */
function attendeeType(a: Attendee): 'required' | 'optional' {
  return a.type === 'optional' ? 'optional' : 'required';
}

/** Event date-times are stored in UTC without an offset; the API answers ISO 8601 with `Z`. */
function utc(dateTime: string): string {
  return new Date(/[zZ]$/.test(dateTime) ? dateTime : `${dateTime}Z`).toISOString();
}
