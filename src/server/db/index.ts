import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database, DatabaseOptions, Queryable, QueryResult } from './types';

export type { Database, DatabaseOptions, Queryable, QueryResult } from './types';

/** Opens PGlite (in memory or under a folder) or a node-postgres pool behind the one `Database` shape. */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.kind === 'postgres' ? openPostgres(opts.url, opts.poolSize) : openPglite(opts.dataDir);
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const lite = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  const run = async <T>(
    q: Pick<PGlite, 'query'>,
    sql: string,
    params?: unknown[],
  ): Promise<QueryResult<T>> => {
    const r = await q.query<T>(sql, params as unknown[] | undefined);
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  };
  return {
    kind: 'pglite',
    query: (sql, params) => run(lite, sql, params),
    // PGlite's own transaction holds its connection mutex for the whole callback, so queries of
    // other callers wait instead of landing inside this transaction.
    transaction: (fn) =>
      lite.transaction((tx) => {
        const handle: Queryable & ScriptRunner = {
          query: (sql, params) => run(tx, sql, params),
          exec: async (sql) => {
            await tx.exec(sql);
          },
        };
        return fn(handle);
      }),
    exec: async (sql) => {
      await lite.exec(sql);
    },
    close: () => lite.close(),
  };
}

async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  // Every statement is prepared once per connection (below) and planned once, generically: the
  // domain's statements are shaped so their best plan does not depend on the parameter values
  // (index lookups by key; search states its prefix range with index operators). PostgreSQL's
  // default would plan resolve and track afresh on every execution, which costs more than running
  // them (measured at 1M contacts: resolve 2-3 ms of planning for 0.6 ms of execution).
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    options: '-c plan_cache_mode=force_generic_plan',
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const run = async <T>(
    q: pg.Pool | pg.PoolClient,
    sql: string,
    params?: unknown[],
  ): Promise<QueryResult<T>> => {
    // Parameterized statements are prepared once per connection under a name derived from their
    // text, so repeated queries (resolve, track) skip parsing and, after a few runs, planning.
    const result: pg.QueryResult | pg.QueryResult[] =
      params && params.length > 0
        ? await q.query({ name: statementName(sql), text: sql, values: params })
        : await q.query(sql, params);
    // A parameterless multi-statement script answers one result per statement.
    const r = Array.isArray(result) ? (result[result.length - 1] ?? { rows: [], rowCount: 0 }) : result;
    return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
  };
  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (sql, params) => run(client, sql, params) });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

type ScriptRunner = { exec(sql: string): Promise<void> };

function statementName(text: string): string {
  return `s_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
}

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Arbitrary constant shared by every Regarding process: the advisory lock serializing migrations. */
const MIGRATION_LOCK_KEY = 7_215_031_001;

/** Applies `migrations/*.sql` in name order, each once (recorded in `schema_migrations`). */
export async function migrate(db: Database, dir: string = MIGRATIONS_DIR): Promise<string[]> {
  const files = readdirSync(dir)
    .filter((f) => /^\d+_[\w-]+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    // Two processes starting at once on PostgreSQL: the second waits here, then sees the first's
    // records and applies nothing. The lock is released at commit.
    if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         name text PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const done = new Set(
      (await tx.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name),
    );
    for (const file of files) {
      if (done.has(file)) continue;
      await execIn(db, tx, readFileSync(join(dir, file), 'utf8'));
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      applied.push(file);
    }
  });
  return applied;
}

/** A parameterless query runs as a multi-statement script on both drivers' transaction handles. */
async function execIn(db: Database, tx: Queryable, script: string): Promise<void> {
  if (db.kind === 'postgres') {
    await tx.query(script);
    return;
  }
  // PGlite's transaction handle has `exec` for scripts; `query` would use the extended protocol.
  const handle = tx as Queryable & Partial<ScriptRunner>;
  if (!handle.exec) throw new Error('PGlite transaction handle cannot run scripts');
  await handle.exec(script);
}
