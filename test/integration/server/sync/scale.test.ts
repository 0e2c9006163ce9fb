import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { GRAPH_APP_ROLES, GRAPH_AUDIENCE, parseCecpValue } from '#contract';
import { startEmulator, type RunningEmulator } from '#emulator/server';
import type { Database } from '#server/db/types';
import { createDevIssuer } from '#server/identity/dev-issuer';
import { ensureMailboxes } from '#server/sync/index';
import { addScaleMailboxes, scaleMessageId } from '#test/fixtures/sync/scale';
import { openTestDatabase } from '#test/integration/databases';
import { SYNC_SEED, sleep } from './harness';

const MAILBOXES = 500;
const ITEMS = 1;
const WORKERS = 3;
// All 500 mailboxes fall due at the same moment, so the first one claimed last waits for the whole
// backlog: the interval leaves room for a slow, shared CI machine (the default is 300).
const INTERVAL = 60;
const LEASE = 5;
const DOMAIN = 'scale-test.example';
const workerMain = fileURLToPath(new URL('../../../../src/server/sync/worker-main.ts', import.meta.url));

describe('sync at scale on PostgreSQL', () => {
  let db: Database;
  let emulator: RunningEmulator;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    db = await openTestDatabase('postgres', { seed: SYNC_SEED });
    const issuer = createDevIssuer();
    emulator = await startEmulator({
      port: 0,
      jwks: issuer.publicJwks(),
      crmUrl: 'http://127.0.0.1:9',
      addinDistDir: 'dist/addin',
      emulatorDistDir: 'dist/emulator',
      seed: false,
    });
    await addScaleMailboxes(db, emulator.store, {
      mailboxes: MAILBOXES,
      itemsPerMailbox: ITEMS,
      domain: DOMAIN,
    });
    await ensureMailboxes(db);
    await db.query(
      `UPDATE mailboxes SET enabled = (address LIKE $1), interval_seconds = $2, next_sync_at = now() + interval '1 day'`,
      [`%@${DOMAIN}`, INTERVAL],
    );
    const token = await issuer.issueAppToken({
      audience: GRAPH_AUDIENCE,
      roles: GRAPH_APP_ROLES,
      expiresInSeconds: 3600,
    });
    const dbUrl = await currentDatabaseUrl(db);
    for (let i = 0; i < WORKERS; i++) {
      const child = spawn(process.execPath, ['--import', 'tsx', workerMain], {
        env: {
          ...process.env,
          DATABASE_URL: dbUrl,
          GRAPH_BASE_URL: emulator.graphUrl,
          GRAPH_ACCESS_TOKEN: token,
          SYNC_WORKER_ID: `scale-worker-${i}`,
          SYNC_MIGRATE: 'false',
          SYNC_ENSURE_MAILBOXES: 'false',
          SYNC_INTERVAL_SECONDS: String(INTERVAL),
          SYNC_BUSY_INTERVAL_SECONDS: '30',
          SYNC_MAX_INTERVAL_SECONDS: '120',
          SYNC_LEASE_SECONDS: String(LEASE),
          SYNC_POLL_SECONDS: '0.2',
          SYNC_CONCURRENT_MAILBOXES: '8',
          NODE_ENV: 'test',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[worker ${i}] ${d.toString()}`));
      children.push(child);
    }
    // Workers take a while to start (tsx); the mailboxes fall due once all three are polling.
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve, reject) => {
            c.stdout?.on('data', (d: Buffer) => d.toString().includes('syncing via') && resolve());
            c.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
          }),
      ),
    );
    await db.query(`UPDATE mailboxes SET next_sync_at = now() WHERE enabled`);
  }, 120_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await emulator?.close();
    await db?.close();
  });

  const SYNCED_BEFORE_KILL = MAILBOXES / 4;

  it('syncs every mailbox once, with one worker killed mid-run, nothing twice and no mailbox waiting too long', async () => {
    const synced = async () =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM mailboxes WHERE enabled AND last_success_at IS NOT NULL`,
        )
      ).rows[0]!.n;

    const deadline = Date.now() + 110_000;
    // Kill one worker once the run is well under way, while it holds leases on mailboxes mid-cycle.
    const heldBy = async (owner: string) =>
      (await db.query<{ id: string }>(`SELECT id FROM mailboxes WHERE lease_owner = $1`, [owner])).rows.map(
        (r) => r.id,
      );
    while (Date.now() < deadline) {
      if ((await synced()) >= SYNCED_BEFORE_KILL && (await heldBy('scale-worker-1')).length > 0) break;
      await sleep(50);
    }
    const victim = children[1]!;
    const exited = new Promise((resolve) => victim.once('exit', resolve));
    victim.kill('SIGKILL');
    await exited;
    const killedAt = (await db.query<{ now: Date }>('SELECT now()')).rows[0]!.now;
    // What it still holds now, it held mid-cycle when it died (read after the kill: a mailbox it
    // finished just before dying is not one to take over).
    const held = await heldBy('scale-worker-1');
    expect(held.length).toBeGreaterThan(0);
    while ((await synced()) < MAILBOXES && Date.now() < deadline) await sleep(250);

    expect(await synced()).toBe(MAILBOXES);
    // The killed worker's mailboxes were taken over after its lease expired.
    const takenOver = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM mailboxes WHERE id = ANY($1::uuid[]) AND last_success_at > $2`,
      [held, killedAt],
    );
    expect(takenOver.rows[0]!.n).toBe(held.length);

    // Nothing processed twice: one activity per item, and each item reached done exactly once.
    const items = await db.query<{ n: number; twice: number; max: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE completions > 1)::int AS twice, max(completions)::int AS max
         FROM sync_items s JOIN mailboxes m ON m.id = s.mailbox_id
        WHERE m.address LIKE $1 AND s.state = 'done'`,
      [`%@${DOMAIN}`],
    );
    expect(items.rows[0]).toMatchObject({ n: MAILBOXES * ITEMS, twice: 0, max: 1 });
    const keys = Array.from({ length: MAILBOXES }, (_, m) =>
      Array.from({ length: ITEMS }, (_, i) => scaleMessageId(m + 1, i, DOMAIN)),
    ).flat();
    const activities = await db.query<{ n: number; distinct_keys: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT key)::int AS distinct_keys FROM activities WHERE key = ANY($1::text[])`,
      [keys],
    );
    expect(activities.rows[0]).toEqual({ n: MAILBOXES * ITEMS, distinct_keys: MAILBOXES * ITEMS });

    // Every marker in the mailboxes now says tracked.
    let pending = 0;
    for (const u of emulator.store.users()) {
      const mailbox = emulator.store.mailbox(u.email);
      for (const item of mailbox.items.values()) {
        const marker = parseCecpValue(item.singleValueExtendedProperties[0]?.value ?? null);
        if (marker?.state !== 'tracked') pending++;
      }
    }
    expect(pending).toBe(0);

    // No mailbox waited longer than its interval plus one lease between falling due and a claim.
    const lag = await db.query<{ worst: number; disabled: number }>(
      `SELECT max(max_claim_lag_seconds)::float8 AS worst,
              count(*) FILTER (WHERE NOT enabled AND address LIKE $1)::int AS disabled
         FROM mailboxes WHERE address LIKE $1`,
      [`%@${DOMAIN}`],
    );
    expect(lag.rows[0]!.disabled).toBe(0);
    expect(lag.rows[0]!.worst).toBeLessThanOrEqual(INTERVAL + LEASE);
  }, 150_000);
});

/** The URL of the test database: the server's admin URL with this database's name. */
async function currentDatabaseUrl(db: Database): Promise<string> {
  const { rows } = await db.query<{ name: string }>(`SELECT current_database() AS name`);
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${rows[0]!.name}`;
  return url.toString();
}
