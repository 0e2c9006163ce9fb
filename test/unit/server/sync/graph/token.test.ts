import { SyncError } from '#server/sync/errors';
import { clientCredentialsTokenProvider, staticTokenProvider } from '#server/sync/graph/token';

describe('Graph token providers', () => {
  it('refuses client credentials without a secret or a certificate', () => {
    expect(() => clientCredentialsTokenProvider({ tenantId: 't', clientId: 'c' })).toThrow(
      /secret or a certificate/,
    );
  });

  it('reports an identity platform it cannot reach as a graph_token error (never as a mailbox fault)', async () => {
    const provider = clientCredentialsTokenProvider({
      tenantId: '7f1c0de5-0000-4000-8000-00000000c0de',
      clientId: '5a5e0000-0000-4000-8000-00000000a990',
      clientSecret: 'not-a-real-secret',
      authorityHost: 'https://127.0.0.1:1',
    });
    const error = await provider().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({ code: 'graph_token' });
  });

  it('hands out a fixed token for the emulator', async () => {
    await expect(staticTokenProvider('dev-token')()).resolves.toBe('dev-token');
  });
});
