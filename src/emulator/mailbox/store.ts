import { EventEmitter } from 'node:events';
import { GraphError, notFound } from '../errors';
import {
  changeKeyFor,
  folderIdFor,
  immutableItemId,
  masterCategoryId,
  restItemId,
  toImmutableId,
} from './ids';
import {
  FOLDER_DISPLAY_NAMES,
  WELL_KNOWN_FOLDERS,
  type EventItem,
  type Folder,
  type Mailbox,
  type MailboxItem,
  type MailboxUser,
  type MasterCategory,
  type MessageItem,
  type WellKnownFolder,
} from './types';

/** Outlook's six default colour categories, which every new mailbox starts with. */
const DEFAULT_CATEGORIES: ReadonlyArray<[string, string]> = [
  ['Red category', 'preset0'],
  ['Orange category', 'preset1'],
  ['Yellow category', 'preset3'],
  ['Green category', 'preset4'],
  ['Blue category', 'preset7'],
  ['Purple category', 'preset8'],
];

export type StoreChange = {
  mailbox: string;
  itemId: string;
  folderId: string;
  change: 'created' | 'updated' | 'deleted';
};

type NewMessage = Omit<MessageItem, 'id' | 'folderId' | 'changeKey' | 'kind' | 'lastModifiedDateTime'> & {
  /** Stable key the immutable id derives from. */
  key: string;
  /** A ready-made immutable id (the bulk generator's cheap ids); `key` is then ignored. */
  id?: string;
};
type NewEvent = Omit<EventItem, 'id' | 'folderId' | 'changeKey' | 'kind' | 'lastModifiedDateTime'> & {
  key: string;
};

/**
 * The in-memory Exchange of the emulator: mailboxes, folders, items and per-folder change logs.
 * Every write goes through this class, so the change log (delta) and the `change` event are never
 * skipped. Mailboxes registered with a generator are built on first access (cheap scale tests).
 */
export class MailboxStore extends EventEmitter<{ change: [StoreChange] }> {
  private seq = 0;
  private runtimeIds = 0;
  /** Bumped by `expireDeltaTokens()`; delta tokens minted before carry an older epoch. */
  deltaEpoch = 1;
  private readonly mailboxes = new Map<string, Mailbox>();
  private readonly lazy = new Map<string, { user: MailboxUser; build: (mb: Mailbox) => void }>();
  private readonly objectIds = new Map<string, string>();
  private readonly generated = new Set<string>();

  /** Monotonic change sequence number (the position in every folder's change log). */
  currentSeq(): number {
    return this.seq;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  addMailbox(user: MailboxUser): Mailbox {
    const email = user.email.toLowerCase();
    if (this.mailboxes.has(email) || this.lazy.has(email))
      throw new Error(`mailbox ${user.email} already exists`);
    const mailbox = this.createMailbox(user);
    this.mailboxes.set(email, mailbox);
    this.objectIds.set(user.objectId.toLowerCase(), email);
    return mailbox;
  }

  /** Registers a mailbox whose content is built only when someone first reads it. */
  addLazyMailbox(user: MailboxUser, build: (mailbox: Mailbox) => void): void {
    const email = user.email.toLowerCase();
    if (this.mailboxes.has(email) || this.lazy.has(email))
      throw new Error(`mailbox ${user.email} already exists`);
    this.lazy.set(email, { user, build });
    this.objectIds.set(user.objectId.toLowerCase(), email);
    this.generated.add(email);
  }

  /** Whether a mailbox came from the generator (the host page's user picker leaves those out). */
  isGenerated(email: string): boolean {
    return this.generated.has(email.toLowerCase());
  }

  /** Removes every mailbox; outstanding delta tokens expire. Used to reseed between runs. */
  clear(): void {
    this.mailboxes.clear();
    this.lazy.clear();
    this.objectIds.clear();
    this.generated.clear();
    this.expireDeltaTokens();
  }

  private createMailbox(user: MailboxUser): Mailbox {
    const rootFolderId = folderIdFor(user.email, 'msgfolderroot');
    const folders = new Map<string, Folder>();
    for (const wk of WELL_KNOWN_FOLDERS) {
      const id = folderIdFor(user.email, wk);
      folders.set(id, {
        id,
        wellKnownName: wk,
        displayName: FOLDER_DISPLAY_NAMES[wk],
        parentFolderId: rootFolderId,
        changes: new Map(),
      });
    }
    return {
      user,
      rootFolderId,
      folders,
      items: new Map(),
      masterCategories: DEFAULT_CATEGORIES.map(([displayName, color]) => ({
        id: masterCategoryId(user.email, displayName),
        displayName,
        color,
      })),
    };
  }

  /** Finds a mailbox by SMTP address or Entra object id (case-insensitive). */
  findMailbox(idOrAddress: string): Mailbox | undefined {
    const key = idOrAddress.toLowerCase();
    const email = this.mailboxes.has(key) || this.lazy.has(key) ? key : this.objectIds.get(key);
    if (!email) return undefined;
    const existing = this.mailboxes.get(email);
    if (existing) return existing;
    const pending = this.lazy.get(email);
    if (!pending) return undefined;
    this.lazy.delete(email);
    const mailbox = this.createMailbox(pending.user);
    this.mailboxes.set(email, mailbox);
    pending.build(mailbox);
    return mailbox;
  }

  mailbox(idOrAddress: string): Mailbox {
    const mailbox = this.findMailbox(idOrAddress);
    if (!mailbox)
      throw new GraphError(404, 'ErrorInvalidUser', `The requested user '${idOrAddress}' is invalid.`);
    return mailbox;
  }

  /** All mailbox owners, materialized or not, in registration order. */
  users(): MailboxUser[] {
    return [
      ...[...this.mailboxes.values()].map((m) => m.user),
      ...[...this.lazy.values()].map((l) => l.user),
    ];
  }

  findFolder(mailbox: Mailbox, idOrWellKnownName: string): Folder | undefined {
    const byId = mailbox.folders.get(idOrWellKnownName);
    if (byId) return byId;
    const name = idOrWellKnownName.toLowerCase();
    for (const folder of mailbox.folders.values()) if (folder.wellKnownName === name) return folder;
    return undefined;
  }

  folder(mailbox: Mailbox, idOrWellKnownName: string): Folder {
    const folder = this.findFolder(mailbox, idOrWellKnownName);
    if (!folder) throw notFound('The specified folder could not be found in the store.');
    return folder;
  }

  wellKnownFolder(mailbox: Mailbox, name: WellKnownFolder): Folder {
    return this.folder(mailbox, name);
  }

  /** Accepts an immutable id or a REST id. */
  findItem(mailbox: Mailbox, id: string): MailboxItem | undefined {
    return mailbox.items.get(toImmutableId(id));
  }

  item(mailbox: Mailbox, id: string): MailboxItem {
    const item = this.findItem(mailbox, id);
    if (!item) throw notFound();
    return item;
  }

  restId(item: MailboxItem): string {
    return restItemId(item.folderId, item.id);
  }

  /** The items currently in a folder, in change-log order (oldest change first). */
  folderItems(mailbox: Mailbox, folder: Folder): MailboxItem[] {
    const out: MailboxItem[] = [];
    for (const [id, change] of folder.changes) {
      if (change.removed) continue;
      const item = mailbox.items.get(id);
      if (item) out.push(item);
    }
    return out;
  }

  /** An id for an item created at run time (drafts, deliveries): deterministic per store. */
  newRuntimeKey(prefix: string): string {
    return `${prefix}-${++this.runtimeIds}`;
  }

  insertMessage(mailbox: Mailbox, folderName: WellKnownFolder | string, input: NewMessage): MessageItem {
    const { key, id: givenId, ...fields } = input;
    const folder = this.folder(mailbox, folderName);
    const id = givenId ?? immutableItemId(mailbox.user.email, key);
    if (mailbox.items.has(id)) throw new Error(`item ${key} already exists in ${mailbox.user.email}`);
    const seq = this.nextSeq();
    const item: MessageItem = {
      ...fields,
      kind: 'message',
      id,
      folderId: folder.id,
      changeKey: changeKeyFor(seq),
      lastModifiedDateTime: fields.createdDateTime,
    };
    mailbox.items.set(id, item);
    this.log(folder, id, seq, false);
    this.notify({ mailbox: mailbox.user.email, itemId: id, folderId: folder.id, change: 'created' });
    return item;
  }

  insertEvent(mailbox: Mailbox, input: NewEvent): EventItem {
    const { key, ...fields } = input;
    const folder = this.wellKnownFolder(mailbox, 'calendar');
    const id = immutableItemId(mailbox.user.email, key);
    if (mailbox.items.has(id)) throw new Error(`item ${key} already exists in ${mailbox.user.email}`);
    const seq = this.nextSeq();
    const item: EventItem = {
      ...fields,
      kind: 'event',
      id,
      folderId: folder.id,
      changeKey: changeKeyFor(seq),
      lastModifiedDateTime: fields.createdDateTime,
    };
    mailbox.items.set(id, item);
    this.log(folder, id, seq, false);
    this.notify({ mailbox: mailbox.user.email, itemId: id, folderId: folder.id, change: 'created' });
    return item;
  }

  /** Applies `mutate` to an item and records the change (new changeKey, lastModifiedDateTime). */
  updateItem<T extends MailboxItem>(mailbox: Mailbox, item: T, mutate: (item: T) => void): T {
    mutate(item);
    const seq = this.nextSeq();
    item.changeKey = changeKeyFor(seq);
    item.lastModifiedDateTime = new Date().toISOString();
    const folder = mailbox.folders.get(item.folderId);
    if (folder) this.log(folder, item.id, seq, false);
    this.notify({
      mailbox: mailbox.user.email,
      itemId: item.id,
      folderId: item.folderId,
      change: 'updated',
    });
    return item;
  }

  moveItem(mailbox: Mailbox, item: MailboxItem, destination: Folder): MailboxItem {
    if (
      item.kind === 'event' &&
      destination.wellKnownName !== 'calendar' &&
      destination.wellKnownName !== 'deleteditems'
    )
      throw new GraphError(
        400,
        'ErrorInvalidRequest',
        'An event can only be moved to a calendar or Deleted Items.',
      );
    if (item.kind === 'message' && destination.wellKnownName === 'calendar')
      throw new GraphError(400, 'ErrorInvalidRequest', 'A message cannot be moved to a calendar.');
    if (destination.id === item.folderId) return item;
    const source = mailbox.folders.get(item.folderId);
    const removedSeq = this.nextSeq();
    if (source) this.log(source, item.id, removedSeq, true);
    this.notify({
      mailbox: mailbox.user.email,
      itemId: item.id,
      folderId: item.folderId,
      change: 'deleted',
    });
    item.folderId = destination.id;
    const seq = this.nextSeq();
    item.changeKey = changeKeyFor(seq);
    item.lastModifiedDateTime = new Date().toISOString();
    this.log(destination, item.id, seq, false);
    this.notify({
      mailbox: mailbox.user.email,
      itemId: item.id,
      folderId: destination.id,
      change: 'created',
    });
    return item;
  }

  /** Deletes an item for good (what a delta client sees as `@removed: deleted`). */
  deleteItem(mailbox: Mailbox, item: MailboxItem): void {
    const folder = mailbox.folders.get(item.folderId);
    mailbox.items.delete(item.id);
    if (folder) this.log(folder, item.id, this.nextSeq(), true);
    this.notify({
      mailbox: mailbox.user.email,
      itemId: item.id,
      folderId: item.folderId,
      change: 'deleted',
    });
  }

  addMasterCategory(mailbox: Mailbox, displayName: string, color: string): MasterCategory {
    const name = displayName.trim();
    if (!name) throw new GraphError(400, 'ErrorInvalidProperty', 'displayName must not be empty.');
    if (mailbox.masterCategories.some((c) => c.displayName.toLowerCase() === name.toLowerCase()))
      throw new GraphError(409, 'ErrorAlreadyExists', 'An object with this name already exists.');
    const category = { id: masterCategoryId(mailbox.user.email, name), displayName: name, color };
    mailbox.masterCategories.push(category);
    return category;
  }

  removeMasterCategory(mailbox: Mailbox, idOrName: string): void {
    const key = idOrName.toLowerCase();
    const index = mailbox.masterCategories.findIndex(
      (c) => c.id === idOrName || c.displayName.toLowerCase() === key,
    );
    if (index < 0) throw notFound('The category was not found.');
    mailbox.masterCategories.splice(index, 1);
  }

  /** Invalidates every delta token issued so far (the next use answers 410 Gone). */
  expireDeltaTokens(): void {
    this.deltaEpoch++;
  }

  private notify(change: StoreChange): void {
    if (this.listenerCount('change') > 0) this.emit('change', change);
  }

  private log(folder: Folder, itemId: string, seq: number, removed: boolean): void {
    // Re-inserting moves the key to the end, keeping the Map ordered by change sequence.
    const previous = folder.changes.get(itemId);
    const addedSeq = !removed && previous && !previous.removed ? previous.addedSeq : seq;
    folder.changes.delete(itemId);
    folder.changes.set(itemId, { seq, removed, addedSeq });
  }
}
