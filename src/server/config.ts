import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_API_AUDIENCE } from '#contract';
import { databaseFromEnv } from './db';
import type { DatabaseOptions } from './db/types';
import { defaultEntraConfig, ENTRA_AUTHORITY_HOST, type EntraConfig } from './identity/entra';
import { scheduleFromEnv, type ScheduleConfig } from './sync';
import type { ClientCredentials } from './sync/graph/token';

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

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

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

const ONE_MEGABYTE = 1024 * 1024;

type Env = Record<string, string | undefined>;

/**
 * Environment -> typed configuration. Every problem is collected and reported at once, each
 * naming the variable and what it expects (documented in docs/identity.md and the README).
 */
export function loadConfig(env: Env = process.env): ServerConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const mode: RuntimeMode =
    env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const production = mode === 'production';

  const port = read.integer('PORT', 3000, 0, 65535);
  const host = env.HOST || (production ? '0.0.0.0' : 'localhost');
  const tls = readTls(read);
  const publicUrl = read.url('PUBLIC_URL');
  const authMode = read.oneOf('REGARDING_AUTH', ['dev', 'entra'] as const, production ? 'entra' : 'dev');
  if (production && authMode === 'dev') {
    problems.push(
      'REGARDING_AUTH=dev is not allowed with NODE_ENV=production: the dev issuer signs tokens for anyone. ' +
        'Use REGARDING_AUTH=entra with ENTRA_CLIENT_ID.',
    );
  }
  const clockTolerance = read.integer('ENTRA_CLOCK_TOLERANCE_SECONDS', 60, 0, 600);
  let auth: AuthConfig;
  if (authMode === 'entra') {
    const clientId = read.required(
      'ENTRA_CLIENT_ID',
      'the application (client) id of the Regarding API app registration',
    );
    const base = defaultEntraConfig(clientId ?? '');
    const extraAudiences = read.list('ENTRA_AUDIENCE');
    const tenants = read.list('ENTRA_ALLOWED_TENANTS');
    auth = {
      mode: 'entra',
      entra: {
        ...base,
        audiences: extraAudiences.length ? extraAudiences : base.audiences,
        allowedTenants: tenants,
        scope: env.ENTRA_API_SCOPE || base.scope,
        jwksUrl: read.url('ENTRA_JWKS_URL') ?? base.jwksUrl,
        authorityHost: read.url('ENTRA_AUTHORITY_HOST') ?? ENTRA_AUTHORITY_HOST,
        clockToleranceSeconds: clockTolerance,
      },
      // A single-tenant deployment signs in against its tenant; otherwise any work account.
      authority:
        read.url('ENTRA_AUTHORITY') ??
        `${ENTRA_AUTHORITY_HOST}/${tenants.length === 1 ? tenants[0] : 'organizations'}`,
    };
  } else {
    const dataDir = path.resolve(env.REGARDING_DATA_DIR || '.data/pglite');
    auth = {
      mode: 'dev',
      audience: env.ENTRA_AUDIENCE || DEFAULT_API_AUDIENCE,
      keyFile: env.REGARDING_DEV_KEY_FILE || path.join(path.dirname(dataDir), 'dev-issuer-key.json'),
      clockToleranceSeconds: clockTolerance,
    };
  }

  const perMinute = read.integer('RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000);
  const burst = read.integer('RATE_LIMIT_BURST', Math.max(1, Math.ceil(perMinute / 5)), 1, 1_000_000);

  const sync: SyncConfig = read.boolean('SYNC_ENABLED', false)
    ? {
        enabled: true,
        graphBaseUrl: read.url('GRAPH_BASE_URL') ?? 'https://graph.microsoft.com/v1.0',
        graphCa: env.GRAPH_CA_FILE ? read.file('GRAPH_CA_FILE') : undefined,
        graphCredentials: readGraphCredentials(read, authMode === 'entra'),
        schedule: scheduleFromEnv(env as NodeJS.ProcessEnv),
      }
    : { enabled: false };

  const config: ServerConfig = {
    mode,
    host,
    port,
    tls,
    publicUrl: publicUrl?.replace(/\/+$/, ''),
    database: databaseFromEnv(env as NodeJS.ProcessEnv),
    seedDemo: !production && read.boolean('REGARDING_SEED_DEMO', true),
    auth,
    corsOrigins: read.list('CORS_ORIGINS').map((o) => o.replace(/\/+$/, '')),
    frameAncestors:
      env.FRAME_ANCESTORS !== undefined ? read.list('FRAME_ANCESTORS') : OUTLOOK_FRAME_ANCESTORS,
    rateLimit: perMinute > 0 ? { perMinute, burst } : undefined,
    bodyLimitBytes: ONE_MEGABYTE,
    addinDistDir: path.resolve(env.ADDIN_DIST_DIR || 'dist/addin'),
    crmWebUrl: read.url('CRM_WEB_URL'),
    validateResponses: read.boolean('VALIDATE_RESPONSES', !production),
    metricsToken: env.METRICS_TOKEN || undefined,
    // Production logs each request; development keeps the console readable for `npm start`.
    logLevel: env.LOG_LEVEL || { production: 'info', development: 'warn', test: 'silent' }[mode],
    sync,
  };
  for (const origin of config.corsOrigins) {
    if (!/^https?:\/\/[^/]+$/.test(origin))
      problems.push(`CORS_ORIGINS: "${origin}" is not an origin like https://host:port.`);
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** The sync app's client credentials: a secret, or a certificate (preferred in production). */
function readGraphCredentials(read: EnvReader, required: boolean): ClientCredentials | undefined {
  const { env } = read;
  if (!env.GRAPH_CLIENT_ID) {
    if (required) {
      read.problems.push(
        'SYNC_ENABLED=true with Entra ID needs GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (or GRAPH_CLIENT_CERT_FILE).',
      );
    }
    return undefined;
  }
  const tenantId = read.required('GRAPH_TENANT_ID', 'the tenant whose mailboxes are synchronized') ?? '';
  if (env.GRAPH_CLIENT_CERT_FILE) {
    const thumbprintSha256 =
      read.required('GRAPH_CLIENT_CERT_THUMBPRINT', 'the SHA-256 thumbprint of the sync app certificate') ??
      '';
    return {
      tenantId,
      clientId: env.GRAPH_CLIENT_ID,
      certificate: { thumbprintSha256, privateKey: read.file('GRAPH_CLIENT_CERT_FILE') ?? '' },
    };
  }
  const clientSecret =
    read.required('GRAPH_CLIENT_SECRET', 'the client secret of the sync app (or GRAPH_CLIENT_CERT_FILE)') ??
    '';
  return { tenantId, clientId: env.GRAPH_CLIENT_ID, clientSecret };
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

class EnvReader {
  constructor(
    readonly env: Env,
    readonly problems: string[],
  ) {}

  required(name: string, what: string): string | undefined {
    const value = this.env[name]?.trim();
    if (!value) this.problems.push(`${name} is required: ${what}.`);
    return value || undefined;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max}, not "${raw}".`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.env[name]?.trim().toLowerCase();
    if (!raw) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${name} must be true or false, not "${this.env[name]}".`);
    return fallback;
  }

  oneOf<const T extends readonly string[]>(name: string, values: T, fallback: T[number]): T[number] {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    if ((values as readonly string[]).includes(raw)) return raw as T[number];
    this.problems.push(`${name} must be one of ${values.join(', ')}, not "${raw}".`);
    return fallback;
  }

  url(name: string): string | undefined {
    const raw = this.env[name]?.trim();
    if (!raw) return undefined;
    try {
      const url = new URL(raw);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
      return raw;
    } catch {
      this.problems.push(`${name} must be an http(s) URL, not "${raw}".`);
      return undefined;
    }
  }

  list(name: string): string[] {
    return (this.env[name] ?? '')
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
  }

  file(name: string): string | undefined {
    const file = this.env[name] as string;
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      this.problems.push(
        `${name}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
      );
      return undefined;
    }
  }
}
