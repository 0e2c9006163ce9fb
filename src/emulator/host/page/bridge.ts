import {
  CHANNEL,
  isPaneMessage,
  type CategoryDetails,
  type ClientProfile,
  type HostMessage,
  type InitPayload,
  type ItemSnapshot,
  type NotificationDetails,
  type OutlookErrorCode,
  type PaneMessage,
  type RequestMap,
} from '#emulator/shim/protocol';
import type { FullItem, Person } from '#emulator/api/types';
import { HostApiError, type HostApi } from './api';

/** What the user is writing in the compose form (not yet saved to the draft). */
export type ComposeForm = { to: string; cc: string; subject: string; body: string };

/** The item the task pane is showing, as the host page knows it. */
export type PaneItem = {
  full: FullItem;
  mode: 'read' | 'compose';
  composeType: 'newMail' | 'reply' | null;
  /** Compose only: the live form. */
  form?: () => ComposeForm;
};

/** The info-bar messages add-ins put on items (`item.notificationMessages`), kept by the host page. */
export type NotificationStore = {
  list(itemId: string): NotificationDetails[];
  set(itemId: string, list: NotificationDetails[]): void;
};

/** Outlook shows at most five add-in notifications per item. */
export const MAX_NOTIFICATIONS = 5;

export type PaneSession = {
  user: { email: string; name: string };
  client: ClientProfile;
  item: PaneItem | null;
  notifications: NotificationStore;
  /** The Office theme the pane is told (`Office.context.officeTheme`). */
  theme: 'light' | 'dark';
};

type RequestMessage = Extract<PaneMessage, { kind: 'request' }>;

class BridgeError extends Error {
  constructor(readonly code: OutlookErrorCode) {
    super(`Outlook error ${code}`);
  }
}

/** Parses "Name <a@b.example>, c@d.example" as typed into To/Cc. */
export function parseRecipients(text: string): Person[] {
  return text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^(.*?)\s*<([^>]+)>$/.exec(part);
      if (match)
        return {
          name: (match[1] ?? '').replace(/^"|"$/g, '').trim() || match[2]!,
          address: match[2]!.trim(),
        };
      return { name: part, address: part };
    });
}

export function formatRecipients(people: Person[]): string {
  return people
    .map((p) => (p.name && p.name !== p.address ? `${p.name} <${p.address}>` : p.address))
    .join(', ');
}

export function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  doc.querySelectorAll('br').forEach((br) => br.replaceWith('\n'));
  doc.querySelectorAll('p, div, li, tr, h1, h2, h3, h4').forEach((el) => el.append('\n'));
  doc.querySelectorAll('script, style, head').forEach((el) => el.remove());
  return (doc.body.textContent ?? '').replace(/\n{3,}/g, '\n\n').trim();
}

export function textToHtml(text: string): string {
  const escaped = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
  return `<html><body><div>${escaped.replace(/\r?\n/g, '<br>')}</div></body></html>`;
}

function parseCustomProperties(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function snapshotOf(item: PaneItem, generation: number): ItemSnapshot {
  const { full } = item;
  const form = item.form?.();
  const attendees = full.attendees ?? [];
  const strip = (people: (Person & { type?: string })[]) =>
    people.map(({ name, address }) => ({ name, address }));
  return {
    generation,
    itemType: full.kind === 'event' ? 'appointment' : 'message',
    mode: item.mode,
    itemId: full.id,
    iCalUId: full.iCalUId ?? null,
    subject: form?.subject ?? full.subject,
    from: full.from,
    to: form ? parseRecipients(form.to) : full.toRecipients,
    cc: form ? parseRecipients(form.cc) : full.ccRecipients,
    internetMessageId: full.internetMessageId,
    conversationId: full.conversationId,
    createdAt: full.createdAt,
    modifiedAt: full.lastModifiedAt,
    start: full.start ?? null,
    end: full.end ?? null,
    location: full.location ?? null,
    organizer: full.organizer ?? null,
    requiredAttendees: strip(attendees.filter((a) => a.type === 'required')),
    optionalAttendees: strip(attendees.filter((a) => a.type === 'optional')),
    composeType: item.composeType,
  };
}

/**
 * The host side of the Office.js shim's channel: answers the pane's requests against the
 * emulated mailbox, for the pane's current item. One bridge per mounted pane iframe.
 */
export class PaneBridge {
  #generation = 0;
  #initialized = false;
  #frame: Window | null = null;
  #pendingInvoke: string | null = null;
  /** Called when a function command run by `invoke` completes. */
  onCompleted: ((name: string) => void) | null = null;
  readonly #listener = (event: MessageEvent) => this.#onMessage(event);

  constructor(
    private readonly host: Window,
    private readonly api: HostApi,
    private readonly session: () => PaneSession,
    /** Called after the pane changed the mailbox (categories, custom properties). */
    private readonly onMailboxChanged: () => void,
  ) {}

  attach(frame: Window): void {
    this.#frame = frame;
    this.#initialized = false;
    this.host.addEventListener('message', this.#listener);
  }

  detach(): void {
    this.host.removeEventListener('message', this.#listener);
    this.#frame = null;
  }

  /** The selection changed under a pinned pane: Outlook fires ItemChanged. */
  itemChanged(): void {
    this.#generation++;
    if (!this.#initialized) return;
    const item = this.session().item;
    this.#post({
      channel: CHANNEL,
      kind: 'itemChanged',
      item: item ? snapshotOf(item, this.#generation) : null,
    });
  }

  /** Runs a function command in a function-file frame (once its Office.js is ready). */
  invoke(name: string): void {
    if (this.#initialized) this.#post({ channel: CHANNEL, kind: 'invoke', name });
    else this.#pendingInvoke = name;
  }

  #post(message: HostMessage): void {
    this.#frame?.postMessage(message, this.host.location.origin);
  }

  #onMessage(event: MessageEvent): void {
    if (!this.#frame || event.source !== this.#frame || event.origin !== this.host.location.origin) return;
    const data: unknown = event.data;
    if (!isPaneMessage(data)) return;
    if (data.kind === 'hello') {
      if (!this.#initialized) this.#sendInit();
      if (this.#pendingInvoke) {
        const name = this.#pendingInvoke;
        this.#pendingInvoke = null;
        this.#post({ channel: CHANNEL, kind: 'invoke', name });
      }
      return;
    }
    if (data.kind === 'completed') {
      this.onCompleted?.(data.name);
      return;
    }
    void this.#answer(data);
  }

  #sendInit(): void {
    this.#initialized = true;
    const { user, client, item, theme } = this.session();
    const payload: InitPayload = {
      client,
      user: {
        emailAddress: user.email,
        displayName: user.name,
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      },
      item: item ? snapshotOf(item, this.#generation) : null,
      displayLanguage: 'en-US',
      theme,
    };
    this.#post({ channel: CHANNEL, kind: 'init', payload });
  }

  async #answer(message: RequestMessage): Promise<void> {
    try {
      const value = await this.#dispatch(message);
      this.#post({ channel: CHANNEL, kind: 'response', id: message.id, ok: true, value });
    } catch (error) {
      const code: OutlookErrorCode =
        error instanceof BridgeError
          ? error.code
          : error instanceof HostApiError
            ? error.status === 0
              ? 9041
              : error.status === 404
                ? 9049
                : 9042
            : 5001;
      if (!(error instanceof BridgeError || error instanceof HostApiError)) {
        console.error('emulator host: pane request failed', error);
      }
      this.#post({ channel: CHANNEL, kind: 'response', id: message.id, ok: false, code });
    }
  }

  async #dispatch(message: RequestMessage): Promise<unknown> {
    const session = this.session();
    const user = session.user.email;
    if (message.method === 'masterCategories.get') {
      return (await this.api.masterCategories(user)).map((c): CategoryDetails => ({
        displayName: c.displayName,
        color: officeColor(c.color),
      }));
    }
    if (message.method === 'masterCategories.add') {
      const { categories } = message.args as RequestMap['masterCategories.add']['args'];
      const existing = await this.api.masterCategories(user);
      const taken = new Set(existing.map((c) => c.displayName.toLowerCase()));
      const names = categories.map((c) => c.displayName.toLowerCase());
      if (names.some((n) => taken.has(n)) || new Set(names).size !== names.length)
        throw new BridgeError(9045);
      for (const c of categories)
        await this.api.addMasterCategory(user, { displayName: c.displayName, color: graphColor(c.color) });
      return null;
    }
    if (message.method === 'masterCategories.remove') {
      const { names } = message.args as RequestMap['masterCategories.remove']['args'];
      const existing = new Set(
        (await this.api.masterCategories(user)).map((c) => c.displayName.toLowerCase()),
      );
      if (names.some((n) => !existing.has(n.toLowerCase()))) throw new BridgeError(9044);
      for (const name of names) await this.api.removeMasterCategory(user, name);
      return null;
    }

    // Item-level calls: only for the item the pane was given, as Outlook does after a switch.
    const item = session.item;
    if (!item || message.generation !== this.#generation) throw new BridgeError(9030);
    const id = item.full.id;
    switch (message.method) {
      case 'body.get': {
        const { coercion } = message.args as RequestMap['body.get']['args'];
        if (item.form) {
          const text = item.form().body;
          return coercion === 'text' ? text : textToHtml(text);
        }
        const { body } = await this.api.item(user, id);
        if (body.contentType === coercion) return body.content;
        return coercion === 'text' ? htmlToText(body.content) : textToHtml(body.content);
      }
      case 'compose.get':
        return this.#composeField(item, (message.args as RequestMap['compose.get']['args']).field, session);
      case 'item.save': {
        if (item.form) await this.api.patchItem(user, id, draftPatch(item.form()));
        return id;
      }
      case 'notifications.getAll':
        return session.notifications.list(id);
      case 'notifications.add':
      case 'notifications.replace': {
        const details = message.args as NotificationDetails;
        const list = session.notifications.list(id);
        const index = list.findIndex((n) => n.key === details.key);
        if (index >= 0 && message.method === 'notifications.add') throw new BridgeError(9023);
        if (index < 0 && list.length >= MAX_NOTIFICATIONS) throw new BridgeError(9025);
        session.notifications.set(
          id,
          index >= 0 ? list.map((n, i) => (i === index ? details : n)) : [...list, details],
        );
        return null;
      }
      case 'notifications.remove': {
        const { key } = message.args as RequestMap['notifications.remove']['args'];
        const list = session.notifications.list(id);
        if (!list.some((n) => n.key === key)) throw new BridgeError(9024);
        session.notifications.set(
          id,
          list.filter((n) => n.key !== key),
        );
        return null;
      }
      case 'headers.get':
        return headersOf(await this.api.item(user, id));
      case 'customProperties.load':
        return parseCustomProperties((await this.api.item(user, id)).customProperties);
      case 'customProperties.save': {
        const { values } = message.args as RequestMap['customProperties.save']['args'];
        await this.api.patchItem(user, id, { customProperties: JSON.stringify(values) });
        this.onMailboxChanged();
        return null;
      }
      case 'categories.get': {
        const [fresh, master] = await Promise.all([this.api.item(user, id), this.api.masterCategories(user)]);
        return fresh.categories.map((name): CategoryDetails => ({
          displayName: name,
          color: officeColor(
            master.find((m) => m.displayName.toLowerCase() === name.toLowerCase())?.color ?? 'none',
          ),
        }));
      }
      case 'categories.add': {
        const { names } = message.args as RequestMap['categories.add']['args'];
        const [fresh, master] = await Promise.all([this.api.item(user, id), this.api.masterCategories(user)]);
        const known = new Map(master.map((m) => [m.displayName.toLowerCase(), m.displayName]));
        // Outlook applies only categories of the master list.
        if (names.some((n) => !known.has(n.toLowerCase()))) throw new BridgeError(9044);
        const current = new Set(fresh.categories.map((c) => c.toLowerCase()));
        const added = names
          .map((n) => known.get(n.toLowerCase())!)
          .filter((n) => !current.has(n.toLowerCase()));
        if (added.length) {
          await this.api.patchItem(user, id, { categories: [...fresh.categories, ...new Set(added)] });
          this.onMailboxChanged();
        }
        return null;
      }
      case 'categories.remove': {
        const { names } = message.args as RequestMap['categories.remove']['args'];
        const fresh = await this.api.item(user, id);
        const drop = new Set(names.map((n) => n.toLowerCase()));
        const kept = fresh.categories.filter((c) => !drop.has(c.toLowerCase()));
        if (kept.length !== fresh.categories.length) {
          await this.api.patchItem(user, id, { categories: kept });
          this.onMailboxChanged();
        }
        return null;
      }
      default:
        throw new BridgeError(5000);
    }
  }

  #composeField(
    item: PaneItem,
    field: RequestMap['compose.get']['args']['field'],
    session: PaneSession,
  ): unknown {
    const form = item.form?.();
    const full = item.full;
    const attendees = full.attendees ?? [];
    switch (field) {
      case 'subject':
        return form ? form.subject : full.subject;
      case 'to':
        return form ? parseRecipients(form.to) : full.toRecipients;
      case 'cc':
        return form ? parseRecipients(form.cc) : full.ccRecipients;
      case 'bcc':
        return [];
      case 'from':
        return { name: session.user.name, address: session.user.email };
      case 'organizer':
        return full.organizer ?? { name: session.user.name, address: session.user.email };
      case 'start':
        return full.start ?? null;
      case 'end':
        return full.end ?? null;
      case 'location':
        return full.location ?? '';
      case 'required':
        return attendees.filter((a) => a.type === 'required').map(({ name, address }) => ({ name, address }));
      case 'optional':
        return attendees.filter((a) => a.type === 'optional').map(({ name, address }) => ({ name, address }));
    }
  }
}

/** Graph's `preset3` is Office.js's `Preset3`. */
export function officeColor(graph: string): string {
  return graph.toLowerCase() === 'none' ? 'None' : graph.replace(/^preset/i, 'Preset');
}

export function graphColor(office: string): string {
  return office.toLowerCase();
}

export function draftPatch(form: ComposeForm) {
  return {
    subject: form.subject,
    body: { contentType: 'text' as const, content: form.body },
    toRecipients: parseRecipients(form.to),
    ccRecipients: parseRecipients(form.cc),
  };
}

function headersOf(item: FullItem): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  const add = (name: string, value: string | null | undefined) => {
    if (!value || seen.has(name.toLowerCase())) return;
    seen.add(name.toLowerCase());
    lines.push(`${name}: ${value}`);
  };
  for (const h of item.internetMessageHeaders ?? []) add(h.name, h.value);
  add('Message-ID', item.internetMessageId);
  add('Subject', item.subject);
  add('From', item.from ? formatRecipients([item.from]) : null);
  add('To', formatRecipients(item.toRecipients));
  add('Cc', formatRecipients(item.ccRecipients));
  add('Date', item.sentAt ? new Date(item.sentAt).toUTCString() : null);
  return `${lines.join('\r\n')}\r\n`;
}
