import { err, ok } from '#browser/result';
import { createDevTokenProvider } from '#addin/auth/dev';
import { createMsalTokenProvider, type MsalModule, type NestableClient } from '#addin/auth/msal';
import { USER_EMAIL } from '#test/unit/browser/fakes';
import { FakeOffice } from '#test/unit/addin/fakes';

describe('dev sign-in', () => {
  function setup(responses: (() => Response | Promise<Response>)[]) {
    const requests: { url: string; body: unknown }[] = [];
    let time = 1_000_000;
    const fetch = async (url: string | URL | Request, init?: RequestInit) => {
      requests.push({ url: String(url), body: JSON.parse(String(init?.body)) });
      return responses[Math.min(requests.length - 1, responses.length - 1)]!();
    };
    const provider = createDevTokenProvider({
      apiBaseUrl: 'https://crm.test/',
      email: () => USER_EMAIL,
      fetch: fetch as typeof globalThis.fetch,
      now: () => time,
    });
    return { provider, requests, advance: (ms: number) => (time += ms) };
  }
  const token =
    (t: string, expiresIn = 3600) =>
    () =>
      Response.json({ access_token: t, expires_in: expiresIn });

  it("asks the dev issuer for the Office user's token and reuses it until shortly before expiry", async () => {
    const { provider, requests, advance } = setup([token('a'), token('b')]);
    expect(await provider.getToken()).toEqual(ok('a'));
    expect(await provider.getToken()).toEqual(ok('a'));
    expect(requests).toEqual([{ url: 'https://crm.test/api/v1/dev/token', body: { email: USER_EMAIL } }]);
    advance(3600_000 - 30_000); // within the refresh margin
    expect(await provider.getToken()).toEqual(ok('b'));
    expect(requests).toHaveLength(2);
  });

  it('shares one request between concurrent callers and refreshes on demand', async () => {
    const { provider, requests } = setup([token('a'), token('b')]);
    const [x, y] = await Promise.all([provider.getToken(), provider.getToken()]);
    expect([x, y]).toEqual([ok('a'), ok('a')]);
    expect(await provider.getToken({ forceRefresh: true })).toEqual(ok('b'));
    expect(requests).toHaveLength(2);
  });

  it('reports an unreachable issuer as retryable and a refusal as final', async () => {
    const down = setup([() => Promise.reject(new TypeError('fetch failed'))]);
    expect(await down.provider.getToken()).toMatchObject({
      ok: false,
      error: { kind: 'auth', code: 'unavailable' },
    });
    const refused = setup([
      () => Response.json({ error: { code: 'not_found', message: 'no user' } }, { status: 404 }),
    ]);
    expect(await refused.provider.getToken()).toMatchObject({
      ok: false,
      error: { code: 'dev_token_failed' },
    });
  });

  it('keeps tokens out of localStorage', async () => {
    const setItem = vi.fn();
    vi.stubGlobal('localStorage', { setItem, getItem: vi.fn() });
    const { provider } = setup([token('a')]);
    await provider.getToken();
    expect(setItem).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });
});

describe('MSAL nested app authentication', () => {
  function setup(client: Partial<NestableClient>, office = new FakeOffice()) {
    const steps: string[] = [];
    const nestable: NestableClient = {
      acquireTokenSilent: async (request) => {
        steps.push(`silent${request.forceRefresh ? ' (refresh)' : ''}`);
        if (!client.acquireTokenSilent) throw new Error('interaction_required');
        return client.acquireTokenSilent(request);
      },
      acquireTokenPopup: async (request) => {
        steps.push('popup');
        if (!client.acquireTokenPopup) throw new Error('popup_window_error');
        return client.acquireTokenPopup(request);
      },
    };
    let loads = 0;
    const msal: MsalModule = {
      createNestablePublicClientApplication: async (configuration) => {
        expect(configuration.auth).toEqual({
          clientId: 'client-1',
          authority: 'https://login.microsoftonline.com/common',
        });
        return nestable;
      },
    };
    const provider = createMsalTokenProvider({
      clientId: 'client-1',
      authority: 'https://login.microsoftonline.com/common',
      scopes: ['api://regarding/access_as_user'],
      office,
      dialogUrl: 'https://localhost:3000/addin/auth-dialog.html',
      loadMsal: async () => {
        loads++;
        return msal;
      },
    });
    return { provider, steps, office, loads: () => loads };
  }
  const inOneHour = () => new Date(Date.now() + 3600_000);

  it('uses the silent token when there is one, loading MSAL only once', async () => {
    const { provider, steps, loads } = setup({
      acquireTokenSilent: async () => ({ accessToken: 's', expiresOn: inOneHour() }),
    });
    expect(await provider.getToken()).toEqual(ok('s'));
    expect(await provider.getToken()).toEqual(ok('s'));
    expect(steps).toEqual(['silent']);
    expect(loads()).toBe(1);
  });

  it('falls back to a popup when silent needs interaction', async () => {
    const { provider, steps } = setup({
      acquireTokenPopup: async () => ({ accessToken: 'p', expiresOn: inOneHour() }),
    });
    expect(await provider.getToken()).toEqual(ok('p'));
    expect(steps).toEqual(['silent', 'popup']);
  });

  it('falls back to the Office dialog when the popup fails too', async () => {
    const office = new FakeOffice();
    office.dialogAnswer = ok(JSON.stringify({ accessToken: 'd', expiresOn: inOneHour().toISOString() }));
    const { provider, steps } = setup({}, office);
    expect(await provider.getToken()).toEqual(ok('d'));
    expect(steps).toEqual(['silent', 'popup']);
    expect(office.dialogUrls).toEqual(['https://localhost:3000/addin/auth-dialog.html']);
  });

  it('reports a closed dialog as cancelled and a failed one as sign-in required', async () => {
    const office = new FakeOffice();
    office.dialogAnswer = err({ kind: 'office', code: 'dialog_closed', message: 'closed' });
    expect(await setup({}, office).provider.getToken()).toMatchObject({
      ok: false,
      error: { code: 'cancelled' },
    });
    office.dialogAnswer = ok(JSON.stringify({ error: 'AADSTS50020' }));
    expect(await setup({}, office).provider.getToken()).toMatchObject({
      ok: false,
      error: { code: 'sign_in_required' },
    });
  });

  it('forces a silent refresh after the API said the token expired', async () => {
    let n = 0;
    const { provider, steps } = setup({
      acquireTokenSilent: async () => ({ accessToken: `s${++n}`, expiresOn: inOneHour() }),
    });
    await provider.getToken();
    expect(await provider.getToken({ forceRefresh: true })).toEqual(ok('s2'));
    expect(steps).toEqual(['silent', 'silent (refresh)']);
  });
});
