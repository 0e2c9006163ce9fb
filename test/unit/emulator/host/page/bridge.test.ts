// @vitest-environment jsdom
import type { FullItem, MasterCategory, MasterCategoryInput } from '#emulator/api/types';
import { HostApiError, type HostApi } from '#emulator/host/page/api';
import { PaneBridge, parseRecipients, type PaneSession } from '#emulator/host/page/bridge';
import {
  CHANNEL,
  CLIENT_PROFILES,
  type HostMessage,
  type NotificationDetails,
} from '#emulator/shim/protocol';

/** The host page's side of the shim channel, against a fake internal API and a fake pane frame. */
function item(overrides: Partial<FullItem> = {}): FullItem {
  return {
    id: 'AAMk-1',
    kind: 'message',
    folder: 'inbox',
    subject: 'Pricing',
    body: { contentType: 'html', content: '<p>Hello <b>Alex</b></p><p>Bye</p>' },
    from: { name: 'Nora Fischer', address: 'nora.fischer@fabrikam.example' },
    toRecipients: [],
    ccRecipients: [],
    internetMessageId: '<1@fabrikam.example>',
    conversationId: 'c1',
    internetMessageHeaders: [{ name: 'In-Reply-To', value: '<0@contoso.example>' }],
    receivedAt: '2026-01-05T09:00:00.000Z',
    sentAt: '2026-01-05T09:00:00.000Z',
    createdAt: '2026-01-05T09:00:00.000Z',
    lastModifiedAt: '2026-01-05T09:00:00.000Z',
    categories: ['Red category'],
    isRead: true,
    isDraft: false,
    customProperties: '{"regarding":{"v":1}}',
    ...overrides,
  };
}

function setup() {
  let stored = item();
  const master: MasterCategory[] = [{ id: 'red', displayName: 'Red category', color: 'preset0' }];
  const patches: unknown[] = [];
  const api = {
    item: vi.fn(async () => structuredClone(stored)),
    patchItem: vi.fn(async (_user: string, _id: string, patch: Partial<FullItem>) => {
      patches.push(patch);
      stored = { ...stored, ...patch } as FullItem;
      return stored;
    }),
    masterCategories: vi.fn(async () => master.map((m) => ({ ...m }))),
    addMasterCategory: vi.fn(async (_user: string, c: MasterCategoryInput) => {
      const added = { id: c.displayName, displayName: c.displayName, color: c.color ?? 'none' };
      master.push(added);
      return added;
    }),
  } as unknown as HostApi;
  const notices: Record<string, NotificationDetails[]> = {};
  const session: PaneSession = {
    user: { email: 'alex.morgan@contoso.example', name: 'Alex Morgan' },
    client: CLIENT_PROFILES.desktop,
    item: { full: stored, mode: 'read', composeType: null },
    notifications: { list: (id) => notices[id] ?? [], set: (id, list) => (notices[id] = list) },
    theme: 'dark',
  };
  const sent: HostMessage[] = [];
  const frame = { postMessage: (m: HostMessage) => sent.push(m) } as unknown as Window;
  const changed = vi.fn();
  const bridge = new PaneBridge(window, api, () => session, changed);
  bridge.attach(frame);
  let nextId = 1;
  const fromPane = (data: unknown, source: Window = frame, origin = window.location.origin) =>
    window.dispatchEvent(new MessageEvent('message', { data, source, origin }));
  const request = async (method: string, args: unknown = {}, generation: number | null = 0) => {
    const id = nextId++;
    fromPane({ channel: CHANNEL, kind: 'request', id, generation, method, args });
    await vi.waitFor(() => expect(sent.some((m) => m.kind === 'response' && m.id === id)).toBe(true));
    return sent.find((m) => m.kind === 'response' && m.id === id) as Extract<
      HostMessage,
      { kind: 'response' }
    >;
  };
  return { api, session, sent, bridge, fromPane, request, changed, patches, notices, master };
}

describe('PaneBridge', () => {
  it('answers hello with the item snapshot once, and only to its own frame and origin', () => {
    const { sent, fromPane } = setup();
    fromPane({ channel: CHANNEL, kind: 'hello' }, window);
    fromPane({ channel: CHANNEL, kind: 'hello' }, undefined, 'https://evil.example');
    expect(sent).toEqual([]);
    fromPane({ channel: CHANNEL, kind: 'hello' });
    fromPane({ channel: CHANNEL, kind: 'hello' });
    expect(sent).toHaveLength(1);
    const init = sent[0] as Extract<HostMessage, { kind: 'init' }>;
    expect(init.payload.item).toMatchObject({
      itemId: 'AAMk-1',
      subject: 'Pricing',
      mode: 'read',
      generation: 0,
    });
    expect(init.payload.client.mailboxVersion).toBe('1.13');
    expect(init.payload.theme).toBe('dark');
  });

  it('converts the body between HTML and text', async () => {
    const { request } = setup();
    const text = await request('body.get', { coercion: 'text' });
    expect(text).toMatchObject({ ok: true, value: 'Hello Alex\nBye' });
    const html = await request('body.get', { coercion: 'html' });
    expect(html).toMatchObject({ ok: true, value: '<p>Hello <b>Alex</b></p><p>Bye</p>' });
  });

  it('refuses calls about an item the pane no longer shows (APICallFailedDueToItemChange)', async () => {
    const { request, bridge, fromPane, sent } = setup();
    fromPane({ channel: CHANNEL, kind: 'hello' });
    bridge.itemChanged();
    expect(sent.at(-1)).toMatchObject({ kind: 'itemChanged', item: { generation: 1 } });
    expect(await request('customProperties.load', {}, 0)).toMatchObject({ ok: false, code: 9030 });
    expect(await request('customProperties.load', {}, 1)).toMatchObject({
      ok: true,
      value: { regarding: { v: 1 } },
    });
  });

  it('saves custom properties and categories to the mailbox, within the master list', async () => {
    const { request, patches, changed } = setup();
    expect(
      await request('customProperties.save', { values: { regarding: { v: 1, state: 'pending' } } }),
    ).toMatchObject({ ok: true });
    expect(patches).toEqual([{ customProperties: '{"regarding":{"v":1,"state":"pending"}}' }]);
    expect(await request('categories.add', { names: ['Tracked to Regarding'] })).toMatchObject({
      ok: false,
      code: 9044,
    });
    expect(
      await request('masterCategories.add', {
        categories: [{ displayName: 'Tracked to Regarding', color: 'Preset4' }],
      }),
    ).toMatchObject({ ok: true });
    expect(
      await request('masterCategories.add', {
        categories: [{ displayName: 'tracked to regarding', color: 'None' }],
      }),
    ).toMatchObject({ ok: false, code: 9045 });
    expect(await request('categories.add', { names: ['tracked to regarding'] })).toMatchObject({ ok: true });
    expect(patches.at(-1)).toEqual({ categories: ['Red category', 'Tracked to Regarding'] });
    expect(await request('categories.get')).toMatchObject({
      ok: true,
      value: [
        { displayName: 'Red category', color: 'Preset0' },
        { displayName: 'Tracked to Regarding', color: 'Preset4' },
      ],
    });
    expect(await request('categories.remove', { names: ['RED CATEGORY'] })).toMatchObject({ ok: true });
    expect(patches.at(-1)).toEqual({ categories: ['Tracked to Regarding'] });
    expect(changed).toHaveBeenCalled();
  });

  it('keeps at most five notifications per item, with Outlook errors for duplicates and missing keys', async () => {
    const { request, notices } = setup();
    const note = (key: string) => ({ key, type: 'errorMessage', message: `m ${key}` });
    for (const key of ['a', 'b', 'c', 'd', 'e'])
      expect(await request('notifications.add', note(key))).toMatchObject({ ok: true });
    expect(await request('notifications.add', note('f'))).toMatchObject({ ok: false, code: 9025 });
    expect(await request('notifications.add', note('a'))).toMatchObject({ ok: false, code: 9023 });
    expect(await request('notifications.replace', { ...note('a'), message: 'new' })).toMatchObject({
      ok: true,
    });
    expect(notices['AAMk-1']?.[0]?.message).toBe('new');
    expect(await request('notifications.remove', { key: 'zzz' })).toMatchObject({ ok: false, code: 9024 });
    expect(await request('notifications.remove', { key: 'b' })).toMatchObject({ ok: true });
    expect(notices['AAMk-1']?.map((n) => n.key)).toEqual(['a', 'c', 'd', 'e']);
  });

  it('maps mailbox failures to Outlook errors', async () => {
    const { request, api } = setup();
    vi.mocked(api.item).mockRejectedValueOnce(new HostApiError(404, 'ErrorItemNotFound', 'gone'));
    expect(await request('customProperties.load')).toMatchObject({ ok: false, code: 9049 });
    vi.mocked(api.item).mockRejectedValueOnce(new HostApiError(0, 'network', 'offline'));
    expect(await request('customProperties.load')).toMatchObject({ ok: false, code: 9041 });
    vi.mocked(api.item).mockRejectedValueOnce(new HostApiError(500, 'UnknownError', 'boom'));
    expect(await request('customProperties.load')).toMatchObject({ ok: false, code: 9042 });
  });

  it('reads headers with the threading headers of the message', async () => {
    const { request } = setup();
    const headers = await request('headers.get');
    expect(headers.ok && String(headers.value)).toContain('In-Reply-To: <0@contoso.example>\r\n');
    expect(headers.ok && String(headers.value)).toContain('Message-ID: <1@fabrikam.example>\r\n');
  });
});

describe('parseRecipients', () => {
  it('reads names and addresses as typed in To and Cc', () => {
    expect(parseRecipients('Nora Fischer <nora.fischer@fabrikam.example>; priya@northwind.example,')).toEqual(
      [
        { name: 'Nora Fischer', address: 'nora.fischer@fabrikam.example' },
        { name: 'priya@northwind.example', address: 'priya@northwind.example' },
      ],
    );
  });
});
