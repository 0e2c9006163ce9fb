import type { TrackingMarker } from '#contract';

/**
 * Typed client of the emulator's internal API (unauthenticated, local only), the host page's one
 * way to read and change the emulated mailboxes and faults.
 */
export type Person = { name: string; address: string };

export type MailboxUserSummary = { email: string; name: string };

export type FolderSummary = {
  id: string;
  name: string;
  wellKnownName: string;
  unread: number;
  total: number;
};

export type ItemSummary = {
  id: string;
  kind: 'message' | 'event';
  subject: string;
  from: Person | null;
  receivedAt: string | null;
  start?: string | null;
  end?: string | null;
  categories: string[];
  isRead: boolean;
  marker: TrackingMarker | null;
};

export type Attendee = Person & { type: 'required' | 'optional' | 'resource' };

export type FullItem = {
  id: string;
  kind: 'message' | 'event';
  subject: string;
  body: { contentType: 'text' | 'html'; content: string };
  from: Person | null;
  toRecipients: Person[];
  ccRecipients: Person[];
  internetMessageId: string | null;
  conversationId: string | null;
  internetMessageHeaders: { name: string; value: string }[];
  receivedAt: string | null;
  sentAt: string | null;
  createdAt: string;
  lastModifiedAt?: string;
  categories: string[];
  customProperties: string | null;
  isDraft?: boolean;
  isRead?: boolean;
  iCalUId?: string;
  start?: string | null;
  end?: string | null;
  location?: string | null;
  organizer?: Person | null;
  attendees?: Attendee[];
  isOrganizer?: boolean;
};

export type ItemPatch = {
  categories?: string[];
  customProperties?: string | null;
  isRead?: boolean;
  subject?: string;
  body?: { contentType: 'text' | 'html'; content: string };
  toRecipients?: Person[];
  ccRecipients?: Person[];
};

/** As Graph spells it: color `none` or `preset0`..`preset24`. */
export type MasterCategory = { id?: string; displayName: string; color: string };

export type Faults = {
  graph: {
    mode: 'none' | 'throttle' | 'unavailable';
    retryAfterSeconds: number;
    latencyMs: number;
    remaining?: number | null;
    /** Only this mailbox's Graph requests are affected. */
    mailbox?: string | null;
  };
  crm: { unreachable: boolean };
};

export class HostApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HostApiError';
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/emulator/api${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new HostApiError(0, 'network', error instanceof Error ? error.message : 'network error');
  }
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const err = (json as { error?: { code?: string; message?: string } } | null)?.error;
    throw new HostApiError(response.status, err?.code ?? `http_${response.status}`, err?.message ?? text);
  }
  return json as T;
}

const box = (user: string) => `/mailboxes/${encodeURIComponent(user)}`;

export const hostApi = {
  users: () => request<MailboxUserSummary[]>('GET', '/users'),
  folders: (user: string) => request<FolderSummary[]>('GET', `${box(user)}/folders`),
  items: (user: string, folder: string) =>
    request<ItemSummary[]>('GET', `${box(user)}/folders/${encodeURIComponent(folder)}/items`),
  item: (user: string, id: string) =>
    request<FullItem>('GET', `${box(user)}/items/${encodeURIComponent(id)}`),
  patchItem: (user: string, id: string, patch: ItemPatch) =>
    request<FullItem>('PATCH', `${box(user)}/items/${encodeURIComponent(id)}`, patch),
  createDraft: (user: string, replyToId?: string) =>
    request<FullItem>('POST', `${box(user)}/drafts`, replyToId ? { replyToId } : {}),
  send: (user: string, id: string) =>
    request<FullItem>('POST', `${box(user)}/items/${encodeURIComponent(id)}/send`, {}),
  masterCategories: (user: string) => request<MasterCategory[]>('GET', `${box(user)}/master-categories`),
  addMasterCategory: (user: string, category: MasterCategory) =>
    request<MasterCategory>('POST', `${box(user)}/master-categories`, {
      displayName: category.displayName,
      color: category.color,
    }),
  removeMasterCategory: (user: string, name: string) =>
    request<null>('DELETE', `${box(user)}/master-categories/${encodeURIComponent(name)}`),
  faults: () => request<Faults>('GET', '/faults'),
  /** `remaining: null` switches the request limit off (absent would keep the current one). */
  setFaults: (faults: Faults) =>
    request<Faults>('PUT', '/faults', {
      ...faults,
      graph: { ...faults.graph, remaining: faults.graph.remaining ?? null },
    }),
};
export type HostApi = typeof hostApi;
