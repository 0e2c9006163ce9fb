import {
  ADDRESS_MAX_CHARS,
  LOCATION_MAX_CHARS,
  PERSON_NAME_MAX_CHARS,
  SUBJECT_MAX_CHARS,
  type ItemPerson,
  type PartyRole,
} from '#contract';
import { err, ok, type Result } from '#browser/result';
import { isAsyncGetter, officeCall, officeError, readValue } from './calls';
import { parseInternetHeaders } from './headers';
import type { EmailDetails, LooseItem, LooseMailbox, Value } from './namespace';
import type {
  Capabilities,
  ItemBody,
  ItemContext,
  ItemKind,
  ItemMode,
  OfficeError,
  OfficeResult,
  UserProfile,
} from './types';

/** The selected item as plain data, and the guard that keeps work on the item it was meant for. */
export type ItemContexts = {
  getItem(): OfficeResult<ItemContext | null>;
  /** The Office item a context was read from, while Outlook still shows it; `item_changed` after. */
  current(context: ItemContext): Result<LooseItem, OfficeError>;
  getBody(context: ItemContext, preferred?: 'text' | 'html'): OfficeResult<ItemBody>;
};

/** The order people are listed in: sender or organizer first, then recipients, then copies. */
const ROLE_ORDER: PartyRole[] = ['from', 'organizer', 'to', 'required', 'cc', 'optional'];

export function createItemContexts(
  mailbox: LooseMailbox,
  capabilities: Capabilities,
  userProfile: UserProfile,
): ItemContexts {
  // The Office item object each handle was read from: Outlook replaces the object on every
  // selection change, so identity tells whether a context still describes the selected item.
  const handles = new Map<string, LooseItem>();
  let nextHandle = 1;

  function current(context: ItemContext): Result<LooseItem, OfficeError> {
    const item = mailbox.item;
    if (!item) return err(officeError('item_changed', 'No item is selected any more.'));
    if (item === handles.get(context.handle) || (context.itemId !== null && item.itemId === context.itemId))
      return ok(item);
    return err(officeError('item_changed', 'Outlook moved to another item.'));
  }

  async function getItem(): OfficeResult<ItemContext | null> {
    const item = mailbox.item;
    if (!item) return ok(null);
    const kind: ItemKind = item.itemType === 'appointment' ? 'appointment' : 'email';
    const mode: ItemMode = isAsyncGetter(item.subject) ? 'compose' : 'read';
    const subject = await readValue('Reading the subject', item.subject);
    if (!subject.ok) return subject;
    const people = await readPeople(item, kind, mode);
    if (!people.ok) return people;
    const itemId = item.itemId || (await readDraftId(item, mode));
    const context: ItemContext = {
      handle: String(nextHandle++),
      mode,
      kind,
      role: null,
      key: keyOf(item, kind, mode),
      itemId,
      subject: (subject.value ?? '').slice(0, SUBJECT_MAX_CHARS),
      people: people.value,
      userAddress: userProfile.emailAddress,
    };
    if (kind === 'appointment') {
      const meeting = await readMeeting(item, mode, people.value, userProfile.emailAddress);
      if (!meeting.ok) return meeting;
      Object.assign(context, meeting.value, { restId: restIdOf(mailbox, itemId) });
    } else {
      const sentAt = mode === 'read' ? toIso(item.dateTimeCreated) : undefined;
      if (sentAt) context.sentAt = sentAt;
    }
    if (item.conversationId) context.conversationId = item.conversationId;
    if (kind === 'email' && mode === 'read' && capabilities.internetHeaders)
      Object.assign(context, await readThreading(item));
    for (const [handle, was] of handles) if (was !== item) handles.delete(handle);
    handles.set(context.handle, item);
    return ok(context);
  }

  async function getBody(context: ItemContext, preferred: 'text' | 'html' = 'text'): OfficeResult<ItemBody> {
    const item = current(context);
    if (!item.ok) return item;
    const body = item.value.body;
    if (!body) return err(officeError('unsupported', 'Outlook does not expose the body of this item.'));
    const content = await officeCall<string>('Reading the body', (cb) => body.getAsync(preferred, cb));
    if (!content.ok) return content;
    return ok({ contentType: preferred, content: content.value ?? '' });
  }

  return { getItem, current, getBody };
}

/** Everyone on the item with their role, in `ROLE_ORDER`. */
async function readPeople(
  item: LooseItem,
  kind: ItemKind,
  mode: ItemMode,
): Promise<Result<ItemPerson[], OfficeError>> {
  const read = async (
    role: PartyRole,
    what: string,
    value: Value<EmailDetails[] | EmailDetails> | undefined,
  ) => {
    const r = await readValue(what, value);
    return r.ok ? ok(people(role, r.value)) : r;
  };
  const reads =
    kind === 'email'
      ? [
          // In compose, `from` needs Mailbox 1.7 and is the user; the user is left out anyway.
          mode === 'read' ? read('from', 'Reading the sender', item.from) : Promise.resolve(ok([])),
          read('to', 'Reading To', item.to),
          read('cc', 'Reading Cc', item.cc),
        ]
      : [
          read('organizer', 'Reading the organizer', item.organizer),
          read('required', 'Reading required attendees', item.requiredAttendees),
          read('optional', 'Reading optional attendees', item.optionalAttendees),
        ];
  const found: ItemPerson[] = [];
  for (const r of await Promise.all(reads)) {
    if (!r.ok) return r;
    found.push(...r.value);
  }
  return ok(found.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role)));
}

function people(role: PartyRole, list: EmailDetails[] | EmailDetails | undefined): ItemPerson[] {
  const items = list === undefined ? [] : Array.isArray(list) ? list : [list];
  const out: ItemPerson[] = [];
  for (const p of items) {
    const address = p.emailAddress?.trim();
    if (!address) continue;
    const person: ItemPerson = { role, address: address.slice(0, ADDRESS_MAX_CHARS) };
    const name = p.displayName?.trim();
    if (name && name !== address) person.name = name.slice(0, PERSON_NAME_MAX_CHARS);
    out.push(person);
  }
  return out;
}

/** A saved draft's id; an unsaved draft has none yet (Outlook reports an error): expected, not a warning. */
async function readDraftId(item: LooseItem, mode: ItemMode): Promise<string | null> {
  const getItemIdAsync = item.getItemIdAsync;
  if (mode !== 'compose' || typeof getItemIdAsync !== 'function') return null;
  const id = await officeCall<string>('Reading the draft id', (cb) => getItemIdAsync.call(item, cb));
  return id.ok && id.value ? id.value : null;
}

/** An appointment's role for the user, start, end and location. */
async function readMeeting(
  item: LooseItem,
  mode: ItemMode,
  found: ItemPerson[],
  userAddress: string,
): Promise<Result<Pick<ItemContext, 'role' | 'start' | 'end' | 'location'>, OfficeError>> {
  const organizer = found.find((p) => p.role === 'organizer');
  const meeting: Pick<ItemContext, 'role' | 'start' | 'end' | 'location'> = {
    // Compose mode is Outlook's organizer form; in read mode the user may still be the organizer.
    role: mode === 'compose' || sameAddress(organizer?.address, userAddress) ? 'organizer' : 'attendee',
  };
  const [start, end, location] = await Promise.all([
    readValue('Reading the start', item.start),
    readValue('Reading the end', item.end),
    readValue('Reading the location', item.location),
  ]);
  if (!start.ok) return start;
  if (!end.ok) return end;
  if (!location.ok) return location;
  const [startIso, endIso] = [toIso(start.value), toIso(end.value)];
  if (startIso) meeting.start = startIso;
  if (endIso) meeting.end = endIso;
  if (typeof location.value === 'string' && location.value)
    meeting.location = location.value.slice(0, LOCATION_MAX_CHARS);
  return ok(meeting);
}

/** In-Reply-To and References from the internet headers (Mailbox 1.8); a warning when unreadable. */
async function readThreading(
  item: LooseItem,
): Promise<Pick<ItemContext, 'inReplyTo' | 'references' | 'warnings'>> {
  const getHeaders = item.getAllInternetHeadersAsync;
  if (typeof getHeaders !== 'function') return {};
  const headers = await officeCall<string>('Reading the internet headers', (cb) => getHeaders.call(item, cb));
  if (!headers.ok) return { warnings: [headers.error] };
  const parsed = parseInternetHeaders(headers.value);
  const threading: Pick<ItemContext, 'inReplyTo' | 'references'> = {};
  if (parsed.inReplyTo) threading.inReplyTo = parsed.inReplyTo;
  if (parsed.references.length > 0) threading.references = parsed.references;
  return threading;
}

/**
 * The tracking key. Email in read mode: `internetMessageId` (Mailbox 1.1). Compose: no key until
 * sent. Appointments: Mailbox 1.x has no iCalUId, only the item id, which differs per mailbox
 * and cannot key a shared meeting; the adapter gives the item's REST id (`restId`) and the
 * tracking layer asks the CRM for the iCalUId (`completeItemKey`).
 */
function keyOf(item: LooseItem, kind: ItemKind, mode: ItemMode): string | null {
  if (kind === 'email') return mode === 'read' && item.internetMessageId ? item.internetMessageId : null;
  return null;
}

/** The Graph (REST v2.0) form of an item id, which the CRM uses to look the item up. */
function restIdOf(mailbox: LooseMailbox, itemId: string | null): string | null {
  if (!itemId) return null;
  if (typeof mailbox.convertToRestId !== 'function') return itemId;
  try {
    return mailbox.convertToRestId(itemId, 'v2.0');
  } catch {
    return null;
  }
}

function toIso(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function sameAddress(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
}
