import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * vitest globalSetup of the integration project: gives every test file a PostgreSQL server URL
 * (`inject('databaseUrl')`). With `DATABASE_URL` set, that server is used (the test helper creates
 * its own databases on it, so the role needs CREATEDB). Otherwise a throwaway PostgreSQL cluster
 * is created with initdb in a temp dir, started on a free port on 127.0.0.1 only, and stopped and
 * removed at teardown. A missing PostgreSQL fails the run with a message saying what to install.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the PostgreSQL server integration tests create their databases on. */
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.DATABASE_URL;
  if (external) {
    project.provide('databaseUrl', external);
    return async () => undefined;
  }
  const cluster = await startThrowawayCluster();
  project.provide('databaseUrl', cluster.url);
  return cluster.stop;
}

function findPostgresBin(): string {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    // PostgreSQL 15 is the reference version; any newer one works too.
    for (const v of ['15', ...versions]) candidates.push(join(root, v, 'bin'));
  }
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (pgConfig.status === 0) candidates.push(pgConfig.stdout.trim());
  for (const dir of candidates) {
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  throw new Error(
    'Integration tests need PostgreSQL: no initdb/pg_ctl found (looked in $PG_BIN, /usr/lib/postgresql/*/bin ' +
      'and pg_config --bindir). Install PostgreSQL 15 (Debian: apt-get install postgresql) or set DATABASE_URL ' +
      'to a server where the role may CREATE DATABASE.',
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function startThrowawayCluster(): Promise<{ url: string; stop: () => Promise<void> }> {
  const bin = findPostgresBin();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'regarding-pg-'));
  const dataDir = join(dir, 'data');
  // initdb refuses to run as root: run the server as the `postgres` user, owning the temp dir.
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]]
      : [join(bin, cmd), args];
    try {
      return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`PostgreSQL test cluster: ${cmd} failed: ${e.stderr || e.message}`, { cause: err });
    }
  };
  if (asRoot) {
    const ids = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
    const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
    chownSync(dir, Number(ids), Number(gid));
  }
  chmodSync(dir, 0o700);
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    `-c unix_socket_directories='${dir}'`,
    '-c max_connections=300',
    // A throwaway cluster: durability buys nothing, speed does.
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');
  run('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    stop: async () => {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
