/**
 * The emulator for `bench/sync.ts`, in a process of its own: it stands in for Exchange Online, so
 * its work (Graph requests, token checks, JSON) must not share the event loop of the sync worker
 * being measured. Started with an IPC channel; creates the scale mailboxes (CRM users included),
 * answers `{ graphUrl }` and runs until its parent disconnects.
 *
 * Environment: BENCH_DATABASE_URL, BENCH_KEY_FILE (the dev issuer's key, shared with the parent),
 * BENCH_MAILBOXES, BENCH_ITEMS, BENCH_DOMAIN.
 */
import { startEmulator } from '#emulator/server';
import { openDatabase } from '#server/db/index';
import { createDevIssuer } from '#server/identity/dev-issuer';
import { addScaleMailboxes } from '#test/fixtures/sync/scale';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`emulator-process: ${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('emulator-process must be started with an IPC channel');
  const issuer = createDevIssuer({ keyFile: required('BENCH_KEY_FILE') });
  const emulator = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    jwks: issuer.publicJwks(),
    crmUrl: 'http://127.0.0.1:9',
    addinDistDir: 'dist/addin',
    emulatorDistDir: 'dist/emulator',
    seed: false,
  });
  const db = await openDatabase({ kind: 'postgres', url: required('BENCH_DATABASE_URL'), poolSize: 1 });
  try {
    await addScaleMailboxes(db, emulator.store, {
      mailboxes: Number(required('BENCH_MAILBOXES')),
      itemsPerMailbox: Number(required('BENCH_ITEMS')),
      domain: required('BENCH_DOMAIN'),
    });
  } finally {
    await db.close();
  }
  process.once('disconnect', () => {
    void emulator.close().finally(() => process.exit(0));
  });
  process.send({ graphUrl: emulator.graphUrl });
}

main().catch((error: unknown) => {
  console.error('emulator-process:', error);
  process.exit(1);
});
