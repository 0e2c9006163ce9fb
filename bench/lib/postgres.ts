import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startThrowawayCluster } from '#scripts/pg-cluster';

export type BenchServer = { adminUrl: string; stop(): Promise<void> };
export type BenchDatabase = { url: string; drop(): Promise<void> };

/**
 * The PostgreSQL server benchmarks create their databases on: `DATABASE_URL`'s (the role needs
 * CREATEDB; nothing else on it is touched), else a throwaway cluster stopped by `stop()`.
 */
export async function benchServer(settings?: Record<string, string | number>): Promise<BenchServer> {
  const external = process.env.DATABASE_URL;
  if (external) return { adminUrl: external, stop: async () => undefined };
  process.stderr.write('Starting a throwaway PostgreSQL cluster...\n');
  const cluster = await startThrowawayCluster(settings ? { settings } : {});
  return { adminUrl: cluster.url, stop: cluster.stop };
}

/** A fresh database on the server; `drop()` removes it, connections and all. */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `regarding_bench_${randomBytes(4).toString('hex')}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
