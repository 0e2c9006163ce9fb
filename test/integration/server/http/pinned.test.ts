/**
 * Pins the HTTP surface that clients, monitoring and browsers depend on: the OpenAPI document,
 * the API's error bodies, the metric names and the security headers. A refactoring must leave
 * them byte-identical; a deliberate change regenerates the fixtures with `UPDATE_PINS=1`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_USERS } from '#contract';
import { createRegardingServer, type RegardingServer } from '#server/app';
import { loadConfig } from '#server/config';
import { openTestDatabase } from '#test/integration/databases';
import type { Database } from '#server/db/types';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/pinned');
const UPDATE = process.env.UPDATE_PINS === '1';
/** Headers whose values change per response or per build. */
const VOLATILE = new Set(['date', 'content-length', 'etag', 'last-modified', 'keep-alive', 'connection']);

function pinned(name: string, actual: string): void {
  const file = path.join(FIXTURES, name);
  if (UPDATE) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

let server: RegardingServer;
let db: Database;
let distDir: string;
let token: string;

async function call(
  method: string,
  url: string,
  options: { body?: string; headers?: Record<string, string>; token?: string | null } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  const bearer = options.token === undefined ? token : options.token;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${server.url}${url}`, { method, headers, body: options.body ?? null });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

function stableHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries(
    [...headers.entries()].filter(([name]) => !VOLATILE.has(name)).sort(([a], [b]) => a.localeCompare(b)),
  );
}

beforeAll(async () => {
  distDir = mkdtempSync(path.join(tmpdir(), 'regarding-pinned-'));
  writeFileSync(path.join(distDir, 'taskpane.html'), '<!doctype html><title>Regarding</title>');
  mkdirSync(path.join(distDir, 'office'));
  writeFileSync(path.join(distDir, 'office', 'office.js'), '/* office */');
  db = await openTestDatabase('pglite', { seed: { contacts: 5, leads: 2 } });
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    CORS_ORIGINS: 'https://addin.contoso.example',
    RATE_LIMIT_PER_MINUTE: '0',
    ADDIN_DIST_DIR: distDir,
    PUBLIC_URL: 'https://crm.contoso.example',
  });
  server = await createRegardingServer(
    config.auth.mode === 'dev' ? { ...config, auth: { ...config.auth, keyFile: null } } : config,
    { db },
  );
  const res = await call('POST', '/api/v1/dev/token', {
    body: JSON.stringify({ email: DEMO_USERS[0]!.email }),
    token: null,
  });
  token = (JSON.parse(res.text) as { access_token: string }).access_token;
});
afterAll(async () => {
  await server?.close();
  await db?.close();
  rmSync(distDir, { recursive: true, force: true });
});

describe('the pinned HTTP surface', () => {
  it('serves the same OpenAPI document', async () => {
    const res = await call('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    pinned('openapi.json', res.text);
  });

  it('answers the same error bodies', async () => {
    const cases: {
      name: string;
      method: string;
      url: string;
      body?: string;
      headers?: Record<string, string>;
      token?: null;
    }[] = [
      { name: 'no token', method: 'GET', url: '/api/v1/me', token: null },
      {
        name: 'bad token',
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: 'Bearer nope' },
        token: null,
      },
      { name: 'unknown route', method: 'GET', url: '/api/v1/nothing-here' },
      { name: 'malformed json', method: 'POST', url: '/api/v1/resolve', body: '{"addresses": [' },
      {
        name: 'unknown field',
        method: 'POST',
        url: '/api/v1/resolve',
        body: '{"addresses":["a@b.example"],"x":1}',
      },
      { name: 'wrong type', method: 'POST', url: '/api/v1/resolve', body: '{"addresses":"a@b.example"}' },
      {
        name: 'form body',
        method: 'POST',
        url: '/api/v1/resolve',
        body: 'a=b',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      { name: 'bad record id', method: 'GET', url: '/api/v1/records/contact/not-a-uuid' },
      {
        name: 'missing record',
        method: 'GET',
        url: '/api/v1/records/contact/00000000-0000-4000-8000-000000000000',
      },
      {
        name: 'bad kind',
        method: 'PUT',
        url: '/api/v1/tracked/fax/x',
        body: '{"item":{"subject":"s","people":[]}}',
      },
      {
        name: 'untracked',
        method: 'PATCH',
        url: '/api/v1/tracked/email/%3Cnone%40x.example%3E',
        body: '{"regarding":null}',
      },
      {
        name: 'duplicate contact',
        method: 'POST',
        url: '/api/v1/contacts',
        body: JSON.stringify({
          firstName: 'Nora',
          lastName: 'Fischer',
          email: 'nora.fischer@fabrikam.example',
        }),
      },
    ];
    const answers: Record<string, { status: number; body: unknown }> = {};
    for (const c of cases) {
      const res = await call(c.method, c.url, c);
      expect(res.status, c.name).toBeGreaterThanOrEqual(400);
      answers[c.name] = { status: res.status, body: JSON.parse(res.text) };
    }
    pinned('errors.json', `${JSON.stringify(answers, null, 2)}\n`);
  });

  it('exposes the same metric names', async () => {
    await call('GET', '/api/v1/me');
    const res = await call('GET', '/metrics', { token: null });
    expect(res.status).toBe(200);
    const names = [
      ...new Set([...res.text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`)),
    ];
    pinned('metrics.txt', `${names.sort().join('\n')}\n`);
  });

  it('sends the same response headers on the pane, the API and an error', async () => {
    const origin = { origin: 'https://addin.contoso.example' };
    const pane = await call('GET', '/addin/taskpane.html', { token: null });
    const me = await call('GET', '/api/v1/me', { headers: origin });
    const error = await call('GET', '/api/v1/me', { token: null, headers: origin });
    expect([pane.status, me.status, error.status]).toEqual([200, 200, 401]);
    const all = {
      '/addin/taskpane.html': stableHeaders(pane.headers),
      '/api/v1/me': stableHeaders(me.headers),
      'error (401)': stableHeaders(error.headers),
    };
    pinned('headers.json', `${JSON.stringify(all, null, 2)}\n`);
  });
});
