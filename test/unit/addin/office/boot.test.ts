import {
  associateCommand,
  sendToParent,
  waitForMailbox,
  type FunctionCommandEvent,
  type OfficeGlobal,
} from '#addin/office/boot';

type Handler = (event: FunctionCommandEvent) => void;

function officeGlobal(options: { mailbox?: boolean; ready?: Promise<unknown> } = {}) {
  const associated: Record<string, Handler> = {};
  const sent: string[] = [];
  const office = {
    onReady: () => options.ready ?? Promise.resolve({ host: 'Outlook', platform: 'OfficeOnline' }),
    actions: { associate: (name: string, handler: Handler) => (associated[name] = handler) },
    context: {
      mailbox:
        options.mailbox === false
          ? undefined
          : { item: null, userProfile: { emailAddress: 'a@contoso.example' } },
      ui: { messageParent: (m: string) => sent.push(m) },
    },
  };
  return { office: office as unknown as OfficeGlobal, associated, sent };
}

describe('booting a page through the Office module', () => {
  it('hands over the mailbox once Office is ready, and refuses outside Outlook', async () => {
    const booted = await waitForMailbox(officeGlobal().office);
    expect(booted.ok && booted.value.context.mailbox.userProfile?.emailAddress).toBe('a@contoso.example');
    expect(await waitForMailbox(null)).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(await waitForMailbox(officeGlobal({ mailbox: false }).office)).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    });
    expect(
      await waitForMailbox(officeGlobal({ ready: Promise.reject(new Error('boom')) }).office),
    ).toMatchObject({ ok: false, error: { code: 'office_failed' } });
  });

  it('associates a function command once Office is ready, with the namespace to work on', async () => {
    const { office, associated } = officeGlobal();
    const calls: unknown[] = [];
    expect(await associateCommand('trackItem', (_event, namespace) => calls.push(namespace), office)).toEqual(
      {
        ok: true,
        value: undefined,
      },
    );
    associated.trackItem!({ completed: () => undefined });
    expect(calls).toEqual([office]);
  });

  it('answers the opener from a dialog', () => {
    const { office, sent } = officeGlobal();
    expect(sendToParent('{"accessToken":"t"}', office)).toEqual({ ok: true, value: undefined });
    expect(sent).toEqual(['{"accessToken":"t"}']);
    expect(sendToParent('x', null)).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });
});
