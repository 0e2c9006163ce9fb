import {
  ConfigError,
  loadConfig,
  loadDatabaseConfig,
  loadScheduleConfig,
  loadWorkerConfig,
  OUTLOOK_FRAME_ANCESTORS,
} from '#server/config';

function problemsOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.join('\n');
  }
  throw new Error('expected a ConfigError');
}

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

  it('reads the sync schedule from the SYNC_* variables that are set', () => {
    expect(loadScheduleConfig({ SYNC_INTERVAL_SECONDS: '4', SYNC_LEASE_SECONDS: '2.5' })).toEqual({
      defaultIntervalSeconds: 4,
      leaseSeconds: 2.5,
    });
    expect(problemsOf(() => loadScheduleConfig({ SYNC_POLL_SECONDS: 'soon' }))).toContain(
      'SYNC_POLL_SECONDS must be a positive number, not "soon"',
    );
  });

  it('selects PostgreSQL with DATABASE_URL, else PGlite under REGARDING_DATA_DIR', () => {
    expect(loadDatabaseConfig({ DATABASE_URL: 'postgres://h/db' })).toEqual({
      kind: 'postgres',
      url: 'postgres://h/db',
    });
    expect(loadDatabaseConfig({ REGARDING_DATA_DIR: '/var/lib/regarding' })).toEqual({
      kind: 'pglite',
      dataDir: '/var/lib/regarding',
    });
  });
});

describe('standalone worker configuration from the environment', () => {
  const base = { DATABASE_URL: 'postgres://crm@db/crm', NODE_ENV: 'production' };

  it('reads PostgreSQL, the schedule, app credentials and its switches', () => {
    const config = loadWorkerConfig({
      ...base,
      GRAPH_TENANT_ID: 't1',
      GRAPH_CLIENT_ID: 'c1',
      GRAPH_CLIENT_SECRET: 's1',
      SYNC_CONCURRENT_MAILBOXES: '8',
      SYNC_WORKER_ID: 'worker-1',
      SYNC_MIGRATE: 'false',
    });
    expect(config).toMatchObject({
      mode: 'production',
      database: { kind: 'postgres', url: 'postgres://crm@db/crm', poolSize: 20 },
      graphBaseUrl: 'https://graph.microsoft.com/v1.0',
      graphAuth: {
        kind: 'client-credentials',
        credentials: { tenantId: 't1', clientId: 'c1', clientSecret: 's1' },
      },
      schedule: { concurrentMailboxes: 8 },
      workerId: 'worker-1',
      migrate: false,
      ensureMailboxes: true,
    });
  });

  it('takes the dev issuer key or a ready token against the emulator, never in production', () => {
    expect(
      loadWorkerConfig({ DATABASE_URL: 'postgres://h/db', GRAPH_ACCESS_TOKEN: 'tok' }).graphAuth,
    ).toEqual({
      kind: 'access-token',
      token: 'tok',
    });
    expect(
      loadWorkerConfig({ DATABASE_URL: 'postgres://h/db', REGARDING_DEV_KEY_FILE: '/k.json' }).graphAuth,
    ).toEqual({ kind: 'dev-issuer', keyFile: '/k.json' });
    expect(problemsOf(() => loadWorkerConfig({ ...base, GRAPH_ACCESS_TOKEN: 'tok' }))).toContain(
      'NODE_ENV=production needs GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET',
    );
  });

  it('reports every problem at once, with the messages the server gives', () => {
    const env = { NODE_ENV: 'production', GRAPH_CLIENT_ID: 'c1', SYNC_POLL_SECONDS: '0' };
    const worker = problemsOf(() => loadWorkerConfig(env));
    expect(worker).toContain('DATABASE_URL is required');
    expect(worker).toContain('SYNC_POLL_SECONDS must be a positive number');
    const server = problemsOf(() =>
      loadConfig({ ...env, REGARDING_AUTH: 'entra', ENTRA_CLIENT_ID: 'api', SYNC_ENABLED: 'true' }),
    );
    for (const problem of [
      'GRAPH_TENANT_ID is required: the tenant whose mailboxes are synchronized.',
      'GRAPH_CLIENT_SECRET is required: the client secret of the sync app (or GRAPH_CLIENT_CERT_FILE).',
      'SYNC_POLL_SECONDS must be a positive number, not "0".',
    ]) {
      expect(worker).toContain(problem);
      expect(server).toContain(problem);
    }
  });
});
