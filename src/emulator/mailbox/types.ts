/**
 * The emulated Exchange store's data model. Field names follow Microsoft Graph (v1.0) so that
 * serializing an item to Graph JSON is a projection, not a translation.
 */
export type EmailAddress = { name: string; address: string };
export type Recipient = { emailAddress: EmailAddress };

export type InternetMessageHeader = { name: string; value: string };
export type ExtendedProperty = { id: string; value: string };

export type WellKnownFolder = 'inbox' | 'sentitems' | 'drafts' | 'deleteditems' | 'calendar';
export const WELL_KNOWN_FOLDERS: readonly WellKnownFolder[] = [
  'inbox',
  'sentitems',
  'drafts',
  'deleteditems',
  'calendar',
];

export const FOLDER_DISPLAY_NAMES: Record<WellKnownFolder, string> = {
  inbox: 'Inbox',
  sentitems: 'Sent Items',
  drafts: 'Drafts',
  deleteditems: 'Deleted Items',
  calendar: 'Calendar',
};

export type ItemBody = { contentType: 'text' | 'html'; content: string };

type ItemBase = {
  /** Immutable id (stays the same when the item moves between folders). */
  id: string;
  folderId: string;
  changeKey: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  subject: string;
  body: ItemBody;
  categories: string[];
  singleValueExtendedProperties: ExtendedProperty[];
};

export type MessageItem = ItemBase & {
  kind: 'message';
  internetMessageId: string;
  conversationId: string;
  conversationIndex: string;
  from: Recipient | null;
  sender: Recipient | null;
  toRecipients: Recipient[];
  ccRecipients: Recipient[];
  bccRecipients: Recipient[];
  replyTo: Recipient[];
  receivedDateTime: string;
  sentDateTime: string | null;
  isRead: boolean;
  isDraft: boolean;
  importance: 'low' | 'normal' | 'high';
  internetMessageHeaders: InternetMessageHeader[];
  /** Compose only: the immutable id of the message a draft replies to. */
  replyToItemId?: string;
};

export type DateTimeTimeZone = { dateTime: string; timeZone: string };
export type AttendeeType = 'required' | 'optional' | 'resource';
export type Attendee = {
  type: AttendeeType;
  status: {
    response: 'none' | 'organizer' | 'accepted' | 'declined' | 'tentativelyAccepted' | 'notResponded';
    time: string;
  };
  emailAddress: EmailAddress;
};

export type EventItem = ItemBase & {
  kind: 'event';
  iCalUId: string;
  start: DateTimeTimeZone;
  end: DateTimeTimeZone;
  location: { displayName: string };
  organizer: Recipient;
  attendees: Attendee[];
  isOrganizer: boolean;
  isAllDay: boolean;
  showAs: 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';
};

export type MailboxItem = MessageItem | EventItem;

export type Folder = {
  id: string;
  wellKnownName: WellKnownFolder;
  displayName: string;
  parentFolderId: string;
  /**
   * The folder's change log, compacted to the latest change per item, in change order (a Map
   * keeps insertion order and every change re-inserts the key). Delta queries read it.
   */
  changes: Map<string, FolderChange>;
};

export type FolderChange = {
  seq: number;
  removed: boolean;
  /** When the item (last) entered the folder: tells "created" from "updated" in a delta round. */
  addedSeq: number;
};

export type MasterCategory = { id: string; displayName: string; color: string };
/** A master category's color as Graph spells it: `none` or `preset0`..`preset24`. */
export const CATEGORY_COLOR = /^(none|preset([0-9]|1[0-9]|2[0-4]))$/;

export type MailboxUser = { email: string; name: string; objectId: string };

export type Mailbox = {
  user: MailboxUser;
  rootFolderId: string;
  folders: Map<string, Folder>;
  items: Map<string, MailboxItem>;
  masterCategories: MasterCategory[];
};
