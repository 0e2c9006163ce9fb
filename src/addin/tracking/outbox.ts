import { wrap, type DBSchema, type IDBPDatabase } from 'idb';
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

interface OutboxSchema extends DBSchema {
  entries: { key: string; value: OutboxEntry; indexes: { user: string } };
}

/**
 * Opens (and at first creates) the database in `factory`. One schema version so far, so no
 * upgrade can be blocked by an older one open in another tab.
 */
function openOutbox(factory: IDBFactory, name: string): Promise<IDBPDatabase<OutboxSchema>> {
  const request = factory.open(name, 1);
  request.onupgradeneeded = () => {
    request.result.createObjectStore(STORE, { keyPath: 'id' }).createIndex('user', 'user');
  };
  return wrap(request) as Promise<IDBPDatabase<OutboxSchema>>;
}

/**
 * The durable outbox in IndexedDB (through `idb`): entries survive a reload or a closed pane, and
 * are retried the next time a pane is open. (The pending marker in the mailbox is the other,
 * server-side path; whichever lands first wins.)
 */
export function createIndexedDbOutbox(
  factory: IDBFactory = globalThis.indexedDB,
  databaseName = 'regarding-outbox',
): Outbox {
  let db: Promise<IDBPDatabase<OutboxSchema>> | null = null;
  const open = () => {
    // A failed open is not remembered: the next call tries again.
    db ??= openOutbox(factory, databaseName).catch((e: unknown) => {
      db = null;
      throw e;
    });
    return db;
  };
  return {
    async put(entry) {
      await (await open()).put(STORE, entry);
    },
    async get(id) {
      return (await (await open()).get(STORE, id)) ?? null;
    },
    async delete(id) {
      await (await open()).delete(STORE, id);
    },
    async list(user) {
      return (await open()).getAllFromIndex(STORE, 'user', user);
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
