import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { loadDatabaseConfig } from '#server/config';
import { migrate, openDatabase } from '#server/db/index';
import { forEachDatabase } from '#test/integration/databases';

forEachDatabase({}, (getDb, kind) => {
  it('applies each migration once', async () => {
    const db = getDb();
    expect(await migrate(db)).toEqual([]);
    const { rows } = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(rows.map((r) => r.name)[0]).toBe('001_core.sql');
  });

  it('rolls a failed transaction back entirely', async () => {
    const db = getDb();
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO organizations (name, tenant_id) VALUES ('Rollback', 'tenant-rollback')");
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rows } = await db.query("SELECT 1 FROM organizations WHERE tenant_id = 'tenant-rollback'");
    expect(rows).toEqual([]);
  });

  it('keeps concurrent queries out of a running transaction', async () => {
    const db = getDb();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const tx = db.transaction(async (t) => {
      await t.query("INSERT INTO organizations (name, tenant_id) VALUES ('Isolated', 'tenant-isolated')");
      await gate;
      throw new Error('abort');
    });
    // Issued while the transaction is open: must not see (or be part of) its uncommitted row.
    const outside = db.query(
      "SELECT count(*)::int AS n FROM organizations WHERE tenant_id = 'tenant-isolated'",
    );
    release();
    await expect(tx).rejects.toThrow('abort');
    expect((await outside).rows).toEqual([{ n: 0 }]);
  });

  it('enforces one activity per (organization, kind, key)', async () => {
    const db = getDb();
    const { rows: org } = await db.query<{ id: string }>(
      "INSERT INTO organizations (name, tenant_id) VALUES ('Uniq', $1) RETURNING id",
      [`tenant-${kind}-uniq`],
    );
    const { rows: bu } = await db.query<{ id: string }>(
      "INSERT INTO business_units (organization_id, name) VALUES ($1, 'Root') RETURNING id",
      [org[0]!.id],
    );
    const { rows: team } = await db.query<{ id: string }>(
      "INSERT INTO teams (organization_id, name, business_unit_id) VALUES ($1, 'T', $2) RETURNING id",
      [org[0]!.id, bu[0]!.id],
    );
    const insert = () =>
      db.query(
        `INSERT INTO activities (organization_id, kind, key, owner_team_id, owning_business_unit_id)
         VALUES ($1, 'email', '<same@x>', $2, $3)`,
        [org[0]!.id, team[0]!.id, bu[0]!.id],
      );
    await insert();
    await expect(insert()).rejects.toMatchObject({ code: '23505' });
  });
});

describe('postgres', () => {
  it('two processes migrating one database at once apply each migration once', async () => {
    const adminUrl = inject('databaseUrl');
    const name = `regarding_migrate_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const a = await openDatabase({ kind: 'postgres', url: url.toString() });
    const b = await openDatabase({ kind: 'postgres', url: url.toString() });
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      expect([...ra, ...rb].sort()).toEqual(ra.length ? ra : rb);
      expect(ra.length === 0 || rb.length === 0).toBe(true);
      const { rows } = await a.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
      expect(rows[0]!.n).toBe(Math.max(ra.length, rb.length));
    } finally {
      await a.close();
      await b.close();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe('pglite data directory', () => {
  it('keeps data across restarts and migrates only once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regarding-pglite-'));
    try {
      const first = await openDatabase(loadDatabaseConfig({ REGARDING_DATA_DIR: dir }));
      expect(first.kind).toBe('pglite');
      expect((await migrate(first)).length).toBeGreaterThan(0);
      await first.query(
        "INSERT INTO organizations (name, tenant_id) VALUES ('Persisted', 'tenant-persisted')",
      );
      await first.close();
      const second = await openDatabase({ kind: 'pglite', dataDir: dir });
      expect(await migrate(second)).toEqual([]);
      const { rows } = await second.query<{ name: string }>(
        "SELECT name FROM organizations WHERE tenant_id = 'tenant-persisted'",
      );
      expect(rows).toEqual([{ name: 'Persisted' }]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('DATABASE_URL selects PostgreSQL', () => {
    expect(loadDatabaseConfig({ DATABASE_URL: 'postgres://h/db' })).toEqual({
      kind: 'postgres',
      url: 'postgres://h/db',
    });
  });
});
