import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SyncError } from '#server/sync/errors';
import { createGraphClient, type GraphClient } from '#server/sync/graph/client';
import type { BatchRequest, GraphDeltaEntry } from '#server/sync/graph/types';
import { fixture } from '../fixtures';

type Handler = (
  req: IncomingMessage,
  body: string,
) => { status: number; headers?: Record<string, string>; body?: unknown };

let server: Server;
let base: string;
let handler: Handler;
let client: GraphClient;
const seen: { url: string; prefer: string | undefined; auth: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({
        url: req.url ?? '',
        prefer: req.headers.prefer as string | undefined,
        auth: req.headers.authorization,
      });
      const out = handler(req, body);
      // A little latency so concurrent requests overlap.
      setTimeout(() => {
        res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
        res.end(out.body === undefined ? '' : JSON.stringify(out.body));
      }, 15);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`;
  client = createGraphClient({ baseUrl: base, tokenProvider: async () => 'tok-1', maxPageSize: 50 });
});

afterAll(async () => {
  await client.close();
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  seen.length = 0;
});

describe('Graph client', () => {
  it('follows nextLinks to the deltaLink, with the token, immutable ids and a page size', async () => {
    handler = (req) => {
      if (req.url?.includes('skiptoken=2'))
        return {
          status: 200,
          body: { value: [{ id: 'c' }], '@odata.deltaLink': `${base}/delta?$deltatoken=9` },
        };
      return {
        status: 200,
        body: { value: [{ id: 'a' }, { id: 'b' }], '@odata.nextLink': `${base}/delta?$skiptoken=2` },
      };
    };
    const mg = client.forMailbox('sam.lee@contoso.example');
    const r = await mg.pages<{ id: string }>(`${mg.userPath}/mailFolders/inbox/messages/delta`, 'mailbox');
    expect(r.value.map((v) => v.id)).toEqual(['a', 'b', 'c']);
    expect(r.deltaLink).toBe(`${base}/delta?$deltatoken=9`);
    expect(seen[0]!.url).toBe('/v1.0/users/sam.lee%40contoso.example/mailFolders/inbox/messages/delta');
    expect(seen[0]!.auth).toBe('Bearer tok-1');
    expect(seen[0]!.prefer).toContain('IdType="ImmutableId"');
    expect(seen[0]!.prefer).toContain('odata.maxpagesize=50');
  });

  it("reads Graph's documented delta pages, deletions included", async () => {
    const rehost = (page: object) =>
      JSON.parse(JSON.stringify(page).replaceAll('https://graph.microsoft.com/v1.0', base)) as object;
    handler = (req) =>
      req.url?.includes('skiptoken')
        ? { status: 200, body: rehost(fixture('delta-page-2.json')) }
        : { status: 200, body: rehost(fixture('delta-page-1.json')) };
    const mg = client.forMailbox('sam.lee@contoso.example');
    const r = await mg.pages<GraphDeltaEntry>(`${mg.userPath}/mailFolders/inbox/messages/delta`, 'mailbox');
    expect(r.value.map((e) => [e.id, e['@removed']?.reason ?? null])).toEqual([
      ['AAkAL-1', null],
      ['AAkAL-2', null],
      ['AAkAL-3', 'deleted'],
    ]);
    expect(r.deltaLink).toMatch(/\$deltatoken=LztZwWjo5IivWBhyxw5rAKKVnN$/);
  });

  it('refuses to follow a link to another host (the token would leak)', async () => {
    handler = () => ({
      status: 200,
      body: { value: [], '@odata.nextLink': 'https://evil.example/v1.0/next' },
    });
    const mg = client.forMailbox('sam.lee@contoso.example');
    await expect(mg.pages('/users/x/messages/delta', 'mailbox')).rejects.toMatchObject({
      code: 'graph_bad_response',
    });
  });

  it('turns a 429 into a typed error carrying Retry-After', async () => {
    handler = () => ({
      status: 429,
      headers: { 'retry-after': '9' },
      body: { error: { code: 'TooManyRequests' } },
    });
    const err = await client
      .forMailbox('a@b.example')
      .get('/users/a/messages', 'mailbox')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncError);
    expect(err).toMatchObject({ code: 'graph_throttled', retryAfterSeconds: 9, status: 429 });
  });

  it('reports an unreachable Graph as a network error', async () => {
    const dead = createGraphClient({ baseUrl: 'http://127.0.0.1:1/v1.0', tokenProvider: async () => 't' });
    await expect(dead.forMailbox('a@b.example').get('/users/a', 'mailbox')).rejects.toMatchObject({
      code: 'graph_network',
    });
    await dead.close();
  });

  it('sends $batch in chunks of 20, at most 4 at once per mailbox, and answers per request', async () => {
    let active = 0;
    let peak = 0;
    handler = (_req, body) => {
      active++;
      peak = Math.max(peak, active);
      setTimeout(() => active--, 14);
      const { requests } = JSON.parse(body) as { requests: BatchRequest[] };
      expect(requests.length).toBeLessThanOrEqual(20);
      // Answer out of order and leave one out, as a broken server might.
      const responses = requests
        .filter((r) => r.id !== '57')
        .reverse()
        .map((r) => ({ id: r.id, status: 200, body: { echo: r.url } }));
      return { status: 200, body: { responses } };
    };
    const mg = client.forMailbox('sam.lee@contoso.example');
    const requests: BatchRequest[] = Array.from({ length: 170 }, (_, i) => ({
      id: String(i),
      method: 'GET',
      url: `/x/${i}`,
    }));
    const out = await mg.batch(requests);
    expect(seen.filter((s) => s.url === '/v1.0/$batch')).toHaveLength(9);
    expect(peak).toBeLessThanOrEqual(4);
    expect(peak).toBeGreaterThan(1);
    expect(out).toHaveLength(170);
    expect(out[3]).toMatchObject({ id: '3', status: 200, body: { echo: '/x/3' } });
    expect(out[57]).toMatchObject({ id: '57', status: 502 });
  });
});
