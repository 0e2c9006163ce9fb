import { OfficeMockObject } from 'office-addin-mock';
import { MARKER_PROPERTY, type TrackingMarker } from '#contract';
import { createOfficeAdapter } from '#addin/office/adapter';
import type { OfficeNamespace } from '#addin/office/namespace';
import { USER_EMAIL } from '#test/unit/browser/fakes';

type Callback = (result: {
  status: string;
  value?: unknown;
  error?: { code: number; name: string; message: string };
}) => void;
const succeed = (cb: Callback, value?: unknown) => cb({ status: 'succeeded', value });
const fail = (cb: Callback, name: string, code = 9000) =>
  cb({ status: 'failed', error: { code, name, message: `${name} happened` } });
const asyncValue = (value: unknown) => ({ getAsync: (_o: unknown, cb: Callback) => succeed(cb, value) });

/** One mailbox with custom properties, item categories and master categories kept in memory. */
function mailboxItem(overrides: Record<string, unknown> = {}) {
  const properties: Record<string, unknown> = {};
  const categories: string[] = [];
  const saves: Record<string, unknown>[] = [];
  const item = {
    itemType: 'message',
    itemId: 'AAMk-1',
    subject: 'Fabrikam rollout',
    from: { emailAddress: 'nora.fischer@fabrikam.example', displayName: 'Nora Fischer' },
    to: [{ emailAddress: USER_EMAIL, displayName: 'Alex Morgan' }],
    cc: [{ emailAddress: 'priya.shah@fabrikam.example', displayName: 'Priya Shah' }],
    internetMessageId: '<msg-1@fabrikam.example>',
    conversationId: 'conv-1',
    dateTimeCreated: new Date('2026-11-20T09:00:00Z'),
    body: { getAsync: (type: string, cb: Callback) => succeed(cb, type === 'html' ? '<p>Hi</p>' : 'Hi') },
    getAllInternetHeadersAsync: (cb: Callback) =>
      succeed(
        cb,
        'Subject: Fabrikam rollout\r\nIn-Reply-To: <msg-0@contoso.example>\r\nReferences: <root@x.example>\r\n <msg-0@contoso.example>\r\n',
      ),
    loadCustomPropertiesAsync: (cb: Callback) =>
      succeed(cb, {
        get: (name: string) => properties[name],
        set: (name: string, value: unknown) => (properties[name] = value),
        remove: (name: string) => delete properties[name],
        getAll: () => ({ ...properties }),
        saveAsync: (done: Callback) => {
          saves.push(structuredClone(properties));
          succeed(done);
        },
      }),
    categories: {
      addAsync: (names: string[], cb: Callback) => {
        categories.push(...names.filter((n) => !categories.includes(n)));
        succeed(cb);
      },
      removeAsync: (names: string[], cb: Callback) => {
        for (const n of names) if (categories.includes(n)) categories.splice(categories.indexOf(n), 1);
        succeed(cb);
      },
    },
    notificationMessages: { replaceAsync: vi.fn((_k: string, _m: unknown, cb: Callback) => succeed(cb)) },
    ...overrides,
  };
  return { item, properties, categories, saves };
}

function officeWith(item: unknown, options: { version?: string; hostName?: string; platform?: string } = {}) {
  const master: { displayName: string; color: string }[] = [];
  const handlers: Record<string, () => void> = {};
  const supported = Array.from({ length: 14 }, (_, i) => `1.${i + 1}`); // Mailbox 1.1 to 1.14
  const top = options.version ?? '1.14';
  const mock = new OfficeMockObject({
    host: 'outlook',
    context: {
      mailbox: {
        // The mock cannot hold null; "no item selected" is set after construction.
        item: item ?? {},
        userProfile: { displayName: 'Alex Morgan', emailAddress: USER_EMAIL, timeZone: 'UTC' },
        diagnostics: { hostName: options.hostName ?? 'OutlookWebApp', hostVersion: '16.0' },
        masterCategories: {
          getAsync: (cb: Callback) => succeed(cb, [...master]),
          addAsync: (list: { displayName: string; color: string }[], cb: Callback) => {
            master.push(...list);
            succeed(cb);
          },
        },
        addHandlerAsync: (type: string, handler: () => void, cb: Callback) => {
          handlers[type] = handler;
          succeed(cb);
        },
        removeHandlerAsync: (type: string, cb: Callback) => {
          delete handlers[type];
          succeed(cb);
        },
      },
      diagnostics: { platform: options.platform ?? 'OfficeOnline', version: '16.0' },
      requirements: {
        isSetSupported: (name: string, v: string) =>
          name === 'Mailbox' && supported.indexOf(v) !== -1 && supported.indexOf(v) <= supported.indexOf(top),
      },
      officeTheme: {
        bodyBackgroundColor: '#1f1f1f',
        bodyForegroundColor: '#ffffff',
        controlBackgroundColor: '#292929',
        controlForegroundColor: '#ffffff',
      },
      ui: { displayDialogAsync: vi.fn() },
    },
  });
  if (item === null) mock.context.mailbox.item = null;
  return {
    office: mock as unknown as OfficeNamespace,
    /** Selects another item (or none), as Outlook does. */
    select: (next: unknown) => {
      mock.context.mailbox.item = next;
    },
    master,
    handlers,
  };
}

const marker: TrackingMarker = {
  v: 1,
  state: 'pending',
  kind: 'email',
  by: 'u-1',
  at: '2026-11-20T10:00:00.000Z',
};

describe('Office adapter: reading the item', () => {
  it('reads a received message as plain data with roles, key, threading headers and no Office objects', async () => {
    const { item } = mailboxItem();
    const adapter = createOfficeAdapter(officeWith(item).office);

    const result = await adapter.getItem();

    expect(result.ok).toBe(true);
    const ctx = result.ok ? result.value! : null;
    expect(ctx).toMatchObject({
      mode: 'read',
      kind: 'email',
      role: null,
      key: '<msg-1@fabrikam.example>',
      itemId: 'AAMk-1',
      subject: 'Fabrikam rollout',
      userAddress: USER_EMAIL,
      sentAt: '2026-11-20T09:00:00.000Z',
      conversationId: 'conv-1',
      inReplyTo: '<msg-0@contoso.example>',
      references: ['<root@x.example>', '<msg-0@contoso.example>'],
    });
    expect(ctx!.people).toEqual([
      { role: 'from', address: 'nora.fischer@fabrikam.example', name: 'Nora Fischer' },
      { role: 'to', address: USER_EMAIL, name: 'Alex Morgan' },
      { role: 'cc', address: 'priya.shah@fabrikam.example', name: 'Priya Shah' },
    ]);
    expect(JSON.parse(JSON.stringify(ctx))).toEqual(ctx);
  });

  it('reads a message being composed through getAsync, without a key until it is sent', async () => {
    const { item } = mailboxItem({
      subject: asyncValue('Draft to Nora'),
      to: asyncValue([{ emailAddress: 'nora.fischer@fabrikam.example', displayName: 'Nora Fischer' }]),
      cc: asyncValue([]),
      from: undefined,
      itemId: undefined,
      internetMessageId: undefined,
      getItemIdAsync: (cb: Callback) => fail(cb, 'ItemNotSaved'),
    });
    const result = await createOfficeAdapter(officeWith(item).office).getItem();
    expect(result.ok && result.value).toMatchObject({
      mode: 'compose',
      key: null,
      itemId: null,
      subject: 'Draft to Nora',
      people: [{ role: 'to', address: 'nora.fischer@fabrikam.example', name: 'Nora Fischer' }],
    });
  });

  it('reads an appointment as attendee with organizer and attendees, and its REST id for the key lookup', async () => {
    const { item } = mailboxItem({
      itemType: 'appointment',
      from: undefined,
      to: undefined,
      cc: undefined,
      internetMessageId: undefined,
      organizer: { emailAddress: 'nora.fischer@fabrikam.example', displayName: 'Nora Fischer' },
      requiredAttendees: [{ emailAddress: USER_EMAIL, displayName: 'Alex Morgan' }],
      optionalAttendees: [{ emailAddress: 'priya.shah@fabrikam.example', displayName: 'Priya Shah' }],
      start: new Date('2026-11-21T10:00:00Z'),
      end: new Date('2026-11-21T11:00:00Z'),
      location: 'Teams',
      itemId: 'AAMkAD-event-1',
      // Outlook exposes no iCalUId; a host that carried one must not be trusted for the key.
      iCalUId: '040000008200E00074C5B7101A82E008',
    });
    const result = await createOfficeAdapter(officeWith(item).office).getItem();
    expect(result.ok && result.value).toMatchObject({
      kind: 'appointment',
      role: 'attendee',
      key: null,
      restId: 'AAMkAD-event-1',
      start: '2026-11-21T10:00:00.000Z',
      end: '2026-11-21T11:00:00.000Z',
      location: 'Teams',
      people: [
        { role: 'organizer', address: 'nora.fischer@fabrikam.example' },
        { role: 'required', address: USER_EMAIL },
        { role: 'optional', address: 'priya.shah@fabrikam.example' },
      ],
    });
  });

  it('reads an appointment being organized (compose) with no key where Outlook has no iCalUId', async () => {
    const { item } = mailboxItem({
      itemType: 'appointment',
      subject: asyncValue('Kick-off'),
      organizer: asyncValue({ emailAddress: USER_EMAIL, displayName: 'Alex Morgan' }),
      requiredAttendees: asyncValue([{ emailAddress: 'nora.fischer@fabrikam.example' }]),
      optionalAttendees: asyncValue([]),
      start: asyncValue(new Date('2026-11-22T10:00:00Z')),
      end: asyncValue(new Date('2026-11-22T10:30:00Z')),
      location: asyncValue(''),
      from: undefined,
      to: undefined,
      cc: undefined,
    });
    const result = await createOfficeAdapter(officeWith(item).office).getItem();
    expect(result.ok && result.value).toMatchObject({
      mode: 'compose',
      kind: 'appointment',
      role: 'organizer',
      key: null,
    });
  });

  it('returns no item when nothing is selected', async () => {
    expect(await createOfficeAdapter(officeWith(null).office).getItem()).toEqual({ ok: true, value: null });
  });

  it('turns an Office failure into a typed error', async () => {
    const { item } = mailboxItem({
      to: { getAsync: (_o: unknown, cb: Callback) => fail(cb, 'GenericResponseError', 9020) },
      subject: asyncValue('x'),
    });
    const result = await createOfficeAdapter(officeWith(item).office).getItem();
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'office', code: 'office_failed', officeCode: 9020, officeName: 'GenericResponseError' },
    });
  });

  it('keeps the item usable and reports a warning when the headers cannot be read', async () => {
    const { item } = mailboxItem({
      getAllInternetHeadersAsync: (cb: Callback) => fail(cb, 'GenericResponseError'),
    });
    const result = await createOfficeAdapter(officeWith(item).office).getItem();
    expect(result.ok && result.value?.inReplyTo).toBeUndefined();
    expect(result.ok && result.value?.warnings?.[0]).toMatchObject({
      code: 'office_failed',
      officeName: 'GenericResponseError',
    });
  });
});

describe('Office adapter: marker and categories', () => {
  it('writes, reads and removes the marker as a custom property', async () => {
    const mailbox = mailboxItem();
    const adapter = createOfficeAdapter(officeWith(mailbox.item).office);
    const ctx = (await adapter.getItem()).ok
      ? ((await adapter.getItem()) as { value: NonNullable<unknown> }).value
      : null;
    const item = ctx as Parameters<typeof adapter.readMarker>[0];

    expect(await adapter.readMarker(item)).toEqual({ ok: true, value: null });
    expect(await adapter.writeMarker(item, marker)).toEqual({ ok: true, value: undefined });
    expect(mailbox.saves).toHaveLength(1);
    expect(mailbox.properties[MARKER_PROPERTY]).toEqual(marker);
    expect(await adapter.readMarker(item)).toEqual({ ok: true, value: marker });
    await adapter.removeMarker(item);
    expect(mailbox.properties[MARKER_PROPERTY]).toBeUndefined();
  });

  it('refuses a marker over 2,500 characters without saving anything', async () => {
    const mailbox = mailboxItem();
    const adapter = createOfficeAdapter(officeWith(mailbox.item).office);
    const ctx = (await adapter.getItem()) as { ok: true; value: Parameters<typeof adapter.readMarker>[0] };
    mailbox.properties.other = 'x'.repeat(2400);
    const result = await adapter.writeMarker(ctx.value, marker);
    expect(result).toMatchObject({ ok: false, error: { code: 'marker_too_large' } });
    expect(mailbox.saves).toHaveLength(0);
  });

  it('never writes to an item selected after the context was read', async () => {
    const first = mailboxItem();
    const second = mailboxItem({ itemId: 'AAMk-2' });
    const { office, select } = officeWith(first.item);
    const adapter = createOfficeAdapter(office);
    const ctx = (await adapter.getItem()) as { ok: true; value: Parameters<typeof adapter.readMarker>[0] };
    select(second.item);

    expect(await adapter.writeMarker(ctx.value, marker)).toMatchObject({
      ok: false,
      error: { code: 'item_changed' },
    });
    expect(second.saves).toHaveLength(0);
    expect(first.saves).toHaveLength(0);
  });

  it('creates the master category once and adds and removes it on the item', async () => {
    const mailbox = mailboxItem();
    const { office, master } = officeWith(mailbox.item);
    const adapter = createOfficeAdapter(office);
    const ctx = (await adapter.getItem()) as { ok: true; value: Parameters<typeof adapter.readMarker>[0] };

    expect(await adapter.addCategory(ctx.value)).toEqual({ ok: true, value: 'done' });
    expect(await adapter.addCategory(ctx.value)).toEqual({ ok: true, value: 'done' });
    expect(master.map((c) => c.displayName)).toEqual(['Tracked to Regarding']);
    expect(mailbox.categories).toEqual(['Tracked to Regarding']);
    await adapter.removeCategory(ctx.value);
    expect(mailbox.categories).toEqual([]);
  });

  it('reports categories as unsupported on mobile and before Mailbox 1.8', async () => {
    for (const options of [{ hostName: 'OutlookIOS', platform: 'iOS' }, { version: '1.5' }]) {
      const mailbox = mailboxItem();
      const adapter = createOfficeAdapter(officeWith(mailbox.item, options).office);
      const ctx = (await adapter.getItem()) as { ok: true; value: Parameters<typeof adapter.readMarker>[0] };
      expect(await adapter.addCategory(ctx.value)).toEqual({ ok: true, value: 'unsupported' });
      expect(mailbox.categories).toEqual([]);
    }
  });
});

describe('Office adapter: environment', () => {
  it('detects client kind, requirement set, pinning and theme', () => {
    const web = createOfficeAdapter(officeWith(null).office);
    expect(web.capabilities).toMatchObject({
      client: 'web',
      mailboxVersion: '1.14',
      categories: true,
      pinning: true,
      dialog: true,
    });
    expect(web.theme()).toMatchObject({ bodyBackgroundColor: '#1f1f1f', isDark: true });
    const mobile = createOfficeAdapter(
      officeWith(null, { hostName: 'OutlookAndroid', platform: 'Android', version: '1.5' }).office,
    );
    expect(mobile.capabilities).toMatchObject({
      client: 'mobile',
      mailboxVersion: '1.5',
      categories: false,
      pinning: false,
    });
    const desktop = createOfficeAdapter(officeWith(null, { hostName: 'Outlook', platform: 'PC' }).office);
    expect(desktop.capabilities.client).toBe('desktop');
    expect(web.userProfile.emailAddress).toBe(USER_EMAIL);
  });

  it('calls back on ItemChanged, including to no item, until unsubscribed', async () => {
    const { office, handlers, select } = officeWith(mailboxItem().item);
    const adapter = createOfficeAdapter(office);
    const seen: (string | null)[] = [];
    const stop = adapter.onItemChanged(async () => {
      const r = await adapter.getItem();
      seen.push(r.ok ? (r.value?.itemId ?? null) : 'error');
    });
    await new Promise((r) => setTimeout(r, 0));
    select(null);
    handlers.olkItemSelectedChanged!();
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual([null]);
    stop();
    await new Promise((r) => setTimeout(r, 0));
    expect(handlers.olkItemSelectedChanged).toBeUndefined();
  });

  it('shows info bar notifications within Outlook’s length limit', async () => {
    const mailbox = mailboxItem();
    const adapter = createOfficeAdapter(officeWith(mailbox.item).office);
    const ctx = (await adapter.getItem()) as { ok: true; value: Parameters<typeof adapter.readMarker>[0] };
    await adapter.notify(ctx.value, 'info', 'x'.repeat(300));
    const [, message] = mailbox.item.notificationMessages.replaceAsync.mock.calls[0]!;
    expect((message as { message: string }).message).toHaveLength(150);
  });
});
