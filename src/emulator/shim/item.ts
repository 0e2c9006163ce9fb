import {
  argumentError,
  argumentOutOfRange,
  deliver,
  parseCommonArgs,
  refuse,
  succeeded,
  type AsyncCallback,
} from './async';
import type { ClientProfile, ItemSnapshot, NotificationDetails, Person, RequestMap } from './protocol';
import { NOTIFICATION_TYPES, versionAtMost } from './protocol';
import type { HostChannel } from './transport';

/** Outlook's limit on one item's custom properties, as JSON. */
export const MAX_CUSTOM_PROPERTIES_LENGTH = 2500;
const DATE_PREFIX = 'Date(';

type ComposeField = RequestMap['compose.get']['args']['field'];

export type ItemContext = { host: HostChannel; client: ClientProfile; userAddress: string };

function internalDomainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

function details(person: Person, ctx: ItemContext): Office.EmailAddressDetails {
  const internal = internalDomainOf(person.address) === internalDomainOf(ctx.userAddress);
  return {
    displayName: person.name,
    emailAddress: person.address,
    appointmentResponse: 'none' as Office.MailboxEnums.ResponseType,
    recipientType: (internal ? 'user' : 'externalUser') as Office.MailboxEnums.RecipientType,
  };
}

/** `CustomProperties` as Office.js implements it: a local copy, written back by saveAsync. */
export class ShimCustomProperties {
  readonly #values: Record<string, unknown>;
  readonly #save: (
    values: Record<string, unknown>,
    callback?: AsyncCallback<void>,
    context?: unknown,
  ) => void;

  constructor(
    values: Record<string, unknown>,
    save: (values: Record<string, unknown>, callback?: AsyncCallback<void>, context?: unknown) => void,
  ) {
    this.#values = { ...values };
    this.#save = save;
  }

  get(name: string): unknown {
    const value = this.#values[name];
    if (typeof value === 'string' && value.startsWith(DATE_PREFIX) && value.endsWith(')')) {
      const ticks = Number(value.slice(DATE_PREFIX.length, -1));
      if (Number.isFinite(ticks)) return new Date(ticks);
    }
    return value;
  }

  set(name: string, value: unknown): void {
    this.#values[name] = value instanceof Date ? `${DATE_PREFIX}${value.getTime()})` : value;
  }

  remove(name: string): void {
    delete this.#values[name];
  }

  getAll(): Record<string, unknown> {
    return Object.fromEntries(Object.keys(this.#values).map((key) => [key, this.get(key)]));
  }

  saveAsync(...args: unknown[]): void {
    const common = parseCommonArgs<void>(args, false, true);
    if (JSON.stringify(this.#values).length > MAX_CUSTOM_PROPERTIES_LENGTH) {
      throw argumentOutOfRange('customProperties');
    }
    this.#save({ ...this.#values }, common.callback, common.asyncContext);
  }
}

/**
 * Builds `Office.context.mailbox.item` for one selection: message read, message compose,
 * appointment attendee (read) or appointment organizer (compose).
 */
export function createItem(snapshot: ItemSnapshot, ctx: ItemContext): Record<string, unknown> {
  const { host, client } = ctx;
  const generation = snapshot.generation;
  const supports = (version: string) => versionAtMost(version, client.mailboxVersion);
  const people = (list: Person[]) => list.map((p) => details(p, ctx));

  const body = {
    getAsync(coercionType: unknown, ...rest: unknown[]) {
      if (coercionType !== 'text' && coercionType !== 'html') throw argumentError('coercionType');
      const common = parseCommonArgs<string>(rest, true);
      deliver(common, host.call('body.get', { coercion: coercionType }, generation), (v) => v);
    },
  };

  const categories = {
    getAsync(...args: unknown[]) {
      const common = parseCommonArgs<Office.CategoryDetails[]>(args, true);
      if (!client.categories) return refuse(common, 5000);
      deliver(common, host.call('categories.get', {}, generation), (list) =>
        list.map((c) => ({
          displayName: c.displayName,
          color: c.color as unknown as Office.MailboxEnums.CategoryColor,
        })),
      );
    },
    addAsync(names: unknown, ...rest: unknown[]) {
      const list = categoryNames(names);
      const common = parseCommonArgs<void>(rest, false);
      if (!client.categories) return refuse(common, 5000);
      deliver(common, host.call('categories.add', { names: list }, generation), () => undefined);
    },
    removeAsync(names: unknown, ...rest: unknown[]) {
      const list = categoryNames(names);
      const common = parseCommonArgs<void>(rest, false);
      if (!client.categories) return refuse(common, 5000);
      deliver(common, host.call('categories.remove', { names: list }, generation), () => undefined);
    },
  };

  const loadCustomPropertiesAsync = (...args: unknown[]) => {
    const common = parseCommonArgs<ShimCustomProperties>(args, true, true);
    deliver(
      common,
      host.call('customProperties.load', {}, generation),
      (values) =>
        new ShimCustomProperties(values, (next, callback, asyncContext) =>
          deliver(
            { callback, asyncContext },
            host.call('customProperties.save', { values: next }, generation),
            () => undefined,
          ),
        ),
    );
  };

  /** Read-mode methods newer than the client's requirement set exist but fail, as in Outlook. */
  const getAllInternetHeadersAsync = (...args: unknown[]) => {
    const common = parseCommonArgs<string>(args, true);
    if (!supports('1.8')) return refuse(common, 5000);
    deliver(common, host.call('headers.get', {}, generation), (v) => v);
  };

  const notificationMessages = {
    addAsync(key: unknown, details: unknown, ...rest: unknown[]) {
      const message = notification(key, details);
      const common = parseCommonArgs<void>(rest, false);
      deliver(common, host.call('notifications.add', message, generation), () => undefined);
    },
    replaceAsync(key: unknown, details: unknown, ...rest: unknown[]) {
      const message = notification(key, details);
      const common = parseCommonArgs<void>(rest, false);
      deliver(common, host.call('notifications.replace', message, generation), () => undefined);
    },
    removeAsync(key: unknown, ...rest: unknown[]) {
      if (typeof key !== 'string' || key.length === 0) throw argumentError('key');
      const common = parseCommonArgs<void>(rest, false);
      deliver(common, host.call('notifications.remove', { key }, generation), () => undefined);
    },
    getAllAsync(...args: unknown[]) {
      const common = parseCommonArgs<NotificationDetails[]>(args, true);
      deliver(common, host.call('notifications.getAll', {}, generation), (list) => list);
    },
  };

  const shared = {
    itemType: snapshot.itemType as Office.MailboxEnums.ItemType,
    body,
    categories,
    notificationMessages,
    loadCustomPropertiesAsync,
    attachments: [],
  };

  if (snapshot.mode === 'read') {
    const dates = {
      dateTimeCreated: new Date(snapshot.createdAt),
      dateTimeModified: new Date(snapshot.modifiedAt),
    };
    if (snapshot.itemType === 'message') {
      return {
        ...shared,
        ...dates,
        itemId: snapshot.itemId,
        itemClass: 'IPM.Note',
        subject: snapshot.subject,
        normalizedSubject: snapshot.subject.replace(/^((re|fw|fwd):\s*)+/i, ''),
        internetMessageId: snapshot.internetMessageId ?? '',
        conversationId: snapshot.conversationId ?? '',
        from: snapshot.from ? details(snapshot.from, ctx) : null,
        sender: snapshot.from ? details(snapshot.from, ctx) : null,
        to: people(snapshot.to),
        cc: people(snapshot.cc),
        getAllInternetHeadersAsync,
      };
    }
    return {
      ...shared,
      ...dates,
      itemId: snapshot.itemId,
      itemClass: 'IPM.Appointment',
      subject: snapshot.subject,
      normalizedSubject: snapshot.subject,
      start: snapshot.start ? new Date(snapshot.start) : null,
      end: snapshot.end ? new Date(snapshot.end) : null,
      location: snapshot.location ?? '',
      organizer: snapshot.organizer ? details(snapshot.organizer, ctx) : null,
      requiredAttendees: people(snapshot.requiredAttendees),
      optionalAttendees: people(snapshot.optionalAttendees),
    };
  }

  // Compose: values come from the host's form on every call, since the user may be editing them.
  const field = <T>(name: ComposeField, minVersion: string, map: (value: unknown) => T) => ({
    getAsync(...args: unknown[]) {
      const common = parseCommonArgs<T>(args, true);
      if (!supports(minVersion)) return refuse(common, 5000);
      deliver(common, host.call('compose.get', { field: name }, generation), map);
    },
  });
  const asPeople = (v: unknown) => people(Array.isArray(v) ? (v as Person[]) : []);
  const asPerson = (v: unknown) => (v ? details(v as Person, ctx) : null);
  const asText = (v: unknown) => (typeof v === 'string' ? v : '');
  const asDate = (v: unknown) => (typeof v === 'string' ? new Date(v) : null);

  const saveAsync = (...args: unknown[]) => {
    const common = parseCommonArgs<string>(args, false);
    deliver(common, host.call('item.save', {}, generation), (id) => id);
  };
  const getItemIdAsync = (...args: unknown[]) => {
    const common = parseCommonArgs<string>(args, true);
    if (!supports('1.8')) return refuse(common, 5000);
    // Drafts exist in the mailbox from the moment compose opens, so the id is always available.
    setTimeout(() => common.callback?.(succeeded(snapshot.itemId, common.asyncContext)), 0);
  };

  if (snapshot.itemType === 'message') {
    return {
      ...shared,
      subject: field('subject', '1.1', asText),
      to: field('to', '1.1', asPeople),
      cc: field('cc', '1.1', asPeople),
      bcc: field('bcc', '1.1', asPeople),
      from: field('from', '1.7', asPerson),
      conversationId: snapshot.conversationId,
      saveAsync,
      getItemIdAsync,
      getComposeTypeAsync(...args: unknown[]) {
        const common = parseCommonArgs<{ composeType: string; coercionType: string }>(args, true);
        if (!supports('1.10')) return refuse(common, 5000);
        const value = { composeType: snapshot.composeType ?? 'newMail', coercionType: 'text' };
        setTimeout(() => common.callback?.(succeeded(value, common.asyncContext)), 0);
      },
    };
  }
  return {
    ...shared,
    subject: field('subject', '1.1', asText),
    start: field('start', '1.1', asDate),
    end: field('end', '1.1', asDate),
    location: field('location', '1.1', asText),
    organizer: field('organizer', '1.7', asPerson),
    requiredAttendees: field('required', '1.1', asPeople),
    optionalAttendees: field('optional', '1.1', asPeople),
    saveAsync,
    getItemIdAsync,
  };
}

/** Outlook's checks of `notificationMessages` arguments (thrown synchronously, as Outlook does). */
function notification(key: unknown, details: unknown): NotificationDetails {
  if (typeof key !== 'string' || key.length === 0) throw argumentError('key');
  if (key.length > 32) throw argumentOutOfRange('key');
  const d = (details ?? {}) as Record<string, unknown>;
  const type = d.type;
  if (typeof type !== 'string' || !(NOTIFICATION_TYPES as readonly string[]).includes(type)) {
    throw argumentError('type');
  }
  const message = d.message;
  if (typeof message !== 'string' || message.length === 0) throw argumentError('message');
  if (message.length > 150) throw argumentOutOfRange('message');
  const result: NotificationDetails = { key, type: type as NotificationDetails['type'], message };
  if (type === 'informationalMessage' || type === 'insightMessage') {
    if (typeof d.icon !== 'string' || d.icon.length === 0) throw argumentError('icon');
    if (d.icon.length > 32) throw argumentOutOfRange('icon');
    result.icon = d.icon;
    if (type === 'informationalMessage') {
      if (typeof d.persistent !== 'boolean') throw argumentError('persistent');
      result.persistent = d.persistent;
    }
  } else if (d.icon !== undefined || d.persistent !== undefined) {
    throw argumentError(d.icon !== undefined ? 'icon' : 'persistent');
  }
  return result;
}

function categoryNames(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw argumentError('categories');
  for (const name of value) {
    if (typeof name !== 'string' || name.length === 0) throw argumentError('categories');
    if (name.length > 255) throw argumentOutOfRange('categories');
  }
  return value as string[];
}

export function masterCategoryList(value: unknown): { displayName: string; color: string }[] {
  if (!Array.isArray(value) || value.length === 0) throw argumentError('categories');
  return value.map((c: unknown) => {
    const category = c as { displayName?: unknown; color?: unknown };
    if (typeof category?.displayName !== 'string' || category.displayName.length === 0) {
      throw argumentError('categories');
    }
    const color = typeof category.color === 'string' ? category.color : 'None';
    if (!/^(None|Preset([0-9]|1[0-9]|2[0-4]))$/.test(color)) throw argumentError('categories');
    return { displayName: category.displayName, color };
  });
}
