import {
  ADDRESS_MAX_CHARS,
  LOCATION_MAX_CHARS,
  MARKER_MAX_CHARS,
  MARKER_PROPERTY,
  PERSON_NAME_MAX_CHARS,
  SUBJECT_MAX_CHARS,
  TRACKED_CATEGORY,
  TrackingMarker,
  parseMarker,
  type ItemPerson,
  type PartyRole,
} from '#contract';
import { err, ok, type Result } from '#browser/result';
import { detectCapabilities } from './capabilities';
import { parseInternetHeaders } from './headers';
import type {
  CategoryOutcome,
  ItemBody,
  ItemContext,
  NotificationKind,
  OfficeAdapter,
  OfficeError,
  OfficeResult,
  OfficeThemeColors,
} from './types';

/*
 * The only module that touches Office.js. Office's item object differs by mode (read: plain
 * properties; compose: objects with getAsync), so it is read through the loose structural types
 * below rather than the union types of @types/office-js; everything leaving this file is plain data.
 */

type AsyncResult<T> = {
  status: string;
  value: T;
  error?: { code?: number; name?: string; message?: string };
};
type Callback<T> = (result: AsyncResult<T>) => void;
type EmailDetails = { emailAddress?: string; displayName?: string };
type AsyncGetter<T> = { getAsync(options: unknown, callback: Callback<T>): void };
type Value<T> = T | AsyncGetter<T>;

type CustomProperties = {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  getAll?(): Record<string, unknown>;
  saveAsync(callback: Callback<void>): void;
};

type LooseItem = {
  itemType?: string;
  itemId?: string;
  subject?: Value<string>;
  from?: Value<EmailDetails>;
  to?: Value<EmailDetails[]>;
  cc?: Value<EmailDetails[]>;
  organizer?: Value<EmailDetails>;
  requiredAttendees?: Value<EmailDetails[]>;
  optionalAttendees?: Value<EmailDetails[]>;
  start?: Value<Date>;
  end?: Value<Date>;
  location?: Value<string>;
  dateTimeCreated?: Date;
  internetMessageId?: string;
  conversationId?: string;
  body?: { getAsync(coercion: string, callback: Callback<string>): void };
  getItemIdAsync?(callback: Callback<string>): void;
  getAllInternetHeadersAsync?(callback: Callback<string>): void;
  loadCustomPropertiesAsync?(callback: Callback<CustomProperties>): void;
  categories?: {
    addAsync(names: string[], callback: Callback<void>): void;
    removeAsync(names: string[], callback: Callback<void>): void;
  };
  notificationMessages?: {
    replaceAsync(key: string, message: Record<string, unknown>, callback: Callback<void>): void;
  };
};

type LooseMailbox = {
  item?: LooseItem | null;
  userProfile?: { displayName?: string; emailAddress?: string; timeZone?: string };
  diagnostics?: { hostName?: string; hostVersion?: string };
  masterCategories?: {
    getAsync(callback: Callback<{ displayName: string; color: string }[]>): void;
    addAsync(categories: { displayName: string; color: string }[], callback: Callback<void>): void;
  };
  addHandlerAsync?(eventType: string, handler: () => void, callback?: Callback<void>): void;
  removeHandlerAsync?(eventType: string, callback?: Callback<void>): void;
  convertToRestId?(itemId: string, restVersion: string): string;
};

type LooseDialog = {
  addEventHandler(type: string, handler: (arg: { message?: string; error?: number }) => void): void;
  close(): void;
};

/** The part of the `Office` namespace the adapter uses. */
export type OfficeNamespace = {
  context: {
    mailbox: LooseMailbox;
    diagnostics?: { platform?: string; version?: string };
    requirements?: { isSetSupported(name: string, version?: string): boolean };
    officeTheme?: {
      bodyBackgroundColor: string;
      bodyForegroundColor: string;
      controlBackgroundColor: string;
      controlForegroundColor: string;
    };
    ui?: {
      displayDialogAsync?(
        url: string,
        options: Record<string, unknown>,
        callback: Callback<LooseDialog>,
      ): void;
    };
  };
};

const ITEM_CHANGED = 'olkItemSelectedChanged';
const NOTIFICATION_KEY = 'regarding-status';
/** Outlook caps info bar messages at 150 characters. */
const NOTIFICATION_MAX = 150;
/** Office.js code for "the dialog was closed by the user". */
const DIALOG_CLOSED_CODE = 12006;

export function officeError(
  code: OfficeError['code'],
  message: string,
  cause?: AsyncResult<unknown>['error'],
) {
  const error: OfficeError = { kind: 'office', code, message };
  if (cause?.code !== undefined) error.officeCode = cause.code;
  if (cause?.name !== undefined) error.officeName = cause.name;
  return error;
}

/** Wraps an Office callback API: success is a value, failure (or a throw) a typed error. */
function officeCall<T>(what: string, invoke: (callback: Callback<T>) => void): OfficeResult<T> {
  return new Promise((resolve) => {
    try {
      invoke((result) => {
        if (result.status === 'succeeded') resolve(ok(result.value));
        else
          resolve(
            err(
              officeError(
                'office_failed',
                `${what}: ${result.error?.message ?? 'Outlook reported a failure'}`,
                result.error,
              ),
            ),
          );
      });
    } catch (e) {
      resolve(err(officeError('office_failed', `${what}: ${e instanceof Error ? e.message : String(e)}`)));
    }
  });
}

function isAsyncGetter<T>(value: Value<T> | undefined): value is AsyncGetter<T> {
  return (
    typeof value === 'object' && value !== null && typeof (value as AsyncGetter<T>).getAsync === 'function'
  );
}

/** Reads a property that is plain in read mode and asynchronous in compose mode. */
async function readValue<T>(
  what: string,
  value: Value<T> | undefined,
): Promise<Result<T | undefined, OfficeError>> {
  if (value === undefined || value === null) return ok(undefined);
  if (!isAsyncGetter(value)) return ok(value);
  return officeCall<T>(what, (cb) => value.getAsync({}, cb));
}

function toIso(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
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

function sameAddress(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
}

function luminance(hex: string): number | null {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m?.[1]) return null;
  const n = parseInt(m[1], 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function createOfficeAdapter(office: OfficeNamespace): OfficeAdapter {
  const mailbox = office.context.mailbox;
  const capabilities = detectCapabilities(office);
  const userProfile = {
    displayName: mailbox.userProfile?.displayName ?? '',
    emailAddress: mailbox.userProfile?.emailAddress ?? '',
    timeZone: mailbox.userProfile?.timeZone ?? '',
  };

  // The Office item object each handle was read from: Outlook replaces the object on every
  // selection change, so identity tells whether a context still describes the selected item.
  const handles = new Map<string, LooseItem>();
  let nextHandle = 1;

  function current(context: ItemContext): Result<LooseItem, OfficeError> {
    const item = mailbox.item;
    const was = handles.get(context.handle);
    if (!item) return err(officeError('item_changed', 'No item is selected any more.'));
    if (item === was || (context.itemId !== null && item.itemId === context.itemId)) return ok(item);
    return err(officeError('item_changed', 'Outlook moved to another item.'));
  }

  async function getItem(): OfficeResult<ItemContext | null> {
    const item = mailbox.item;
    if (!item) return ok(null);
    const kind = item.itemType === 'appointment' ? 'appointment' : 'email';
    const mode = isAsyncGetter(item.subject) ? 'compose' : 'read';
    const warnings: OfficeError[] = [];

    const subject = await readValue('Reading the subject', item.subject);
    if (!subject.ok) return subject;

    const found: ItemPerson[] = [];
    const add = async (
      role: PartyRole,
      what: string,
      value: Value<EmailDetails[]> | Value<EmailDetails> | undefined,
    ) => {
      const r = await readValue<EmailDetails[] | EmailDetails>(
        what,
        value as Value<EmailDetails[] | EmailDetails>,
      );
      if (!r.ok) return r;
      found.push(...people(role, r.value));
      return ok(undefined);
    };
    const reads =
      kind === 'email'
        ? [
            // In compose, `from` needs Mailbox 1.7 and is the user; the user is left out anyway.
            mode === 'read' ? add('from', 'Reading the sender', item.from) : Promise.resolve(ok(undefined)),
            add('to', 'Reading To', item.to),
            add('cc', 'Reading Cc', item.cc),
          ]
        : [
            add('organizer', 'Reading the organizer', item.organizer),
            add('required', 'Reading required attendees', item.requiredAttendees),
            add('optional', 'Reading optional attendees', item.optionalAttendees),
          ];
    for (const r of await Promise.all(reads)) if (!r.ok) return r;
    const order: PartyRole[] = ['from', 'organizer', 'to', 'required', 'cc', 'optional'];
    found.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));

    let itemId: string | null = item.itemId ?? null;
    if (!itemId && mode === 'compose' && typeof item.getItemIdAsync === 'function') {
      const id = await officeCall<string>('Reading the draft id', (cb) => item.getItemIdAsync!(cb));
      // An unsaved draft has no id yet (Outlook reports an error): that is expected, not a warning.
      if (id.ok && id.value) itemId = id.value;
    }

    const context: ItemContext = {
      handle: String(nextHandle++),
      mode,
      kind,
      role: null,
      key: null,
      itemId,
      subject: (subject.value ?? '').slice(0, SUBJECT_MAX_CHARS),
      people: found,
      userAddress: userProfile.emailAddress,
    };

    if (kind === 'appointment') {
      const organizer = found.find((p) => p.role === 'organizer');
      // Compose mode is Outlook's organizer form; in read mode the user may still be the organizer.
      context.role =
        mode === 'compose' || sameAddress(organizer?.address, userProfile.emailAddress)
          ? 'organizer'
          : 'attendee';
      const [start, end, location] = await Promise.all([
        readValue('Reading the start', item.start),
        readValue('Reading the end', item.end),
        readValue('Reading the location', item.location),
      ]);
      for (const r of [start, end, location]) if (!r.ok) return r;
      if (start.ok) context.start = toIso(start.value as Date | undefined);
      if (end.ok) context.end = toIso(end.value as Date | undefined);
      if (location.ok && typeof location.value === 'string' && location.value)
        context.location = location.value.slice(0, LOCATION_MAX_CHARS);
    } else if (mode === 'read') {
      context.sentAt = toIso(item.dateTimeCreated);
    }
    context.key = keyOf(item, kind, mode);
    if (kind === 'appointment') context.restId = restIdOf(itemId);
    if (item.conversationId) context.conversationId = item.conversationId;

    if (
      kind === 'email' &&
      mode === 'read' &&
      capabilities.internetHeaders &&
      item.getAllInternetHeadersAsync
    ) {
      const headers = await officeCall<string>('Reading the internet headers', (cb) =>
        item.getAllInternetHeadersAsync!(cb),
      );
      if (headers.ok) {
        const parsed = parseInternetHeaders(headers.value);
        if (parsed.inReplyTo) context.inReplyTo = parsed.inReplyTo;
        if (parsed.references.length > 0) context.references = parsed.references;
      } else {
        warnings.push(headers.error);
      }
    }
    if (warnings.length > 0) context.warnings = warnings;
    for (const [handle, was] of handles) if (was !== item) handles.delete(handle);
    handles.set(context.handle, item);
    return ok(context);
  }

  /**
   * The tracking key. Email in read mode: `internetMessageId` (Mailbox 1.1). Compose: no key until
   * sent. Appointments: Mailbox 1.x has no iCalUId, only the item id, which differs per mailbox
   * and cannot key a shared meeting; the adapter gives the item's REST id (`restId`) and the
   * tracking layer asks the CRM for the iCalUId (`completeItemKey`).
   */
  function keyOf(item: LooseItem, kind: ItemContext['kind'], mode: ItemContext['mode']): string | null {
    if (kind === 'email') return mode === 'read' && item.internetMessageId ? item.internetMessageId : null;
    return null;
  }

  /** The Graph (REST v2.0) form of an item id, which the CRM uses to look the item up. */
  function restIdOf(itemId: string | null): string | null {
    if (!itemId) return null;
    if (typeof mailbox.convertToRestId !== 'function') return itemId;
    try {
      return mailbox.convertToRestId(itemId, 'v2.0');
    } catch {
      return null;
    }
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

  async function loadProperties(context: ItemContext): OfficeResult<CustomProperties> {
    const item = current(context);
    if (!item.ok) return item;
    const load = item.value.loadCustomPropertiesAsync;
    if (typeof load !== 'function')
      return err(officeError('unsupported', 'Outlook does not support custom properties here.'));
    return officeCall<CustomProperties>('Loading custom properties', (cb) => load.call(item.value, cb));
  }

  async function readMarker(context: ItemContext): OfficeResult<TrackingMarker | null> {
    const props = await loadProperties(context);
    if (!props.ok) return props;
    return ok(parseMarker(props.value.get(MARKER_PROPERTY)));
  }

  async function writeMarker(context: ItemContext, marker: TrackingMarker): OfficeResult<void> {
    const parsed = TrackingMarker.safeParse(marker);
    if (!parsed.success)
      return err(officeError('invalid_marker', `The marker is invalid: ${parsed.error.issues[0]?.message}`));
    const props = await loadProperties(context);
    if (!props.ok) return props;
    // The limit applies to all of the add-in's custom properties together (one JSON value).
    const others = { ...(props.value.getAll?.() ?? {}) };
    delete others[MARKER_PROPERTY];
    const total = JSON.stringify({ ...others, [MARKER_PROPERTY]: parsed.data }).length;
    if (total > MARKER_MAX_CHARS)
      return err(
        officeError(
          'marker_too_large',
          `The marker needs ${total} of at most ${MARKER_MAX_CHARS} characters.`,
        ),
      );
    const stillCurrent = current(context);
    if (!stillCurrent.ok) return stillCurrent;
    props.value.set(MARKER_PROPERTY, parsed.data);
    return officeCall<void>('Saving the marker', (cb) => props.value.saveAsync(cb));
  }

  async function removeMarker(context: ItemContext): OfficeResult<void> {
    const props = await loadProperties(context);
    if (!props.ok) return props;
    if (props.value.get(MARKER_PROPERTY) === undefined) return ok(undefined);
    props.value.remove(MARKER_PROPERTY);
    return officeCall<void>('Removing the marker', (cb) => props.value.saveAsync(cb));
  }

  async function ensureMasterCategory(name: string): OfficeResult<void> {
    const master = mailbox.masterCategories;
    if (!master) return err(officeError('unsupported', 'Outlook has no master categories here.'));
    const list = await officeCall(
      'Reading master categories',
      (cb: Callback<{ displayName: string; color: string }[]>) => master.getAsync(cb),
    );
    if (!list.ok) return list;
    if ((list.value ?? []).some((c) => c.displayName === name)) return ok(undefined);
    const added = await officeCall<void>('Creating the category', (cb) =>
      master.addAsync([{ displayName: name, color: 'Preset4' }], cb),
    );
    // Another pane or client may have created it meanwhile.
    if (!added.ok && added.error.officeName === 'DuplicateCategory') return ok(undefined);
    return added;
  }

  async function addCategory(context: ItemContext, name = TRACKED_CATEGORY): OfficeResult<CategoryOutcome> {
    if (!capabilities.categories) return ok('unsupported');
    const item = current(context);
    if (!item.ok) return item;
    const categories = item.value.categories;
    if (!categories) return ok('unsupported');
    const master = await ensureMasterCategory(name);
    if (!master.ok) return master;
    const added = await officeCall<void>('Adding the category', (cb) => categories.addAsync([name], cb));
    return added.ok ? ok('done') : added;
  }

  async function removeCategory(
    context: ItemContext,
    name = TRACKED_CATEGORY,
  ): OfficeResult<CategoryOutcome> {
    if (!capabilities.categories) return ok('unsupported');
    const item = current(context);
    if (!item.ok) return item;
    const categories = item.value.categories;
    if (!categories) return ok('unsupported');
    const removed = await officeCall<void>('Removing the category', (cb) =>
      categories.removeAsync([name], cb),
    );
    return removed.ok ? ok('done') : removed;
  }

  const itemListeners = new Set<() => void>();
  let handlerRegistered = false;
  function dispatchItemChanged() {
    for (const listener of [...itemListeners]) listener();
  }

  function onItemChanged(callback: () => void, onError?: (error: OfficeError) => void): () => void {
    if (!capabilities.pinning || typeof mailbox.addHandlerAsync !== 'function') {
      onError?.(officeError('unsupported', 'This Outlook cannot pin the pane to follow the selection.'));
      return () => undefined;
    }
    itemListeners.add(callback);
    if (!handlerRegistered) {
      handlerRegistered = true;
      void officeCall<void>('Listening for item changes', (cb) =>
        mailbox.addHandlerAsync!(ITEM_CHANGED, dispatchItemChanged, cb),
      ).then((r) => {
        if (!r.ok) {
          handlerRegistered = false;
          onError?.(r.error);
        }
      });
    }
    return () => {
      itemListeners.delete(callback);
      if (itemListeners.size === 0 && handlerRegistered && mailbox.removeHandlerAsync) {
        handlerRegistered = false;
        void officeCall<void>('Stopping item change events', (cb) =>
          mailbox.removeHandlerAsync!(ITEM_CHANGED, cb),
        ).then((r) => {
          if (!r.ok) onError?.(r.error);
        });
      }
    };
  }

  async function notify(context: ItemContext, kind: NotificationKind, message: string): OfficeResult<void> {
    const item = current(context);
    if (!item.ok) return item;
    const messages = item.value.notificationMessages;
    if (!messages) return err(officeError('unsupported', 'Outlook cannot show notifications here.'));
    const text = message.length > NOTIFICATION_MAX ? `${message.slice(0, NOTIFICATION_MAX - 1)}…` : message;
    const details: Record<string, unknown> =
      kind === 'info'
        ? { type: 'informationalMessage', message: text, icon: 'Icon.16x16', persistent: false }
        : { type: kind === 'error' ? 'errorMessage' : 'progressIndicator', message: text };
    return officeCall<void>('Showing a notification', (cb) =>
      messages.replaceAsync(NOTIFICATION_KEY, details, cb),
    );
  }

  async function openDialog(
    url: string,
    options: { width?: number; height?: number } = {},
  ): OfficeResult<string> {
    const display = office.context.ui?.displayDialogAsync;
    if (!capabilities.dialog || typeof display !== 'function')
      return err(officeError('unsupported', 'Outlook cannot open a dialog here.'));
    const opened = await officeCall<LooseDialog>('Opening the dialog', (cb) =>
      display.call(
        office.context.ui,
        url,
        { width: options.width ?? 40, height: options.height ?? 60, promptBeforeOpen: false },
        cb,
      ),
    );
    if (!opened.ok) return err({ ...opened.error, code: 'dialog_failed' });
    const dialog = opened.value;
    return new Promise((resolve) => {
      dialog.addEventHandler('dialogMessageReceived', (arg) => {
        dialog.close();
        resolve(ok(arg.message ?? ''));
      });
      dialog.addEventHandler('dialogEventReceived', (arg) => {
        resolve(
          err(
            arg.error === DIALOG_CLOSED_CODE
              ? officeError('dialog_closed', 'The sign-in window was closed.', { code: arg.error })
              : officeError('dialog_failed', 'The sign-in window failed.', { code: arg.error }),
          ),
        );
      });
    });
  }

  function theme(): OfficeThemeColors | null {
    const t = office.context.officeTheme;
    if (!t?.bodyBackgroundColor) return null;
    const l = luminance(t.bodyBackgroundColor);
    return {
      bodyBackgroundColor: t.bodyBackgroundColor,
      bodyForegroundColor: t.bodyForegroundColor,
      controlBackgroundColor: t.controlBackgroundColor,
      controlForegroundColor: t.controlForegroundColor,
      isDark: l !== null && l < 0.2,
    };
  }

  return {
    capabilities,
    userProfile,
    theme,
    getItem,
    getBody,
    readMarker,
    writeMarker,
    removeMarker,
    addCategory,
    removeCategory,
    onItemChanged,
    notify,
    openDialog,
  };
}
