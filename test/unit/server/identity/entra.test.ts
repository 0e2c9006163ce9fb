import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, SignJWT, type JWK } from 'jose';
import { AppError } from '#server/errors';
import { createEntraVerifier, defaultEntraConfig, type EntraConfig } from '#server/identity/entra';

const CLIENT_ID = '3c9a0000-0000-4000-8000-00000000ab1e';
const TENANT = 'aaaa0000-0000-4000-8000-00000000000a';
const OTHER_TENANT = 'bbbb0000-0000-4000-8000-00000000000b';
const USER = 'c0c00000-0000-4000-8000-000000000001';

type SigningKey = { kid: string; privateKey: KeyObject; jwk: JWK };

async function makeKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

/** A stand-in for login.microsoftonline.com's key endpoint on 127.0.0.1, counting fetches. */
let jwksServer: Server;
let jwksUrl: string;
let published: JWK[] = [];
let fetches = 0;
let key1: SigningKey;

beforeAll(async () => {
  key1 = await makeKey('key-1');
  published = [key1.jwk];
  jwksServer = createServer((_req, res) => {
    fetches += 1;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/common/discovery/v2.0/keys`;
});
afterAll(() => new Promise<void>((resolve) => jwksServer.close(() => resolve())));

function config(overrides: Partial<EntraConfig> = {}): EntraConfig {
  return { ...defaultEntraConfig(CLIENT_ID), jwksUrl, ...overrides };
}

async function entraToken(
  key: SigningKey,
  claims: Record<string, unknown> = {},
  options: { tenant?: string; issuerTenant?: string; aud?: string } = {},
): Promise<string> {
  const tenant = options.tenant ?? TENANT;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    tid: tenant,
    oid: USER,
    scp: 'User.Read access_as_user',
    preferred_username: 'pat@tenant.example',
    ver: '2.0',
    iss: `https://login.microsoftonline.com/${options.issuerTenant ?? tenant}/v2.0`,
    aud: options.aud ?? CLIENT_ID,
    iat: now,
    exp: now + 3600,
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .sign(key.privateKey);
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => new Error('expected rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('Entra ID token validation', () => {
  it('accepts a v2.0 token of any tenant for the API client id and the application id URI', async () => {
    const verify = createEntraVerifier(config());
    await expect(verify(await entraToken(key1))).resolves.toMatchObject({ tenantId: TENANT, objectId: USER });
    const other = await entraToken(key1, {}, { tenant: OTHER_TENANT, aud: `api://${CLIENT_ID}` });
    await expect(verify(other)).resolves.toMatchObject({ tenantId: OTHER_TENANT });
  });

  it('caches the key set instead of fetching it per token', async () => {
    const verify = createEntraVerifier(config());
    const before = fetches;
    for (let i = 0; i < 5; i++) await verify(await entraToken(key1));
    expect(fetches - before).toBe(1);
  });

  it('picks up a rotated signing key once the refetch cool-down has passed', async () => {
    const verify = createEntraVerifier(config());
    await verify(await entraToken(key1));
    const key2 = await makeKey('key-2');
    published = [key1.jwk, key2.jwk];
    // Right after a fetch an unknown key id does not trigger another (no refetch storms)...
    expect((await rejection(verify(await entraToken(key2)))).code).toBe('unauthenticated');
    // ...but a rotation is seen as soon as the cool-down is over.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 31_000 });
    try {
      await expect(verify(await entraToken(key2))).resolves.toMatchObject({ objectId: USER });
    } finally {
      vi.useRealTimers();
      published = [key1.jwk];
    }
  });

  it('rejects tenants outside the allowed list', async () => {
    const verify = createEntraVerifier(config({ allowedTenants: [TENANT] }));
    await expect(verify(await entraToken(key1))).resolves.toBeTruthy();
    const error = await rejection(verify(await entraToken(key1, {}, { tenant: OTHER_TENANT })));
    expect(error.message).toMatch(/does not accept/);
  });

  it("rejects a token whose issuer is another tenant's", async () => {
    const verify = createEntraVerifier(config());
    const token = await entraToken(key1, {}, { issuerTenant: OTHER_TENANT });
    expect((await rejection(verify(token))).message).toMatch(/issuer is not trusted/);
  });

  it('rejects another audience, a missing scope, expiry and unknown keys', async () => {
    const verify = createEntraVerifier(config());
    expect(
      (await rejection(verify(await entraToken(key1, {}, { aud: 'https://graph.microsoft.com' })))).message,
    ).toMatch(/another API/);
    expect((await rejection(verify(await entraToken(key1, { scp: 'User.Read' })))).message).toMatch(
      /access_as_user/,
    );
    const expired = await entraToken(key1, { exp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await rejection(verify(expired))).code).toBe('token_expired');
    const stranger = await makeKey('not-published');
    expect((await rejection(verify(await entraToken(stranger)))).message).toMatch(
      /key this server does not trust/,
    );
  });

  it('answers unavailable (retryable) when the key endpoint cannot be reached', async () => {
    const verify = createEntraVerifier(config({ jwksUrl: 'http://127.0.0.1:1/keys' }));
    const error = await rejection(verify(await entraToken(key1)));
    expect(error.code).toBe('unavailable');
    expect(error.retryAfter).toBeGreaterThan(0);
  });
});
