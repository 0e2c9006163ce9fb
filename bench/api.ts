/**
 * `npm run bench:api [-- --contacts N]`: the server budgets (docs/ARCHITECTURE.md, "Budgets"), measured
 * through real HTTP on 127.0.0.1 against PostgreSQL holding N contacts and leads (default
 * 1,000,000: three quarters contacts, one quarter leads).
 *
 * PostgreSQL: a throwaway cluster (initdb in a temp dir) unless DATABASE_URL is set, in which
 * case a fresh database is created on that server (the role needs CREATEDB) and dropped after.
 * `--database URL` measures an already seeded database instead (e.g. one made with
 * `DATABASE_URL=... npm run seed -- --contacts 1000000`), so repeated runs skip the minutes of
 * seeding; pending migrations are applied to it first, and it is left in place.
 * Prints a table beside the budgets, with the machine's load average at start and end, and writes
 * bench/results/api.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_RECORDS, DEMO_USERS } from '#contract';
import { createCrmService } from '#server/crm/create-crm-service';
import { createDevIssuer } from '#server/identity/dev-issuer';
import { migrate, openDatabase } from '#server/db/index';
import { seedDemo } from '#server/db/seed';
import type { Database } from '#server/db/types';
import { freePort } from '#scripts/pg-cluster';
import { createCleanup, type Cleanup } from './lib/cleanup';
import { loadAtStart, machineLine } from './lib/machine';
import { measure, progressBar, type LatencySummary } from './lib/measure';
import { benchServer, createBenchDatabase } from './lib/postgres';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const BUDGETS = {
  resolve: { p50Ms: 5, p99Ms: 20 },
  track: { p50Ms: 20 },
} as const;
const CONCURRENCIES = [1, 32] as const;
const USAGE =
  'usage: npm run bench:api [-- --contacts N] [--database URL]\n' +
  '  --contacts N    contacts and leads to seed (default 1000000)\n' +
  '  --database URL  measure an already seeded database instead (not dropped; for repeated runs)';
const TRACK_KEYS = 64;

type Row = {
  operation: 'resolve' | 'track';
  label: string;
  concurrency: number;
  budget: { p50Ms: number; p99Ms?: number };
  /**
   * The budgets are per-request latencies, judged at concurrency 1. At 32 the latency is mostly
   * queueing for the machine's cores (Little's law), so that row reports throughput under load.
   */
  budgetApplies: boolean;
  pass: boolean;
  firstError?: string;
} & LatencySummary;

type Args = { total: number; database: string | null };

function parseArgs(argv: string[]): Args {
  let total = 1_000_000;
  let database: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.split('=', 2);
    if (name === '--contacts') {
      const raw = inline ?? argv[++i];
      const value = Number(String(raw).replace(/[_,]/g, ''));
      if (!Number.isInteger(value) || value < 100) {
        throw new Error(`--contacts needs a whole number of at least 100 (contacts and leads), not "${raw}"`);
      }
      total = value;
    } else if (name === '--database') {
      database = inline ?? argv[++i] ?? null;
      if (!database) throw new Error('--database needs the URL of an already seeded database');
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      throw new Error(`unknown argument ${arg}; ${USAGE}`);
    }
  }
  return { total, database };
}

type ServerProcess = { url: string; stop(): Promise<void> };

/**
 * The server under test runs in its own process (`src/server/main.ts`), as in production, so its
 * event loop does not share a thread with the load generator.
 */
async function startServerProcess(databaseUrl: string, keyFile: string): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      REGARDING_AUTH: 'dev',
      REGARDING_DEV_KEY_FILE: keyFile,
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      RATE_LIMIT_PER_MINUTE: '0',
      VALIDATE_RESPONSES: 'false',
      REGARDING_SEED_DEMO: 'false',
      SYNC_ENABLED: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the server exited with code ${child.exitCode} while starting`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('the server did not become ready within 120 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function sampleAddresses(db: Database, total: number): Promise<string[]> {
  const percent = Math.min(100, Math.max(0.05, (4000 * 100) / total));
  const { rows } = await db.query<{ address: string }>(
    `(SELECT email_normalized AS address FROM contacts TABLESAMPLE SYSTEM (${percent}) WHERE email_normalized IS NOT NULL LIMIT 800)
     UNION ALL
     (SELECT email_normalized FROM leads TABLESAMPLE SYSTEM (${percent}) WHERE email_normalized IS NOT NULL LIMIT 200)`,
  );
  if (rows.length < 10) throw new Error('too few addresses sampled from the seeded database');
  return rows.map((r) => r.address);
}

function trackBody(i: number, sampled: string[]): string {
  return JSON.stringify({
    item: {
      subject: `Bench ${i}: quarterly review`,
      body: { contentType: 'text', content: 'Hello Nora, thanks for the call. '.repeat(60) },
      people: [
        { role: 'from', address: DEMO_RECORDS.nora.email, name: 'Nora Fischer' },
        { role: 'to', address: DEMO_USERS[0]!.email, name: DEMO_USERS[0]!.name },
        { role: 'cc', address: sampled[i % sampled.length]! },
        { role: 'cc', address: sampled[(i * 7 + 3) % sampled.length]! },
      ],
      sentAt: '2026-11-20T09:30:00Z',
      conversationId: `bench-conversation-${i}`,
    },
  });
}

function formatTable(rows: Row[]): string {
  const header = ['operation', 'concurrency', 'requests', 'p50 ms', 'p99 ms', 'req/s', 'budget', 'result'];
  const lines = rows.map((r) => [
    r.label,
    String(r.concurrency),
    r.requests.toLocaleString('en-US'),
    r.p50Ms.toFixed(2),
    r.p99Ms.toFixed(2),
    Math.round(r.requestsPerSecond).toLocaleString('en-US'),
    r.budgetApplies
      ? `p50 < ${r.budget.p50Ms} ms${r.budget.p99Ms ? `, p99 < ${r.budget.p99Ms} ms` : ''}`
      : '-',
    r.errors
      ? `FAIL (${r.errors} errors)`
      : !r.budgetApplies
        ? 'under load'
        : r.pass
          ? 'pass'
          : 'OVER BUDGET',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [format(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(format)].join(
    '\n',
  );
}

/** The database under test, and how long seeding it took (null: it was seeded before). */
type Target = { db: Database; url: string; seedSeconds: number | null };

/** An already seeded database (`--database`), brought up to the current migrations, left in place. */
async function openSeeded(databaseUrl: string, cleanup: Cleanup): Promise<Target> {
  const url = new URL(databaseUrl).toString();
  const db = await openDatabase({ kind: 'postgres', url, poolSize: 40 });
  cleanup.defer(() => db.close());
  // New migrations (e.g. indexes) apply to the seeded database as they would in production.
  await migrate(db);
  return { db, url, seedSeconds: null };
}

/** A fresh database, seeded with `total` contacts and leads (three quarters contacts), dropped after. */
async function createSeeded(total: number, cleanup: Cleanup): Promise<Target> {
  const contacts = Math.round(total * 0.75);
  const leads = total - contacts;
  const server = await benchServer({
    shared_buffers: '512MB',
    max_wal_size: '8GB',
    maintenance_work_mem: '256MB',
  });
  cleanup.defer(() => server.stop());
  const fresh = await createBenchDatabase(server.adminUrl);
  cleanup.defer(() => fresh.drop());
  const db = await openDatabase({ kind: 'postgres', url: fresh.url, poolSize: 40 });
  cleanup.defer(() => db.close());
  await migrate(db);
  process.stderr.write(
    `Seeding ${contacts.toLocaleString('en-US')} contacts and ${leads.toLocaleString('en-US')} leads...\n`,
  );
  const started = Date.now();
  await seedDemo(db, { contacts, leads, onProgress: progressBar('seeded') });
  await db.query('ANALYZE');
  return { db, url: fresh.url, seedSeconds: (Date.now() - started) / 1000 };
}

async function countPeople(db: Database): Promise<{ contacts: number; leads: number }> {
  // A freshly loaded table has no visibility map yet: without it no scan is index-only.
  await db.query('VACUUM (ANALYZE) address_index');
  const counts = await db.query<{ contacts: number; leads: number }>(
    'SELECT (SELECT count(*)::int FROM contacts) AS contacts, (SELECT count(*)::int FROM leads) AS leads',
  );
  return { contacts: counts.rows[0]?.contacts ?? 0, leads: counts.rows[0]?.leads ?? 0 };
}

/** The server under test, and the headers of Alex's requests to it. */
type Session = { url: string; headers: Record<string, string> };

async function startSession(target: Target, cleanup: Cleanup): Promise<Session> {
  const tempDir = mkdtempSync(path.join(tmpdir(), 'regarding-bench-'));
  cleanup.defer(async () => rmSync(tempDir, { recursive: true, force: true }));
  const keyFile = path.join(tempDir, 'dev-issuer-key.json');
  // Writes the key file the server process loads, so the tokens minted here verify there.
  const issuer = createDevIssuer({ keyFile });
  const alex = await createCrmService(target.db).actorByEmail(DEMO_USERS[0]!.email);
  if (!alex) throw new Error('the seeded organization has no Alex');
  const headers = {
    authorization: `Bearer ${await issuer.issueUserToken(alex, { expiresInSeconds: 6 * 3600 })}`,
  };
  process.stderr.write('Starting the server...\n');
  const server = await startServerProcess(target.url, keyFile);
  cleanup.defer(() => server.stop());
  return { url: server.url, headers };
}

/** The demo people every resolve asks about, besides sampled and unknown addresses. */
const FIXED_ADDRESSES = [
  DEMO_RECORDS.nora.email,
  DEMO_RECORDS.priya.email,
  DEMO_RECORDS.johnDoeContact.email,
  DEMO_RECORDS.kimChen.email,
];

function resolveBody(i: number, sampled: string[]): string {
  return JSON.stringify({
    addresses: [
      ...FIXED_ADDRESSES,
      ...Array.from({ length: 5 }, (_, k) => sampled[(i * 5 + k) % sampled.length]!),
      `nobody-${i}@unknown.example`,
    ],
  });
}

function trackPath(i: number): string {
  return `/api/v1/tracked/email/${encodeURIComponent(`<bench-${i % TRACK_KEYS}@bench.regarding.example>`)}`;
}

/** The first PUT of each key creates its activity, so the measured ones re-track (idempotent). */
async function createTrackedItems(session: Session, sampled: string[]): Promise<void> {
  for (let i = 0; i < TRACK_KEYS; i++) {
    const res = await fetch(`${session.url}${trackPath(i)}`, {
      method: 'PUT',
      headers: { ...session.headers, 'content-type': 'application/json' },
      body: trackBody(i, sampled),
    });
    if (!res.ok) throw new Error(`creating tracked item ${i} failed: ${res.status} ${await res.text()}`);
  }
}

/** Resolve and idempotent track at each concurrency, judged against the budgets at concurrency 1. */
async function measureAll(session: Session, sampled: string[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const concurrency of CONCURRENCIES) {
    const judged = concurrency === 1;
    process.stderr.write(`Measuring resolve of 10 addresses at concurrency ${concurrency}...\n`);
    const resolve = await measure(session.url, session.headers, {
      concurrency,
      total: judged ? 2000 : 8000,
      warmup: 200,
      next: (i) => ({ method: 'POST', path: '/api/v1/resolve', body: resolveBody(i, sampled) }),
    });
    rows.push({
      operation: 'resolve',
      label: 'resolve 10 addresses',
      concurrency,
      budget: BUDGETS.resolve,
      budgetApplies: judged,
      pass:
        !resolve.errors &&
        (!judged || (resolve.p50Ms < BUDGETS.resolve.p50Ms && resolve.p99Ms < BUDGETS.resolve.p99Ms)),
      ...resolve,
    });
    process.stderr.write(`Measuring idempotent track at concurrency ${concurrency}...\n`);
    const track = await measure(session.url, session.headers, {
      concurrency,
      total: judged ? 1000 : 4000,
      warmup: 100,
      next: (i) => ({ method: 'PUT', path: trackPath(i), body: trackBody(i % TRACK_KEYS, sampled) }),
    });
    rows.push({
      operation: 'track',
      label: 'idempotent track',
      concurrency,
      budget: BUDGETS.track,
      budgetApplies: judged,
      pass: !track.errors && (!judged || track.p50Ms < BUDGETS.track.p50Ms),
      ...track,
    });
  }
  return rows;
}

type Report = {
  rows: Row[];
  people: { contacts: number; leads: number };
  serverVersion: string | undefined;
  seedSeconds: number | null;
  load: { start: number[]; end: number[] };
};

function printReport(r: Report): void {
  console.log(
    `\nRegarding API benchmark: ${r.people.contacts.toLocaleString('en-US')} contacts + ${r.people.leads.toLocaleString('en-US')} leads ` +
      `on PostgreSQL ${r.serverVersion ?? '?'}, HTTP on 127.0.0.1` +
      (r.seedSeconds === null
        ? ' (an already seeded database)'
        : ` (seeded in ${r.seedSeconds.toFixed(0)} s)`) +
      '\n',
  );
  console.log(formatTable(r.rows));
  console.log('Budgets are per-request latencies, judged at concurrency 1.');
  console.log(machineLine(r.load.start, r.load.end, 'The server, PostgreSQL and this load generator'));
  for (const row of r.rows)
    if (row.firstError) console.log(`first error (${row.label}, c=${row.concurrency}): ${row.firstError}`);
}

function writeResults(r: Report): void {
  const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, 'api.json');
  const results = {
    benchmark: 'api',
    date: new Date().toISOString(),
    database: { kind: 'postgres', version: r.serverVersion, ...r.people },
    seedSeconds: r.seedSeconds,
    machine: { cores: cpus().length, loadAverageAtStart: r.load.start, loadAverageAtEnd: r.load.end },
    budgets: BUDGETS,
    results: r.rows,
    pass: r.rows.every((row) => row.pass),
  };
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const start = loadAtStart();
  const cleanup = createCleanup();
  try {
    const target = args.database
      ? await openSeeded(args.database, cleanup)
      : await createSeeded(args.total, cleanup);
    const people = await countPeople(target.db);
    const session = await startSession(target, cleanup);
    const sampled = await sampleAddresses(target.db, people.contacts + people.leads);
    await createTrackedItems(session, sampled);
    const rows = await measureAll(session, sampled);
    const end = loadavg();
    const version = await target.db.query<{ server_version: string }>('SHOW server_version');
    const report = {
      rows,
      people,
      serverVersion: version.rows[0]?.server_version,
      seedSeconds: target.seedSeconds,
      load: { start, end },
    };
    printReport(report);
    writeResults(report);
    if (rows.some((r) => r.errors)) process.exitCode = 1;
  } finally {
    await cleanup.run();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
