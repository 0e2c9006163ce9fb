import { deliver, parseCommonArgs, refuse, succeeded } from './async';
import {
  bodyOf,
  categoriesOf,
  customPropertiesLoader,
  itemScope,
  notificationMessagesOf,
  type ItemContext,
  type ItemScope,
} from './item-capabilities';
import type { ItemSnapshot, Person, RequestMap } from './protocol';

/**
 * Builds `Office.context.mailbox.item` for one selection: message read, message compose,
 * appointment attendee (read) or appointment organizer (compose).
 */
export function createItem(snapshot: ItemSnapshot, ctx: ItemContext): Record<string, unknown> {
  const scope = itemScope(snapshot, ctx);
  const common = {
    itemType: snapshot.itemType as Office.MailboxEnums.ItemType,
    body: bodyOf(scope),
    categories: categoriesOf(scope),
    notificationMessages: notificationMessagesOf(scope),
    loadCustomPropertiesAsync: customPropertiesLoader(scope),
    attachments: [],
  };
  const modal =
    snapshot.mode === 'read'
      ? snapshot.itemType === 'message'
        ? messageRead(scope)
        : appointmentRead(scope)
      : snapshot.itemType === 'message'
        ? messageCompose(scope)
        : appointmentCompose(scope);
  return { ...common, ...modal };
}

function readCommon({ snapshot }: ItemScope) {
  return {
    itemId: snapshot.itemId,
    subject: snapshot.subject,
    dateTimeCreated: new Date(snapshot.createdAt),
    dateTimeModified: new Date(snapshot.modifiedAt),
  };
}

function messageRead(scope: ItemScope) {
  const { snapshot, details, call, supports } = scope;
  const from = snapshot.from ? details(snapshot.from) : null;
  return {
    ...readCommon(scope),
    itemClass: 'IPM.Note',
    normalizedSubject: snapshot.subject.replace(/^((re|fw|fwd):\s*)+/i, ''),
    internetMessageId: snapshot.internetMessageId ?? '',
    conversationId: snapshot.conversationId ?? '',
    from,
    sender: from,
    to: snapshot.to.map(details),
    cc: snapshot.cc.map(details),
    /** Read-mode methods newer than the client's requirement set exist but fail, as in Outlook. */
    getAllInternetHeadersAsync(...args: unknown[]) {
      const common = parseCommonArgs<string>(args, true);
      if (!supports('1.8')) return refuse(common, 5000);
      deliver(common, call('headers.get', {}), (v) => v);
    },
  };
}

function appointmentRead(scope: ItemScope) {
  const { snapshot, details } = scope;
  return {
    ...readCommon(scope),
    itemClass: 'IPM.Appointment',
    normalizedSubject: snapshot.subject,
    start: snapshot.start ? new Date(snapshot.start) : null,
    end: snapshot.end ? new Date(snapshot.end) : null,
    location: snapshot.location ?? '',
    organizer: snapshot.organizer ? details(snapshot.organizer) : null,
    requiredAttendees: snapshot.requiredAttendees.map(details),
    optionalAttendees: snapshot.optionalAttendees.map(details),
  };
}

type ComposeField = RequestMap['compose.get']['args']['field'];

/**
 * Compose: values come from the host's form on every call, since the user may be editing them;
 * fields newer than the client's requirement set fail.
 */
function composeFields({ call, supports, details }: ItemScope) {
  const field = <T>(name: ComposeField, minVersion: string, map: (value: unknown) => T) => ({
    getAsync(...args: unknown[]) {
      const common = parseCommonArgs<T>(args, true);
      if (!supports(minVersion)) return refuse(common, 5000);
      deliver(common, call('compose.get', { field: name }), map);
    },
  });
  return {
    field,
    asPeople: (v: unknown) => (Array.isArray(v) ? (v as Person[]) : []).map(details),
    asPerson: (v: unknown) => (v ? details(v as Person) : null),
    asText: (v: unknown) => (typeof v === 'string' ? v : ''),
    asDate: (v: unknown) => (typeof v === 'string' ? new Date(v) : null),
  };
}

function composeCommon({ call, supports, snapshot }: ItemScope) {
  return {
    saveAsync(...args: unknown[]) {
      const common = parseCommonArgs<string>(args, false);
      deliver(common, call('item.save', {}), (id) => id);
    },
    getItemIdAsync(...args: unknown[]) {
      const common = parseCommonArgs<string>(args, true);
      if (!supports('1.8')) return refuse(common, 5000);
      // Drafts exist in the mailbox from the moment compose opens, so the id is always available.
      setTimeout(() => common.callback?.(succeeded(snapshot.itemId, common.asyncContext)), 0);
    },
  };
}

function messageCompose(scope: ItemScope) {
  const { field, asPeople, asPerson, asText } = composeFields(scope);
  const { snapshot, supports } = scope;
  return {
    ...composeCommon(scope),
    subject: field('subject', '1.1', asText),
    to: field('to', '1.1', asPeople),
    cc: field('cc', '1.1', asPeople),
    bcc: field('bcc', '1.1', asPeople),
    from: field('from', '1.7', asPerson),
    conversationId: snapshot.conversationId,
    getComposeTypeAsync(...args: unknown[]) {
      const common = parseCommonArgs<{ composeType: string; coercionType: string }>(args, true);
      if (!supports('1.10')) return refuse(common, 5000);
      const value = { composeType: snapshot.composeType ?? 'newMail', coercionType: 'text' };
      setTimeout(() => common.callback?.(succeeded(value, common.asyncContext)), 0);
    },
  };
}

function appointmentCompose(scope: ItemScope) {
  const { field, asPeople, asPerson, asText, asDate } = composeFields(scope);
  return {
    ...composeCommon(scope),
    subject: field('subject', '1.1', asText),
    start: field('start', '1.1', asDate),
    end: field('end', '1.1', asDate),
    location: field('location', '1.1', asText),
    organizer: field('organizer', '1.7', asPerson),
    requiredAttendees: field('required', '1.1', asPeople),
    optionalAttendees: field('optional', '1.1', asPeople),
  };
}
