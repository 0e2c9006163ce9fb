// idb recognizes requests by the IndexedDB classes, which Node lacks: the fake's, as globals.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';

/** An empty IndexedDB of its own: for one outbox, or two sharing it (a pane and the next one). */
export function emptyIndexedDb(): IDBFactory {
  return new IDBFactory();
}
