import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';
import { Agent, fetch as undiciFetch } from 'undici';
import { DEV_SYNC_APP_ID, DEV_TENANT_ID } from '#contract/dev';
import { DEV_SYNC_APP_SECRET, WOODGROVE_TENANT_ID } from '#emulator/identity/directory';
import { loadWorkerConfig } from '#server/config';
import { SyncError } from '#server/sync/errors';
import { clientCredentialsTokenProvider, type ClientCredentials } from '#server/sync/graph/token';
import { startTestEmulator, type TestEmulator } from './harness';

/**
 * The production credential code (`@azure/msal-node` client credentials) against the emulated
 * Entra ID over TLS, configured only with the authority host and the emulator's CA: it gets a
 * Graph token with the sync app's secret and with its certificate, and Graph accepts it.
 */
describe('msal-node client credentials against the emulated identity provider', () => {
  let emu: TestEmulator;
  let tls: { key: string; cert: string };
  let appCert: { privateKey: string; thumbprintSha256: string };
  let dispatcher: Agent;

  beforeAll(async () => {
    const [server, client] = await Promise.all([
      generate([{ name: 'commonName', value: 'localhost' }], {
        keyType: 'ec',
        extensions: [
          {
            name: 'subjectAltName',
            altNames: [
              { type: 2, value: 'localhost' },
              { type: 7, ip: '127.0.0.1' },
            ],
          },
        ],
      }),
      generate([{ name: 'commonName', value: 'Regarding sync' }], {
        keyType: 'rsa',
        keySize: 2048,
        algorithm: 'sha256',
      }),
    ]);
    tls = { key: server.private, cert: server.cert };
    appCert = {
      privateKey: client.private,
      thumbprintSha256: createHash('sha256').update(new X509Certificate(client.cert).raw).digest('hex'),
    };
    emu = await startTestEmulator({
      tls,
      host: 'localhost',
      identity: { syncAppCertificates: [client.cert] },
    });
    dispatcher = new Agent({ connect: { ca: tls.cert } });
  });
  afterAll(async () => {
    await dispatcher.close();
    await emu.close();
  });

  const credentials = (overrides: Partial<ClientCredentials> = {}): ClientCredentials => ({
    tenantId: DEV_TENANT_ID,
    clientId: DEV_SYNC_APP_ID,
    authorityHost: emu.url,
    ca: tls.cert,
    ...overrides,
  });

  async function graphInbox(token: string) {
    const res = await undiciFetch(
      `${emu.graphUrl}/users/alex.morgan@contoso.example/mailFolders/inbox/messages?$top=1`,
      {
        headers: { authorization: `Bearer ${token}` },
        dispatcher,
      },
    );
    return { status: res.status, body: (await res.json()) as { value?: unknown[] } };
  }

  it("gets a Graph token with the client secret from the worker's environment, which Graph accepts", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'regarding-msal-'));
    writeFileSync(path.join(dir, 'ca.pem'), tls.cert);
    const config = loadWorkerConfig({
      DATABASE_URL: 'postgres://unused',
      GRAPH_TENANT_ID: DEV_TENANT_ID,
      GRAPH_CLIENT_ID: DEV_SYNC_APP_ID,
      GRAPH_CLIENT_SECRET: DEV_SYNC_APP_SECRET,
      GRAPH_AUTHORITY_HOST: emu.url,
      GRAPH_CA_FILE: path.join(dir, 'ca.pem'),
    });
    rmSync(dir, { recursive: true, force: true });
    if (config.graphAuth.kind !== 'client-credentials') throw new Error('expected client credentials');
    const token = await clientCredentialsTokenProvider(config.graphAuth.credentials)();
    const inbox = await graphInbox(token);
    expect(inbox.status).toBe(200);
    expect(inbox.body.value).toHaveLength(1);
  });

  it('gets a Graph token with the certificate (a signed client assertion)', async () => {
    const token = await clientCredentialsTokenProvider(credentials({ certificate: appCert }))();
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({ appid: DEV_SYNC_APP_ID, appidacr: '2', idtyp: 'app', tid: DEV_TENANT_ID });
    expect((await graphInbox(token)).status).toBe(200);
  });

  it('reports a wrong secret, an unregistered certificate and another tenant as graph_token errors', async () => {
    const other = await generate([{ name: 'commonName', value: 'not registered' }], {
      keyType: 'rsa',
      keySize: 2048,
      algorithm: 'sha256',
    });
    const failures = await Promise.all(
      [
        credentials({ clientSecret: 'wrong' }),
        credentials({
          certificate: {
            privateKey: other.private,
            thumbprintSha256: createHash('sha256').update(new X509Certificate(other.cert).raw).digest('hex'),
          },
        }),
        credentials({ clientSecret: DEV_SYNC_APP_SECRET, tenantId: WOODGROVE_TENANT_ID }),
      ].map((c) => clientCredentialsTokenProvider(c)().catch((e: unknown) => e)),
    );
    for (const failure of failures) expect(failure).toBeInstanceOf(SyncError);
    expect(failures.map((f) => (f as Error).message)).toEqual([
      expect.stringContaining('AADSTS7000215'),
      expect.stringContaining('AADSTS700027'),
      expect.stringContaining('AADSTS700016'),
    ]);
  });
});
