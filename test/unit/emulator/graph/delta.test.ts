import { GraphError } from '#emulator/errors';
import { decodeDeltaToken, deltaPage, encodeDeltaToken, type DeltaState } from '#emulator/graph/delta';
import { SEEDED, seedDemoMailboxes } from '#emulator/mailbox/seed';
import { MailboxStore } from '#emulator/mailbox/store';
import type { Mailbox } from '#emulator/mailbox/types';

function setup() {
  const store = new MailboxStore();
  seedDemoMailboxes(store, { now: new Date('2026-03-02T10:00:00Z') });
  const alex = store.mailbox(SEEDED.alex.email);
  const inbox = store.folder(alex, 'inbox');
  const start = (extra: Partial<DeltaState> = {}): DeltaState => ({
    v: 1,
    epoch: store.deltaEpoch,
    mailbox: SEEDED.alex.email,
    folderId: inbox.id,
    since: 0,
    upto: store.currentSeq(),
    cursor: 0,
    ...extra,
  });
  return { store, alex, inbox, start };
}

/** Runs a whole round from `state`, returning entry ids (removed ones prefixed with '-'). */
function round(store: MailboxStore, alex: Mailbox, state: DeltaState, pageSize: number) {
  const ids: string[] = [];
  let current = state;
  let pages = 0;
  for (;;) {
    const page = deltaPage(store, alex, store.folder(alex, current.folderId), current, pageSize, () => true);
    pages++;
    ids.push(...page.entries.map((e) => (e.kind === 'item' ? e.item.id : `-${e.id}`)));
    if (page.next) current = page.next;
    else return { ids, pages, deltaLink: page.deltaLinkState! };
  }
}

describe('delta rounds', () => {
  it('delivers every item once across pages, then only changes', () => {
    const { store, alex, start } = setup();
    const first = round(store, alex, start(), 5);
    expect(first.pages).toBe(3);
    expect(new Set(first.ids).size).toBe(SEEDED.alex.inboxCount);

    const nextRound = (s: DeltaState) => ({ ...s, upto: store.currentSeq(), cursor: s.since });
    expect(round(store, alex, nextRound(first.deltaLink), 5).ids).toEqual([]);

    const updated = store.item(alex, SEEDED.alex.inbox.priya.id);
    store.updateItem(alex, updated, (m) => (m.categories = ['Blue category']));
    store.updateItem(alex, updated, (m) => (m.categories = ['Red category']));
    store.deleteItem(alex, store.item(alex, SEEDED.alex.inbox.johnDoe.id));
    const second = round(store, alex, nextRound(first.deltaLink), 5);
    expect(second.ids).toEqual([updated.id, `-${SEEDED.alex.inbox.johnDoe.id}`]);
  });

  it('leaves changes made during a round to the next round', () => {
    const { store, alex, start } = setup();
    const state = start();
    const page1 = deltaPage(store, alex, store.folder(alex, 'inbox'), state, 5, () => true);
    const seen = new Set(page1.entries.map((e) => (e.kind === 'item' ? e.item.id : e.id)));
    // Change an item already delivered in page 1 while the round is under way.
    const changed = [...seen][0]!;
    store.updateItem(alex, store.item(alex, changed), (m) => (m.categories = ['Green category']));
    const rest = round(store, alex, page1.next!, 5);
    expect(rest.ids).not.toContain(changed);
    expect(seen.size + rest.ids.length).toBe(SEEDED.alex.inboxCount);
    const after = round(
      store,
      alex,
      { ...rest.deltaLink, upto: store.currentSeq(), cursor: rest.deltaLink.since },
      5,
    );
    expect(after.ids).toEqual([changed]);
  });

  it('filters by change type', () => {
    const { store, alex, start } = setup();
    const first = round(store, alex, start({ changeType: 'created' }), 50);
    expect(first.ids).toHaveLength(SEEDED.alex.inboxCount);
    store.updateItem(
      alex,
      store.item(alex, SEEDED.alex.inbox.priya.id),
      (m) => (m.categories = ['Green category']),
    );
    store.deleteItem(alex, store.item(alex, SEEDED.alex.inbox.johnDoe.id));
    const next = round(
      store,
      alex,
      { ...first.deltaLink, upto: store.currentSeq(), cursor: first.deltaLink.since },
      50,
    );
    expect(next.ids).toEqual([]);
  });

  it('encodes tokens opaquely and expires them on demand with 410 SyncStateNotFound', () => {
    const { store, start } = setup();
    const token = encodeDeltaToken(start());
    expect(decodeDeltaToken(token, store)).toEqual(start());
    store.expireDeltaTokens();
    let error: unknown;
    try {
      decodeDeltaToken(token, store);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).status).toBe(410);
    expect((error as GraphError).code).toBe('SyncStateNotFound');
    expect(() => decodeDeltaToken('not-a-token', store)).toThrow(/corrupt/);
  });
});
