import {
  argumentError,
  argumentOutOfRange,
  deliver,
  parseCommonArgs,
  refuse,
  type AsyncCallback,
} from './async';
import type {
  CategoryDetails,
  ClientProfile,
  ItemSnapshot,
  NotificationDetails,
  Person,
  RequestMap,
  RequestMethod,
} from './protocol';
import { MARKER_MAX_CHARS } from '#contract/limits';
import { NOTIFICATION_TYPES, versionAtMost } from './protocol';
import type { CallResult, HostChannel } from './transport';

/**
 * The capabilities an item has in every mode (body, categories, custom properties, notification
 * messages) and what the per-mode builders of `item.ts` share: one selection's channel to the host.
 */

/** Outlook's limit on one item's custom properties, as JSON (the contract's marker budget). */
export const MAX_CUSTOM_PROPERTIES_LENGTH = MARKER_MAX_CHARS;
const DATE_PREFIX = 'Date(';

export type ItemContext = { host: HostChannel; client: ClientProfile; userAddress: string };

/** One selection: calls reach the host for this item only (a later selection fails them). */
export type ItemScope = {
  snapshot: ItemSnapshot;
  client: ClientProfile;
  call<M extends RequestMethod>(
    method: M,
    args: RequestMap[M]['args'],
  ): Promise<CallResult<RequestMap[M]['result']>>;
  /** The client implements the requirement set `version` of Mailbox. */
  supports(version: string): boolean;
  details(person: Person): Office.EmailAddressDetails;
};

export function itemScope(snapshot: ItemSnapshot, ctx: ItemContext): ItemScope {
  return {
    snapshot,
    client: ctx.client,
    call: (method, args) => ctx.host.call(method, args, snapshot.generation),
    supports: (version) => versionAtMost(version, ctx.client.mailboxVersion),
    details: (person) => details(person, ctx.userAddress),
  };
}

function details(person: Person, userAddress: string): Office.EmailAddressDetails {
  const internal = domainOf(person.address) === domainOf(userAddress);
  return {
    displayName: person.name,
    emailAddress: person.address,
    appointmentResponse: 'none' as Office.MailboxEnums.ResponseType,
    recipientType: (internal ? 'user' : 'externalUser') as Office.MailboxEnums.RecipientType,
  };
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

export function bodyOf({ call }: ItemScope) {
  return {
    getAsync(coercionType: unknown, ...rest: unknown[]) {
      if (coercionType !== 'text' && coercionType !== 'html') throw argumentError('coercionType');
      const common = parseCommonArgs<string>(rest, true);
      deliver(common, call('body.get', { coercion: coercionType }), (v) => v);
    },
  };
}

/** Categories as Office.js types them (the host already spells colors `Preset0`..). */
export function officeCategories(list: CategoryDetails[]): Office.CategoryDetails[] {
  return list.map((c) => ({
    displayName: c.displayName,
    color: c.color as unknown as Office.MailboxEnums.CategoryColor,
  }));
}

/** `item.categories`; clients without categories (mobile) refuse every call. */
export function categoriesOf({ call, client }: ItemScope) {
  return {
    getAsync(...args: unknown[]) {
      const common = parseCommonArgs<Office.CategoryDetails[]>(args, true);
      if (!client.categories) return refuse(common, 5000);
      deliver(common, call('categories.get', {}), officeCategories);
    },
    addAsync(names: unknown, ...rest: unknown[]) {
      const list = categoryNames(names);
      const common = parseCommonArgs<void>(rest, false);
      if (!client.categories) return refuse(common, 5000);
      deliver(common, call('categories.add', { names: list }), () => undefined);
    },
    removeAsync(names: unknown, ...rest: unknown[]) {
      const list = categoryNames(names);
      const common = parseCommonArgs<void>(rest, false);
      if (!client.categories) return refuse(common, 5000);
      deliver(common, call('categories.remove', { names: list }), () => undefined);
    },
  };
}

/** `item.loadCustomPropertiesAsync`: a local copy of the properties, saved back by `saveAsync`. */
export function customPropertiesLoader({ call }: ItemScope) {
  return (...args: unknown[]) => {
    const common = parseCommonArgs<ShimCustomProperties>(args, true, true);
    const save = (next: Record<string, unknown>, callback?: AsyncCallback<void>, asyncContext?: unknown) =>
      deliver({ callback, asyncContext }, call('customProperties.save', { values: next }), () => undefined);
    deliver(common, call('customProperties.load', {}), (values) => new ShimCustomProperties(values, save));
  };
}

export function notificationMessagesOf({ call }: ItemScope) {
  return {
    addAsync(key: unknown, details: unknown, ...rest: unknown[]) {
      const message = notification(key, details);
      const common = parseCommonArgs<void>(rest, false);
      deliver(common, call('notifications.add', message), () => undefined);
    },
    replaceAsync(key: unknown, details: unknown, ...rest: unknown[]) {
      const message = notification(key, details);
      const common = parseCommonArgs<void>(rest, false);
      deliver(common, call('notifications.replace', message), () => undefined);
    },
    removeAsync(key: unknown, ...rest: unknown[]) {
      if (typeof key !== 'string' || key.length === 0) throw argumentError('key');
      const common = parseCommonArgs<void>(rest, false);
      deliver(common, call('notifications.remove', { key }), () => undefined);
    },
    getAllAsync(...args: unknown[]) {
      const common = parseCommonArgs<NotificationDetails[]>(args, true);
      deliver(common, call('notifications.getAll', {}), (list) => list);
    },
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
