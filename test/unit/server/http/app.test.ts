import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { DEMO_USERS, DEV_TENANT_ID, endpoints, type ResolveResponse } from '#contract';
import { loadConfig, ConfigError, type ServerConfig } from '#server/config';
import type { Actor, CrmService } from '#server/crm/crm-service';
import type { Database } from '#server/db/types';
import { AppError } from '#server/errors';
import { createMetrics } from '#server/http/metrics';
import { buildHttpApp } from '#server/http/server';
import { createDevIssuer, createDevVerifier } from '#server/identity/dev-issuer';
import { createEntraVerifier, defaultEntraConfig } from '#server/identity/entra';

const alex = DEMO_USERS[0]!;
const actor: Actor = {
  userId: '6b1f0000-0000-4000-8000-000000000001',
  tenantId: DEV_TENANT_ID,
  objectId: alex.objectId,
  email: alex.email,
  name: alex.name,
  businessUnitId: '6b1f0000-0000-4000-8000-0000000000b1',
  isAdmin: false,
};
const ADDIN_ORIGIN = 'https://addin.contoso.example';
const issuer = createDevIssuer();

/** A CRM that knows Alex and answers resolve with no matches; anything else is a test failure. */
function fakeCrm(): CrmService {
  const known: Partial<CrmService> = {
    actorByIdentity: async (tid, oid) => (tid === DEV_TENANT_ID && oid === alex.objectId ? actor : null),
    actorByEmail: async (email) => (email === alex.email ? actor : null),
    resolve: async (_actor, addresses): Promise<ResolveResponse> => ({
      results: addresses.map((address) => ({
        address,
        normalized: address.toLowerCase(),
        matches: [],
        choice: null,
      })),
    }),
    // Slow on purpose: the shutdown test needs a request in flight.
    me: async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return {
        user: {
          id: actor.userId,
          name: actor.name,
          email: actor.email,
          businessUnit: 'Sales West',
          isAdmin: false,
        },
        settings: { autoTrack: 'replies', neverLog: [] },
        can: {},
        crmWebUrl: 'https://crm.contoso.example',
      };
    },
    recent: async () => {
      throw new AppError('unavailable', 'maintenance', undefined, 30);
    },
    // An answer that breaks the response schema, to prove responses are checked in development.
    listPins: async () => ({ pins: [{ type: 'contact' }] }) as never,
  };
  return new Proxy(known as CrmService, {
    get: (target, name: string) =>
      target[name as keyof CrmService] ??
      (() => {
        throw new Error(`unexpected CrmService.${name}`);
      }),
  });
}

const fakeDb = (reachable: boolean): Database => ({
  kind: 'pglite',
  query: async () => {
    if (!reachable) throw new Error('connection refused');
    return { rows: [], rowCount: 0 };
  },
  transaction: async () => {
    throw new Error('unused');
  },
  exec: async () => undefined,
  close: async () => undefined,
});

/** Entra's key endpoint stand-in: trusts no key at all. */
let emptyJwksUrl: string;
let jwksServer: Server;
beforeAll(async () => {
  jwksServer = createServer((_req, res) =>
    res.setHeader('content-type', 'application/json').end('{"keys":[]}'),
  );
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  emptyJwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/keys`;
});
afterAll(() => new Promise<void>((resolve) => jwksServer.close(() => resolve())));

const BIG_SCRIPT = 'window.regarding = { greeting: "hello" };\n'.repeat(2000);
let distDir: string;
beforeAll(() => {
  distDir = mkdtempSync(path.join(tmpdir(), 'regarding-addin-'));
  writeFileSync(path.join(distDir, 'taskpane.html'), '<!doctype html><title>Regarding</title>');
  writeFileSync(path.join(distDir, 'taskpane.0123abcd.js'), 'console.log(1)');
  writeFileSync(path.join(distDir, 'big.js'), BIG_SCRIPT);
  mkdirSync(path.join(distDir, 'office'));
  writeFileSync(path.join(distDir, 'office', 'office.js'), '/* office */');
});
afterAll(() => rmSync(distDir, { recursive: true, force: true }));

function testConfig(env: Record<string, string> = {}, overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    ...loadConfig({ NODE_ENV: 'test', CORS_ORIGINS: ADDIN_ORIGIN, ADDIN_DIST_DIR: distDir, ...env }),
    ...overrides,
  };
}

async function build(config: ServerConfig, options: { reachable?: boolean } = {}): Promise<FastifyInstance> {
  const dev = config.auth.mode === 'dev';
  return buildHttpApp({
    config,
    db: fakeDb(options.reachable ?? true),
    crm: fakeCrm(),
    verifyToken:
      config.auth.mode === 'dev'
        ? createDevVerifier(issuer, config.auth)
        : createEntraVerifier({
            ...defaultEntraConfig('3c9a0000-0000-4000-8000-00000000ab1e'),
            jwksUrl: emptyJwksUrl,
          }),
    devIssuer: dev ? issuer : undefined,
    sync: {
      mailboxes: async () => ({ mailboxes: [] }),
      items: async () => ({ items: [] }),
      appointmentKey: async () => ({ key: 'uid-1' }),
    },
    metrics: createMetrics(),
    version: '0.0.0-test',
  });
}

let app: FastifyInstance;
let auth: { authorization: string };
beforeAll(async () => {
  app = await build(testConfig());
  auth = { authorization: `Bearer ${await issuer.issueUserToken(alex)}` };
});
afterAll(() => app.close());

const resolve = (payload: string | object, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/resolve',
    headers: { 'content-type': 'application/json', ...auth, ...headers },
    payload,
  });

describe('API requests', () => {
  it('answers a valid request through the endpoint table', async () => {
    const res = await resolve({ addresses: ['Nora.Fischer@fabrikam.example'] });
    expect(res.statusCode).toBe(200);
    expect(res.json().results[0].normalized).toBe('nora.fischer@fabrikam.example');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('rejects malformed JSON with malformed_json', async () => {
    const res = await resolve('{"addresses": ["a@b.example",]');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'malformed_json',
      message: expect.stringMatching(/not valid JSON/),
    });
  });

  it('rejects a body over 1 MB with payload_too_large', async () => {
    const big = JSON.stringify({ addresses: ['x'.repeat(1024 * 1024)] });
    const res = await resolve(big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('rejects a non-JSON body with unsupported_media_type', async () => {
    const res = await resolve('addresses=a@b.example', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_media_type');
    const text = await resolve('a@b.example', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
  });

  it('rejects wrong types, unknown fields and 101 addresses with the paths of the problems', async () => {
    const wrongType = await resolve({ addresses: 'nora@fabrikam.example' });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.details.issues[0]).toMatchObject({ in: 'body', path: ['addresses'] });
    const unknown = await resolve({ addresses: ['a@b.example'], admin: true });
    expect(unknown.json().error).toMatchObject({
      code: 'validation_failed',
      message: expect.stringContaining('admin'),
    });
    const tooMany = await resolve({ addresses: Array.from({ length: 101 }, (_, i) => `p${i}@b.example`) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toMatch(/100/);
    const missing = await resolve('');
    expect(missing.json().error.code).toBe('validation_failed');
  });

  it('validates path parameters and query strings', async () => {
    const badId = await app.inject({
      method: 'GET',
      url: '/api/v1/records/contact/not-a-uuid',
      headers: auth,
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.details.issues[0]).toMatchObject({ in: 'params', path: ['id'] });
    const badLimit = await app.inject({
      method: 'GET',
      url: '/api/v1/search?q=nora&limit=500',
      headers: auth,
    });
    expect(badLimit.json().error.details.issues[0]).toMatchObject({ in: 'query', path: ['limit'] });
  });

  it('answers 401 with WWW-Authenticate before reading the body, and token_expired for old tokens', async () => {
    const hugeWithoutToken = await resolve(JSON.stringify({ addresses: ['x'.repeat(2 * 1024 * 1024)] }), {
      authorization: '',
    });
    expect(hugeWithoutToken.statusCode).toBe(401);
    const none = await resolve({ addresses: ['a@b.example'] }, { authorization: '' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.json().error.code).toBe('unauthenticated');
    const expired = await resolve(
      { addresses: ['a@b.example'] },
      { authorization: `Bearer ${await issuer.issueUserToken(alex, { expiresInSeconds: -300 })}` },
    );
    expect(expired.json().error.code).toBe('token_expired');
    expect(expired.headers['www-authenticate']).toContain('invalid_token');
    const stranger = await resolve(
      { addresses: ['a@b.example'] },
      { authorization: `Bearer ${await issuer.issueUserToken(DEMO_USERS[1]!)}` },
    );
    expect(stranger.statusCode).toBe(401);
  });

  it('passes domain errors through with Retry-After on 503', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/recent', headers: auth });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.json()).toEqual({ error: { code: 'unavailable', message: 'maintenance' } });
  });

  it('refuses to send a response that breaks its schema in development', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/pins', headers: auth });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('internal');
  });

  it('answers unknown routes with a JSON not_found pointing at the API description', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nope', headers: auth });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('openapi.json'),
    });
  });
});

describe('rate limit', () => {
  it('answers 429 rate_limited with Retry-After once a user exceeds the budget', async () => {
    const limited = await build(testConfig({ RATE_LIMIT_PER_MINUTE: '6', RATE_LIMIT_BURST: '2' }));
    try {
      const call = () =>
        limited.inject({
          method: 'POST',
          url: '/api/v1/resolve',
          headers: auth,
          payload: { addresses: ['a@b.example'] },
        });
      expect((await call()).statusCode).toBe(200);
      expect((await call()).statusCode).toBe(200);
      const res = await call();
      expect(res.statusCode).toBe(429);
      expect(res.json().error.code).toBe('rate_limited');
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.close();
    }
  });
});

describe('CORS and security headers', () => {
  it('allows the configured add-in origin, including preflight', async () => {
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/resolve',
      headers: {
        origin: ADDIN_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(ADDIN_ORIGIN);
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('authorization');
    const res = await resolve({ addresses: ['a@b.example'] }, { origin: ADDIN_ORIGIN });
    expect(res.headers['access-control-allow-origin']).toBe(ADDIN_ORIGIN);
  });

  it('gives other origins no CORS grant', async () => {
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/resolve',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const res = await resolve({ addresses: ['a@b.example'] }, { origin: 'https://evil.example' });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sets nosniff everywhere, forbids framing the API, lets Outlook frame the add-in pages', async () => {
    const api = await app.inject({ method: 'GET', url: '/healthz' });
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['x-frame-options']).toBe('DENY');
    expect(api.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(api.headers['strict-transport-security']).toBeUndefined();
    const page = await app.inject({ method: 'GET', url: '/addin/taskpane.html' });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('frame-ancestors');
    expect(csp).toContain('https://outlook.office.com');
    expect(page.headers['x-frame-options']).toBeUndefined();
  });

  it('sends HSTS over TLS', async () => {
    const { generate } = await import('selfsigned');
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 });
    const tlsApp = await build(testConfig({}, { tls: { key: pems.private, cert: pems.cert } }));
    try {
      const res = await tlsApp.inject({ method: 'GET', url: '/healthz' });
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    } finally {
      await tlsApp.close();
    }
  });
});

describe('the add-in files', () => {
  it('serves pages revalidated, hashed bundles immutable, with content types', async () => {
    const page = await app.inject({ method: 'GET', url: '/addin/taskpane.html' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    const bundle = await app.inject({ method: 'GET', url: '/addin/taskpane.0123abcd.js' });
    expect(bundle.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(bundle.headers['cache-control']).toContain('immutable');
    const office = await app.inject({ method: 'GET', url: '/addin/office/office.js' });
    expect(office.body).toBe('/* office */');
    const again = await app.inject({
      method: 'GET',
      url: '/addin/office/office.js',
      headers: { 'if-none-match': String(office.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it('compresses text files for clients that accept it', async () => {
    const plain = await app.inject({ method: 'GET', url: '/addin/big.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(BIG_SCRIPT);
    for (const encoding of ['br', 'gzip'] as const) {
      const res = await app.inject({
        method: 'GET',
        url: '/addin/big.js',
        headers: { 'accept-encoding': encoding === 'br' ? 'gzip, deflate, br' : 'gzip;q=1, br;q=0' },
      });
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers.vary).toBe('accept-encoding');
      const body = encoding === 'br' ? brotliDecompressSync(res.rawPayload) : gunzipSync(res.rawPayload);
      expect(body.toString()).toBe(BIG_SCRIPT);
      expect(res.rawPayload.length).toBeLessThan(BIG_SCRIPT.length / 4);
    }
  });

  it('never serves files outside the add-in folder', async () => {
    for (const url of [
      '/addin/../package.json',
      '/addin/%2e%2e/%2e%2e/etc/passwd',
      '/addin/..%2f..%2fetc%2fpasswd',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
    }
  });

  it('serves config.js for dev auth, uncached', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/addin/config.js',
      headers: { host: 'localhost:3000' },
    });
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    const json = res.body.replace(/^window\.__REGARDING_CONFIG__ = /, '').replace(/;\n$/, '');
    expect(JSON.parse(json)).toEqual({
      apiBaseUrl: 'http://localhost:3000',
      auth: { mode: 'dev' },
      crmWebUrl: 'http://localhost:3000',
    });
  });

  it('serves config.js for Entra ID with the MSAL settings', async () => {
    const entraApp = await build(
      testConfig({
        NODE_ENV: 'production',
        ENTRA_CLIENT_ID: '3c9a0000-0000-4000-8000-00000000ab1e',
        PUBLIC_URL: 'https://crm.contoso.example/',
      }),
    );
    try {
      const res = await entraApp.inject({ method: 'GET', url: '/addin/config.js' });
      expect(res.body).toContain('"apiBaseUrl":"https://crm.contoso.example"');
      expect(res.body).toContain('"mode":"msal"');
      expect(res.body).toContain('"scopes":["api://3c9a0000-0000-4000-8000-00000000ab1e/access_as_user"]');
      expect(res.body).toContain('"authority":"https://login.microsoftonline.com/organizations"');
      const page = await entraApp.inject({ method: 'GET', url: '/addin/taskpane.html' });
      expect(String(page.headers['content-security-policy'])).not.toContain('unsafe-eval');
    } finally {
      await entraApp.close();
    }
  });
});

describe('operations', () => {
  it('reports liveness, readiness and metrics', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    await resolve({ addresses: ['a@b.example'] });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toMatch(
      /regarding_http_requests_total\{method="POST",route="\/api\/v1\/resolve",status="200"\} \d+/,
    );
  });

  it('is not ready while the database is unreachable', async () => {
    const down = await build(testConfig(), { reachable: false });
    try {
      const res = await down.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBeDefined();
      expect(res.json().error.code).toBe('unavailable');
    } finally {
      await down.close();
    }
  });

  it('protects metrics with METRICS_TOKEN when set', async () => {
    const guarded = await build(testConfig({ METRICS_TOKEN: 's3cret' }));
    try {
      expect((await guarded.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
      const ok = await guarded.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer s3cret' },
      });
      expect(ok.statusCode).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});

describe('shutdown', () => {
  it('finishes requests in flight before closing', async () => {
    const server = await build(testConfig());
    await server.listen({ port: 0, host: '127.0.0.1' });
    const { port } = server.server.address() as AddressInfo;
    const inFlight = fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers: auth });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = server.close();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { email: string } }).user.email).toBe(alex.email);
    await closed;
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and describes every endpoint of the contract with its parameters', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const [name, endpoint] of Object.entries(endpoints)) {
      const path = endpoint.path.replace(/:([a-zA-Z]+)/g, '{$1}');
      const operation = doc.paths[path]?.[endpoint.method.toLowerCase()];
      expect(operation, name).toBeDefined();
      expect(operation.operationId).toBe(name);
      const status = String((endpoint as { status?: number }).status ?? 200);
      expect(operation.responses[status].content['application/json'].schema).toBeTypeOf('object');
      expect(operation.responses.default.content['application/json'].schema.$ref).toBe(
        '#/components/schemas/ErrorBody',
      );
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = operation.parameters
        .filter((p: { in: string }) => p.in === 'path')
        .map((p: { name: string; required: boolean }) => {
          expect(p.required).toBe(true);
          return p.name;
        })
        .sort();
      expect(declared, name).toEqual(templated);
      expect(Boolean(operation.requestBody), name).toBe('body' in endpoint);
    }
    const opIds = Object.values(doc.paths).flatMap((ops) =>
      Object.values(ops as object).map((o) => o.operationId),
    );
    expect(new Set(opIds).size).toBe(Object.keys(endpoints).length);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    // Every $ref resolves inside the document.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const pointer = ref.slice(8, -1);
      const target = pointer
        .replace(/^#\//, '')
        .split('/')
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
      expect(target, pointer).toBeDefined();
    }
  });
});

describe('dev identity routes', () => {
  it('issue a token for a CRM user and publish the keys in dev mode', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/dev/token',
      payload: { email: alex.email },
    });
    expect(res.statusCode).toBe(200);
    const { access_token, expires_in } = res.json();
    expect(expires_in).toBe(3600);
    const me = await resolve({ addresses: ['a@b.example'] }, { authorization: `Bearer ${access_token}` });
    expect(me.statusCode).toBe(200);
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/dev/token',
      payload: { email: 'who@nowhere.example' },
    });
    expect(unknown.statusCode).toBe(404);
    const jwks = await app.inject({ method: 'GET', url: '/api/v1/dev/jwks.json' });
    expect(jwks.json().keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.json().keys[0].d).toBeUndefined();
  });

  it('do not exist in production mode', async () => {
    const prod = await build(
      testConfig({ NODE_ENV: 'production', ENTRA_CLIENT_ID: '3c9a0000-0000-4000-8000-00000000ab1e' }),
    );
    try {
      const token = await prod.inject({
        method: 'POST',
        url: '/api/v1/dev/token',
        payload: { email: alex.email },
      });
      expect(token.statusCode).toBe(404);
      expect((await prod.inject({ method: 'GET', url: '/api/v1/dev/jwks.json' })).statusCode).toBe(404);
      // A dev-issuer token means nothing to the production verifier.
      const res = await prod.inject({
        method: 'POST',
        url: '/api/v1/resolve',
        headers: auth,
        payload: { addresses: ['a@b.example'] },
      });
      expect(res.statusCode).toBe(401);
    } finally {
      await prod.close();
    }
  });

  it('are refused by the configuration in production mode', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', REGARDING_AUTH: 'dev' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', REGARDING_AUTH: 'dev' })).toThrow(
      /REGARDING_AUTH=dev is not allowed/,
    );
  });
});
