import type { TrackedKind, TrackRequest } from '#contract';
import type { RegardingTarget } from './types';

/** A track call waiting to be retried (docs/ARCHITECTURE.md, tracking protocol, step 3). */
export type OutboxEntry = {
  /** `outboxId(user, kind, key)`: one entry per user and item, so re-enqueueing is idempotent. */
  id: string;
  /** The Office user's address: a shared browser never retries someone else's entries. */
  user: string;
  kind: TrackedKind;
  key: string;
  request: TrackRequest;
  regarding: RegardingTarget | null;
  attempts: number;
  /** Epoch milliseconds of the next attempt. */
  nextAttemptAt: number;
  createdAt: number;
  lastError: string | null;
};

export interface Outbox {
  put(entry: OutboxEntry): Promise<void>;
  get(id: string): Promise<OutboxEntry | null>;
  delete(id: string): Promise<void>;
  list(user: string): Promise<OutboxEntry[]>;
}

export function outboxId(user: string, kind: TrackedKind, key: string): string {
  return `${user.toLowerCase()}|${kind}|${key}`;
}

const STORE = 'entries';

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * The durable outbox in IndexedDB: entries survive a reload or a closed pane, and are retried
 * the next time a pane is open. (The pending marker in the mailbox is the other, server-side
 * path; whichever lands first wins.)
 */
export function createIndexedDbOutbox(
  factory: IDBFactory = globalThis.indexedDB,
  databaseName = 'regarding-outbox',
): Outbox {
  let db: Promise<IDBDatabase> | null = null;
  function open(): Promise<IDBDatabase> {
    db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(databaseName, 1);
      request.onupgradeneeded = () => {
        const store = request.result.createObjectStore(STORE, { keyPath: 'id' });
        store.createIndex('user', 'user');
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB could not open'));
      request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    }).catch((e: unknown) => {
      db = null;
      throw e;
    });
    return db;
  }
  async function run<T>(
    mode: IDBTransactionMode,
    work: (store: IDBObjectStore) => IDBRequest<T>,
  ): Promise<T> {
    const database = await open();
    const tx = database.transaction(STORE, mode);
    const result = promised(work(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    return result;
  }
  return {
    async put(entry) {
      await run('readwrite', (s) => s.put(entry));
    },
    async get(id) {
      return ((await run('readonly', (s) => s.get(id))) as OutboxEntry | undefined) ?? null;
    },
    async delete(id) {
      await run('readwrite', (s) => s.delete(id));
    },
    async list(user) {
      return (await run('readonly', (s) => s.index('user').getAll(user))) as OutboxEntry[];
    },
  };
}

/** For clients without IndexedDB (some private modes): retries last while the pane is open. */
export function createMemoryOutbox(): Outbox {
  const entries = new Map<string, OutboxEntry>();
  const copy = (e: OutboxEntry): OutboxEntry => structuredClone(e);
  return {
    async put(entry) {
      entries.set(entry.id, copy(entry));
    },
    async get(id) {
      const e = entries.get(id);
      return e ? copy(e) : null;
    },
    async delete(id) {
      entries.delete(id);
    },
    async list(user) {
      return [...entries.values()].filter((e) => e.user === user).map(copy);
    },
  };
}

/** IndexedDB where the browser has it, memory otherwise. */
export function createOutbox(): Outbox {
  return typeof globalThis.indexedDB === 'undefined' ? createMemoryOutbox() : createIndexedDbOutbox();
}
