import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT, base64url } from 'jose';
import { DEFAULT_API_AUDIENCE, DEMO_USERS, DEV_ISSUER, DEV_TENANT_ID, GRAPH_AUDIENCE } from '#contract';
import { AppError } from '#server/errors';
import { createDevIssuer, createDevVerifier } from '#server/identity/dev-issuer';

const alex = DEMO_USERS[0]!;
const issuer = createDevIssuer();
const verify = createDevVerifier(issuer, { audience: DEFAULT_API_AUDIENCE, clockToleranceSeconds: 60 });

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the token to be rejected');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

function unsignedToken(claims: Record<string, unknown>, header: Record<string, unknown>): string {
  const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${encode(header)}.${encode(claims)}.`;
}

describe('dev issuer tokens through the shared verifier', () => {
  it('accepts a fresh user token and reports tenant and object id', async () => {
    const token = await issuer.issueUserToken(alex);
    await expect(verify(token)).resolves.toMatchObject({
      tenantId: DEV_TENANT_ID,
      objectId: alex.objectId,
      username: alex.email,
      scopes: ['access_as_user'],
    });
  });

  it('says token_expired for an expired token', async () => {
    const token = await issuer.issueUserToken(alex, { expiresInSeconds: -120 });
    const error = await rejection(verify(token));
    expect(error.code).toBe('token_expired');
    expect(error.status).toBe(401);
  });

  it('tolerates small clock skew but rejects a token that is not valid yet', async () => {
    await expect(verify(await issuer.issueUserToken(alex, { notBeforeInSeconds: 30 }))).resolves.toBeTruthy();
    const error = await rejection(verify(await issuer.issueUserToken(alex, { notBeforeInSeconds: 600 })));
    expect(error.code).toBe('unauthenticated');
    expect(error.message).toMatch(/not valid yet/);
  });

  it('rejects a token for another audience', async () => {
    const error = await rejection(verify(await issuer.issueUserToken(alex, { audience: GRAPH_AUDIENCE })));
    expect(error.code).toBe('unauthenticated');
    expect(error.message).toMatch(/another API/);
  });

  it('rejects a token from another issuer', async () => {
    const token = await issuer.issueUserToken(alex, { issuer: 'https://evil.example/v2.0' });
    expect((await rejection(verify(token))).message).toMatch(/issuer is not trusted/);
  });

  it('rejects a token of another tenant', async () => {
    const token = await issuer.issueUserToken({ ...alex, tenantId: '11111111-1111-4111-8111-111111111111' });
    expect((await rejection(verify(token))).message).toMatch(/does not accept/);
  });

  it('rejects a token signed by another key', async () => {
    const other = createDevIssuer();
    const error = await rejection(verify(await other.issueUserToken(alex)));
    expect(error.code).toBe('unauthenticated');
  });

  it('rejects a token whose payload was altered after signing', async () => {
    const [header, , signature] = (await issuer.issueUserToken(alex)).split('.');
    const forged = base64url.encode(
      JSON.stringify({
        iss: DEV_ISSUER,
        tid: DEV_TENANT_ID,
        oid: DEMO_USERS[2]!.objectId,
        aud: DEFAULT_API_AUDIENCE,
        scp: 'access_as_user',
        exp: 9999999999,
      }),
    );
    expect((await rejection(verify(`${header}.${forged}.${signature}`))).message).toMatch(
      /signature is invalid/,
    );
  });

  it('rejects alg "none" and symmetric algorithms', async () => {
    const claims = {
      iss: DEV_ISSUER,
      tid: DEV_TENANT_ID,
      oid: alex.objectId,
      aud: DEFAULT_API_AUDIENCE,
      scp: 'access_as_user',
      exp: Math.floor(Date.now() / 1000) + 600,
    };
    const none = unsignedToken(claims, { alg: 'none', typ: 'JWT' });
    expect((await rejection(verify(none))).code).toBe('unauthenticated');
    const hs256 = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: issuer.publicJwks().keys[0]!.kid! })
      .sign(new TextEncoder().encode('a shared secret anyone could guess'));
    expect((await rejection(verify(hs256))).message).toMatch(/algorithm is not accepted/);
  });

  it('rejects a user token without the API scope and an app token', async () => {
    const noScope = await issuer.issueUserToken(alex, { scope: null });
    expect((await rejection(verify(noScope))).message).toMatch(/access_as_user/);
    const appToken = await issuer.issueAppToken({
      audience: DEFAULT_API_AUDIENCE,
      roles: ['Mail.ReadWrite'],
    });
    expect((await rejection(verify(appToken))).message).toMatch(/access_as_user/);
  });

  it('still reports token_expired for a token it verified before', async () => {
    const token = await issuer.issueUserToken(alex, { expiresInSeconds: 30 });
    await expect(verify(token)).resolves.toMatchObject({ objectId: alex.objectId });
    // Past exp plus the 60 s clock tolerance.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 95_000 });
    try {
      expect((await rejection(verify(token))).code).toBe('token_expired');
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects garbage', async () => {
    expect((await rejection(verify('not-a-jwt'))).message).toMatch(/malformed/);
  });

  it('signs app tokens for Graph with the sync app identity and roles', async () => {
    const token = await issuer.issueAppToken({ roles: ['Mail.ReadWrite'] });
    const payload = JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[1]!))) as Record<
      string,
      unknown
    >;
    expect(payload).toMatchObject({
      aud: GRAPH_AUDIENCE,
      idtyp: 'app',
      roles: ['Mail.ReadWrite'],
      iss: DEV_ISSUER,
    });
  });
});

describe('dev issuer key file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'regarding-dev-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the key across restarts so issued tokens stay valid', async () => {
    const keyFile = path.join(dir, 'nested', 'dev-issuer-key.json');
    const first = createDevIssuer({ keyFile });
    const token = await first.issueUserToken(alex);
    expect(statSync(keyFile).mode & 0o077).toBe(0);
    const second = createDevIssuer({ keyFile });
    expect(second.publicJwks()).toEqual(first.publicJwks());
    const verifyAfterRestart = createDevVerifier(second, {
      audience: DEFAULT_API_AUDIENCE,
      clockToleranceSeconds: 0,
    });
    await expect(verifyAfterRestart(token)).resolves.toMatchObject({ objectId: alex.objectId });
  });
});
