/**
 * `npm run bench:sync` - the sync budgets of DESIGN.md section 8:
 *  1. items per second one worker tracks from pending markers against the emulator (>= 200/s);
 *  2. claim throughput for 10,000 due mailboxes across 3 workers on PostgreSQL, with no mailbox
 *     claimed twice.
 * PostgreSQL: a fresh database on `DATABASE_URL` (the role needs CREATEDB), else a throwaway
 * cluster (as the integration tests make). Results: bench/results/sync.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { DEV_TENANT_ID, GRAPH_APP_ROLES, GRAPH_AUDIENCE } from '../src/contract';
import { startEmulator } from '../src/emulator/server';
import { createCrmService } from '../src/server/crm';
import { migrate, openDatabase } from '../src/server/db';
import { seedDemo } from '../src/server/db/seed';
import type { Database } from '../src/server/db/types';
import { createDevIssuer } from '../src/server/identity/dev-issuer';
import { createSyncMetrics, ensureMailboxes, scheduleFromEnv, startSyncWorker } from '../src/server/sync';
import { claimDueMailboxes } from '../src/server/sync/store/mailboxes';
import { addScaleMailboxes } from '../test/fixtures/sync/scale';
import startCluster from '../test/integration/global-setup';

const ITEM_MAILBOXES = Number(process.env.BENCH_SYNC_MAILBOXES ?? 20);
const ITEMS_PER_MAILBOX = Number(process.env.BENCH_SYNC_ITEMS ?? 50);
const CLAIM_MAILBOXES = 10_000;
const CLAIM_WORKERS = 3;
const CLAIM_BATCH = 4;
const BUDGET_ITEMS_PER_SECOND = 200;

async function serverUrl(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  let url = '';
  const stop = await startCluster({ provide: (_key: string, value: string) => (url = value) } as never);
  return { url, stop };
}

async function freshDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `regarding_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function benchItems(db: Database): Promise<{ items: number; seconds: number; perSecond: number }> {
  const issuer = createDevIssuer();
  const emulator = await startEmulator({
    port: 0,
    jwks: issuer.publicJwks(),
    crmUrl: 'http://127.0.0.1:9',
    addinDistDir: 'dist/addin',
    emulatorDistDir: 'dist/emulator',
    seed: false,
  });
  try {
    const domain = 'bench-items.example';
    await addScaleMailboxes(db, emulator.store, {
      mailboxes: ITEM_MAILBOXES,
      itemsPerMailbox: ITEMS_PER_MAILBOX,
      domain,
    });
    await ensureMailboxes(db);
    await db.query(`UPDATE mailboxes SET enabled = (address LIKE $1), next_sync_at = now()`, [`%@${domain}`]);
    const worker = startSyncWorker({
      db,
      crm: createCrmService(db),
      graph: {
        baseUrl: emulator.graphUrl,
        tokenProvider: () => issuer.issueAppToken({ audience: GRAPH_AUDIENCE, roles: GRAPH_APP_ROLES }),
      },
      metrics: createSyncMetrics(),
      schedule: scheduleFromEnv(),
      autoStart: false,
    });
    const started = performance.now();
    const summary = await worker.runOnce();
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    if (summary.itemsTracked !== ITEM_MAILBOXES * ITEMS_PER_MAILBOX)
      throw new Error(
        `expected ${ITEM_MAILBOXES * ITEMS_PER_MAILBOX} items tracked, got ${summary.itemsTracked}`,
      );
    return { items: summary.itemsTracked, seconds, perSecond: summary.itemsTracked / seconds };
  } finally {
    await emulator.close();
  }
}

async function benchClaims(url: string, db: Database) {
  // 10,000 users with a mailbox each, all due now.
  await db.query(
    `WITH template AS (SELECT organization_id, business_unit_id FROM users WHERE email = 'alex.morgan@contoso.example'),
          created AS (
            INSERT INTO users (organization_id, tenant_id, object_id, email, email_normalized, name, business_unit_id)
            SELECT t.organization_id, $2, gen_random_uuid()::text, 'claim' || g || '@bench-claims.example',
                   'claim' || g || '@bench-claims.example', 'Claim ' || g, t.business_unit_id
              FROM template t, generate_series(1, $1::int) AS g
            RETURNING id, email)
     INSERT INTO mailboxes (user_id, address, next_sync_at) SELECT id, email, now() FROM created`,
    [CLAIM_MAILBOXES, DEV_TENANT_ID],
  );
  await db.query(
    `UPDATE mailboxes SET enabled = (address LIKE '%@bench-claims.example'), next_sync_at = now()`,
  );
  await db.query('ANALYZE mailboxes');

  const pools = await Promise.all(
    Array.from({ length: CLAIM_WORKERS }, () => openDatabase({ kind: 'postgres', url, poolSize: 2 })),
  );
  const claimedBy = new Map<string, number>();
  let duplicates = 0;
  const started = performance.now();
  await Promise.all(
    pools.map(async (pool, w) => {
      for (;;) {
        const batch = await claimDueMailboxes(pool, `bench-worker-${w}`, CLAIM_BATCH, 60);
        if (batch.length === 0) return;
        for (const mb of batch) {
          if (claimedBy.has(mb.id)) duplicates++;
          claimedBy.set(mb.id, w);
        }
        // The cycle's end: release and schedule far ahead, as completeCycle does.
        await pool.query(
          `UPDATE mailboxes SET lease_owner = NULL, lease_expires_at = NULL, stage = 'idle',
                  next_sync_at = now() + interval '1 hour'
            WHERE id = ANY($1::uuid[]) AND lease_owner = $2`,
          [batch.map((m) => m.id), `bench-worker-${w}`],
        );
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(pools.map((p) => p.close()));
  const perWorker = Array.from(
    { length: CLAIM_WORKERS },
    (_, w) => [...claimedBy.values()].filter((x) => x === w).length,
  );
  return { mailboxes: claimedBy.size, duplicates, seconds, perSecond: claimedBy.size / seconds, perWorker };
}

async function main(): Promise<void> {
  const server = await serverUrl();
  const fresh = await freshDatabase(server.url);
  const db = await openDatabase({ kind: 'postgres', url: fresh.url, poolSize: 12 });
  try {
    await migrate(db);
    await seedDemo(db, { contacts: 200, leads: 100, accounts: 20 });

    const items = await benchItems(db);
    const claims = await benchClaims(fresh.url, db);

    const results = {
      when: new Date().toISOString(),
      database: 'postgres',
      itemsPerSecond: {
        value: Math.round(items.perSecond),
        budget: `>= ${BUDGET_ITEMS_PER_SECOND}`,
        pass: items.perSecond >= BUDGET_ITEMS_PER_SECOND,
        items: items.items,
        mailboxes: ITEM_MAILBOXES,
        seconds: Number(items.seconds.toFixed(2)),
      },
      claims: {
        mailboxes: claims.mailboxes,
        workers: CLAIM_WORKERS,
        perSecond: Math.round(claims.perSecond),
        seconds: Number(claims.seconds.toFixed(2)),
        perWorker: claims.perWorker,
        doubleClaims: claims.duplicates,
        budget: `${CLAIM_MAILBOXES} claimed, 0 double claims`,
        pass: claims.duplicates === 0 && claims.mailboxes === CLAIM_MAILBOXES,
      },
    };
    const row = (name: string, value: string, budget: string, pass: boolean) =>
      console.log(
        `${name.padEnd(44)} ${value.padStart(14)}   budget ${budget.padEnd(28)} ${pass ? 'PASS' : 'FAIL'}`,
      );
    console.log('sync benchmark');
    row(
      'items tracked per second (1 worker)',
      `${results.itemsPerSecond.value}/s`,
      results.itemsPerSecond.budget + '/s',
      results.itemsPerSecond.pass,
    );
    row(
      `mailboxes claimed (${CLAIM_WORKERS} workers, ${Math.round(claims.perSecond)}/s)`,
      String(claims.mailboxes),
      String(CLAIM_MAILBOXES),
      claims.mailboxes === CLAIM_MAILBOXES,
    );
    row('double claims', String(claims.duplicates), '0', claims.duplicates === 0);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/sync.json', `${JSON.stringify(results, null, 2)}\n`);
    console.log('written to bench/results/sync.json');
    if (!results.itemsPerSecond.pass || !results.claims.pass) process.exitCode = 1;
  } finally {
    await db.close();
    await fresh.drop();
    await server.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
