import { restItemId } from '../mailbox/ids';
import type { EventItem, MailboxItem, MessageItem } from '../mailbox/types';
import { evaluate, type FilterNode } from './odata';

/** Properties Graph returns for a message by default, in Graph's order. */
export const MESSAGE_DEFAULT_PROPERTIES = [
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'categories',
  'receivedDateTime',
  'sentDateTime',
  'hasAttachments',
  'internetMessageId',
  'subject',
  'bodyPreview',
  'importance',
  'parentFolderId',
  'conversationId',
  'conversationIndex',
  'isDeliveryReceiptRequested',
  'isReadReceiptRequested',
  'isRead',
  'isDraft',
  'webLink',
  'inferenceClassification',
  'body',
  'sender',
  'from',
  'toRecipients',
  'ccRecipients',
  'bccRecipients',
  'replyTo',
  'flag',
] as const;

/** Returned only when selected (Graph leaves them out by default). */
export const MESSAGE_SELECT_ONLY = ['internetMessageHeaders', 'uniqueBody'] as const;
export const MESSAGE_PROPERTIES: readonly string[] = [...MESSAGE_DEFAULT_PROPERTIES, ...MESSAGE_SELECT_ONLY];

export const EVENT_DEFAULT_PROPERTIES = [
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'categories',
  'transactionId',
  'originalStartTimeZone',
  'originalEndTimeZone',
  'iCalUId',
  'reminderMinutesBeforeStart',
  'isReminderOn',
  'hasAttachments',
  'subject',
  'bodyPreview',
  'importance',
  'sensitivity',
  'isAllDay',
  'isCancelled',
  'isOrganizer',
  'responseRequested',
  'seriesMasterId',
  'showAs',
  'type',
  'webLink',
  'onlineMeetingUrl',
  'isOnlineMeeting',
  'onlineMeetingProvider',
  'allowNewTimeProposals',
  'isDraft',
  'hideAttendees',
  'responseStatus',
  'body',
  'start',
  'end',
  'location',
  'locations',
  'recurrence',
  'attendees',
  'organizer',
  'onlineMeeting',
] as const;
export const EVENT_PROPERTIES: readonly string[] = [...EVENT_DEFAULT_PROPERTIES];

/** The text of an HTML body: paragraphs and line breaks become new lines, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<head[\s\S]*?<\/head>/gi, ' ')
    .replace(/<\/p>|<br\s*\/?>|<\/div>|<hr[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\v]+/g, ' ').trim())
    .filter((line, i, lines) => line !== '' || (i > 0 && lines[i - 1] !== ''))
    .join('\n')
    .trim();
}

/** Graph's bodyPreview: the first 255 characters of the body text on one line. */
export function bodyPreview(html: string): string {
  return htmlToText(html).replace(/\s+/g, ' ').slice(0, 255);
}

export type SerializeOptions = {
  /** `Prefer: IdType="ImmutableId"`: answer with immutable ids instead of REST ids. */
  immutableIds: boolean;
  select: string[] | null;
  /** `$expand=singleValueExtendedProperties(...)`: null = not expanded; `{filter:null}` = all. */
  expandExtendedProperties: { filter: FilterNode | null } | null;
  /** Delta responses name each entry's type. */
  withType?: boolean;
};

export function itemId(item: MailboxItem, immutable: boolean): string {
  return immutable ? item.id : restItemId(item.folderId, item.id);
}

function messageJson(item: MessageItem, id: string): Record<string, unknown> {
  return {
    id,
    createdDateTime: item.createdDateTime,
    lastModifiedDateTime: item.lastModifiedDateTime,
    changeKey: item.changeKey,
    categories: [...item.categories],
    receivedDateTime: item.receivedDateTime,
    sentDateTime: item.sentDateTime,
    hasAttachments: false,
    internetMessageId: item.internetMessageId,
    subject: item.subject,
    bodyPreview: bodyPreview(item.body.content),
    importance: item.importance,
    parentFolderId: item.folderId,
    conversationId: item.conversationId,
    conversationIndex: item.conversationIndex,
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: false,
    isRead: item.isRead,
    isDraft: item.isDraft,
    webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(id)}&exvsurl=1&viewmodel=ReadMessageItem`,
    inferenceClassification: 'focused',
    body: { ...item.body },
    sender: item.sender,
    from: item.from,
    toRecipients: item.toRecipients,
    ccRecipients: item.ccRecipients,
    bccRecipients: item.bccRecipients,
    replyTo: item.replyTo,
    flag: { flagStatus: 'notFlagged' },
    internetMessageHeaders: item.internetMessageHeaders,
    uniqueBody: { ...item.body },
  };
}

function eventJson(item: EventItem, id: string): Record<string, unknown> {
  return {
    id,
    createdDateTime: item.createdDateTime,
    lastModifiedDateTime: item.lastModifiedDateTime,
    changeKey: item.changeKey,
    categories: [...item.categories],
    transactionId: null,
    originalStartTimeZone: item.start.timeZone,
    originalEndTimeZone: item.end.timeZone,
    iCalUId: item.iCalUId,
    reminderMinutesBeforeStart: 15,
    isReminderOn: true,
    hasAttachments: false,
    subject: item.subject,
    bodyPreview: bodyPreview(item.body.content),
    importance: 'normal',
    sensitivity: 'normal',
    isAllDay: item.isAllDay,
    isCancelled: false,
    isOrganizer: item.isOrganizer,
    responseRequested: true,
    seriesMasterId: null,
    showAs: item.showAs,
    type: 'singleInstance',
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: false,
    onlineMeetingProvider: 'unknown',
    allowNewTimeProposals: true,
    isDraft: false,
    hideAttendees: false,
    responseStatus: {
      response: item.isOrganizer ? 'organizer' : 'notResponded',
      time: '0001-01-01T00:00:00Z',
    },
    body: { ...item.body },
    start: { ...item.start },
    end: { ...item.end },
    location: {
      displayName: item.location.displayName,
      locationType: 'default',
      uniqueId: item.location.displayName,
      uniqueIdType: 'private',
    },
    locations: item.location.displayName
      ? [
          {
            displayName: item.location.displayName,
            locationType: 'default',
            uniqueId: item.location.displayName,
            uniqueIdType: 'private',
          },
        ]
      : [],
    recurrence: null,
    attendees: item.attendees,
    organizer: item.organizer,
    onlineMeeting: null,
  };
}

/** The full Graph view of an item (including select-only and extended properties), for $filter. */
export function filterView(item: MailboxItem): Record<string, unknown> {
  const json = item.kind === 'message' ? messageJson(item, item.id) : eventJson(item, item.id);
  json.singleValueExtendedProperties = item.singleValueExtendedProperties;
  return json;
}

/**
 * A cheap view for `$orderby`: the stored item already uses Graph's property names for every
 * sortable property (receivedDateTime, sentDateTime, subject, start/dateTime, ...).
 */
export function sortView(item: MailboxItem): Record<string, unknown> {
  return item as unknown as Record<string, unknown>;
}

/** Serializes an item the way Graph answers `GET .../messages/{id}` (or events). */
export function toGraph(item: MailboxItem, options: SerializeOptions): Record<string, unknown> {
  const id = itemId(item, options.immutableIds);
  const full = item.kind === 'message' ? messageJson(item, id) : eventJson(item, id);
  const defaults: readonly string[] =
    item.kind === 'message' ? MESSAGE_DEFAULT_PROPERTIES : EVENT_DEFAULT_PROPERTIES;
  const out: Record<string, unknown> = {};
  if (options.withType)
    out['@odata.type'] = item.kind === 'message' ? '#microsoft.graph.message' : '#microsoft.graph.event';
  out['@odata.etag'] = `W/"${item.changeKey}"`;
  const names = options.select ? ['id', ...options.select.filter((s) => s !== 'id')] : defaults;
  for (const name of names) if (name in full) out[name] = full[name];
  if (options.expandExtendedProperties) {
    const filter = options.expandExtendedProperties.filter;
    const props = item.singleValueExtendedProperties.filter((p) => !filter || evaluate(filter, p));
    // Graph omits the expanded collection entirely when no property matches.
    if (props.length > 0)
      out.singleValueExtendedProperties = props.map((p) => ({ id: p.id, value: p.value }));
  }
  return out;
}
