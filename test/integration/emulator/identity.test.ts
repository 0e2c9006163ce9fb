import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { DEV_API_APP_ID, DEV_SYNC_APP_ID, DEV_TENANT_ID } from '#contract/dev';
import { DEV_SYNC_APP_SECRET, WOODGROVE_TENANT_ID } from '#emulator/identity/directory';
import { createHeadlessBrowser, type HeadlessBrowser } from '#emulator/identity/headless-sign-in';
import { expectSameShape, startTestEmulator, type TestEmulator } from './harness';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/identity/${name}`, import.meta.url), 'utf8'));

const SPA = 'https://crm.example/app/';
const ORIGIN = 'https://crm.example';
const API_SCOPE = `api://${DEV_API_APP_ID}/access_as_user`;

// The emulated Entra ID's endpoints against the shapes and failures of Microsoft's documentation.
let emu: TestEmulator;
let clock = 0;
let browser: HeadlessBrowser;
const now = () => Date.now() + clock;

beforeAll(async () => {
  emu = await startTestEmulator({ identity: { clientRedirectUris: [SPA], now } });
});
afterAll(async () => emu.close());
beforeEach(() => {
  clock = 0;
  browser = createHeadlessBrowser();
});
afterEach(async () => browser.close());

const at = (path: string) => `${emu.url}${path}`;
const token = (tenant: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(at(`/${tenant}/oauth2/v2.0/token`), { method: 'POST', headers, body: new URLSearchParams(form) });
const errorOf = async (res: Response) => {
  const body = (await res.json()) as { error: string; error_codes: number[] };
  return { status: res.status, error: body.error, code: body.error_codes[0] };
};

function authorizeUrl(
  params: Record<string, string>,
  tenant = DEV_TENANT_ID,
): { url: string; verifier: string } {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(at(`/${tenant}/oauth2/v2.0/authorize`));
  url.search = new URLSearchParams({
    client_id: DEV_API_APP_ID,
    response_type: 'code',
    redirect_uri: SPA,
    scope: `${API_SCOPE} openid profile offline_access`,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...params,
  }).toString();
  return { url: url.toString(), verifier };
}

async function codeFor(account: string, params: Record<string, string> = {}) {
  const { url, verifier } = authorizeUrl(params);
  const result = await browser.signIn(url, { account });
  if (result.kind !== 'redirect') throw new Error(`stopped on a page (${result.status})`);
  return { code: result.params.code ?? '', verifier, params: result.params };
}

const redeem = (code: string, verifier: string, headers: Record<string, string> = { origin: ORIGIN }) =>
  token(
    DEV_TENANT_ID,
    {
      client_id: DEV_API_APP_ID,
      grant_type: 'authorization_code',
      code,
      redirect_uri: SPA,
      code_verifier: verifier,
      client_info: '1',
    },
    headers,
  );

describe('emulated identity provider: discovery and keys', () => {
  it('serves the OpenID configuration per tenant, with the {tenantid} issuer on /common', async () => {
    const tenant = (await (
      await fetch(at(`/${DEV_TENANT_ID}/v2.0/.well-known/openid-configuration`))
    ).json()) as Record<string, string>;
    expectSameShape(tenant, fixture('openid-configuration.json'));
    expect(tenant.issuer).toBe(`${emu.url}/${DEV_TENANT_ID}/v2.0`);
    expect(tenant.token_endpoint).toBe(`${emu.url}/${DEV_TENANT_ID}/oauth2/v2.0/token`);
    const common = (await (
      await fetch(at('/common/v2.0/.well-known/openid-configuration'))
    ).json()) as Record<string, string>;
    expect(common.issuer).toBe(`${emu.url}/{tenantid}/v2.0`);
    expect(common.authorization_endpoint).toBe(`${emu.url}/common/oauth2/v2.0/authorize`);
    const byDomain = (await (
      await fetch(at('/contoso.example/v2.0/.well-known/openid-configuration'))
    ).json()) as Record<string, string>;
    expect(byDomain.issuer).toBe(tenant.issuer);
  });

  it('answers an unknown tenant with AADSTS90002, and serves instance discovery for its own host', async () => {
    const res = await fetch(at('/nowhere.example/v2.0/.well-known/openid-configuration'));
    expect(await errorOf(res)).toEqual({ status: 400, error: 'invalid_tenant', code: 90002 });
    const instance = await fetch(
      at(
        `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(at('/common/oauth2/v2.0/authorize'))}`,
      ),
    );
    expect(((await instance.json()) as { tenant_discovery_endpoint: string }).tenant_discovery_endpoint).toBe(
      `${emu.url}/common/v2.0/.well-known/openid-configuration`,
    );
  });

  it('publishes the key that signs its tokens, named by kid and x5t', async () => {
    const keys = (await (await fetch(at(`/${DEV_TENANT_ID}/discovery/v2.0/keys`))).json()) as {
      keys: { kid: string }[];
    };
    expectSameShape(keys, fixture('keys.json'));
    const res = await token(DEV_TENANT_ID, {
      client_id: DEV_SYNC_APP_ID,
      client_secret: DEV_SYNC_APP_SECRET,
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/.default',
    });
    const body = (await res.json()) as { access_token: string };
    expectSameShape(body, fixture('token-client-credentials.json'));
    const header = decodeProtectedHeader(body.access_token);
    expect(header).toMatchObject({ alg: 'RS256', kid: keys.keys[0]!.kid, x5t: keys.keys[0]!.kid });
  });
});

describe('emulated identity provider: client credentials', () => {
  const base = {
    client_id: DEV_SYNC_APP_ID,
    client_secret: DEV_SYNC_APP_SECRET,
    grant_type: 'client_credentials',
  };

  it('issues Graph a v1.0 app token with the granted roles, also with the secret in Basic auth', async () => {
    const basic = Buffer.from(`${DEV_SYNC_APP_ID}:${DEV_SYNC_APP_SECRET}`).toString('base64');
    const res = await token(
      DEV_TENANT_ID,
      { grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default' },
      { authorization: `Basic ${basic}` },
    );
    const claims = decodeJwt(((await res.json()) as { access_token: string }).access_token);
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      iss: `${emu.url}/${DEV_TENANT_ID}/`,
      appid: DEV_SYNC_APP_ID,
      idtyp: 'app',
      ver: '1.0',
      roles: ['Mail.ReadWrite', 'MailboxSettings.ReadWrite', 'Calendars.ReadWrite'],
    });
  });

  it.each([
    [
      'an unknown client',
      DEV_TENANT_ID,
      { client_id: '00000000-0000-4000-8000-000000000000' },
      400,
      'unauthorized_client',
      700016,
    ],
    ['a bad secret', DEV_TENANT_ID, { client_secret: 'wrong' }, 401, 'invalid_client', 7000215],
    ['no credential', DEV_TENANT_ID, { client_secret: undefined }, 401, 'invalid_client', 7000218],
    [
      'a scope without /.default',
      DEV_TENANT_ID,
      { scope: 'https://graph.microsoft.com/Mail.Read' },
      400,
      'invalid_scope',
      1002012,
    ],
    [
      'an unknown resource',
      DEV_TENANT_ID,
      { scope: 'api://nothing/.default' },
      400,
      'invalid_resource',
      500011,
    ],
    [
      'two resources',
      DEV_TENANT_ID,
      { scope: `https://graph.microsoft.com/.default api://${DEV_API_APP_ID}/.default` },
      400,
      'invalid_scope',
      700022,
    ],
    ['another tenant (a single-tenant app)', WOODGROVE_TENANT_ID, {}, 400, 'unauthorized_client', 700016],
    ['an unsupported grant', DEV_TENANT_ID, { grant_type: 'password' }, 400, 'unsupported_grant_type', 70003],
  ])('refuses %s as Entra does', async (_what, tenant, change, status, error, code) => {
    const form: Record<string, string> = { ...base, scope: 'https://graph.microsoft.com/.default' };
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined) delete form[k];
      else form[k] = v;
    }
    const res = await token(tenant, form, { 'client-request-id': 'c0ffee00-0000-4000-8000-000000000000' });
    const body = (await res.clone().json()) as { correlation_id: string; error_description: string };
    expectSameShape(body, fixture('error.json'));
    expect(body.correlation_id).toBe('c0ffee00-0000-4000-8000-000000000000');
    expect(body.error_description).toMatch(
      new RegExp(
        `^AADSTS${code}: .*\\r\\nTrace ID: .*\\r\\nCorrelation ID: .*\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`,
        's',
      ),
    );
    expect(await errorOf(res)).toEqual({ status, error, code });
  });
});

describe('emulated identity provider: authorization code with PKCE (SPA)', () => {
  it('signs in through the pages and redeems the code cross-origin for API, ID and refresh tokens', async () => {
    const { code, verifier, params } = await codeFor('alex.morgan@contoso.example', {
      state: 's1',
      nonce: 'n1',
      client_info: '1',
    });
    expect(params.state).toBe('s1');
    expect(JSON.parse(Buffer.from(params.client_info ?? '', 'base64url').toString())).toEqual({
      uid: '0a1e0000-0000-4000-8000-000000000001',
      utid: DEV_TENANT_ID,
    });
    const res = await redeem(code, verifier);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await res.json()) as Record<string, string>;
    expectSameShape(body, fixture('token-authorization-code.json'));
    expect(body.scope).toBe(`${API_SCOPE} openid profile`);
    const access = decodeJwt(body.access_token!);
    expectSameShape(access, fixture('access-token-v2-claims.json'));
    expect(access).toMatchObject({
      aud: DEV_API_APP_ID,
      azp: DEV_API_APP_ID,
      azpacr: '0',
      scp: 'access_as_user',
      ver: '2.0',
    });
    const id = decodeJwt(body.id_token!);
    expectSameShape(id, fixture('id-token-v2-claims.json'));
    expect(id).toMatchObject({
      aud: DEV_API_APP_ID,
      nonce: 'n1',
      preferred_username: 'alex.morgan@contoso.example',
    });
  });

  it('refuses a reused, an expired, a wrongly verified or a same-origin redemption', async () => {
    const first = await codeFor('sam.lee@contoso.example');
    expect((await redeem(first.code, first.verifier)).status).toBe(200);
    expect(await errorOf(await redeem(first.code, first.verifier))).toMatchObject({
      error: 'invalid_grant',
      code: 54005,
    });

    const wrong = await codeFor('sam.lee@contoso.example');
    expect(await errorOf(await redeem(wrong.code, 'x'.repeat(43)))).toMatchObject({
      error: 'invalid_grant',
      code: 501481,
    });
    expect(await errorOf(await redeem(wrong.code, wrong.verifier, {}))).toMatchObject({
      error: 'invalid_request',
      code: 9002327,
    });

    const late = await codeFor('sam.lee@contoso.example');
    clock = 11 * 60 * 1000;
    expect(await errorOf(await redeem(late.code, late.verifier))).toMatchObject({
      error: 'invalid_grant',
      code: 70008,
    });
  });

  it('refuses a cross-origin redemption without PKCE (AADSTS9002325)', async () => {
    const { url } = authorizeUrl({ code_challenge: '', code_challenge_method: '' });
    const plain = new URL(url);
    plain.searchParams.delete('code_challenge');
    plain.searchParams.delete('code_challenge_method');
    const result = await browser.signIn(plain.toString(), { account: 'sam.lee@contoso.example' });
    if (result.kind !== 'redirect') throw new Error('expected a code');
    expect(await errorOf(await redeem(result.params.code ?? '', 'v'))).toMatchObject({ code: 9002325 });
  });

  it('refreshes within the SPA limit of 24 hours, and not after', async () => {
    const { code, verifier } = await codeFor('alex.morgan@contoso.example');
    const first = (await (await redeem(code, verifier)).json()) as { refresh_token: string };
    const refresh = (rt: string) =>
      token(
        DEV_TENANT_ID,
        {
          client_id: DEV_API_APP_ID,
          grant_type: 'refresh_token',
          refresh_token: rt,
          scope: `${API_SCOPE} offline_access`,
        },
        { origin: ORIGIN },
      );
    const second = (await (await refresh(first.refresh_token)).json()) as {
      access_token: string;
      refresh_token: string;
    };
    expect(decodeJwt(second.access_token).scp).toBe('access_as_user');
    clock = 25 * 3600 * 1000;
    expect(await errorOf(await refresh(second.refresh_token))).toMatchObject({
      error: 'invalid_grant',
      code: 700084,
    });
  });

  it('shows an unregistered redirect URI on its own page, never redirecting there (AADSTS50011)', async () => {
    const { url } = authorizeUrl({ redirect_uri: 'https://evil.example/' });
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('AADSTS50011');
  });

  it('returns errors to the redirect URI: invalid scope, silent sign-in without a session, declined consent', async () => {
    const bad = await browser.signIn(
      authorizeUrl({ scope: `api://${DEV_API_APP_ID}/nothing`, state: 'k' }).url,
      {},
    );
    expect(bad).toMatchObject({ kind: 'redirect', params: { error: 'invalid_scope', state: 'k' } });
    const silent = await browser.signIn(authorizeUrl({ prompt: 'none' }).url, {});
    expect(silent).toMatchObject({ kind: 'redirect', params: { error: 'login_required' } });
    expect(silent.kind === 'redirect' && silent.params.error_description).toMatch(/^AADSTS50058:/);
    const declined = await browser.signIn(authorizeUrl({}, 'organizations').url, {
      account: 'jamie.reed@woodgrove.example',
      consent: 'cancel',
    });
    expect(declined).toMatchObject({ kind: 'redirect', params: { error: 'access_denied' } });
  });

  it('signs in silently with the session, answering in the fragment or by form_post', async () => {
    await codeFor('alex.morgan@contoso.example');
    const fragment = await browser.signIn(
      authorizeUrl({ prompt: 'none', response_mode: 'fragment' }).url,
      {},
    );
    expect(fragment.kind === 'redirect' && fragment.location).toMatch(/^https:\/\/crm\.example\/app\/#code=/);
    const posted = await browser.signIn(authorizeUrl({ response_mode: 'form_post', state: 'p' }).url, {});
    expect(posted).toMatchObject({ kind: 'redirect', location: SPA, params: { state: 'p' } });
    expect(posted.kind === 'redirect' && posted.params.code).toBeTruthy();
  });

  it('ends the session at logout, returning to a registered URI', async () => {
    await codeFor('alex.morgan@contoso.example');
    const out = await browser.signIn(
      at(
        `/${DEV_TENANT_ID}/oauth2/v2.0/logout?client_id=${DEV_API_APP_ID}&post_logout_redirect_uri=${encodeURIComponent(SPA)}`,
      ),
      {},
    );
    expect(out).toMatchObject({ kind: 'redirect', location: SPA });
    const silent = await browser.signIn(authorizeUrl({ prompt: 'none' }).url, {});
    expect(silent).toMatchObject({ kind: 'redirect', params: { error: 'login_required' } });
  });
});

describe('emulated identity provider: Graph', () => {
  it('accepts a delegated v1.0 token (after consent to Mail.Read) for the own mailbox only', async () => {
    const { code, verifier } = await codeFor('alex.morgan@contoso.example', {
      scope: 'https://graph.microsoft.com/Mail.Read openid offline_access',
      prompt: 'select_account',
    });
    const body = (await (await redeem(code, verifier)).json()) as { access_token: string; scope: string };
    expect(body.scope).toBe('https://graph.microsoft.com/Mail.Read openid');
    expect(decodeJwt(body.access_token)).toMatchObject({
      ver: '1.0',
      scp: 'Mail.Read',
      upn: 'alex.morgan@contoso.example',
    });
    const own = await emu.graph('/me/mailFolders/inbox/messages?$top=1', { token: body.access_token });
    expect(own.status).toBe(200);
    const other = await emu.graph('/users/sam.lee@contoso.example/messages?$top=1', {
      token: body.access_token,
    });
    expect(other.status).toBe(403);
  });
});

describe('emulated identity provider: tenants the app does not allow', () => {
  it('refuses a user of another tenant at a tenant endpoint (AADSTS50020)', async () => {
    const result = await browser.signIn(authorizeUrl({}).url, { account: 'jamie.reed@woodgrove.example' });
    expect(result).toMatchObject({ kind: 'page', status: 400 });
    expect(result.kind === 'page' && result.html).toContain('AADSTS50020');
  });

  it('refuses a single-tenant app on /common (AADSTS50194)', async () => {
    const res = await token('common', {
      client_id: DEV_SYNC_APP_ID,
      client_secret: DEV_SYNC_APP_SECRET,
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(await errorOf(res)).toMatchObject({ code: 50194 });
  });
});
