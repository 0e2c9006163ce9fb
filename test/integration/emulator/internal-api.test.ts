import { cecpExtendedPropertyId, writeCecpValue, type TrackingMarker } from '#contract/marker';
import { DEMO_USERS } from '#contract/demo-org';
import { SEEDED } from '#emulator/mailbox/seed';
import { startTestEmulator, type TestEmulator } from './harness';

const ALEX = 'alex.morgan@contoso.example';
const SAM = 'sam.lee@contoso.example';

type Item = {
  id: string;
  kind: string;
  folder: string;
  subject: string;
  internetMessageId: string;
  conversationId: string;
  internetMessageHeaders: Array<{ name: string; value: string }>;
  customProperties: string | null;
  categories: string[];
  toRecipients: Array<{ name: string; address: string }>;
  attendees?: Array<{ name: string; address: string; type: string }>;
  isOrganizer?: boolean;
  start?: string;
};
type ListItem = {
  id: string;
  kind: string;
  subject: string;
  receivedAt: string;
  marker: TrackingMarker | null;
  isRead: boolean;
};

const marker: TrackingMarker = {
  v: 1,
  state: 'tracked',
  kind: 'email',
  by: 'user-1',
  at: '2026-01-01T00:00:00Z',
  activityId: '00000000-0000-4000-8000-000000000001',
};

let emu: TestEmulator;

beforeEach(async () => {
  emu = await startTestEmulator();
});

afterEach(async () => {
  await emu.close();
});

const get = async <T>(path: string): Promise<T> => {
  const res = await emu.api(path);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
};

describe('internal API: mailboxes and items', () => {
  it('lists the demo users, folders and items newest first', async () => {
    const users = await get<Array<{ email: string; name: string }>>('/users');
    expect(users.map((u) => u.email)).toEqual(DEMO_USERS.map((u) => u.email));

    const folders = await get<Array<{ wellKnownName: string; total: number; unread: number }>>(
      `/mailboxes/${ALEX}/folders`,
    );
    expect(folders.map((f) => f.wellKnownName)).toEqual(['inbox', 'sentitems', 'drafts', 'calendar']);
    expect(folders[0]?.total).toBe(SEEDED.alex.inboxCount);
    expect(folders[0]?.unread).toBe(4);

    const inbox = await get<ListItem[]>(`/mailboxes/${ALEX}/folders/inbox/items`);
    expect(inbox[0]?.subject).toBe(SEEDED.alex.inbox.priya.subject);
    const times = inbox.map((i) => Date.parse(i.receivedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const meeting = await get<Item>(`/mailboxes/${ALEX}/items/${SEEDED.alex.calendar.fabrikamReview.id}`);
    expect(meeting.kind).toBe('event');
    expect(meeting.isOrganizer).toBe(true);
    expect(meeting.attendees).toEqual([
      { name: 'Nora Fischer', address: 'nora.fischer@fabrikam.example', type: 'required' },
      { name: 'Priya Raman', address: 'priya@northwind.example', type: 'required' },
    ]);
  });

  it('writes custom properties that Graph sees as the cecp extended property, and shows the marker', async () => {
    const id = SEEDED.alex.inbox.noraFabrikam.id;
    const cecp = writeCecpValue(null, marker);
    const res = await emu.api(`/mailboxes/${ALEX}/items/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ customProperties: cecp, categories: ['Tracked to Regarding'] }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Item).customProperties).toBe(cecp);

    const list = await get<ListItem[]>(`/mailboxes/${ALEX}/folders/inbox/items`);
    expect(list.find((i) => i.id === id)?.marker).toEqual(marker);

    const expand = encodeURIComponent(
      `singleValueExtendedProperties($filter=id eq '${cecpExtendedPropertyId()}')`,
    );
    const graph = await emu.graph(`/users/${ALEX}/messages/${id}?$expand=${expand}`);
    const body = (await graph.json()) as {
      singleValueExtendedProperties: Array<{ id: string; value: string }>;
      categories: string[];
    };
    expect(body.singleValueExtendedProperties).toEqual([{ id: cecpExtendedPropertyId(), value: cecp }]);
    expect(body.categories).toEqual(['Tracked to Regarding']);

    const cleared = await emu.api(`/mailboxes/${ALEX}/items/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ customProperties: null }),
    });
    expect(((await cleared.json()) as Item).customProperties).toBeNull();
  });

  it('rejects bad patches with a stable code and changes nothing', async () => {
    const id = SEEDED.alex.inbox.noraFabrikam.id;
    for (const body of [
      { customProperties: 'not json' },
      { isRead: 'yes' },
      { subject: 'not a draft' },
      { bogus: 1 },
    ]) {
      const res = await emu.api(`/mailboxes/${ALEX}/items/${id}`, {
        method: 'PATCH',
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(
        /^(ErrorInvalidProperty|RequestBodyRead)$/,
      );
    }
    const item = await get<Item & { isRead: boolean }>(`/mailboxes/${ALEX}/items/${id}`);
    expect(item.subject).toBe(SEEDED.alex.inbox.noraFabrikam.subject);
    expect(item.customProperties).toBeNull();
    expect((await emu.api(`/mailboxes/nobody@contoso.example/folders`)).status).toBe(404);
    expect((await emu.api(`/mailboxes/${ALEX}/items/nope`)).status).toBe(404);
  });
});

describe('internal API: compose, master categories and faults', () => {
  it('replies and sends: Sent Items keeps custom properties, the delivered copy does not', async () => {
    // Alex replies to Sam's "Q4 pipeline review", copying Taylor: both are emulated mailboxes.
    const original = SEEDED.alex.inbox.samInternal;
    const created = await emu.api(`/mailboxes/${ALEX}/drafts`, {
      method: 'POST',
      body: JSON.stringify({ replyToId: original.id }),
    });
    expect(created.status).toBe(201);
    const draft = (await created.json()) as Item;
    expect(draft.folder).toBe('drafts');
    expect(draft.subject).toBe(`RE: ${original.subject}`);
    expect(draft.toRecipients.map((r) => r.address)).toEqual([SAM]);

    const cecp = writeCecpValue(null, { ...marker, state: 'pending', compose: true });
    const patched = await emu.api(`/mailboxes/${ALEX}/items/${draft.id}`, {
      method: 'PATCH',
      body: JSON.stringify({
        body: { contentType: 'html', content: '<p>Done, see the sheet.</p>' },
        ccRecipients: [{ name: 'Taylor Brooks', address: 'taylor.brooks@contoso.example' }],
        customProperties: cecp,
      }),
    });
    expect(patched.status).toBe(200);

    const sentRes = await emu.api(`/mailboxes/${ALEX}/items/${draft.id}/send`, { method: 'POST' });
    expect(sentRes.status).toBe(200);
    const sent = (await sentRes.json()) as Item;
    expect(sent.id).toBe(draft.id);
    expect(sent.folder).toBe('sentitems');
    expect(sent.customProperties).toBe(cecp);
    const header = (name: string) => sent.internetMessageHeaders.find((h) => h.name === name)?.value;
    expect(header('In-Reply-To')).toBe(original.internetMessageId);
    expect(header('References')).toContain(original.internetMessageId);
    expect(sent.internetMessageId).toMatch(/^<.+@contoso\.example>$/);

    const originalItem = await get<Item>(`/mailboxes/${ALEX}/items/${original.id}`);
    expect(sent.conversationId).toBe(originalItem.conversationId);

    for (const user of [SAM, 'taylor.brooks@contoso.example']) {
      const inbox = await get<ListItem[]>(`/mailboxes/${user}/folders/inbox/items`);
      const copy = inbox.find((i) => i.subject === sent.subject);
      expect(copy).toBeDefined();
      expect(copy?.marker).toBeNull();
      expect(copy?.isRead).toBe(false);
      const full = await get<Item>(`/mailboxes/${user}/items/${copy!.id}`);
      expect(full.customProperties).toBeNull();
      expect(full.internetMessageId).toBe(sent.internetMessageId);
      expect(full.conversationId).toBe(sent.conversationId);
    }

    const again = await emu.api(`/mailboxes/${ALEX}/items/${draft.id}/send`, { method: 'POST' });
    expect(again.status).toBe(400);
  });

  it('refuses to send a draft without recipients', async () => {
    const draft = (await (
      await emu.api(`/mailboxes/${ALEX}/drafts`, { method: 'POST', body: '{}' })
    ).json()) as Item;
    const res = await emu.api(`/mailboxes/${ALEX}/items/${draft.id}/send`, { method: 'POST' });
    expect(res.status).toBe(400);
    const stillDraft = await get<Item>(`/mailboxes/${ALEX}/items/${draft.id}`);
    expect(stillDraft.folder).toBe('drafts');
  });

  it('manages master categories', async () => {
    const created = await emu.api(`/mailboxes/${ALEX}/master-categories`, {
      method: 'POST',
      body: JSON.stringify({ displayName: 'Tracked to Regarding', color: 'preset4' }),
    });
    expect(created.status).toBe(201);
    const list = await get<Array<{ displayName: string }>>(`/mailboxes/${ALEX}/master-categories`);
    expect(list.map((c) => c.displayName)).toContain('Tracked to Regarding');
    const removed = await emu.api(
      `/mailboxes/${ALEX}/master-categories/${encodeURIComponent('Tracked to Regarding')}`,
      {
        method: 'DELETE',
      },
    );
    expect(removed.status).toBe(204);

    // Names travel URL-encoded once (a '%' in a name must not break the route).
    const percent = '50% deals';
    await emu.api(`/mailboxes/${ALEX}/master-categories`, {
      method: 'POST',
      body: JSON.stringify({ displayName: percent }),
    });
    const gone = await emu.api(`/mailboxes/${ALEX}/master-categories/${encodeURIComponent(percent)}`, {
      method: 'DELETE',
    });
    expect(gone.status).toBe(204);
    expect((await emu.api(`/mailboxes/${ALEX}/master-categories/nope`, { method: 'DELETE' })).status).toBe(
      404,
    );
  });

  it('reads and validates faults, and resets to the seeded state', async () => {
    const initial = await get<{ graph: { mode: string }; crm: { unreachable: boolean } }>('/faults');
    expect(initial).toEqual({
      graph: { mode: 'none', retryAfterSeconds: 5, latencyMs: 0 },
      crm: { unreachable: false },
    });
    const bad = await emu.api('/faults', {
      method: 'PUT',
      body: JSON.stringify({ graph: { mode: 'explode' } }),
    });
    expect(bad.status).toBe(400);
    const set = await emu.api('/faults', {
      method: 'PUT',
      body: JSON.stringify({ crm: { unreachable: true } }),
    });
    expect(((await set.json()) as { crm: { unreachable: boolean } }).crm.unreachable).toBe(true);

    await emu.api(`/mailboxes/${ALEX}/drafts`, { method: 'POST', body: '{}' });
    expect((await emu.api('/reset', { method: 'POST' })).status).toBe(204);
    const folders = await get<Array<{ wellKnownName: string; total: number }>>(`/mailboxes/${ALEX}/folders`);
    expect(folders.find((f) => f.wellKnownName === 'drafts')?.total).toBe(0);
    expect((await get<{ crm: { unreachable: boolean } }>('/faults')).crm.unreachable).toBe(false);
  });
});

describe('request bodies', () => {
  it('accepts an empty JSON body and rejects malformed JSON with BadRequest', async () => {
    const draft = (await (
      await emu.api(`/mailboxes/${ALEX}/drafts`, { method: 'POST', body: '' })
    ).json()) as Item;
    expect(draft.folder).toBe('drafts');
    const res = await emu.api(`/mailboxes/${ALEX}/items/${draft.id}`, {
      method: 'PATCH',
      body: '{"subject":',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BadRequest');
  });
});

describe('incoming mail', () => {
  it('delivers a reply from outside into the thread, and delta reports it', async () => {
    const round1 = (await (
      await emu.graph(`/users/${ALEX}/mailFolders/inbox/messages/delta`, {
        headers: { prefer: 'odata.maxpagesize=100' },
      })
    ).json()) as {
      '@odata.deltaLink': string;
    };
    const parent = SEEDED.alex.inbox.noraRolloutReply;
    const res = await emu.api(`/mailboxes/${ALEX}/inbox`, {
      method: 'POST',
      body: JSON.stringify({
        from: { name: 'Nora Fischer', address: 'nora.fischer@fabrikam.example' },
        subject: 'RE: Fabrikam rollout timeline',
        inReplyToId: parent.id,
      }),
    });
    expect(res.status).toBe(201);
    const item = (await res.json()) as Item;
    expect(item.conversationId).toBe(SEEDED.alex.rolloutConversationId);
    expect(item.internetMessageHeaders.find((h) => h.name === 'In-Reply-To')?.value).toBe(
      parent.internetMessageId,
    );
    expect(item.internetMessageHeaders.find((h) => h.name === 'References')?.value).toContain(
      parent.internetMessageId,
    );

    const round2 = (await (
      await emu.graph(round1['@odata.deltaLink'], { headers: { prefer: 'IdType="ImmutableId"' } })
    ).json()) as {
      value: Array<{ id: string }>;
    };
    expect(round2.value.map((v) => v.id)).toEqual([item.id]);

    const bad = await emu.api(`/mailboxes/${ALEX}/inbox`, {
      method: 'POST',
      body: JSON.stringify({ from: { address: 'not-an-address' }, subject: 'x' }),
    });
    expect(bad.status).toBe(400);
  });
});
