/**
 * `npm start`: the whole product on one machine, no Microsoft 365 tenant. Runs the CRM server
 * (dev auth, PGlite under .data/, demo data on first start, one in-process sync worker against the
 * emulator's Graph) and the emulator (Exchange + Outlook host page and Entra ID), over HTTPS with
 * a self-signed localhost certificate kept under .data/certs/. With `REGARDING_AUTH=entra` the
 * server validates the emulated Entra ID's tokens and sync gets its Graph tokens there with
 * msal-node, as in production. Expects `npm run build:dev` first.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRegardingServer, type RegardingServer } from '#server/app';
import { ConfigError, loadConfig } from '#server/config';
import { createDevIssuer } from '#server/identity/dev-issuer';
import { DEV_TENANT_ID } from '#contract/dev';
import { startEmulator, type RunningEmulator } from '#emulator/server';
import { ensureDevCertificate } from './certs';
import { authModeOf, entraEnvironment, graphTokenCommand, type DevAuthMode } from './identity';
import { DATA_DIR, readRunningInstance, removePidFile, writePidFile } from './pid-file';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ADDIN_DIST = path.join(ROOT, 'dist/addin');
const EMULATOR_DIST = path.join(ROOT, 'dist/emulator');

class StartError extends Error {}

function port(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new StartError(
      `${name} must be a port number from 1 to 65535 (npm start needs fixed ports), not "${raw}".`,
    );
  }
  return value;
}

/** A path relative to the working directory when it is inside it, else absolute. */
function shortPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

/** What `npm start` prints once everything listens: where things are, and a Graph token for curl. */
function printBanner(
  emulator: RunningEmulator,
  serverUrl: string,
  authMode: DevAuthMode,
  certFile: string,
): void {
  console.log(
    [
      '',
      'Regarding is running (self-signed certificate: accept it once in your browser).',
      '',
      `  Outlook emulator   ${emulator.url}/   <- open this, sign in as Alex Morgan`,
      `  CRM server (API)   ${serverUrl}/api/v1   (add-in at ${serverUrl}/addin/taskpane.html)`,
      `  Graph (emulated)   ${emulator.graphUrl}`,
      `  Entra ID (emul.)   ${emulator.url}/${DEV_TENANT_ID}/v2.0   (${authMode === 'entra' ? 'signs the CRM and sync in' : 'REGARDING_AUTH=entra to sign in with it'})`,
      ...(authMode === 'entra'
        ? ["  The emulator's pane still signs in with dev sign-in, which this mode turns off."]
        : []),
      '',
      '  A Graph token for curl, then a call with it:',
      `    ${graphTokenCommand(emulator.url, shortPath(certFile))}`,
      `    curl --cacert ${shortPath(certFile)} -H "Authorization: Bearer $TOKEN" ${emulator.graphUrl}/users/alex.morgan@contoso.example/messages`,
      '',
      `  Data in ${path.relative(ROOT, DATA_DIR) || '.'}/ · stop with Ctrl+C or \`npm run stop\``,
      '',
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  const running = readRunningInstance();
  if (running) {
    throw new StartError(
      `Regarding is already running (pid ${running.pid}): ${running.emulatorUrl}. Stop it with \`npm run stop\`.`,
    );
  }
  for (const file of [path.join(ADDIN_DIST, 'taskpane.html'), path.join(EMULATOR_DIST, 'index.html')]) {
    if (!existsSync(file))
      throw new StartError(`${path.relative(ROOT, file)} is missing: run \`npm run build:dev\` first.`);
  }

  const serverPort = port('PORT', 3000);
  const emulatorPort = port('EMULATOR_PORT', 3100);
  if (serverPort === emulatorPort) throw new StartError('PORT and EMULATOR_PORT must differ.');
  const serverUrl = `https://localhost:${serverPort}`;
  const emulatorUrl = `https://localhost:${emulatorPort}`;

  const authMode = authModeOf(process.env.REGARDING_AUTH?.trim());
  if (!authMode) throw new StartError('REGARDING_AUTH must be dev (the default) or entra for npm start.');
  const tls = await ensureDevCertificate(path.join(DATA_DIR, 'certs'));
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'development',
    REGARDING_AUTH: 'dev',
    ...(authMode === 'entra' ? entraEnvironment(emulatorUrl, tls.certFile) : {}),
    PORT: String(serverPort),
    TLS_KEY_FILE: tls.keyFile,
    TLS_CERT_FILE: tls.certFile,
    REGARDING_DATA_DIR: process.env.REGARDING_DATA_DIR || path.join(DATA_DIR, 'pglite'),
    ADDIN_DIST_DIR: ADDIN_DIST,
    SYNC_ENABLED: process.env.SYNC_ENABLED ?? 'true',
    GRAPH_BASE_URL: `${emulatorUrl}/graph/v1.0`,
    GRAPH_CA_FILE: tls.certFile,
  });

  // The emulator trusts the dev issuer's key; the server loads the same key file, so the
  // emulator can start first and Graph is up before the sync worker's first cycle.
  const jwks =
    config.auth.mode === 'dev'
      ? createDevIssuer(config.auth.keyFile ? { keyFile: config.auth.keyFile } : {}).publicJwks()
      : { keys: [] };
  let emulator: RunningEmulator | undefined;
  let server: RegardingServer | undefined;
  const closeAll = async () => {
    await Promise.allSettled([emulator?.close(), server?.close()]);
  };
  try {
    emulator = await startEmulator({
      port: emulatorPort,
      host: 'localhost',
      tls: { key: tls.key, cert: tls.cert },
      jwks,
      crmUrl: serverUrl,
      crmCa: tls.cert,
      addinDistDir: ADDIN_DIST,
      emulatorDistDir: EMULATOR_DIST,
    });
    server = await createRegardingServer(config);
  } catch (error) {
    await closeAll();
    throw error;
  }

  writePidFile({
    pid: process.pid,
    serverUrl: server.url,
    emulatorUrl: emulator.url,
    startedAt: new Date().toISOString(),
  });

  printBanner(emulator, server.url, config.auth.mode, tls.certFile);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Regarding...`);
    const force = setTimeout(() => {
      console.error('Stopping took longer than 20 s; exiting.');
      removePidFile(process.pid);
      process.exit(1);
    }, 20_000);
    force.unref();
    closeAll().then(
      () => {
        removePidFile(process.pid);
        process.exit(0);
      },
      (error: unknown) => {
        console.error('Error while stopping:', error);
        removePidFile(process.pid);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof StartError || error instanceof ConfigError) console.error(error.message);
  else if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    console.error(
      `A port is in use (${(error as Error).message}). Set PORT / EMULATOR_PORT, or stop the other process.`,
    );
  } else console.error(error);
  process.exit(1);
});
