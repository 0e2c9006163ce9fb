import { DEMO_USERS, NEWSLETTER_SENDER, UNKNOWN_SENDERS } from '#contract/demo-org';
import { generateMailboxes } from '#emulator/mailbox/generate';
import { SEEDED, seedDemoMailboxes } from '#emulator/mailbox/seed';
import { MailboxStore } from '#emulator/mailbox/store';
import type { EventItem, MessageItem } from '#emulator/mailbox/types';

const NOW = new Date('2026-03-02T10:00:00Z');

function seeded(): MailboxStore {
  const store = new MailboxStore();
  seedDemoMailboxes(store, { now: NOW });
  return store;
}

const header = (m: MessageItem, name: string) => m.internetMessageHeaders.find((h) => h.name === name)?.value;

describe('seeded demo mailboxes', () => {
  const store = seeded();
  const alex = store.mailbox(SEEDED.alex.email);
  const message = (id: string) => store.item(alex, id) as MessageItem;

  it('gives every demo user a mailbox with the standard folders', () => {
    for (const user of DEMO_USERS) {
      const mailbox = store.mailbox(user.email);
      expect(store.mailbox(user.objectId)).toBe(mailbox);
      expect([...mailbox.folders.values()].map((f) => f.wellKnownName).sort()).toEqual([
        'calendar',
        'deleteditems',
        'drafts',
        'inbox',
        'sentitems',
      ]);
      expect(store.folderItems(mailbox, store.folder(mailbox, 'inbox')).length).toBeGreaterThan(0);
    }
  });

  it("fills Alex's inbox and sent items with the named items", () => {
    const inbox = store.folderItems(alex, store.folder(alex, 'inbox'));
    expect(inbox).toHaveLength(SEEDED.alex.inboxCount);
    expect(store.folderItems(alex, store.folder(alex, 'sentitems'))).toHaveLength(SEEDED.alex.sentItemsCount);
    for (const ref of Object.values(SEEDED.alex.inbox)) {
      const item = message(ref.id);
      expect(item.subject).toBe(ref.subject);
      expect(item.internetMessageId).toBe(ref.internetMessageId);
      expect(store.folder(alex, 'inbox').id).toBe(item.folderId);
    }
    expect(message(SEEDED.alex.inbox.noraFabrikam.id).from?.emailAddress.address).toBe(
      'nora.fischer@fabrikam.example',
    );
    expect(message(SEEDED.alex.inbox.johnDoe.id).from?.emailAddress.address).toBe('j.doe@adatum.example');
    expect(message(SEEDED.alex.inbox.elenaUnknown.id).from?.emailAddress.address).toBe(
      UNKNOWN_SENDERS[0].email,
    );
    expect(message(SEEDED.alex.inbox.marcusUnknown.id).from?.emailAddress.address).toBe(
      UNKNOWN_SENDERS[1].email,
    );
    expect(message(SEEDED.alex.inbox.priya.id).from?.emailAddress.address).toBe('priya@northwind.example');
  });

  it('threads the Nora conversation with In-Reply-To, References and one conversationId', () => {
    const first = message(SEEDED.alex.inbox.noraRolloutFirst.id);
    const reply = message(SEEDED.alex.sentItems.noraRolloutReply.id);
    const last = message(SEEDED.alex.inbox.noraRolloutReply.id);
    expect(new Set([first.conversationId, reply.conversationId, last.conversationId])).toEqual(
      new Set([SEEDED.alex.rolloutConversationId]),
    );
    expect(header(first, 'In-Reply-To')).toBeUndefined();
    expect(header(reply, 'In-Reply-To')).toBe(first.internetMessageId);
    expect(header(last, 'In-Reply-To')).toBe(reply.internetMessageId);
    expect(header(last, 'References')).toBe(`${first.internetMessageId} ${reply.internetMessageId}`);
    expect(store.folder(alex, 'sentitems').id).toBe(reply.folderId);
    // Each reply level adds 5 bytes to the conversation index.
    expect(Buffer.from(last.conversationIndex, 'base64').length).toBe(32);
  });

  it('marks the auto-reply and the newsletter the way mail servers do', () => {
    const oof = message(SEEDED.alex.inbox.autoReply.id);
    expect(header(oof, 'Auto-Submitted')).toBe('auto-replied');
    expect(header(oof, 'X-Auto-Response-Suppress')).toBe('All');
    const news = message(SEEDED.alex.inbox.newsletter.id);
    expect(news.from?.emailAddress.address).toBe(NEWSLETTER_SENDER.email);
    expect(header(news, 'List-Unsubscribe')).toMatch(/^<mailto:/);
  });

  it('stores internal mail on both sides with the same Internet message id', () => {
    const sam = store.mailbox(SEEDED.sam.email);
    const sent = store.item(sam, SEEDED.sam.sentItems.toAlex.id) as MessageItem;
    const received = message(SEEDED.alex.inbox.samInternal.id);
    expect(sent.internetMessageId).toBe(received.internetMessageId);
    expect(store.folder(sam, 'sentitems').id).toBe(sent.folderId);
    const jordan = store.mailbox('jordan.patel@contoso.example');
    expect(
      store.folderItems(jordan, store.folder(jordan, 'inbox')).some((i) => i.subject === received.subject),
    ).toBe(true);
  });

  it('puts the meetings in every emulated participant calendar', () => {
    const review = store.item(alex, SEEDED.alex.calendar.fabrikamReview.id) as EventItem;
    expect(review.isOrganizer).toBe(true);
    expect(review.attendees.map((a) => [a.emailAddress.address, a.type])).toEqual([
      ['nora.fischer@fabrikam.example', 'required'],
      ['priya@northwind.example', 'required'],
    ]);
    expect(review.start).toEqual({ dateTime: '2026-03-03T15:00:00.0000000', timeZone: 'UTC' });
    const attended = store.item(alex, SEEDED.alex.calendar.pipelineSync.id) as EventItem;
    const organized = store.item(
      store.mailbox(SEEDED.sam.email),
      SEEDED.sam.calendar.pipelineSync.id,
    ) as EventItem;
    expect(attended.isOrganizer).toBe(false);
    expect(organized.isOrganizer).toBe(true);
    expect(attended.iCalUId).toBe(organized.iCalUId);
    expect(attended.organizer.emailAddress.address).toBe(SEEDED.sam.email);
  });

  it('is deterministic: the same ids and subjects on every run', () => {
    const again = seeded();
    const ids = (s: MailboxStore) =>
      DEMO_USERS.flatMap((u) =>
        [...s.mailbox(u.email).items.values()].map((i) => `${i.id}:${i.subject}`),
      ).sort();
    expect(ids(again)).toEqual(ids(store));
  });
});

describe('store changes', () => {
  it('records adds, updates, moves and deletions in the folder change logs', () => {
    const store = seeded();
    const alex = store.mailbox(SEEDED.alex.email);
    const inbox = store.folder(alex, 'inbox');
    const item = store.item(alex, SEEDED.alex.inbox.priya.id);
    const before = item.changeKey;
    const seq = store.currentSeq();
    store.updateItem(alex, item, (i) => i.categories.push('Blue category'));
    expect(item.changeKey).not.toBe(before);
    expect(inbox.changes.get(item.id)).toMatchObject({ seq: seq + 1, removed: false });
    expect([...inbox.changes.keys()].at(-1)).toBe(item.id);

    store.moveItem(alex, item, store.folder(alex, 'deleteditems'));
    expect(inbox.changes.get(item.id)?.removed).toBe(true);
    expect(store.folder(alex, 'deleteditems').changes.get(item.id)?.removed).toBe(false);
    expect(store.findItem(alex, item.id)?.folderId).toBe(store.folder(alex, 'deleteditems').id);

    store.deleteItem(alex, item);
    expect(store.findItem(alex, item.id)).toBeUndefined();
    expect(() =>
      store.moveItem(alex, store.item(alex, SEEDED.alex.calendar.fabrikamReview.id), inbox),
    ).toThrow();
  });

  it('emits a change event for every write', () => {
    const store = seeded();
    const alex = store.mailbox(SEEDED.alex.email);
    const seen: string[] = [];
    store.on('change', (c) => seen.push(c.change));
    const item = store.item(alex, SEEDED.alex.inbox.priya.id);
    store.updateItem(alex, item, (i) => (i.subject = 'x'));
    store.deleteItem(alex, item);
    expect(seen).toEqual(['updated', 'deleted']);
  });
});

describe('generated mailboxes', () => {
  it('registers N mailboxes with M items, built only when first read', () => {
    const store = new MailboxStore();
    const users = generateMailboxes(store, { mailboxes: 500, itemsPerMailbox: 40, now: NOW });
    expect(users).toHaveLength(500);
    expect(store.users()).toHaveLength(500);
    expect(store.isGenerated(users[0]!.email)).toBe(true);
    const seqBefore = store.currentSeq();
    expect(seqBefore).toBe(0);
    const mailbox = store.mailbox(users[499]!.email);
    const inbox = store.folderItems(mailbox, store.folder(mailbox, 'inbox'));
    expect(inbox).toHaveLength(40);
    expect(store.mailbox(users[499]!.objectId)).toBe(mailbox);
    expect(new Set(inbox.map((i) => i.id)).size).toBe(40);
  });
});
