/**
 * `npm run worker`: a standalone sync worker for the scale path. Any number of these run against
 * one PostgreSQL database (`DATABASE_URL`); PostgreSQL coordinates them (see docs/sync.md).
 *
 * Graph access, by environment:
 * - production: GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (or GRAPH_CLIENT_CERT_FILE
 *   with GRAPH_CLIENT_CERT_THUMBPRINT) - app-only client credentials through msal-node;
 * - the emulator: REGARDING_DEV_KEY_FILE (the dev issuer key the emulator trusts) or
 *   GRAPH_ACCESS_TOKEN (a ready dev app token).
 */
import { readFileSync } from 'node:fs';
import { GRAPH_APP_ROLES, GRAPH_AUDIENCE } from '#contract';
import { createCrmService } from '../crm/create-crm-service';
import { migrate, openDatabase } from '../db';
import { createDevIssuer } from '../identity/dev-issuer';
import { scheduleFromEnv } from './scheduler/env';
import { startSyncWorker } from './scheduler/worker';
import { ensureMailboxes } from './store/mailboxes';
import { clientCredentialsTokenProvider, staticTokenProvider } from './graph/token';
import type { TokenProvider } from './graph/client';

function fail(message: string): never {
  console.error(`regarding worker: ${message}`);
  process.exit(2);
}

function tokenProviderFromEnv(env: NodeJS.ProcessEnv): TokenProvider {
  if (env.GRAPH_CLIENT_ID) {
    if (!env.GRAPH_TENANT_ID) fail('GRAPH_CLIENT_ID needs GRAPH_TENANT_ID');
    const certificate = env.GRAPH_CLIENT_CERT_FILE
      ? {
          privateKey: readFileSync(env.GRAPH_CLIENT_CERT_FILE, 'utf8'),
          thumbprintSha256:
            env.GRAPH_CLIENT_CERT_THUMBPRINT ??
            fail('GRAPH_CLIENT_CERT_FILE needs GRAPH_CLIENT_CERT_THUMBPRINT'),
        }
      : undefined;
    if (!certificate && !env.GRAPH_CLIENT_SECRET)
      fail('GRAPH_CLIENT_ID needs GRAPH_CLIENT_SECRET or GRAPH_CLIENT_CERT_FILE');
    return clientCredentialsTokenProvider({
      tenantId: env.GRAPH_TENANT_ID,
      clientId: env.GRAPH_CLIENT_ID,
      ...(certificate ? { certificate } : { clientSecret: env.GRAPH_CLIENT_SECRET! }),
    });
  }
  if (env.NODE_ENV === 'production')
    fail('production needs GRAPH_TENANT_ID, GRAPH_CLIENT_ID and a secret or certificate');
  if (env.GRAPH_ACCESS_TOKEN) return staticTokenProvider(env.GRAPH_ACCESS_TOKEN);
  if (env.REGARDING_DEV_KEY_FILE) {
    const issuer = createDevIssuer({ keyFile: env.REGARDING_DEV_KEY_FILE });
    return () => issuer.issueAppToken({ audience: GRAPH_AUDIENCE, roles: GRAPH_APP_ROLES });
  }
  return fail(
    'no Graph credentials: set GRAPH_CLIENT_ID/GRAPH_TENANT_ID/GRAPH_CLIENT_SECRET, or in development REGARDING_DEV_KEY_FILE or GRAPH_ACCESS_TOKEN',
  );
}

async function main(): Promise<void> {
  const env = process.env;
  if (!env.DATABASE_URL) fail('DATABASE_URL is required (standalone workers coordinate through PostgreSQL)');
  const graphBaseUrl = env.GRAPH_BASE_URL || 'https://graph.microsoft.com/v1.0';
  const tokenProvider = tokenProviderFromEnv(env);
  const schedule = scheduleFromEnv(env);
  const db = await openDatabase({
    kind: 'postgres',
    url: env.DATABASE_URL,
    poolSize: 4 + 2 * (schedule.concurrentMailboxes ?? 4),
  });
  if (env.SYNC_MIGRATE !== 'false') await migrate(db);
  if (env.SYNC_ENSURE_MAILBOXES !== 'false') await ensureMailboxes(db);
  const crm = createCrmService(db, env.CRM_WEB_URL ? { crmWebUrl: env.CRM_WEB_URL } : {});
  const worker = startSyncWorker({
    db,
    crm,
    graph: {
      baseUrl: graphBaseUrl,
      tokenProvider,
      ...(env.GRAPH_CA_FILE ? { ca: readFileSync(env.GRAPH_CA_FILE, 'utf8') } : {}),
    },
    schedule,
    ...(env.SYNC_WORKER_ID ? { workerId: env.SYNC_WORKER_ID } : {}),
    logger: {
      info: (msg, data) => env.LOG_LEVEL === 'debug' && console.log(msg, JSON.stringify(data ?? {})),
      warn: (msg, data) => console.warn(msg, JSON.stringify(data ?? {})),
    },
  });
  console.log(`regarding worker ${worker.workerId} syncing via ${graphBaseUrl}`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await worker.stop();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

main().catch((e: unknown) => {
  console.error('regarding worker failed:', e);
  process.exit(1);
});
