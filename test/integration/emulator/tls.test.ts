import { createServer } from 'node:https';
import { generate } from 'selfsigned';
import { Agent, fetch as undiciFetch } from 'undici';
import { startTestEmulator } from './harness';

describe('HTTPS', () => {
  it('serves Graph over TLS with https links, and proxies to an HTTPS CRM trusting crmCa', async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      extensions: [
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    });
    const upstream = createServer({ key: pems.private, cert: pems.cert }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"crm":true}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const address = upstream.address();
    const crmUrl = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const emu = await startTestEmulator({
      tls: { key: pems.private, cert: pems.cert },
      crmUrl,
      crmCa: pems.cert,
    });
    const dispatcher = new Agent({ connect: { ca: pems.cert } });
    try {
      expect(emu.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const token = await emu.appToken();
      const res = await undiciFetch(
        `${emu.graphUrl}/users/alex.morgan@contoso.example/mailFolders/inbox/messages?$top=2`,
        {
          headers: { authorization: `Bearer ${token}` },
          dispatcher,
        },
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as { '@odata.nextLink': string };
      expect(body['@odata.nextLink'].startsWith(`${emu.graphUrl}/`)).toBe(true);

      const proxied = await undiciFetch(`${emu.url}/crm/api/v1/health`, { dispatcher });
      expect(proxied.status).toBe(200);
      expect(await proxied.json()).toEqual({ crm: true });
    } finally {
      await dispatcher.close();
      await emu.close();
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
    }
  });
});
