/**
 * The postMessage protocol between the emulator's host page (the "Outlook" window) and the Office.js
 * shim loaded inside the task pane iframe. The shim owns no mailbox state: item properties arrive
 * as a snapshot with `init` / `itemChanged`, everything else is a request the host answers through
 * the emulator's internal API. Both sides are served from the emulator's origin; each checks the
 * other's window and origin on every message.
 */

export const CHANNEL = 'regarding-emulator/office';

export type ClientKind = 'desktop' | 'web' | 'mobile';
export const CLIENT_KINDS: readonly ClientKind[] = ['desktop', 'web', 'mobile'];

/** What a simulated Outlook client reports and supports. */
export type ClientProfile = {
  kind: ClientKind;
  label: string;
  /** `Office.context.platform` / `Office.context.diagnostics.platform`. */
  platform: 'PC' | 'OfficeOnline' | 'Android';
  /** `Office.context.mailbox.diagnostics.hostName`. */
  hostName: 'Outlook' | 'OutlookWebApp' | 'OutlookAndroid';
  hostVersion: string;
  /** Highest Mailbox requirement set the client implements. */
  mailboxVersion: '1.13' | '1.5';
  /** Categories (Mailbox 1.8) work on the item and the master list. */
  categories: boolean;
  /** The task pane can be pinned (read mode). */
  pinning: boolean;
};

export const CLIENT_PROFILES: Record<ClientKind, ClientProfile> = {
  desktop: {
    kind: 'desktop',
    label: 'Outlook on Windows',
    platform: 'PC',
    hostName: 'Outlook',
    hostVersion: '16.0.18025.20000',
    mailboxVersion: '1.13',
    categories: true,
    pinning: true,
  },
  web: {
    kind: 'web',
    label: 'Outlook on the web',
    platform: 'OfficeOnline',
    hostName: 'OutlookWebApp',
    hostVersion: '20241115004.09',
    mailboxVersion: '1.13',
    categories: true,
    pinning: false,
  },
  mobile: {
    kind: 'mobile',
    label: 'Outlook on Android',
    platform: 'Android',
    hostName: 'OutlookAndroid',
    hostVersion: '4.2446.1',
    mailboxVersion: '1.5',
    categories: false,
    pinning: false,
  },
};

export function isClientKind(value: unknown): value is ClientKind {
  return typeof value === 'string' && (CLIENT_KINDS as readonly string[]).includes(value);
}

export type Person = { name: string; address: string };

export type UserProfileSnapshot = { emailAddress: string; displayName: string; timeZone: string };

/**
 * One item as the pane sees it. `generation` identifies this selection: a request made for an
 * older generation fails with APICallFailedDueToItemChange, as in Outlook.
 */
export type ItemSnapshot = {
  generation: number;
  itemType: 'message' | 'appointment';
  /** Read: the message, or an appointment the user attends. Compose: a draft, or a meeting the user organizes. */
  mode: 'read' | 'compose';
  itemId: string;
  /**
   * Appointments: for the host page only. The shim does not expose it, as Outlook does not
   * (Mailbox 1.x has no iCalUId); the add-in asks the CRM, which reads it through Graph.
   */
  iCalUId: string | null;
  subject: string;
  from: Person | null;
  to: Person[];
  cc: Person[];
  internetMessageId: string | null;
  conversationId: string | null;
  createdAt: string;
  modifiedAt: string;
  start: string | null;
  end: string | null;
  location: string | null;
  organizer: Person | null;
  requiredAttendees: Person[];
  optionalAttendees: Person[];
  /** Compose only: reply or new mail. */
  composeType: 'newMail' | 'reply' | null;
};

export type InitPayload = {
  client: ClientProfile;
  user: UserProfileSnapshot;
  item: ItemSnapshot | null;
  displayLanguage: string;
  theme: 'light' | 'dark';
};

export type CategoryDetails = { displayName: string; color: string };

export const NOTIFICATION_TYPES = [
  'progressIndicator',
  'informationalMessage',
  'errorMessage',
  'insightMessage',
] as const;
/** An item's info-bar message (`item.notificationMessages`), as the host page shows it. */
export type NotificationDetails = {
  key: string;
  type: (typeof NOTIFICATION_TYPES)[number];
  message: string;
  icon?: string;
  persistent?: boolean;
};

/** Requests the shim makes; `args` and `result` per method. */
export type RequestMap = {
  'body.get': { args: { coercion: 'text' | 'html' }; result: string };
  'compose.get': {
    args: {
      field:
        | 'subject'
        | 'to'
        | 'cc'
        | 'bcc'
        | 'from'
        | 'organizer'
        | 'start'
        | 'end'
        | 'location'
        | 'required'
        | 'optional';
    };
    result: unknown;
  };
  'item.save': { args: Record<string, never>; result: string };
  'headers.get': { args: Record<string, never>; result: string };
  'customProperties.load': { args: Record<string, never>; result: Record<string, unknown> };
  'customProperties.save': { args: { values: Record<string, unknown> }; result: null };
  'categories.get': { args: Record<string, never>; result: CategoryDetails[] };
  'categories.add': { args: { names: string[] }; result: null };
  'categories.remove': { args: { names: string[] }; result: null };
  'masterCategories.get': { args: Record<string, never>; result: CategoryDetails[] };
  'masterCategories.add': { args: { categories: CategoryDetails[] }; result: null };
  'masterCategories.remove': { args: { names: string[] }; result: null };
  'notifications.add': { args: NotificationDetails; result: null };
  'notifications.replace': { args: NotificationDetails; result: null };
  'notifications.remove': { args: { key: string }; result: null };
  'notifications.getAll': { args: Record<string, never>; result: NotificationDetails[] };
};
export type RequestMethod = keyof RequestMap;

/** Pane -> host. */
export type PaneMessage =
  | { channel: typeof CHANNEL; kind: 'hello' }
  /** A function command (Office.actions.associate handler) called `event.completed()`. */
  | { channel: typeof CHANNEL; kind: 'completed'; name: string }
  | {
      channel: typeof CHANNEL;
      kind: 'request';
      id: number;
      /** The item generation the call is about (null: mailbox-level calls). */
      generation: number | null;
      method: RequestMethod;
      args: unknown;
    };

/** Host -> pane. */
export type HostMessage =
  | { channel: typeof CHANNEL; kind: 'init'; payload: InitPayload }
  | { channel: typeof CHANNEL; kind: 'itemChanged'; item: ItemSnapshot | null }
  /** Run a function command of the function file (`Office.actions.associate` name). */
  | { channel: typeof CHANNEL; kind: 'invoke'; name: string }
  | { channel: typeof CHANNEL; kind: 'response'; id: number; ok: true; value: unknown }
  | { channel: typeof CHANNEL; kind: 'response'; id: number; ok: false; code: OutlookErrorCode };

/**
 * The Office.js error codes the emulated host can answer with (Outlook's own numbers and names:
 * `@microsoft/office-js` outlook-*.js `addErrorMessage` and the common `ooe*` table).
 */
export const OUTLOOK_ERRORS = {
  5000: { name: 'Host Error', message: 'The operation is not supported.' },
  5001: { name: 'Internal Error', message: 'An internal error has occurred.' },
  5003: {
    name: 'Event Registration Error',
    message: 'The specified event handler was not found for this binding.',
  },
  9002: { name: 'InternalFormatError', message: 'There was an internal format error.' },
  9017: { name: 'AccessRestricted', message: '' },
  9020: { name: 'GenericResponseError', message: '' },
  9023: { name: 'DuplicateNotificationKey', message: 'A notification with the provided key already exists.' },
  9024: { name: 'NotificationKeyNotFound', message: 'There are no notifications with the provided key.' },
  9025: {
    name: 'NumberOfNotificationsExceeded',
    message: "The notification couldn't be added because the notification limit has been reached.",
  },
  9030: {
    name: 'APICallFailedDueToItemChange',
    message: 'The selected item has been changed.',
  },
  9031: {
    name: 'InvalidParameterValueError',
    message: 'One or more of the parameter values are not valid.',
  },
  9041: {
    name: 'NetworkError',
    message:
      'The user is no longer connected to the network. Please check your network connection and try again.',
  },
  9042: {
    name: 'InternalServerError',
    message:
      'The Exchange server returned an error. Please look at the diagnostics object for more information.',
  },
  9044: { name: 'InvalidCategory', message: 'Invalid categories were provided.' },
  9045: {
    name: 'DuplicateCategory',
    message: 'One of the categories provided is already in the master category list.',
  },
  9046: { name: 'ItemNotSaved', message: "The id can't be retrieved until the item is saved." },
  9049: { name: 'ItemNotFound', message: 'The item does not exist or has not been created.' },
} as const;
export type OutlookErrorCode = keyof typeof OUTLOOK_ERRORS;

export function isOutlookErrorCode(code: unknown): code is OutlookErrorCode {
  return typeof code === 'number' && Object.prototype.hasOwnProperty.call(OUTLOOK_ERRORS, code);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isPaneMessage(data: unknown): data is PaneMessage {
  if (!isObject(data) || data.channel !== CHANNEL) return false;
  if (data.kind === 'hello') return true;
  if (data.kind === 'completed') return typeof data.name === 'string';
  return data.kind === 'request' && typeof data.id === 'number' && typeof data.method === 'string';
}

export function isHostMessage(data: unknown): data is HostMessage {
  if (!isObject(data) || data.channel !== CHANNEL) return false;
  if (data.kind === 'init') return isObject(data.payload);
  if (data.kind === 'itemChanged') return data.item === null || isObject(data.item);
  if (data.kind === 'invoke') return typeof data.name === 'string';
  return data.kind === 'response' && typeof data.id === 'number' && typeof data.ok === 'boolean';
}

/** Compares dotted versions: `1.13` > `1.5`. */
export function versionAtMost(version: string, max: string): boolean {
  const a = version.split('.').map((p) => Number(p));
  const b = max.split('.').map((p) => Number(p));
  if (a.some((n) => !Number.isInteger(n) || n < 0)) return false;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return true;
}
