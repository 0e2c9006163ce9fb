import { TRACKED_CATEGORY, type TrackingMarker } from '#contract';
import { err, ok, type Result } from '#browser/result';
import { USER_EMAIL } from '#test/unit/browser/fakes';
import type {
  Capabilities,
  CategoryOutcome,
  ItemContext,
  NotificationKind,
  OfficeAdapter,
  OfficeError,
  OfficeResult,
} from '#addin/office/types';

/** Hand fakes behind the add-in's Office seam: an adapter with one mailbox item; timers; settling. */

export function makeItem(overrides: Partial<ItemContext> = {}): ItemContext {
  return {
    handle: '1',
    mode: 'read',
    kind: 'email',
    role: null,
    key: '<msg-1@fabrikam.example>',
    itemId: 'AAMk-item-1',
    subject: 'Fabrikam rollout',
    people: [
      { role: 'from', address: 'nora.fischer@fabrikam.example', name: 'Nora Fischer' },
      { role: 'to', address: USER_EMAIL, name: 'Alex Morgan' },
    ],
    userAddress: USER_EMAIL,
    sentAt: '2026-11-20T09:00:00.000Z',
    conversationId: 'conv-1',
    ...overrides,
  };
}

const fullCapabilities: Capabilities = {
  client: 'web',
  platform: 'OfficeOnline',
  hostName: 'OutlookWebApp',
  hostVersion: '16',
  mailboxVersion: '1.14',
  categories: true,
  pinning: true,
  internetHeaders: true,
  dialog: true,
};

/** One mailbox item's marker and categories; `current` is the selected item's handle. */
export class FakeOffice implements OfficeAdapter {
  capabilities: Capabilities;
  userProfile = { displayName: 'Alex Morgan', emailAddress: USER_EMAIL, timeZone: 'UTC' };
  /** Marker per item handle. */
  markers = new Map<string, TrackingMarker>();
  categories = new Map<string, Set<string>>();
  current: ItemContext | null;
  notifications: { kind: NotificationKind; message: string }[] = [];
  failWrite: OfficeError | null = null;
  dialogAnswer: Result<string, OfficeError> = ok('');
  dialogUrls: string[] = [];
  body = '<p>Hello Alex</p>';
  private listeners = new Set<() => void>();

  constructor(item: ItemContext | null = makeItem(), capabilities: Partial<Capabilities> = {}) {
    this.current = item;
    this.capabilities = { ...fullCapabilities, ...capabilities };
  }

  select(item: ItemContext | null) {
    this.current = item;
    for (const l of this.listeners) l();
  }

  private check(item: ItemContext): OfficeError | null {
    return this.current?.handle === item.handle
      ? null
      : { kind: 'office', code: 'item_changed', message: 'Outlook moved to another item.' };
  }

  theme() {
    return null;
  }
  async getItem() {
    return ok(this.current);
  }
  async getBody(item: ItemContext): OfficeResult<{ contentType: 'html'; content: string }> {
    const e = this.check(item);
    return e ? err(e) : ok({ contentType: 'html', content: this.body });
  }
  async readMarker(item: ItemContext) {
    const e = this.check(item);
    return e ? err(e) : ok(this.markers.get(item.handle) ?? null);
  }
  async writeMarker(item: ItemContext, marker: TrackingMarker): OfficeResult<void> {
    const e = this.check(item) ?? this.failWrite;
    if (e) return err(e);
    this.markers.set(item.handle, structuredClone(marker));
    return ok(undefined);
  }
  async removeMarker(item: ItemContext): OfficeResult<void> {
    const e = this.check(item);
    if (e) return err(e);
    this.markers.delete(item.handle);
    return ok(undefined);
  }
  async addCategory(item: ItemContext, name = TRACKED_CATEGORY): OfficeResult<CategoryOutcome> {
    if (!this.capabilities.categories) return ok('unsupported');
    const e = this.check(item);
    if (e) return err(e);
    const set = this.categories.get(item.handle) ?? new Set();
    set.add(name);
    this.categories.set(item.handle, set);
    return ok('done');
  }
  async removeCategory(item: ItemContext, name = TRACKED_CATEGORY): OfficeResult<CategoryOutcome> {
    if (!this.capabilities.categories) return ok('unsupported');
    const e = this.check(item);
    if (e) return err(e);
    this.categories.get(item.handle)?.delete(name);
    return ok('done');
  }
  hasCategory(item: ItemContext) {
    return this.categories.get(item.handle)?.has(TRACKED_CATEGORY) ?? false;
  }
  onItemChanged(callback: () => void) {
    this.listeners.add(callback);
    return () => this.listeners.delete(callback);
  }
  async notify(item: ItemContext, kind: NotificationKind, message: string): OfficeResult<void> {
    const e = this.check(item);
    if (e) return err(e);
    this.notifications.push({ kind, message });
    return ok(undefined);
  }
  async openDialog(url: string) {
    this.dialogUrls.push(url);
    return this.dialogAnswer;
  }
}

/** Timers the test advances by hand. */
export class ManualClock {
  time = Date.parse('2026-11-20T12:00:00.000Z');
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;
  now = () => this.time;
  timersApi = {
    set: (callback: () => void, ms: number) => {
      const id = this.nextId++;
      this.timers.push({ at: this.time + ms, callback, id });
      return id;
    },
    clear: (handle: unknown) => {
      this.timers = this.timers.filter((t) => t.id !== handle);
    },
  };
  pending() {
    return this.timers.map((t) => t.at - this.time);
  }
  /** Moves time forward, firing due timers in order. */
  advance(ms: number) {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const t of due) t.callback();
  }
}

/** Lets queued promise callbacks (IndexedDB, fakes) run. */
export async function settle(rounds = 20) {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}
