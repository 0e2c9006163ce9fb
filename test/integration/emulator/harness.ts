import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { DEV_ISSUER, GRAPH_AUDIENCE } from '#contract/dev';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '#emulator/server';

/**
 * Starts the emulator on a free port over plain HTTP with tokens signed by a key of the test's
 * own (not the server's dev issuer): the emulator trusts exactly the JWKS it is given.
 */
export type TestEmulator = RunningEmulator & {
  appToken(roles?: string[]): Promise<string>;
  userToken(user: { email: string; objectId: string }): Promise<string>;
  sign(
    claims: Record<string, unknown>,
    options?: { audience?: string; issuer?: string; expiresIn?: string },
  ): Promise<string>;
  graph(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  api(path: string, init?: RequestInit): Promise<Response>;
};

let keys: Promise<{ privateKey: CryptoKey; jwk: JWK }> | null = null;

/** One signing key per test file: RSA key generation is slow on a shared machine. */
function testKeys() {
  keys ??= generateKeyPair('RS256').then(async ({ publicKey, privateKey }) => ({
    privateKey,
    jwk: { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' },
  }));
  return keys;
}

export async function startTestEmulator(overrides: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  const { privateKey, jwk } = await testKeys();
  const emulator = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    jwks: { keys: [jwk] },
    crmUrl: 'http://127.0.0.1:9',
    addinDistDir: 'dist/addin',
    emulatorDistDir: 'dist/emulator',
    ...overrides,
  });
  const sign = (
    claims: Record<string, unknown>,
    options: { audience?: string; issuer?: string; expiresIn?: string } = {},
  ) => signWith(privateKey, claims, options);
  const appToken = (roles = ['Mail.ReadWrite', 'Calendars.ReadWrite']) =>
    sign({ idtyp: 'app', oid: '5a5e0000-0000-4000-8000-00000000a990', roles });
  const userToken = (user: { email: string; objectId: string }) =>
    sign({ oid: user.objectId, preferred_username: user.email, name: user.email, scp: 'access_as_user' });
  let defaultToken: string | null = null;
  const graph = async (path: string, init: RequestInit & { token?: string } = {}) => {
    const { token, ...rest } = init;
    defaultToken ??= await appToken();
    const headers = new Headers(rest.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${token ?? defaultToken}`);
    if (rest.body !== undefined && !headers.has('content-type'))
      headers.set('content-type', 'application/json');
    const url = path.startsWith('http') ? path : `${emulator.graphUrl}${path}`;
    return fetch(url, { ...rest, headers });
  };
  const api = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (init.body !== undefined && !headers.has('content-type'))
      headers.set('content-type', 'application/json');
    return fetch(`${emulator.url}/emulator/api${path}`, { ...init, headers });
  };
  return { ...emulator, appToken, userToken, sign, graph, api };
}

async function signWith(
  key: CryptoKey,
  claims: Record<string, unknown>,
  options: { audience?: string; issuer?: string; expiresIn?: string },
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
    .setIssuer(options.issuer ?? DEV_ISSUER)
    .setAudience(options.audience ?? GRAPH_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(key);
}

/**
 * Asserts that `actual` has every key of the recorded Graph `shape` with the same JSON type
 * (recursively; arrays are compared by their first element).
 */
export function expectSameShape(actual: unknown, shape: unknown, path = '$'): void {
  if (shape === null) return;
  if (Array.isArray(shape)) {
    expect(Array.isArray(actual), `${path} should be an array`).toBe(true);
    if (shape.length > 0 && (actual as unknown[]).length > 0)
      expectSameShape((actual as unknown[])[0], shape[0], `${path}[0]`);
    return;
  }
  if (typeof shape === 'object') {
    expect(
      actual !== null && typeof actual === 'object' && !Array.isArray(actual),
      `${path} should be an object`,
    ).toBe(true);
    for (const [key, value] of Object.entries(shape as Record<string, unknown>)) {
      expect(Object.keys(actual as object), `${path} should have key ${key}`).toContain(key);
      expectSameShape((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
    }
    return;
  }
  if (actual !== null) expect(typeof actual, `${path} type`).toBe(typeof shape);
}
