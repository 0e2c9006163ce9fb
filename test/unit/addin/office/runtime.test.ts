import { registerFunctionCommand, sendToParent, startOffice } from '#addin/office/runtime';

type Handler = (event: { completed(): void }) => void;

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
          : {
              item: null,
              userProfile: { emailAddress: 'a@contoso.example' },
              diagnostics: { hostName: 'OutlookWebApp' },
            },
      requirements: { isSetSupported: () => true },
      ui: { messageParent: (m: string) => sent.push(m) },
    },
  };
  return { office: office as unknown as Parameters<typeof startOffice>[0], associated, sent };
}

describe('Office runtime entry points', () => {
  it('starts the adapter once Office is ready, and refuses outside Outlook', async () => {
    const started = await startOffice(officeGlobal().office);
    expect(started.ok && started.value.userProfile.emailAddress).toBe('a@contoso.example');
    expect(await startOffice(null)).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(await startOffice(officeGlobal({ mailbox: false }).office)).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    });
    expect(
      await startOffice(officeGlobal({ ready: Promise.reject(new Error('boom')) }).office),
    ).toMatchObject({
      ok: false,
      error: { code: 'office_failed' },
    });
  });

  it('completes a function command even when it fails', async () => {
    const { office, associated } = officeGlobal();
    registerFunctionCommand('trackItem', () => Promise.reject(new Error('nope')), office);
    const completed = vi.fn();
    associated.trackItem!({ completed });
    await new Promise((r) => setTimeout(r, 0));
    expect(completed).toHaveBeenCalledTimes(1);
    expect(typeof (globalThis as Record<string, unknown>).trackItem).toBe('function');
    delete (globalThis as Record<string, unknown>).trackItem;
  });

  it('answers the opener from a dialog', () => {
    const { office, sent } = officeGlobal();
    expect(sendToParent('{"accessToken":"t"}', office)).toEqual({ ok: true, value: undefined });
    expect(sent).toEqual(['{"accessToken":"t"}']);
    expect(sendToParent('x', null)).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });
});
