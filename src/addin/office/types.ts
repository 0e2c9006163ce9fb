import type { ItemPerson, TrackedKind, TrackingMarker } from '#contract';
import type { Result } from '#browser/result';

/**
 * Plain data about Outlook, produced by the Office adapter (the only code touching Office.js).
 * Everything outside `src/addin/office/` works with these types only.
 */

export type ItemMode = 'read' | 'compose';
export type ItemKind = TrackedKind;
/** For appointments: whether the user organizes or attends it. `null` for email. */
export type ItemRole = 'organizer' | 'attendee' | null;

export type ItemContext = {
  /**
   * Identifies this selection of this item. Adapter operations take the whole context and refuse
   * (`item_changed`) when Outlook has meanwhile moved to another item, so work for a previous
   * item is never applied to the new one.
   */
  readonly handle: string;
  mode: ItemMode;
  kind: ItemKind;
  role: ItemRole;
  /**
   * The tracking key: the internet message id for email, the iCalUId for appointments. `null`
   * when Outlook does not expose it: a message being composed (it gets one when sent) or an
   * appointment whose iCalUId the CRM could not look up yet (then server-side sync finishes tracking from the
   * pending marker).
   */
  key: string | null;
  /** The EWS/REST item id in the user's mailbox; `null` for an unsaved draft. */
  itemId: string | null;
  /** Appointments: the item id in Graph's (REST v2.0) form, to look up the iCalUId. */
  restId?: string | null;
  subject: string;
  /** Every address on the item with its role (from/to/cc; organizer/required/optional). */
  people: ItemPerson[];
  /** The signed-in user's own address (the pane leaves it out of the people list). */
  userAddress: string;
  /** Email: when it was sent (Office.js exposes the creation time); ISO 8601. */
  sentAt?: string;
  /** Appointments: start and end, ISO 8601. */
  start?: string;
  end?: string;
  location?: string;
  conversationId?: string;
  /** Email in read mode, from the internet headers (Mailbox 1.8) where available. */
  inReplyTo?: string;
  references?: string[];
  /** Optional parts Outlook failed to give (e.g. the internet headers); the rest is usable. */
  warnings?: OfficeError[];
};

export type ItemBody = { contentType: 'text' | 'html'; content: string };

export type ClientKind = 'desktop' | 'web' | 'mobile';

export type Capabilities = {
  client: ClientKind;
  /** Office.context.diagnostics.platform / mailbox.diagnostics.hostName, for diagnostics. */
  platform: string;
  hostName: string;
  hostVersion: string;
  /** Highest supported Mailbox requirement set, e.g. "1.8". */
  mailboxVersion: string;
  /** Item and master categories (Mailbox 1.8, not on mobile). */
  categories: boolean;
  /** A pinned task pane that follows the selection (ItemChanged, Mailbox 1.5, not on mobile). */
  pinning: boolean;
  /** getAllInternetHeadersAsync (Mailbox 1.8). */
  internetHeaders: boolean;
  /** Office dialog API (displayDialogAsync), used as the last sign-in fallback. */
  dialog: boolean;
};

export type UserProfile = { displayName: string; emailAddress: string; timeZone: string };

export type OfficeThemeColors = {
  bodyBackgroundColor: string;
  bodyForegroundColor: string;
  controlBackgroundColor: string;
  controlForegroundColor: string;
  /** Derived from the body background's luminance. */
  isDark: boolean;
};

export type OfficeErrorCode =
  /** The client lacks the requirement set the operation needs. */
  | 'unsupported'
  /** No item is selected (pinned pane with nothing selected). */
  | 'no_item'
  /** Outlook moved to another item since the context was read. */
  | 'item_changed'
  /** The marker would exceed the 2,500-character custom property limit. */
  | 'marker_too_large'
  /** The marker does not match the contract's marker schema. */
  | 'invalid_marker'
  /** An Office.js callback reported failure (see officeCode/officeName). */
  | 'office_failed'
  /** The dialog was closed by the user or could not open. */
  | 'dialog_closed'
  | 'dialog_failed';

export type OfficeError = {
  kind: 'office';
  code: OfficeErrorCode;
  message: string;
  /** Office.js error code and name when the error came from an Office callback. */
  officeCode?: number;
  officeName?: string;
};

export type OfficeResult<T> = Promise<Result<T, OfficeError>>;

/** What happened to a category request: `unsupported` where the client has no categories (mobile). */
export type CategoryOutcome = 'done' | 'unsupported';

export type NotificationKind = 'info' | 'error' | 'progress';

export interface OfficeAdapter {
  readonly capabilities: Capabilities;
  readonly userProfile: UserProfile;
  /** Outlook's theme colors (Mailbox 1.14) or `null` when the client does not expose them. */
  theme(): OfficeThemeColors | null;
  /** The selected item as plain data; `ok(null)` when nothing is selected. */
  getItem(): OfficeResult<ItemContext | null>;
  /** The item's body, read on demand (it can be large). */
  getBody(item: ItemContext, preferred?: 'text' | 'html'): OfficeResult<ItemBody>;
  readMarker(item: ItemContext): OfficeResult<TrackingMarker | null>;
  /** Validates, serializes (at most 2,500 characters) and saves the marker in the item's custom properties. */
  writeMarker(item: ItemContext, marker: TrackingMarker): OfficeResult<void>;
  removeMarker(item: ItemContext): OfficeResult<void>;
  /** Adds "Tracked to Regarding" (creating the master category first when missing). */
  addCategory(item: ItemContext, name?: string): OfficeResult<CategoryOutcome>;
  removeCategory(item: ItemContext, name?: string): OfficeResult<CategoryOutcome>;
  /** Calls back whenever the selection changes, including to no item. Returns an unsubscribe. */
  onItemChanged(callback: () => void, onError?: (error: OfficeError) => void): () => void;
  /** A message in the item's info bar (used by the ribbon command, which has no pane). */
  notify(item: ItemContext, kind: NotificationKind, message: string): OfficeResult<void>;
  /** Opens an Office dialog at `url` and resolves with the first message it sends back. */
  openDialog(url: string, options?: { width?: number; height?: number }): OfficeResult<string>;
}
