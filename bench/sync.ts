/**
 * `npm run bench:sync` - the sync budgets (docs/ARCHITECTURE.md, "Budgets"):
 *  1. items per second one worker tracks from pending markers against the emulator (>= 200/s);
 *  2. claim throughput for 10,000 due mailboxes across 3 workers on PostgreSQL, with no mailbox
 *     claimed twice.
 * PostgreSQL: a fresh database on `DATABASE_URL` (the role needs CREATEDB), else a throwaway
 * cluster (as the integration tests make). The emulator runs in a process of its own
 * (bench/lib/emulator-process.ts): it stands in for Exchange Online, so its work must not share the
 * measured worker's event loop. Besides the rate, the CPU time per item of the worker, the emulator
 * and PostgreSQL (when local) is reported, and the machine's load average at start and end.
 * Results: bench/results/sync.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEV_TENANT_ID, GRAPH_APP_ROLES, GRAPH_AUDIENCE } from '#contract';
import { createCrmService } from '#server/crm/create-crm-service';
import { migrate, openDatabase } from '#server/db/index';
import { seedDemo } from '#server/db/seed';
import type { Database } from '#server/db/types';
import { createDevIssuer } from '#server/identity/dev-issuer';
import { loadScheduleConfig } from '#server/config';
import { createSyncMetrics, ensureMailboxes, startSyncWorker } from '#server/sync/index';
import { claimDueMailboxes } from '#server/sync/store/mailboxes';
import { createCleanup } from './lib/cleanup';
import { loadAtStart, machineLine } from './lib/machine';
import { benchServer, createBenchDatabase } from './lib/postgres';

const ITEM_MAILBOXES = Number(process.env.BENCH_SYNC_MAILBOXES ?? 20);
const ITEMS_PER_MAILBOX = Number(process.env.BENCH_SYNC_ITEMS ?? 50);
const CLAIM_MAILBOXES = 10_000;
const CLAIM_WORKERS = 3;
const CLAIM_BATCH = 4;
const BUDGET_ITEMS_PER_SECOND = 200;
const EMULATOR_ENTRY = new URL('./lib/emulator-process.ts', import.meta.url);
/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const CLOCK_TICKS = 100;

type EmulatorProcess = { graphUrl: string; pid: number | undefined; stop(): Promise<void> };

/** Starts `bench/lib/emulator-process.ts`, which also creates the scale mailboxes and their users. */
async function startEmulatorProcess(url: string, keyFile: string, domain: string): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(EMULATOR_ENTRY)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      BENCH_DATABASE_URL: url,
      BENCH_KEY_FILE: keyFile,
      BENCH_MAILBOXES: String(ITEM_MAILBOXES),
      BENCH_ITEMS: String(ITEMS_PER_MAILBOX),
      BENCH_DOMAIN: domain,
    },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const graphUrl = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { graphUrl: string }).graphUrl));
    child.once('exit', (code) => reject(new Error(`the emulator process exited with code ${code}`)));
  });
  return {
    graphUrl,
    pid: child.pid,
    stop: async () => {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}

/** CPU seconds (user + system) a local process has used so far; null where /proc is not available. */
function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the command name: state is 3rd, utime 14th, stime 15th (clock ticks).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** CPU seconds of this database's server processes, by pid (when PostgreSQL runs on this machine). */
async function databaseCpu(db: Database): Promise<Map<number, number>> {
  const { rows } = await db.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    const seconds = processCpuSeconds(pid);
    if (seconds !== null) cpu.set(pid, seconds);
  }
  return cpu;
}

async function benchItems(
  url: string,
  db: Database,
): Promise<{
  items: number;
  seconds: number;
  perSecond: number;
  cpuSeconds: { worker: number; emulator: number | null; database: number | null };
}> {
  const keyDir = mkdtempSync(path.join(tmpdir(), 'regarding-bench-sync-'));
  const keyFile = path.join(keyDir, 'dev-issuer-key.json');
  const issuer = createDevIssuer({ keyFile });
  const domain = 'bench-items.example';
  const emulator = await startEmulatorProcess(url, keyFile, domain);
  try {
    await ensureMailboxes(db);
    await db.query(`UPDATE mailboxes SET enabled = (address LIKE $1), next_sync_at = now()`, [`%@${domain}`]);
    // One app token for the run, as MSAL's cache gives the worker in production (signing one per
    // Graph request would measure the dev issuer, not sync).
    const token = await issuer.issueAppToken({ audience: GRAPH_AUDIENCE, roles: GRAPH_APP_ROLES });
    const worker = startSyncWorker({
      db,
      crm: createCrmService(db),
      graph: { baseUrl: emulator.graphUrl, tokenProvider: async () => token },
      metrics: createSyncMetrics(),
      schedule: loadScheduleConfig(),
      autoStart: false,
    });
    const emulatorBefore = processCpuSeconds(emulator.pid);
    const databaseBefore = await databaseCpu(db);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const summary = await worker.runOnce();
    const cpu = process.cpuUsage(cpuBefore);
    const seconds = (performance.now() - started) / 1000;
    const emulatorAfter = processCpuSeconds(emulator.pid);
    // The pool's connections stay open after the run; those opened during it started from zero.
    const databaseAfter = await databaseCpu(db);
    const databaseSeconds =
      databaseAfter.size > 0
        ? [...databaseAfter].reduce((sum, [pid, after]) => sum + after - (databaseBefore.get(pid) ?? 0), 0)
        : null;
    await worker.stop();
    if (summary.itemsTracked !== ITEM_MAILBOXES * ITEMS_PER_MAILBOX)
      throw new Error(
        `expected ${ITEM_MAILBOXES * ITEMS_PER_MAILBOX} items tracked, got ${summary.itemsTracked}`,
      );
    return {
      items: summary.itemsTracked,
      seconds,
      perSecond: summary.itemsTracked / seconds,
      cpuSeconds: {
        worker: (cpu.user + cpu.system) / 1e6,
        emulator: emulatorBefore !== null && emulatorAfter !== null ? emulatorAfter - emulatorBefore : null,
        database: databaseSeconds,
      },
    };
  } finally {
    await emulator.stop();
    rmSync(keyDir, { recursive: true, force: true });
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

const round2 = (n: number) => Number(n.toFixed(2));

type ItemsResult = Awaited<ReturnType<typeof benchItems>>;
type ClaimsResult = Awaited<ReturnType<typeof benchClaims>>;

/** The results file's content: both budgets, with what they were measured on. */
function resultsOf(items: ItemsResult, claims: ClaimsResult, load: { start: number[]; end: number[] }) {
  return {
    when: new Date().toISOString(),
    database: 'postgres',
    machine: { cores: cpus().length, loadAverageAtStart: load.start, loadAverageAtEnd: load.end },
    itemsPerSecond: {
      value: Math.round(items.perSecond),
      budget: `>= ${BUDGET_ITEMS_PER_SECOND}`,
      pass: items.perSecond >= BUDGET_ITEMS_PER_SECOND,
      items: items.items,
      mailboxes: ITEM_MAILBOXES,
      seconds: Number(items.seconds.toFixed(2)),
      // CPU seconds spent during the run by the worker's process, the emulator's process and the
      // database's server processes (null when not measurable, e.g. a remote database). Their sum
      // per item, against the cores the machine can give them, bounds the rate.
      cpuSeconds: {
        worker: round2(items.cpuSeconds.worker),
        emulator: items.cpuSeconds.emulator === null ? null : round2(items.cpuSeconds.emulator),
        database: items.cpuSeconds.database === null ? null : round2(items.cpuSeconds.database),
      },
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
}

function printReport(results: ReturnType<typeof resultsOf>, items: ItemsResult, claims: ClaimsResult): void {
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
  const perItem = (seconds: number | null) =>
    seconds === null ? 'n/a' : `${((seconds * 1000) / items.items).toFixed(2)} ms`;
  console.log(
    `CPU per item during the items run (${items.seconds.toFixed(2)} s): worker ${perItem(items.cpuSeconds.worker)}, ` +
      `emulator ${perItem(items.cpuSeconds.emulator)} (its own process, standing in for Exchange), ` +
      `PostgreSQL ${perItem(items.cpuSeconds.database)}.`,
  );
  const { loadAverageAtStart, loadAverageAtEnd } = results.machine;
  console.log(machineLine(loadAverageAtStart, loadAverageAtEnd, 'The worker, the emulator and PostgreSQL'));
}

async function main(): Promise<void> {
  const start = loadAtStart();
  const cleanup = createCleanup();
  try {
    const server = await benchServer();
    cleanup.defer(() => server.stop());
    const fresh = await createBenchDatabase(server.adminUrl);
    cleanup.defer(() => fresh.drop());
    const db = await openDatabase({ kind: 'postgres', url: fresh.url, poolSize: 12 });
    cleanup.defer(() => db.close());
    await migrate(db);
    await seedDemo(db, { contacts: 200, leads: 100, accounts: 20 });

    const items = await benchItems(fresh.url, db);
    const claims = await benchClaims(fresh.url, db);
    const results = resultsOf(items, claims, { start, end: loadavg() });
    printReport(results, items, claims);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/sync.json', `${JSON.stringify(results, null, 2)}\n`);
    console.log('written to bench/results/sync.json');
    if (!results.itemsPerSecond.pass || !results.claims.pass) process.exitCode = 1;
  } finally {
    await cleanup.run();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
