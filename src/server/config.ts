/**
 * The one reading of the environment: the server's configuration (`loadConfig`), the standalone
 * sync worker's (`loadWorkerConfig`), and their shared parts (database, sync schedule, Graph
 * credentials) read by the same code with the same messages. Documented in the README,
 * docs/identity.md and docs/sync.md.
 */
import path from 'node:path';
import { DEFAULT_API_AUDIENCE } from '#contract';
import type { DatabaseOptions } from './db/types';
import { ConfigError, EnvReader, type Env } from './env-reader';
import { defaultEntraConfig, ENTRA_AUTHORITY_HOST, jwksUrlOf, type EntraConfig } from './identity/entra';
import type { ScheduleConfig } from './sync/scheduler/schedule';
import type { ClientCredentials } from './sync/graph/token';

export { ConfigError };

export type RuntimeMode = 'production' | 'development' | 'test';

export type AuthConfig =
  /** Local dev issuer (tokens from `POST /api/v1/dev/token`); refused in production. */
  | { mode: 'dev'; audience: string; keyFile: string | null; clockToleranceSeconds: number }
  | {
      mode: 'entra';
      entra: EntraConfig;
      /** Authority the add-in's MSAL signs in against (`.../organizations` for multi-tenant). */
      authority: string;
    };

export type SyncConfig =
  | { enabled: false }
  | {
      enabled: true;
      graphBaseUrl: string;
      /** PEM of a CA to trust for Graph (the emulator's self-signed certificate). */
      graphCa: string | undefined;
      /** App-only client credentials; absent in dev mode, where the dev issuer signs app tokens. */
      graphCredentials: ClientCredentials | undefined;
      schedule: Partial<ScheduleConfig>;
      /** `false`: the worker only runs on `sync.runOnce()` (tests). Default true. */
      autoStart?: boolean;
    };

export type ServerConfig = {
  mode: RuntimeMode;
  host: string;
  /** 0 picks a free port. */
  port: number;
  tls: { key: string; cert: string } | undefined;
  /** The server's public origin, for config.js and links; derived from the request when absent. */
  publicUrl: string | undefined;
  database: DatabaseOptions;
  /** Load the demo organization into an empty database (development only). */
  seedDemo: boolean;
  auth: AuthConfig;
  /** Origins allowed to call the API from a browser (the add-in's origin when hosted elsewhere). */
  corsOrigins: string[];
  /** Hosts allowed to frame the add-in pages (Outlook on the web and its relatives). */
  frameAncestors: string[];
  /** Per-user token bucket; `undefined` disables rate limiting. */
  rateLimit: { perMinute: number; burst: number } | undefined;
  bodyLimitBytes: number;
  addinDistDir: string;
  crmWebUrl: string | undefined;
  /** Check every response against its schema (development and tests). */
  validateResponses: boolean;
  /** When set, `/metrics` requires `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  logLevel: string;
  sync: SyncConfig;
};

/** Outlook hosts that frame add-in pages (Outlook on the web, new Outlook, Office hosts). */
export const OUTLOOK_FRAME_ANCESTORS = [
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook.cloud.microsoft',
  'https://outlook.live.com',
  'https://*.officeapps.live.com',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.microsoft365.com',
];

/** How a standalone worker gets Graph app tokens. */
export type WorkerGraphAuth =
  /** App-only client credentials (production). */
  | { kind: 'client-credentials'; credentials: ClientCredentials }
  /** Tokens signed with the dev issuer's key, which the emulator trusts. */
  | { kind: 'dev-issuer'; keyFile: string }
  /** A ready app token (tests against the emulator). */
  | { kind: 'access-token'; token: string };

/** `npm run worker`: a standalone sync worker against PostgreSQL. */
export type WorkerConfig = {
  mode: RuntimeMode;
  database: { kind: 'postgres'; url: string; poolSize: number };
  graphBaseUrl: string;
  graphCa: string | undefined;
  graphAuth: WorkerGraphAuth;
  schedule: Partial<ScheduleConfig>;
  /** Lease owner id; generated when unset. */
  workerId: string | undefined;
  /** Apply migrations at start (`SYNC_MIGRATE=false` leaves it to another process). */
  migrate: boolean;
  /** Create missing mailbox rows at start (`SYNC_ENSURE_MAILBOXES=false`: another process does). */
  ensureMailboxes: boolean;
  crmWebUrl: string | undefined;
  logLevel: string;
};

const ONE_MEGABYTE = 1024 * 1024;
const GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';
const GRAPH_CREDENTIALS =
  'GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (or GRAPH_CLIENT_CERT_FILE)';
/** The sync schedule's variables; each is optional and overrides the default. */
const scheduleVariables: Record<keyof ScheduleConfig, string> = {
  defaultIntervalSeconds: 'SYNC_INTERVAL_SECONDS',
  busyIntervalSeconds: 'SYNC_BUSY_INTERVAL_SECONDS',
  maxIntervalSeconds: 'SYNC_MAX_INTERVAL_SECONDS',
  idleGrowth: 'SYNC_IDLE_GROWTH',
  leaseSeconds: 'SYNC_LEASE_SECONDS',
  backoffBaseSeconds: 'SYNC_BACKOFF_SECONDS',
  maxMailboxFailures: 'SYNC_MAX_MAILBOX_FAILURES',
  maxItemAttempts: 'SYNC_MAX_ITEM_ATTEMPTS',
  pollSeconds: 'SYNC_POLL_SECONDS',
  concurrentMailboxes: 'SYNC_CONCURRENT_MAILBOXES',
  concurrentTracks: 'SYNC_CONCURRENT_TRACKS',
};

/** Environment -> the server's configuration; every problem is reported at once (ConfigError). */
export function loadConfig(env: Env = process.env): ServerConfig {
  const read = new EnvReader(env);
  const mode = modeOf(env);
  const production = mode === 'production';
  const port = read.integer('PORT', 3000, 0, 65535);
  const tls = readTls(read);
  const publicUrl = read.url('PUBLIC_URL')?.replace(/\/+$/, '');
  const auth = readAuth(read, production);
  const syncEnabled = read.boolean('SYNC_ENABLED', false);
  const graphCa = syncEnabled ? readGraphCa(read) : undefined;
  const config: ServerConfig = {
    mode,
    host: env.HOST || (production ? '0.0.0.0' : 'localhost'),
    port,
    tls,
    publicUrl,
    database: readDatabase(read),
    seedDemo: !production && read.boolean('REGARDING_SEED_DEMO', true),
    auth,
    corsOrigins: readCorsOrigins(read),
    frameAncestors:
      env.FRAME_ANCESTORS !== undefined ? read.list('FRAME_ANCESTORS') : OUTLOOK_FRAME_ANCESTORS,
    rateLimit: readRateLimit(read),
    bodyLimitBytes: ONE_MEGABYTE,
    addinDistDir: path.resolve(env.ADDIN_DIST_DIR || 'dist/addin'),
    crmWebUrl: read.url('CRM_WEB_URL'),
    validateResponses: read.boolean('VALIDATE_RESPONSES', !production),
    metricsToken: env.METRICS_TOKEN || undefined,
    // Production logs each request; development keeps the console readable for `npm start`.
    logLevel: env.LOG_LEVEL || { production: 'info', development: 'warn', test: 'silent' }[mode],
    sync: syncEnabled
      ? {
          enabled: true,
          graphBaseUrl: read.url('GRAPH_BASE_URL') ?? GRAPH_BASE_URL,
          graphCa,
          graphCredentials: readGraphCredentials(
            read,
            auth.mode === 'entra' ? 'SYNC_ENABLED=true with Entra ID' : null,
            graphCa,
          ),
          schedule: readSchedule(read),
        }
      : { enabled: false },
  };
  return read.finish(config);
}

/**
 * Environment -> the standalone worker's configuration: PostgreSQL (`DATABASE_URL`, required),
 * Graph and its credentials (app credentials; in development also the dev issuer's key file or a
 * ready token), the schedule and the worker's own switches.
 */
export function loadWorkerConfig(env: Env = process.env): WorkerConfig {
  const read = new EnvReader(env);
  const mode = modeOf(env);
  const url = read.required('DATABASE_URL', 'standalone workers coordinate through PostgreSQL') ?? '';
  const schedule = readSchedule(read);
  const graphCa = readGraphCa(read);
  const config: WorkerConfig = {
    mode,
    // A connection per mailbox cycle and per concurrent track, and a few for claims and leases.
    database: { kind: 'postgres', url, poolSize: 4 + 2 * (schedule.concurrentMailboxes ?? 4) },
    graphBaseUrl: read.url('GRAPH_BASE_URL') ?? GRAPH_BASE_URL,
    graphCa,
    graphAuth: readWorkerGraphAuth(read, mode, graphCa),
    schedule,
    workerId: read.text('SYNC_WORKER_ID'),
    migrate: read.boolean('SYNC_MIGRATE', true),
    ensureMailboxes: read.boolean('SYNC_ENSURE_MAILBOXES', true),
    crmWebUrl: read.url('CRM_WEB_URL'),
    logLevel: env.LOG_LEVEL || 'info',
  };
  return read.finish(config);
}

/** `DATABASE_URL` selects PostgreSQL; otherwise PGlite under `REGARDING_DATA_DIR` (`.data/pglite`). */
export function loadDatabaseConfig(env: Env = process.env): DatabaseOptions {
  const read = new EnvReader(env);
  return read.finish(readDatabase(read));
}

/** The sync schedule's overrides from the `SYNC_*` variables that are set. */
export function loadScheduleConfig(env: Env = process.env): Partial<ScheduleConfig> {
  const read = new EnvReader(env);
  return read.finish(readSchedule(read));
}

function modeOf(env: Env): RuntimeMode {
  return env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
}

function dataDirOf(read: EnvReader): string {
  return path.resolve(read.env.REGARDING_DATA_DIR || '.data/pglite');
}

function readDatabase(read: EnvReader): DatabaseOptions {
  const url = read.env.DATABASE_URL;
  return url ? { kind: 'postgres', url } : { kind: 'pglite', dataDir: dataDirOf(read) };
}

function readSchedule(read: EnvReader): Partial<ScheduleConfig> {
  const schedule: Partial<ScheduleConfig> = {};
  for (const [key, name] of Object.entries(scheduleVariables) as [keyof ScheduleConfig, string][]) {
    const value = read.positiveNumber(name);
    if (value !== undefined) schedule[key] = value;
  }
  return schedule;
}

function readAuth(read: EnvReader, production: boolean): AuthConfig {
  const authMode = read.oneOf('REGARDING_AUTH', ['dev', 'entra'] as const, production ? 'entra' : 'dev');
  if (production && authMode === 'dev') {
    read.problems.push(
      'REGARDING_AUTH=dev is not allowed with NODE_ENV=production: the dev issuer signs tokens for anyone. ' +
        'Use REGARDING_AUTH=entra with ENTRA_CLIENT_ID.',
    );
  }
  const clockToleranceSeconds = read.integer('ENTRA_CLOCK_TOLERANCE_SECONDS', 60, 0, 600);
  if (authMode === 'entra') return readEntra(read, clockToleranceSeconds);
  const { env } = read;
  return {
    mode: 'dev',
    audience: env.ENTRA_AUDIENCE || DEFAULT_API_AUDIENCE,
    keyFile: env.REGARDING_DEV_KEY_FILE || path.join(path.dirname(dataDirOf(read)), 'dev-issuer-key.json'),
    clockToleranceSeconds,
  };
}

function readEntra(read: EnvReader, clockToleranceSeconds: number): AuthConfig {
  const clientId = read.required(
    'ENTRA_CLIENT_ID',
    'the application (client) id of the Regarding API app registration',
  );
  const base = defaultEntraConfig(clientId ?? '');
  const extraAudiences = read.list('ENTRA_AUDIENCE');
  const tenants = read.list('ENTRA_ALLOWED_TENANTS');
  // Another authority host (a sovereign cloud, the emulator) serves its own keys and sign-in.
  const authorityHost = (read.url('ENTRA_AUTHORITY_HOST') ?? ENTRA_AUTHORITY_HOST).replace(/\/+$/, '');
  const ca = read.env.ENTRA_CA_FILE ? read.file('ENTRA_CA_FILE') : undefined;
  return {
    mode: 'entra',
    entra: {
      ...base,
      audiences: extraAudiences.length ? extraAudiences : base.audiences,
      allowedTenants: tenants,
      scope: read.env.ENTRA_API_SCOPE || base.scope,
      jwksUrl: read.url('ENTRA_JWKS_URL') ?? jwksUrlOf(authorityHost),
      authorityHost,
      ...(ca ? { ca } : {}),
      clockToleranceSeconds,
    },
    // A single-tenant deployment signs in against its tenant; otherwise any work account.
    authority:
      read.url('ENTRA_AUTHORITY') ??
      `${authorityHost}/${tenants.length === 1 ? tenants[0] : 'organizations'}`,
  };
}

function readCorsOrigins(read: EnvReader): string[] {
  const origins = read.list('CORS_ORIGINS').map((o) => o.replace(/\/+$/, ''));
  for (const origin of origins) {
    if (!/^https?:\/\/[^/]+$/.test(origin))
      read.problems.push(`CORS_ORIGINS: "${origin}" is not an origin like https://host:port.`);
  }
  return origins;
}

function readRateLimit(read: EnvReader): ServerConfig['rateLimit'] {
  const perMinute = read.integer('RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000);
  const burst = read.integer('RATE_LIMIT_BURST', Math.max(1, Math.ceil(perMinute / 5)), 1, 1_000_000);
  return perMinute > 0 ? { perMinute, burst } : undefined;
}

function readTls(read: EnvReader): ServerConfig['tls'] {
  const keyFile = read.env.TLS_KEY_FILE;
  const certFile = read.env.TLS_CERT_FILE;
  if (!keyFile && !certFile) return undefined;
  if (!keyFile || !certFile) {
    read.problems.push(
      'TLS needs both TLS_KEY_FILE and TLS_CERT_FILE (PEM files), or neither for plain HTTP.',
    );
    return undefined;
  }
  const key = read.file('TLS_KEY_FILE');
  const cert = read.file('TLS_CERT_FILE');
  return key && cert ? { key, cert } : undefined;
}

/** `GRAPH_CA_FILE`: a CA to trust for Graph and for its authority (the emulator serves both). */
function readGraphCa(read: EnvReader): string | undefined {
  return read.env.GRAPH_CA_FILE ? read.file('GRAPH_CA_FILE') : undefined;
}

/**
 * The sync app's client credentials: a secret, or a certificate (preferred in production), at
 * `GRAPH_AUTHORITY_HOST` (Microsoft's by default), trusting `GRAPH_CA_FILE` there too.
 * `requiredBy` names what needs them when they are missing; null when they are optional.
 */
function readGraphCredentials(
  read: EnvReader,
  requiredBy: string | null,
  ca: string | undefined,
): ClientCredentials | undefined {
  const clientId = read.text('GRAPH_CLIENT_ID');
  if (!clientId) {
    if (requiredBy) read.problems.push(`${requiredBy} needs ${GRAPH_CREDENTIALS}.`);
    return undefined;
  }
  const tenantId = read.required('GRAPH_TENANT_ID', 'the tenant whose mailboxes are synchronized') ?? '';
  const authorityHost = read.url('GRAPH_AUTHORITY_HOST');
  const where = { ...(authorityHost ? { authorityHost } : {}), ...(ca ? { ca } : {}) };
  if (read.env.GRAPH_CLIENT_CERT_FILE) {
    const thumbprintSha256 =
      read.required('GRAPH_CLIENT_CERT_THUMBPRINT', 'the SHA-256 thumbprint of the sync app certificate') ??
      '';
    return {
      tenantId,
      clientId,
      certificate: { thumbprintSha256, privateKey: read.file('GRAPH_CLIENT_CERT_FILE') ?? '' },
      ...where,
    };
  }
  const clientSecret =
    read.required('GRAPH_CLIENT_SECRET', 'the client secret of the sync app (or GRAPH_CLIENT_CERT_FILE)') ??
    '';
  return { tenantId, clientId, clientSecret, ...where };
}

function readWorkerGraphAuth(read: EnvReader, mode: RuntimeMode, ca: string | undefined): WorkerGraphAuth {
  const production = mode === 'production';
  const credentials = readGraphCredentials(read, production ? 'NODE_ENV=production' : null, ca);
  if (credentials) return { kind: 'client-credentials', credentials };
  const token = read.text('GRAPH_ACCESS_TOKEN');
  const keyFile = read.text('REGARDING_DEV_KEY_FILE');
  if (!production && token) return { kind: 'access-token', token };
  if (!production && keyFile) return { kind: 'dev-issuer', keyFile };
  if (!production) {
    read.problems.push(
      `The worker needs Graph credentials: ${GRAPH_CREDENTIALS}; in development REGARDING_DEV_KEY_FILE or GRAPH_ACCESS_TOKEN will do.`,
    );
  }
  // Only reached with problems recorded: `finish` throws before this value is used.
  return { kind: 'access-token', token: '' };
}
