import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import type { ServerConfig, SyncConfig } from './config';
import { createCrmService } from './crm/create-crm-service';
import type { CrmService } from './crm/crm-service';
import { migrate, openDatabase } from './db';
import { seedDemoIfEmpty } from './db/seed';
import type { Database } from './db/types';
import { createMetrics } from './http/metrics';
import { buildHttpApp } from './http/server';
import { createDevIssuer, createDevVerifier, type DevIssuer } from './identity/dev-issuer';
import { createEntraVerifier } from './identity/entra';
import type { TokenVerifier } from './identity/token-verifier';
import { GRAPH_APP_ROLES, GRAPH_AUDIENCE } from '#contract';
import {
  clientCredentialsTokenProvider,
  ensureMailboxes,
  listSyncItemFailures,
  listSyncMailboxes,
  startSyncWorker,
  createSyncMetrics,
  type SyncWorker,
  type TokenProvider,
  createMailboxLookup,
} from './sync';
import type { GraphClientOptions } from './sync/graph/client';

export type RegardingServer = {
  /** Where the server listens, e.g. `https://localhost:3000`. */
  url: string;
  close(): Promise<void>;
  db: Database;
  crm: CrmService;
  /** The dev issuer in dev auth mode; `undefined` with Entra ID. */
  devIssuer: DevIssuer | undefined;
  http: FastifyInstance;
  /** The in-process sync worker, when sync is enabled. */
  sync: SyncWorker | null;
};

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/**
 * Composes the CRM server: database (migrated; demo data in an empty development database), the
 * domain, token validation (Entra ID, or the dev issuer in dev mode), the HTTP app and, when
 * configured, an in-process sync worker. Production refuses dev auth.
 */
export async function createRegardingServer(
  config: ServerConfig,
  /** An already open database (tests, benchmarks); the caller keeps owning and closing it. */
  options: { db?: Database } = {},
): Promise<RegardingServer> {
  if (config.mode === 'production' && config.auth.mode === 'dev') {
    throw new Error(
      'Refusing to start: dev auth (REGARDING_AUTH=dev) is not allowed with NODE_ENV=production.',
    );
  }
  const db = options.db ?? (await openDatabase(config.database));
  const cleanup: (() => Promise<void>)[] = options.db ? [] : [() => db.close()];
  try {
    await migrate(db);
    if (config.seedDemo && config.mode !== 'production') await seedDemoIfEmpty(db);
    const crmWebUrl =
      config.crmWebUrl ??
      config.publicUrl ??
      (config.port ? `${originOf(config, 'localhost')}:${config.port}` : undefined);
    const crm = createCrmService(db, crmWebUrl ? { crmWebUrl } : {});
    const { devIssuer, verifyToken } = tokenValidation(config);
    // Graph access serves the in-process worker and the pane's meeting-key lookup.
    const graph = graphAccess(config, devIssuer);
    const lookup = createMailboxLookup(graph);
    cleanup.unshift(() => lookup.close());

    // One registry for the HTTP metrics and the in-process sync worker's, rendered by /metrics.
    const registry = new Registry();
    const http = await buildHttpApp({
      config,
      db,
      crm,
      verifyToken,
      devIssuer,
      metrics: createMetrics(registry),
      version: VERSION,
      sync: {
        mailboxes: async (actor) => ({ mailboxes: await listSyncMailboxes(db, actor) }),
        items: async (actor) => ({ items: await listSyncItemFailures(db, actor) }),
        appointmentKey: (actor, itemId) => lookup.appointmentKey(actor, itemId),
      },
    });
    cleanup.unshift(() => http.close());
    await http.listen({ port: config.port, host: config.host });
    const { port } = http.server.address() as AddressInfo;
    const host = ['0.0.0.0', '::', ''].includes(config.host) ? 'localhost' : config.host;
    const url = `${originOf(config, host.includes(':') ? `[${host}]` : host)}:${port}`;

    const sync =
      graph && config.sync.enabled
        ? await startInProcessWorker(config.sync, { db, crm, graph, http, registry })
        : null;
    if (sync) cleanup.unshift(() => sync.stop());
    let closing: Promise<void> | undefined;
    return { url, db, crm, devIssuer, http, sync, close: () => (closing ??= runAll(cleanup)) };
  } catch (error) {
    await runAll(cleanup).catch(() => undefined);
    throw error;
  }
}

function originOf(config: ServerConfig, host: string): string {
  return `${config.tls ? 'https' : 'http'}://${host}`;
}

/** Entra ID's validation, or in dev mode the dev issuer's (which also signs dev tokens). */
function tokenValidation(config: ServerConfig): {
  devIssuer: DevIssuer | undefined;
  verifyToken: TokenVerifier;
} {
  if (config.auth.mode === 'entra') {
    return { devIssuer: undefined, verifyToken: createEntraVerifier(config.auth.entra) };
  }
  const devIssuer = createDevIssuer(config.auth.keyFile ? { keyFile: config.auth.keyFile } : {});
  return { devIssuer, verifyToken: createDevVerifier(devIssuer, config.auth) };
}

/** Sync's Graph access: app credentials, or dev app tokens against the emulator; null without sync. */
function graphAccess(config: ServerConfig, devIssuer: DevIssuer | undefined): GraphClientOptions | null {
  if (!config.sync.enabled) return null;
  const { graphBaseUrl, graphCa, graphCredentials } = config.sync;
  let tokenProvider: TokenProvider;
  if (graphCredentials) tokenProvider = clientCredentialsTokenProvider(graphCredentials);
  else if (devIssuer)
    tokenProvider = () => devIssuer.issueAppToken({ audience: GRAPH_AUDIENCE, roles: GRAPH_APP_ROLES });
  else throw new Error('Sync needs Graph app credentials (GRAPH_CLIENT_ID, ...) outside dev mode.');
  return { baseUrl: graphBaseUrl, tokenProvider, ...(graphCa ? { ca: graphCa } : {}) };
}

async function startInProcessWorker(
  sync: Extract<SyncConfig, { enabled: true }>,
  deps: {
    db: Database;
    crm: CrmService;
    graph: GraphClientOptions;
    http: FastifyInstance;
    registry: Registry;
  },
): Promise<SyncWorker> {
  await ensureMailboxes(deps.db);
  return startSyncWorker({
    db: deps.db,
    crm: deps.crm,
    graph: deps.graph,
    metrics: createSyncMetrics(deps.registry),
    schedule: sync.schedule,
    autoStart: sync.autoStart ?? true,
    logger: {
      info: (message, data) => deps.http.log.debug(data ?? {}, message),
      warn: (message, data) => deps.http.log.warn(data ?? {}, message),
    },
  });
}

/** Runs every cleanup step in order even when one fails; rethrows the first failure. */
async function runAll(steps: (() => Promise<void>)[]): Promise<void> {
  let failure: unknown;
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure) throw failure;
}
