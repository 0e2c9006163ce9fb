import { ConfigError, loadConfig, OUTLOOK_FRAME_ANCESTORS } from '#server/config';

describe('configuration from the environment', () => {
  it('defaults to a development server with dev auth and PGlite', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: 'development',
      port: 3000,
      host: 'localhost',
      tls: undefined,
      seedDemo: true,
      validateResponses: true,
      bodyLimitBytes: 1024 * 1024,
      frameAncestors: OUTLOOK_FRAME_ANCESTORS,
      rateLimit: { perMinute: 600, burst: 120 },
      sync: { enabled: false },
    });
    expect(config.auth).toMatchObject({ mode: 'dev', audience: 'api://regarding' });
    expect(config.database.kind).toBe('pglite');
  });

  it('reads Entra ID settings in production and never seeds or allows dev auth', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      ENTRA_CLIENT_ID: 'c1',
      ENTRA_ALLOWED_TENANTS: 't1, t2',
      DATABASE_URL: 'postgres://crm@db/crm',
      RATE_LIMIT_PER_MINUTE: '0',
      CORS_ORIGINS: 'https://addin.contoso.example/',
    });
    expect(config.mode).toBe('production');
    expect(config.seedDemo).toBe(false);
    expect(config.validateResponses).toBe(false);
    expect(config.rateLimit).toBeUndefined();
    expect(config.corsOrigins).toEqual(['https://addin.contoso.example']);
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://crm@db/crm' });
    if (config.auth.mode !== 'entra') throw new Error('expected entra');
    expect(config.auth.entra).toMatchObject({
      clientId: 'c1',
      allowedTenants: ['t1', 't2'],
      audiences: ['api://c1'],
    });
    expect(config.auth.authority).toBe('https://login.microsoftonline.com/organizations');
  });

  it('reports every problem at once, naming the variable and what it expects', () => {
    let error: unknown;
    try {
      loadConfig({
        NODE_ENV: 'production',
        PORT: 'eighty',
        TLS_KEY_FILE: '/nonexistent/key.pem',
        RATE_LIMIT_PER_MINUTE: '-1',
        CORS_ORIGINS: 'addin.contoso.example',
        SYNC_ENABLED: 'maybe',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('PORT must be a whole number from 0 to 65535, not "eighty"');
    expect(problems).toContain('TLS needs both TLS_KEY_FILE and TLS_CERT_FILE');
    expect(problems).toContain('ENTRA_CLIENT_ID is required');
    expect(problems).toContain('RATE_LIMIT_PER_MINUTE must be a whole number');
    expect(problems).toContain('CORS_ORIGINS: "addin.contoso.example" is not an origin');
    expect(problems).toContain('SYNC_ENABLED must be true or false');
  });

  it('reads the TLS key and certificate files', () => {
    expect(() =>
      loadConfig({ TLS_KEY_FILE: '/nonexistent/key.pem', TLS_CERT_FILE: '/nonexistent/cert.pem' }),
    ).toThrow(/TLS_KEY_FILE: cannot read \/nonexistent\/key.pem \(ENOENT\)/);
  });
});
