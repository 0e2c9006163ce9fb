import { cecpExtendedPropertyId } from '#contract';
import type { Folder } from '../cycle/candidate';
import type { BatchRequest } from './types';

/** The Graph calls of a cycle, as paths relative to the version root (usable inside `$batch`). */

const DELTA_SELECT = 'id,categories,internetMessageId,conversationId,internetMessageHeaders,isDraft,subject';

const MESSAGE_SELECT = [
  'id',
  'subject',
  'body',
  'from',
  'sender',
  'toRecipients',
  'ccRecipients',
  'bccRecipients',
  'internetMessageId',
  'conversationId',
  'internetMessageHeaders',
  'receivedDateTime',
  'sentDateTime',
  'createdDateTime',
  'categories',
  'isDraft',
].join(',');

const EVENT_SELECT = [
  'id',
  'subject',
  'body',
  'iCalUId',
  'start',
  'end',
  'location',
  'organizer',
  'attendees',
  'createdDateTime',
  'categories',
  'isOrganizer',
].join(',');

/** How far around today a calendar delta looks (calendarView delta needs a window). */
export const CALENDAR_WINDOW_DAYS = { past: 90, future: 365 };

function expandCecp(): string {
  return `singleValueExtendedProperties($filter=id eq '${cecpExtendedPropertyId()}')`;
}

/** The first URL of a delta round for a folder (no token: a full listing plus a fresh deltaLink). */
export function initialDeltaPath(userPath: string, folder: Folder, now: Date = new Date()): string {
  if (folder === 'calendar') {
    const day = 86_400_000;
    const start = new Date(now.getTime() - CALENDAR_WINDOW_DAYS.past * day).toISOString();
    const end = new Date(now.getTime() + CALENDAR_WINDOW_DAYS.future * day).toISOString();
    return `${userPath}/calendarView/delta?startDateTime=${encodeURIComponent(start)}&endDateTime=${encodeURIComponent(end)}`;
  }
  return `${userPath}/mailFolders/${folder}/messages/delta?$select=${DELTA_SELECT}`;
}

const PREFER = 'IdType="ImmutableId", outlook.timezone="UTC"';

/** GET of one item with the add-in's `cecp-` custom properties expanded. */
export function fetchItemRequest(
  userPath: string,
  folder: Folder,
  itemId: string,
  requestId: string,
): BatchRequest {
  const collection = folder === 'calendar' ? 'events' : 'messages';
  const select = folder === 'calendar' ? EVENT_SELECT : MESSAGE_SELECT;
  return {
    id: requestId,
    method: 'GET',
    url: `${userPath}/${collection}/${encodeURIComponent(itemId)}?$select=${select}&$expand=${encodeURIComponent(expandCecp())}`,
    headers: { Prefer: PREFER },
  };
}

/** PATCH of categories and the `cecp-` property (the marker). */
export function writeBackRequest(
  userPath: string,
  folder: Folder,
  itemId: string,
  requestId: string,
  patch: { categories: string[]; cecp: string },
): BatchRequest {
  const collection = folder === 'calendar' ? 'events' : 'messages';
  return {
    id: requestId,
    method: 'PATCH',
    url: `${userPath}/${collection}/${encodeURIComponent(itemId)}`,
    headers: { 'Content-Type': 'application/json', Prefer: PREFER },
    body: {
      categories: patch.categories,
      singleValueExtendedProperties: [{ id: cecpExtendedPropertyId(), value: patch.cecp }],
    },
  };
}
