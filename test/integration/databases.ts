/**
 * Fresh databases of both kinds for integration tests: every suite runs on PGlite (in memory) and
 * on real PostgreSQL (a database of its own, created on the server from global-setup.ts).
 *
 * Usage, at the top level of a test file:
 *
 *   forEachDatabase({ seed: true }, (getDb, kind) => {
 *     it('does something', async () => {
 *       const db = getDb();            // migrated (and seeded with Contoso when asked)
 *       ...
 *     });
 *   });
 *
 * This wraps your tests in `describe('pglite')` and `describe('postgres')`; the databases are
 * created once per describe (beforeAll) and dropped afterwards. Tests in one file share them, so
 * write tests that do not depend on each other's leftovers (use fresh keys and records).
 * For a one-off database use `openTestDatabase(kind, options)` and close it yourself.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate, openDatabase } from '#server/db/index';
import { seedDemo, type SeedOptions } from '#server/db/seed';
import type { Database } from '#server/db/types';

export type DatabaseKind = 'pglite' | 'postgres';
export const databaseKinds: readonly DatabaseKind[] = ['pglite', 'postgres'];

export type TestDatabaseOptions = {
  /** Seed the Contoso demo organization (`true`: the default sizes). */
  seed?: boolean | SeedOptions;
  /** PostgreSQL pool size (default 10; raise it for concurrency tests). */
  poolSize?: number;
};

/** Opens a fresh, migrated (optionally seeded) database; `close()` also drops a PostgreSQL one. */
export async function openTestDatabase(
  kind: DatabaseKind,
  options: TestDatabaseOptions = {},
): Promise<Database> {
  let db: Database;
  if (kind === 'pglite') {
    db = await openDatabase({ kind: 'pglite' });
  } else {
    const adminUrl = inject('databaseUrl');
    const name = `regarding_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const inner = await openDatabase({
      kind: 'postgres',
      url: url.toString(),
      poolSize: options.poolSize ?? 10,
    });
    db = {
      ...inner,
      kind: 'postgres',
      close: async () => {
        await inner.close();
        await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      },
    };
  }
  try {
    await migrate(db);
    if (options.seed) await seedDemo(db, options.seed === true ? {} : options.seed);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

async function withAdmin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Runs `define` once per database kind, inside `describe(kind)`, with that kind's database. */
export function forEachDatabase(
  options: TestDatabaseOptions,
  define: (getDb: () => Database, kind: DatabaseKind) => void,
): void {
  for (const kind of databaseKinds) {
    describe(kind, () => {
      let db: Database | undefined;
      beforeAll(async () => {
        db = await openTestDatabase(kind, options);
      });
      afterAll(async () => {
        await db?.close();
      });
      define(() => {
        if (!db) throw new Error(`the ${kind} test database is not open (did beforeAll fail?)`);
        return db;
      }, kind);
    });
  }
}
