import { DEMO_RECORDS, DEMO_USERS, endpoints } from '#contract';
import { createRegardingServer, type RegardingServer } from '#server/app';
import { loadConfig, type ServerConfig } from '#server/config';
import type { Database } from '#server/db/types';
import { forEachDatabase, type DatabaseKind } from '#test/integration/databases';

const ADDIN_ORIGIN = 'https://addin.contoso.example';
const [alex, sam] = [DEMO_USERS[0]!, DEMO_USERS[1]!];
const SQL = "x'); DROP TABLE contacts; --";
const SCRIPT = '<script>alert("owned")</script>';
const NASTY = `${SQL} ${SCRIPT}`;

function serverConfig(env: Record<string, string> = {}): ServerConfig {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    CORS_ORIGINS: ADDIN_ORIGIN,
    RATE_LIMIT_PER_MINUTE: '0',
    ...env,
  });
  return config.auth.mode === 'dev' ? { ...config, auth: { ...config.auth, keyFile: null } } : config;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function count(db: Database, table: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}

// One server per database, shared by all cases on purpose (cases that need another configuration
// start their own).
forEachDatabase({ seed: { contacts: 40, leads: 10 } }, (getDb, kind) => {
  const fixture = useApiFixture(getDb);
  resolveAndInputValidation(kind, fixture);
  injectionPayloads(kind, fixture);
  authenticationAndCors(fixture);
  operationalEndpoints(kind, fixture);
  rateLimitsAndProductionMode(fixture);
});

/** What the cases share: the database, the server on it, and calls to it (as Alex by default). */
type ApiFixture = Awaited<ReturnType<typeof apiFixtureOf>>;

/** Starts the server once for the suite. */
function useApiFixture(getDb: () => Database): () => ApiFixture {
  let server: RegardingServer | undefined;
  let fixture: ApiFixture;
  beforeAll(async () => {
    server = await createRegardingServer(serverConfig(), { db: getDb() });
    fixture = await apiFixtureOf(getDb, server);
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => fixture;
}

/** Calls to `server`, with Alex's dev token unless a call says otherwise. */
async function apiFixtureOf(getDb: () => Database, server: RegardingServer) {
  const devToken = (email: string) => requestDevToken(apiCaller(server), email);
  const call = apiCaller(server, await devToken(alex.email));
  return { getDb, server, call, devToken };
}

type CallOptions = { token?: string | null; headers?: Record<string, string>; raw?: string };

/** A JSON call to `server`, with `defaultToken` unless `options.token` says otherwise (`null`: none). */
function apiCaller(server: RegardingServer, defaultToken?: string) {
  return async function call(
    method: string,
    path: string,
    body?: unknown,
    options: CallOptions = {},
  ): Promise<{ status: number; headers: Headers; json: Json }> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? defaultToken : options.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined = options.raw;
    if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${server.url}${path}`, { method, headers, body: payload });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Json) : {} };
  };
}

/** A dev token of `email`, from the server's dev token route. */
async function requestDevToken(call: ReturnType<typeof apiCaller>, email: string): Promise<string> {
  const res = await call('POST', '/api/v1/dev/token', { email }, { token: null });
  expect(res.status).toBe(200);
  return res.json.access_token as string;
}

/** Resolving addresses, and input the API refuses without writing anything. */
function resolveAndInputValidation(kind: DatabaseKind, fixture: () => ApiFixture) {
  it(`resolves Nora for Alex with a dev token, and hides Kim whom Alex may not read (${kind})`, async () => {
    const { call } = fixture();
    const res = await call('POST', '/api/v1/resolve', {
      addresses: [DEMO_RECORDS.nora.email.toUpperCase(), DEMO_RECORDS.kimChen.email],
    });
    expect(res.status).toBe(200);
    const [nora, kim] = res.json.results;
    expect(nora.normalized).toBe(DEMO_RECORDS.nora.email);
    expect(nora.matches[0]).toMatchObject({ type: 'contact', name: 'Nora Fischer', ownedByMe: true });
    expect(kim.matches).toEqual([]);
  });

  it('rejects bad input with stable codes and writes nothing', async () => {
    const { getDb, call } = fixture();
    const db = getDb();
    const [contacts, activities] = [await count(db, 'contacts'), await count(db, 'activities')];
    const key = `<bad-input-${kind}@test.example>`;
    const trackPath = `/api/v1/tracked/email/${encodeURIComponent(key)}`;
    const item = { subject: 'Hello', people: [{ role: 'from', address: DEMO_RECORDS.nora.email }] };

    const malformed = await call('PUT', trackPath, undefined, { raw: '{"item": {"subject": "Hello",' });
    expect([malformed.status, malformed.json.error.code]).toEqual([400, 'malformed_json']);

    const tooLarge = await call('PUT', trackPath, {
      item: { ...item, body: { contentType: 'text', content: 'x'.repeat(1024 * 1024 + 1) } },
    });
    expect([tooLarge.status, tooLarge.json.error.code]).toEqual([413, 'payload_too_large']);

    const wrongType = await call('PUT', trackPath, { item: { ...item, people: 'nora' } });
    expect(wrongType.json.error.code).toBe('validation_failed');
    expect(wrongType.json.error.details.issues[0]).toMatchObject({ in: 'body', path: ['item', 'people'] });

    const badRole = await call('PUT', trackPath, {
      item: { ...item, people: [...item.people, { role: 'boss', address: 'x@y.example' }] },
    });
    expect(badRole.status).toBe(400);

    const unknownField = await call('POST', '/api/v1/contacts', {
      lastName: 'Unknown',
      email: `unknown-field-${kind}@test.example`,
      ownerId: 'me',
    });
    expect(unknownField.json.error).toMatchObject({
      code: 'validation_failed',
      message: expect.stringContaining('ownerId'),
    });

    const tooMany = await call('POST', '/api/v1/resolve', {
      addresses: Array.from({ length: 101 }, (_, i) => `p${i}@test.example`),
    });
    expect([tooMany.status, tooMany.json.error.code]).toEqual([400, 'validation_failed']);

    const formEncoded = await call('POST', '/api/v1/resolve', undefined, {
      raw: 'addresses=a@b.example',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(formEncoded.status).toBe(415);

    expect(await count(db, 'contacts')).toBe(contacts);
    expect(await count(db, 'activities')).toBe(activities);
    const status = await call('POST', '/api/v1/tracked/status', { items: [{ kind: 'email', key }] });
    expect(status.json.items[0]).toMatchObject({ tracked: false, activityId: null });
  });
}

/** SQL and script payloads in every string field, stored and returned as plain data. */
function injectionPayloads(kind: DatabaseKind, fixture: () => ApiFixture) {
  it('stores SQL and script payloads in every string field as inert data, returned verbatim', async () => {
    const { getDb, call } = fixture();
    const db = getDb();
    const contactsBefore = await count(db, 'contacts');
    const email = `o'brien+${kind}-drop_table@evil.example`;
    const created = await call('POST', '/api/v1/contacts', {
      firstName: SCRIPT,
      lastName: NASTY,
      email,
      jobTitle: NASTY,
      phone: "+1 555 0100 ');--",
      companyName: NASTY,
      force: true,
    });
    expect(created.status).toBe(201);
    const record = created.json.record;
    const text = JSON.stringify(record);
    for (const value of [SCRIPT, NASTY, "+1 555 0100 ');--"])
      expect(text).toContain(JSON.stringify(value).slice(1, -1));
    expect(record.email).toBe(email);
    expect(await count(db, 'contacts')).toBe(contactsBefore + 1);

    const leadsBefore = await count(db, 'leads');
    const lead = await call('POST', '/api/v1/leads', {
      firstName: SCRIPT,
      lastName: NASTY,
      email: `lead-${kind}-${Date.now()}@evil.example`,
      companyName: NASTY,
      jobTitle: SCRIPT,
      phone: '<b>0</b>',
      force: true,
    });
    expect(lead.status).toBe(201);
    const leadText = JSON.stringify(lead.json.record);
    for (const value of [SCRIPT, NASTY, '<b>0</b>'])
      expect(leadText).toContain(JSON.stringify(value).slice(1, -1));
    expect(await count(db, 'leads')).toBe(leadsBefore + 1);

    const choice = await call('PUT', '/api/v1/resolve/choice', {
      address: NASTY,
      record: { type: 'contact', id: record.id },
    });
    expect([choice.status, choice.json.error.code]).toEqual([400, 'validation_failed']);
    const remembered = await call('PUT', '/api/v1/resolve/choice', {
      address: email,
      record: { type: 'contact', id: record.id },
    });
    expect(remembered.json).toEqual({ address: email, choice: { type: 'contact', id: record.id } });

    const card = await call('GET', `/api/v1/records/contact/${record.id}`);
    expect(card.json.record.name).toBe(record.name);
    expect(card.json.record.name).toContain(SQL);

    const search = await call('GET', `/api/v1/search?q=${encodeURIComponent(SQL)}`);
    expect(search.status).toBe(200);
    const resolve = await call('POST', '/api/v1/resolve', { addresses: [email, NASTY] });
    expect(resolve.json.results[0].matches[0].id).toBe(record.id);
    expect(resolve.json.results[1]).toMatchObject({ address: NASTY, normalized: null, matches: [] });

    const key = `<${SQL}${SCRIPT}-${kind}@evil.example>`;
    const tracked = await call('PUT', `/api/v1/tracked/email/${encodeURIComponent(key)}`, {
      item: {
        subject: NASTY,
        body: { contentType: 'html', content: `<p>Hi</p>${SCRIPT}<img src=x onerror="alert(1)">` },
        people: [
          { role: 'from', address: email, name: NASTY },
          { role: 'to', address: alex.email, name: SCRIPT },
        ],
        location: NASTY,
        conversationId: SQL,
        inReplyTo: `<${SQL}@evil.example>`,
        references: [SQL],
        mailboxItemId: SCRIPT,
      },
    });
    expect(tracked.status).toBe(200);
    expect(tracked.json.activity.subject).toBe(NASTY);
    expect(tracked.json.status.key).toBe(key);
    const again = await call('POST', '/api/v1/tracked/status', { items: [{ kind: 'email', key }] });
    expect(again.json.items[0]).toMatchObject({ tracked: true, activityId: tracked.json.activity.id });
    expect(await count(db, 'contacts')).toBe(contactsBefore + 1);
  });
}

/** Tokens of disabled or unknown users and expired ones, and the CORS origins. */
function authenticationAndCors(fixture: () => ApiFixture) {
  it('rejects a token of a disabled user and of an unknown identity', async () => {
    const { getDb, server, call, devToken } = fixture();
    const riley = DEMO_USERS.find((u) => u.email.startsWith('riley'))!;
    const token = await devToken(riley.email);
    expect((await call('GET', '/api/v1/me', undefined, { token })).status).toBe(200);
    await getDb().query('UPDATE users SET disabled = true WHERE email = $1', [riley.email]);
    try {
      const res = await call('GET', '/api/v1/me', undefined, { token });
      expect([res.status, res.json.error.code]).toEqual([401, 'unauthenticated']);
      expect((await call('POST', '/api/v1/dev/token', { email: riley.email }, { token: null })).status).toBe(
        404,
      );
    } finally {
      await getDb().query('UPDATE users SET disabled = false WHERE email = $1', [riley.email]);
    }
    const ghost = await server.devIssuer!.issueUserToken({
      objectId: 'ffff0000-0000-4000-8000-00000000dead',
      email: 'ghost@contoso.example',
    });
    expect((await call('GET', '/api/v1/me', undefined, { token: ghost })).status).toBe(401);
    const expired = await server.devIssuer!.issueUserToken(alex, { expiresInSeconds: -120 });
    expect((await call('GET', '/api/v1/me', undefined, { token: expired })).json.error.code).toBe(
      'token_expired',
    );
  });

  it('grants CORS to the add-in origin only', async () => {
    const { server, call } = fixture();
    const allowed = await fetch(`${server.url}/api/v1/resolve`, {
      method: 'OPTIONS',
      headers: {
        origin: ADDIN_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ADDIN_ORIGIN);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    const denied = await fetch(`${server.url}/api/v1/resolve`, {
      method: 'OPTIONS',
      headers: { origin: 'https://attacker.example', 'access-control-request-method': 'POST' },
    });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    const me = await call('GET', '/api/v1/me', undefined, {
      headers: { origin: 'https://attacker.example' },
    });
    expect(me.headers.get('access-control-allow-origin')).toBeNull();
  });
}

/** Health, readiness, metrics, sync monitoring and the OpenAPI document. */
function operationalEndpoints(kind: DatabaseKind, fixture: () => ApiFixture) {
  it('answers health, readiness, metrics, sync monitoring and the OpenAPI document', async () => {
    const { server, call } = fixture();
    expect((await call('GET', '/healthz', undefined, { token: null })).json).toEqual({ status: 'ok' });
    expect((await call('GET', '/readyz', undefined, { token: null })).json).toEqual({
      status: 'ready',
      database: kind,
    });
    expect((await call('GET', '/api/v1/sync/mailboxes')).status).toBe(200);
    expect((await call('GET', '/api/v1/sync/items')).status).toBe(200);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(
      /regarding_http_requests_total\{method="POST",route="\/api\/v1\/resolve",status="200"\} [1-9]/,
    );
    const doc = (await call('GET', '/api/v1/openapi.json', undefined, { token: null })).json;
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.values(doc.paths as Json).flatMap((ops) => Object.keys(ops as Json));
    expect(operations).toHaveLength(Object.keys(endpoints).length);
  });
}

/** Servers of other configurations: rate-limited, and in production mode. */
function rateLimitsAndProductionMode(fixture: () => ApiFixture) {
  it('limits each user with 429 and Retry-After', async () => {
    const { getDb } = fixture();
    const limited = await createRegardingServer(
      serverConfig({ RATE_LIMIT_PER_MINUTE: '1', RATE_LIMIT_BURST: '3' }),
      { db: getDb() },
    );
    try {
      const token = await limited.devIssuer!.issueUserToken(sam);
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${limited.url}/api/v1/me`, {
          headers: { authorization: `Bearer ${token}` },
        });
        statuses.push(res.status);
        if (res.status === 429) {
          retryAfter = res.headers.get('retry-after');
          expect(((await res.json()) as Json).error.code).toBe('rate_limited');
        }
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.close();
    }
  });

  it('has no dev routes in production mode and refuses to start with dev auth there', async () => {
    const { getDb } = fixture();
    const production = await createRegardingServer(
      serverConfig({
        NODE_ENV: 'production',
        ENTRA_CLIENT_ID: '3c9a0000-0000-4000-8000-00000000ab1e',
        LOG_LEVEL: 'silent',
        HOST: '127.0.0.1',
      }),
      { db: getDb() },
    );
    try {
      expect(production.devIssuer).toBeUndefined();
      const token = await fetch(`${production.url}/api/v1/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: alex.email }),
      });
      expect(token.status).toBe(404);
      expect((await fetch(`${production.url}/api/v1/dev/jwks.json`)).status).toBe(404);
    } finally {
      await production.close();
    }
    const devInProduction: ServerConfig = { ...serverConfig(), mode: 'production' };
    await expect(createRegardingServer(devInProduction, { db: getDb() })).rejects.toThrow(
      /Refusing to start/,
    );
  });
}
