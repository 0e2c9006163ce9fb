import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';
import { Agent, fetch } from 'undici';
import { DEV_API_APP_ID, DEV_TENANT_ID } from '#contract/dev';
import { startEmulator, type RunningEmulator } from '#emulator/server';
import { createHeadlessBrowser, type HeadlessBrowser } from '#emulator/identity/headless-sign-in';
import { loadConfig } from '#server/config';
import { createEntraVerifier } from '#server/identity/entra';
import type { TokenVerifier } from '#server/identity/token-verifier';

/**
 * The CRM's Entra ID verifier, configured by environment variables alone, against the emulated
 * identity provider over TLS: a token from the sign-in pages (authorization code with PKCE, as
 * the Regarding SPA client redeems it) is accepted for a user of the allowed tenant, and refused
 * for a user of another tenant.
 */
describe('the Entra verifier against the emulated identity provider', () => {
  const redirectUri = 'https://localhost:3999/addin/auth-dialog.html';
  let emulator: RunningEmulator;
  let browser: HeadlessBrowser;
  let verify: TokenVerifier;
  let ca: string;
  let dir: string;

  beforeAll(async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] }],
    });
    ca = pems.cert;
    emulator = await startEmulator({
      port: 0,
      host: 'localhost',
      tls: { key: pems.private, cert: pems.cert },
      jwks: { keys: [] },
      crmUrl: 'https://localhost:3999',
      addinDistDir: 'dist/addin',
      emulatorDistDir: 'dist/emulator',
      seed: false,
      identity: { clientRedirectUris: [redirectUri] },
    });
    dir = mkdtempSync(path.join(tmpdir(), 'regarding-idp-'));
    writeFileSync(path.join(dir, 'ca.pem'), ca);
    const config = loadConfig({
      NODE_ENV: 'test',
      REGARDING_AUTH: 'entra',
      ENTRA_CLIENT_ID: DEV_API_APP_ID,
      ENTRA_ALLOWED_TENANTS: DEV_TENANT_ID,
      ENTRA_AUTHORITY_HOST: emulator.url,
      ENTRA_CA_FILE: path.join(dir, 'ca.pem'),
    });
    if (config.auth.mode !== 'entra') throw new Error('expected Entra ID configuration');
    expect(config.auth.authority).toBe(`${emulator.url}/${DEV_TENANT_ID}`);
    verify = createEntraVerifier(config.auth.entra);
    browser = createHeadlessBrowser({ ca });
  });
  afterAll(async () => {
    await browser.close();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The SPA's authorization code flow with PKCE, for the account given, at a tenant segment. */
  async function accessTokenFor(account: string, tenant: string): Promise<string> {
    const verifier = randomBytes(32).toString('base64url');
    const authorize = new URL(`${emulator.url}/${tenant}/oauth2/v2.0/authorize`);
    authorize.search = new URLSearchParams({
      client_id: DEV_API_APP_ID,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: `api://${DEV_API_APP_ID}/access_as_user openid profile offline_access`,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      state: 'xyz',
      prompt: 'select_account',
    }).toString();
    const result = await browser.signIn(authorize.toString(), { account });
    if (result.kind !== 'redirect') throw new Error(`sign-in stopped on a page: ${result.html}`);
    expect(result.params.state).toBe('xyz');
    const dispatcher = new Agent({ connect: { ca } });
    try {
      const res = await fetch(`${emulator.url}/${tenant}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { origin: 'https://localhost:3999', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: DEV_API_APP_ID,
          grant_type: 'authorization_code',
          code: result.params.code ?? '',
          redirect_uri: redirectUri,
          code_verifier: verifier,
        }).toString(),
        dispatcher,
      });
      const body = (await res.json()) as { access_token?: string; error_description?: string };
      if (!body.access_token) throw new Error(`token redemption failed: ${body.error_description}`);
      return body.access_token;
    } finally {
      await dispatcher.close();
    }
  }

  it('accepts the access token of a user of the allowed tenant', async () => {
    const token = await accessTokenFor('alex.morgan@contoso.example', DEV_TENANT_ID);
    await expect(verify(token)).resolves.toEqual({
      tenantId: DEV_TENANT_ID,
      objectId: '0a1e0000-0000-4000-8000-000000000001',
      username: 'alex.morgan@contoso.example',
      name: 'Alex Morgan',
      scopes: ['access_as_user'],
    });
  });

  it('refuses the access token of a user of another tenant, who signed in and consented', async () => {
    const token = await accessTokenFor('jamie.reed@woodgrove.example', 'organizations');
    await expect(verify(token)).rejects.toMatchObject({
      code: 'unauthenticated',
      message: expect.stringContaining('which this server does not accept'),
    });
  });
});
