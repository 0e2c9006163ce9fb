import {
  createIndexedDbOutbox,
  createMemoryOutbox,
  outboxId,
  type OutboxEntry,
} from '#addin/tracking/outbox';
import { emptyIndexedDb } from './indexeddb';

const entry = (user: string, key: string): OutboxEntry => ({
  id: outboxId(user, 'email', key),
  user,
  kind: 'email',
  key,
  request: { item: { subject: 's', people: [] }, regarding: null },
  regarding: null,
  attempts: 1,
  nextAttemptAt: 1000,
  createdAt: 0,
  lastError: 'network: down',
});

describe.each([
  ['IndexedDB', () => createIndexedDbOutbox(emptyIndexedDb())],
  ['memory', () => createMemoryOutbox()],
])('%s outbox', (_name, make) => {
  it('keeps one entry per user and item, lists only the given user’s', async () => {
    const outbox = make();
    await outbox.put(entry('a@x.example', '<1@x>'));
    await outbox.put({ ...entry('a@x.example', '<1@x>'), attempts: 2 });
    await outbox.put(entry('b@x.example', '<2@x>'));

    const mine = await outbox.list('a@x.example');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.attempts).toBe(2);
    await outbox.delete(outboxId('a@x.example', 'email', '<1@x>'));
    expect(await outbox.get(outboxId('a@x.example', 'email', '<1@x>'))).toBeNull();
    expect(await outbox.list('b@x.example')).toHaveLength(1);
  });
});
