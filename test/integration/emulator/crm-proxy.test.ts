import { createServer, type IncomingMessage, type Server } from 'node:http';
import { startTestEmulator, type TestEmulator } from './harness';

type Seen = { method: string; url: string; headers: IncomingMessage['headers']; body: string };

let upstream: Server;
let upstreamUrl: string;
let seen: Seen[];
let emu: TestEmulator;

beforeEach(async () => {
  seen = [];
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(req.url?.startsWith('/missing') ? 404 : 201, {
        'content-type': 'application/json',
        'x-upstream': 'crm',
      });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const address = upstream.address();
  upstreamUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  emu = await startTestEmulator({ crmUrl: upstreamUrl });
});

afterEach(async () => {
  await emu.close();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

describe('CRM proxy', () => {
  it('forwards method, path, query, headers and body, and streams the answer back', async () => {
    const res = await fetch(`${emu.url}/crm/api/v1/activities?limit=5&q=a%20b`, {
      method: 'POST',
      headers: { authorization: 'Bearer abc', 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'Hi' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-upstream')).toBe('crm');
    expect(await res.json()).toEqual({ ok: true });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/api/v1/activities?limit=5&q=a%20b',
      body: JSON.stringify({ subject: 'Hi' }),
    });
    expect(seen[0]?.headers.authorization).toBe('Bearer abc');
    expect(seen[0]?.headers['content-type']).toBe('application/json');

    const missing = await fetch(`${emu.url}/crm/missing`);
    expect(missing.status).toBe(404);
  });

  it('drops the connection while the CRM is "unreachable", and recovers', async () => {
    await emu.api('/faults', { method: 'PUT', body: JSON.stringify({ crm: { unreachable: true } }) });
    await expect(fetch(`${emu.url}/crm/api/v1/me`)).rejects.toThrow();
    expect(seen).toHaveLength(0);
    await emu.api('/faults', { method: 'PUT', body: JSON.stringify({ crm: { unreachable: false } }) });
    expect((await fetch(`${emu.url}/crm/api/v1/me`)).status).toBe(201);
  });

  it('answers 502 unavailable when the CRM server is down', async () => {
    // Port 9 (discard) has no listener here: the connection is refused.
    const down = await startTestEmulator({ crmUrl: 'http://127.0.0.1:9' });
    try {
      const res = await fetch(`${down.url}/crm/api/v1/me`);
      expect(res.status).toBe(502);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    } finally {
      await down.close();
    }
  });
});
