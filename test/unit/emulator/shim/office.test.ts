// @vitest-environment jsdom
import { CHANNEL, CLIENT_PROFILES, versionAtMost } from '#emulator/shim/protocol';
import { createOffice } from '#emulator/shim/office';
import { connectToHost } from '#emulator/shim/transport';
import {
  connectShim,
  FakeHost,
  HOST_ORIGIN,
  HostFailure,
  initPayload,
  readMessage,
  result,
} from './fake-host';

describe('Office.js shim: start-up and context', () => {
  it('resolves onReady as Outlook with the simulated client, and calls Office.initialize', async () => {
    const { Office, shim } = connectShim(initPayload('desktop'));
    const initialize = vi.fn();
    shim.initialize = initialize;
    const callback = vi.fn();
    const info = await Office.onReady(callback);
    expect(info).toEqual({ host: 'Outlook', platform: 'PC' });
    expect(callback).toHaveBeenCalledWith({ host: 'Outlook', platform: 'PC' });
    expect(initialize).toHaveBeenCalledWith('documentOpened');
    expect(Office.context.diagnostics.platform).toBe('PC');
    expect(Office.context.mailbox.diagnostics.hostName).toBe('Outlook');
    expect(Office.context.mailbox.userProfile).toMatchObject({
      emailAddress: 'alex.morgan@contoso.example',
      displayName: 'Alex Morgan',
      timeZone: 'Europe/Berlin',
    });
    expect(Office.HostType.Outlook).toBe('Outlook');
    expect(Office.EventType.ItemChanged).toBe('olkItemSelectedChanged');
  });

  it('answers isSetSupported per client: desktop and web Mailbox 1.13, mobile 1.5', async () => {
    const desktop = connectShim(initPayload('desktop')).Office;
    const mobile = connectShim(initPayload('mobile')).Office;
    await Promise.all([desktop.onReady(), mobile.onReady()]);
    expect(desktop.context.requirements.isSetSupported('Mailbox', '1.13')).toBe(true);
    expect(desktop.context.requirements.isSetSupported('Mailbox', '1.14')).toBe(false);
    expect(desktop.context.requirements.isSetSupported('Mailbox')).toBe(true);
    expect(mobile.context.requirements.isSetSupported('Mailbox', '1.5')).toBe(true);
    expect(mobile.context.requirements.isSetSupported('Mailbox', '1.8')).toBe(false);
    expect(mobile.context.requirements.isSetSupported('Mailbox', 1.5 as unknown as string)).toBe(true);
    expect(mobile.context.requirements.isSetSupported('WordApi', '1.1')).toBe(false);
    expect(mobile.context.platform).toBe('Android');
  });

  it('ignores messages from other windows or origins', async () => {
    const host = new FakeHost(window, initPayload());
    host.answerHello = false;
    const Office = createOffice(
      connectToHost({
        paneWindow: window,
        hostWindow: host.window,
        hostOrigin: HOST_ORIGIN,
        helloIntervalMs: 20,
      }),
    );
    const ready = vi.fn();
    void Office.onReady(ready);
    const init = { channel: CHANNEL, kind: 'init', payload: initPayload() } as const;
    host.send(init, { origin: 'https://evil.example' });
    host.send(init, { source: window });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(ready).not.toHaveBeenCalled();
    expect(host.received.filter((m) => m.kind === 'hello').length).toBeGreaterThan(1);
    host.send(init);
    await vi.waitFor(() => expect(ready).toHaveBeenCalled());
  });

  it('resolves onReady without a host when the pane is opened on its own', async () => {
    const Office = createOffice(
      connectToHost({ paneWindow: window, hostWindow: window, hostOrigin: HOST_ORIGIN }),
    );
    expect(await Office.onReady()).toEqual({ host: null, platform: null });
    expect(Office.context.mailbox).toBeUndefined();
  });
});

describe('Office.js shim: the read item', () => {
  it('exposes a read message with Office.js shapes', async () => {
    const { Office } = connectShim(initPayload());
    await Office.onReady();
    const item = Office.context.mailbox.item as Office.MessageRead;
    expect(item.itemType).toBe('message');
    expect(item.itemId).toBe('AAMk-pricing');
    expect(item.subject).toBe('Fabrikam 500 seats: pricing proposal');
    expect(item.internetMessageId).toBe('<pricing@fabrikam.example>');
    expect(item.conversationId).toBe('conv-pricing');
    expect(item.from).toEqual({
      displayName: 'Nora Fischer',
      emailAddress: 'nora.fischer@fabrikam.example',
      appointmentResponse: 'none',
      recipientType: 'externalUser',
    });
    expect(item.to.map((r) => [r.emailAddress, r.recipientType])).toEqual([
      ['alex.morgan@contoso.example', 'user'],
    ]);
    expect(item.cc.map((r) => r.displayName)).toEqual(['Taylor Brooks']);
    expect(item.dateTimeCreated).toEqual(new Date('2026-01-05T09:00:00.000Z'));
  });

  it('gets the body through the host, as text or HTML, passing asyncContext', async () => {
    const { Office, host } = connectShim(initPayload());
    host.on('body.get', (args) =>
      (args as { coercion: string }).coercion === 'text' ? 'Hello' : '<p>Hello</p>',
    );
    await Office.onReady();
    const item = Office.context.mailbox.item as Office.MessageRead;
    const text = await result<string>((cb) =>
      item.body.getAsync(Office.CoercionType.Text, { asyncContext: 42 }, cb),
    );
    expect(text).toMatchObject({ status: 'succeeded', value: 'Hello', asyncContext: 42 });
    const html = await result<string>((cb) => item.body.getAsync(Office.CoercionType.Html, cb));
    expect(html.value).toBe('<p>Hello</p>');
    expect(() => item.body.getAsync('ooxml' as Office.CoercionType, () => undefined)).toThrow(
      expect.objectContaining({ name: 'Sys.ArgumentException' }),
    );
    expect(() => (item.body.getAsync as (c: string) => void)('text')).toThrow(
      expect.objectContaining({ name: 'Sys.ArgumentNullException' }),
    );
  });

  it('loads and saves custom properties through the host', async () => {
    const { Office, host } = connectShim(initPayload());
    const saved: unknown[] = [];
    host
      .on('customProperties.load', () => ({ other: 'kept' }))
      .on('customProperties.save', (args) => {
        saved.push((args as { values: unknown }).values);
        return null;
      });
    await Office.onReady();
    const item = Office.context.mailbox.item as Office.MessageRead;
    const loaded = await new Promise<Office.AsyncResult<Office.CustomProperties>>((resolve) =>
      item.loadCustomPropertiesAsync(resolve, 'ctx'),
    );
    expect(loaded.status).toBe('succeeded');
    expect(loaded.asyncContext).toBe('ctx');
    const props = loaded.value;
    props.set('regarding', '{"v":1}');
    props.set('when', new Date(1_700_000_000_000) as unknown as string);
    props.remove('other');
    expect(props.get('when')).toEqual(new Date(1_700_000_000_000));
    expect(props.getAll()).toEqual({ regarding: '{"v":1}', when: new Date(1_700_000_000_000) });
    const save = await result<void>((cb) => props.saveAsync(cb));
    expect(save.status).toBe('succeeded');
    expect(saved).toEqual([{ regarding: '{"v":1}', when: 'Date(1700000000000)' }]);

    props.set('huge', 'x'.repeat(2500));
    expect(() => props.saveAsync(() => undefined)).toThrow(
      expect.objectContaining({ name: 'Sys.ArgumentOutOfRangeException' }),
    );
    expect(saved).toHaveLength(1);
  });

  it('fails host errors with Outlook names and codes', async () => {
    const { Office, host } = connectShim(initPayload());
    host.on('categories.add', () => {
      throw new HostFailure(9044);
    });
    await Office.onReady();
    const item = Office.context.mailbox.item as Office.MessageRead;
    const failed = await result<void>((cb) => item.categories.addAsync(['Nope'], cb));
    expect(failed.status).toBe('failed');
    expect(failed.error).toEqual({
      code: 9044,
      name: 'InvalidCategory',
      message: 'Invalid categories were provided.',
    });
    expect(() => item.categories.addAsync([] as string[])).toThrow(
      expect.objectContaining({ name: 'Sys.ArgumentException' }),
    );
  });

  it('refuses categories on the mobile client without asking the host', async () => {
    const { Office, host } = connectShim(initPayload('mobile'));
    await Office.onReady();
    const item = Office.context.mailbox.item as Office.MessageRead;
    const get = await result<Office.CategoryDetails[]>((cb) => item.categories.getAsync(cb));
    expect(get.status).toBe('failed');
    expect(get.error).toMatchObject({ code: 5000, name: 'Host Error' });
    const master = await result<Office.CategoryDetails[]>((cb) =>
      Office.context.mailbox.masterCategories.getAsync(cb),
    );
    expect(master.error?.code).toBe(5000);
    const headers = await result<string>((cb) => item.getAllInternetHeadersAsync(cb));
    expect(headers.error?.code).toBe(5000);
    expect(host.requests).toEqual([]);
  });

  it('maps category colours and master categories on the desktop client', async () => {
    const { Office, host } = connectShim(initPayload('desktop'));
    host
      .on('categories.get', () => [{ displayName: 'Tracked to Regarding', color: 'Preset4' }])
      .on('masterCategories.add', () => null);
    await Office.onReady();
    const item = Office.context.mailbox.item as Office.MessageRead;
    const get = await result<Office.CategoryDetails[]>((cb) => item.categories.getAsync(cb));
    expect(get.value).toEqual([{ displayName: 'Tracked to Regarding', color: 'Preset4' }]);
    const add = await result<void>((cb) =>
      Office.context.mailbox.masterCategories.addAsync(
        [
          {
            displayName: 'Tracked to Regarding',
            color: 'Preset4' as unknown as Office.MailboxEnums.CategoryColor,
          },
        ],
        cb,
      ),
    );
    expect(add.status).toBe('succeeded');
    expect(host.requests.at(-1)).toMatchObject({ method: 'masterCategories.add', generation: null });
    expect(() =>
      Office.context.mailbox.masterCategories.addAsync([
        { displayName: 'Bad', color: 'Purple' as unknown as Office.MailboxEnums.CategoryColor },
      ]),
    ).toThrow(expect.objectContaining({ name: 'Sys.ArgumentException' }));
  });
});

describe('Office.js shim: compose and appointments', () => {
  it('reads compose fields from the host form and appointment times as dates', async () => {
    const compose = readMessage({ mode: 'compose', itemId: 'draft-1', composeType: 'reply', subject: '' });
    const { Office, host } = connectShim(initPayload('desktop', compose));
    host.on('compose.get', (args) => {
      const field = (args as { field: string }).field;
      if (field === 'subject') return 'RE: pricing';
      if (field === 'to') return [{ name: 'Nora Fischer', address: 'nora.fischer@fabrikam.example' }];
      return null;
    });
    await Office.onReady();
    const item = Office.context.mailbox.item as Office.MessageCompose;
    expect((await result<string>((cb) => item.subject.getAsync(cb))).value).toBe('RE: pricing');
    const to = await result<Office.EmailAddressDetails[]>((cb) => item.to.getAsync(cb));
    expect(to.value.map((r) => r.emailAddress)).toEqual(['nora.fischer@fabrikam.example']);
    expect((await result<string>((cb) => item.getItemIdAsync(cb))).value).toBe('draft-1');
    const type = await result<{ composeType: string }>((cb) =>
      (item as unknown as { getComposeTypeAsync(cb: unknown): void }).getComposeTypeAsync(cb),
    );
    expect(type.value.composeType).toBe('reply');

    const meeting = readMessage({
      itemType: 'appointment',
      mode: 'compose',
      itemId: 'event-1',
      start: '2026-01-06T15:00:00.000Z',
      end: '2026-01-06T16:00:00.000Z',
    });
    const organizer = connectShim(initPayload('desktop', meeting));
    organizer.host.on('compose.get', (args) =>
      (args as { field: string }).field === 'start' ? '2026-01-06T15:00:00.000Z' : null,
    );
    await organizer.Office.onReady();
    const appt = organizer.Office.context.mailbox.item as Office.AppointmentCompose;
    expect(appt.itemType).toBe('appointment');
    expect((await result<Date>((cb) => appt.start.getAsync(cb))).value).toEqual(
      new Date('2026-01-06T15:00:00.000Z'),
    );
  });

  it('shows an attended appointment in read mode', async () => {
    const meeting = readMessage({
      itemType: 'appointment',
      itemId: 'event-2',
      subject: 'West region pipeline sync',
      start: '2026-01-07T09:00:00.000Z',
      end: '2026-01-07T09:30:00.000Z',
      location: 'Conference Room 4',
      organizer: { name: 'Sam Lee', address: 'sam.lee@contoso.example' },
      requiredAttendees: [{ name: 'Alex Morgan', address: 'alex.morgan@contoso.example' }],
      optionalAttendees: [{ name: 'Taylor Brooks', address: 'taylor.brooks@contoso.example' }],
    });
    const { Office } = connectShim(initPayload('web', meeting));
    expect(await Office.onReady()).toEqual({ host: 'Outlook', platform: 'OfficeOnline' });
    const item = Office.context.mailbox.item as Office.AppointmentRead;
    expect(item.start).toEqual(new Date('2026-01-07T09:00:00.000Z'));
    expect(item.location).toBe('Conference Room 4');
    expect(item.organizer.emailAddress).toBe('sam.lee@contoso.example');
    expect(item.requiredAttendees.map((a) => a.displayName)).toEqual(['Alex Morgan']);
    expect(item.optionalAttendees.map((a) => a.displayName)).toEqual(['Taylor Brooks']);
  });
});

describe('Office.js shim: ItemChanged and failures', () => {
  it('replaces the item and fires ItemChanged handlers; requests name their item', async () => {
    const { Office, host } = connectShim(initPayload());
    host.on('body.get', () => 'body');
    await Office.onReady();
    const seen: (string | null)[] = [];
    const added = await result<void>((cb) =>
      Office.context.mailbox.addHandlerAsync(
        Office.EventType.ItemChanged,
        (args: { type: string }) => {
          expect(args.type).toBe('olkItemSelectedChanged');
          seen.push((Office.context.mailbox.item as Office.MessageRead | null)?.subject ?? null);
        },
        cb,
      ),
    );
    expect(added.status).toBe('succeeded');

    host.itemChanged(
      readMessage({ generation: 1, subject: 'Adatum renewal question', itemId: 'AAMk-adatum' }),
    );
    host.itemChanged(null);
    expect(seen).toEqual(['Adatum renewal question', null]);

    host.itemChanged(readMessage({ generation: 2, itemId: 'AAMk-third' }));
    const item = Office.context.mailbox.item as Office.MessageRead;
    await result<string>((cb) => item.body.getAsync('text' as Office.CoercionType, cb));
    expect(host.requests.at(-1)).toMatchObject({ method: 'body.get', generation: 2 });

    const removed = await result<void>((cb) =>
      Office.context.mailbox.removeHandlerAsync(Office.EventType.ItemChanged, cb),
    );
    expect(removed.status).toBe('succeeded');
    const again = await result<void>((cb) =>
      Office.context.mailbox.removeHandlerAsync(Office.EventType.ItemChanged, cb),
    );
    expect(again.error?.code).toBe(5003);
  });

  it('refuses events it does not raise', async () => {
    const { Office } = connectShim(initPayload());
    await Office.onReady();
    const r = await result<void>((cb) =>
      Office.context.mailbox.addHandlerAsync(
        'olkRecipientsChanged' as unknown as Office.EventType,
        () => undefined,
        cb,
      ),
    );
    expect(r.error?.code).toBe(5000);
  });

  it('fails a request the host never answers with an internal error', async () => {
    const { Office, host } = connectShim(initPayload(), { requestTimeoutMs: 30 });
    await Office.onReady();
    host.dropRequests = true;
    const item = Office.context.mailbox.item as Office.MessageRead;
    const r = await result<string>((cb) => item.body.getAsync('text' as Office.CoercionType, cb));
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 5001, name: 'Internal Error' });
  });
});

describe('Office.js shim: notifications and function commands', () => {
  it('validates notification messages as Outlook does and passes them to the host', async () => {
    const { Office, host } = connectShim(initPayload());
    const shown: unknown[] = [];
    host.on('notifications.replace', (args) => {
      shown.push(args);
      return null;
    });
    host.on('notifications.add', () => {
      throw new HostFailure(9023);
    });
    await Office.onReady();
    const item = Office.context.mailbox.item as Office.MessageRead;
    const replaced = await result<void>((cb) =>
      item.notificationMessages.replaceAsync(
        'regarding',
        {
          type: 'informationalMessage',
          message: 'Tracked regarding Fabrikam',
          icon: 'Icon.16x16',
          persistent: false,
        },
        cb,
      ),
    );
    expect(replaced.status).toBe('succeeded');
    expect(shown).toEqual([
      {
        key: 'regarding',
        type: 'informationalMessage',
        message: 'Tracked regarding Fabrikam',
        icon: 'Icon.16x16',
        persistent: false,
      },
    ]);
    const duplicate = await result<void>((cb) =>
      item.notificationMessages.addAsync(
        'regarding',
        { type: 'errorMessage', message: 'x' } as Office.NotificationMessageDetails,
        cb,
      ),
    );
    expect(duplicate.error).toMatchObject({ code: 9023, name: 'DuplicateNotificationKey' });
    expect(() =>
      item.notificationMessages.replaceAsync('k', {
        type: 'errorMessage',
        message: 'x'.repeat(151),
      } as Office.NotificationMessageDetails),
    ).toThrow(expect.objectContaining({ name: 'Sys.ArgumentOutOfRangeException' }));
    expect(() =>
      item.notificationMessages.replaceAsync('k', {
        type: 'informationalMessage',
        message: 'no icon',
      } as Office.NotificationMessageDetails),
    ).toThrow(expect.objectContaining({ name: 'Sys.ArgumentException' }));
  });

  it('runs an associated function command when the host invokes it and reports completion', async () => {
    const { Office, host, shim } = connectShim(initPayload());
    const ran: string[] = [];
    shim.actions.associate('trackItem', (event) => {
      ran.push(event.source.id);
      setTimeout(() => event.completed(), 5);
    });
    await Office.onReady();
    host.send({ channel: CHANNEL, kind: 'invoke', name: 'trackItem' });
    await vi.waitFor(() => expect(host.completed).toEqual(['trackItem']));
    expect(ran).toEqual(['trackItem']);

    // An unknown command completes at once instead of hanging the ribbon button.
    host.send({ channel: CHANNEL, kind: 'invoke', name: 'missing' });
    await vi.waitFor(() => expect(host.completed).toEqual(['trackItem', 'missing']));
  });

  it('does not expose the iCalUId of appointments, as Outlook does not (Mailbox 1.x)', async () => {
    const meeting = readMessage({ itemType: 'appointment', iCalUId: '040000008200E00074C5B7101A82E008' });
    const { Office } = connectShim(initPayload('desktop', meeting));
    await Office.onReady();
    const item = Office.context.mailbox.item as unknown as Record<string, unknown>;
    expect(item.iCalUId).toBeUndefined();
    expect(Office.context.mailbox.convertToRestId(meeting.itemId, 'v2.0' as never)).toBe(meeting.itemId);
  });
});

describe('protocol helpers', () => {
  it('compares requirement set versions numerically', () => {
    expect(versionAtMost('1.5', '1.13')).toBe(true);
    expect(versionAtMost('1.13', '1.5')).toBe(false);
    expect(versionAtMost('1.13', '1.13')).toBe(true);
    expect(versionAtMost('x', '1.13')).toBe(false);
    expect(CLIENT_PROFILES.mobile.categories).toBe(false);
  });
});
