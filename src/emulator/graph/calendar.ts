import { badRequest } from '../errors';
import type { MailboxStore } from '../mailbox/store';
import type { EventItem, Mailbox } from '../mailbox/types';
import type { Query } from './http';

/** The mailbox's one calendar: its events, and the time windows of calendarView. */
export function calendarItems(store: MailboxStore, mailbox: Mailbox): EventItem[] {
  return store
    .folderItems(mailbox, store.wellKnownFolder(mailbox, 'calendar'))
    .filter((i): i is EventItem => i.kind === 'event');
}

export type TimeWindow = { start: number; end: number };

export function parseWindow(start: string, end: string): TimeWindow {
  const s = Date.parse(start);
  const e = Date.parse(end);
  if (Number.isNaN(s) || Number.isNaN(e))
    throw badRequest('startDateTime and endDateTime must be ISO 8601 date-times.', 'ErrorInvalidParameter');
  return { start: s, end: e };
}

/** calendarView's `startDateTime` and `endDateTime`, both required. */
export function requireWindow(q: Query): TimeWindow {
  if (q.startdatetime === undefined || q.enddatetime === undefined)
    throw badRequest(
      'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
      'ErrorInvalidParameter',
    );
  return parseWindow(q.startdatetime, q.enddatetime);
}

export function overlaps(event: EventItem, window: TimeWindow): boolean {
  return eventTime(event.start) < window.end && eventTime(event.end) > window.start;
}

/** Event times are stored in UTC (`timeZone: 'UTC'`, no offset in `dateTime`). */
function eventTime(dt: { dateTime: string }): number {
  return Date.parse(/[zZ]|[+-]\d{2}:\d{2}$/.test(dt.dateTime) ? dt.dateTime : `${dt.dateTime}Z`);
}
