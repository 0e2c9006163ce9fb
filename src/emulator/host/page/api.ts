import type {
  DraftInput,
  FaultsInput,
  FaultsSnapshot,
  FolderSummary,
  FullItem,
  ItemPatch,
  ItemSummary,
  MailboxUserSummary,
  MasterCategory,
  MasterCategoryInput,
} from '#emulator/api/types';

/**
 * Typed client of the emulator's internal API (unauthenticated, local only), the host page's one
 * way to read and change the emulated mailboxes and faults. Its types are the API's own.
 */
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
      body: body === undefined ? null : JSON.stringify(body),
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
const item = (user: string, id: string) => `${box(user)}/items/${encodeURIComponent(id)}`;

export const hostApi = {
  users: () => request<MailboxUserSummary[]>('GET', '/users'),
  folders: (user: string) => request<FolderSummary[]>('GET', `${box(user)}/folders`),
  items: (user: string, folder: string) =>
    request<ItemSummary[]>('GET', `${box(user)}/folders/${encodeURIComponent(folder)}/items`),
  item: (user: string, id: string) => request<FullItem>('GET', item(user, id)),
  patchItem: (user: string, id: string, patch: ItemPatch) =>
    request<FullItem>('PATCH', item(user, id), patch),
  createDraft: (user: string, replyToId?: string) =>
    request<FullItem>('POST', `${box(user)}/drafts`, (replyToId ? { replyToId } : {}) satisfies DraftInput),
  send: (user: string, id: string) => request<FullItem>('POST', `${item(user, id)}/send`, {}),
  masterCategories: (user: string) => request<MasterCategory[]>('GET', `${box(user)}/master-categories`),
  addMasterCategory: (user: string, category: MasterCategoryInput) =>
    request<MasterCategory>('POST', `${box(user)}/master-categories`, category),
  removeMasterCategory: (user: string, name: string) =>
    request<null>('DELETE', `${box(user)}/master-categories/${encodeURIComponent(name)}`),
  faults: () => request<FaultsSnapshot>('GET', '/faults'),
  /** Sets every fault to `faults`: no request limit when it has none (absent would keep the current one). */
  setFaults: (faults: FaultsSnapshot) =>
    request<FaultsSnapshot>('PUT', '/faults', {
      ...faults,
      graph: { ...faults.graph, remaining: faults.graph.remaining ?? null },
    } satisfies FaultsInput),
};
export type HostApi = typeof hostApi;
