/**
 * `npm run worker`: a standalone sync worker for the scale path. Any number of these run against
 * one PostgreSQL database (`DATABASE_URL`); PostgreSQL coordinates them (see docs/sync.md). The
 * environment is read by `loadWorkerConfig`, which names every missing or bad variable.
 */
import { GRAPH_APP_ROLES, GRAPH_AUDIENCE } from '#contract';
import { ConfigError, loadWorkerConfig, type WorkerConfig, type WorkerGraphAuth } from '../config';
import { createCrmService } from '../crm/create-crm-service';
import { migrate, openDatabase } from '../db';
import { createDevIssuer } from '../identity/dev-issuer';
import { startSyncWorker } from './scheduler/worker';
import { ensureMailboxes } from './store/mailboxes';
import { clientCredentialsTokenProvider, staticTokenProvider } from './graph/token';
import type { TokenProvider } from './graph/client';

function tokenProviderOf(auth: WorkerGraphAuth): TokenProvider {
  switch (auth.kind) {
    case 'client-credentials':
      return clientCredentialsTokenProvider(auth.credentials);
    case 'access-token':
      return staticTokenProvider(auth.token);
    case 'dev-issuer': {
      const issuer = createDevIssuer({ keyFile: auth.keyFile });
      return () => issuer.issueAppToken({ audience: GRAPH_AUDIENCE, roles: GRAPH_APP_ROLES });
    }
  }
}

function readConfig(): WorkerConfig {
  try {
    return loadWorkerConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`regarding worker: ${error.message}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const db = await openDatabase(config.database);
  if (config.migrate) await migrate(db);
  if (config.ensureMailboxes) await ensureMailboxes(db);
  const crm = createCrmService(db, config.crmWebUrl ? { crmWebUrl: config.crmWebUrl } : {});
  const worker = startSyncWorker({
    db,
    crm,
    graph: {
      baseUrl: config.graphBaseUrl,
      tokenProvider: tokenProviderOf(config.graphAuth),
      ...(config.graphCa ? { ca: config.graphCa } : {}),
    },
    schedule: config.schedule,
    ...(config.workerId ? { workerId: config.workerId } : {}),
    logger: {
      info: (msg, data) => config.logLevel === 'debug' && console.log(msg, JSON.stringify(data ?? {})),
      warn: (msg, data) => console.warn(msg, JSON.stringify(data ?? {})),
    },
  });
  console.log(`regarding worker ${worker.workerId} syncing via ${config.graphBaseUrl}`);
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
