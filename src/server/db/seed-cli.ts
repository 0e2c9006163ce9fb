/**
 * `npm run seed [-- --contacts N --leads N --accounts N --reset]`: seeds the Contoso demo
 * organization into the configured database (DATABASE_URL, else PGlite under REGARDING_DATA_DIR).
 * Large organizations (e.g. `--contacts 1000000`) show a progress bar on stderr.
 */
import { parseArgs } from 'node:util';
import { loadDatabaseConfig } from '#server/config';
import { migrate, openDatabase } from './index';
import { isSeeded, seedDemo, DEFAULT_SEED } from './seed';
import { progressBar } from './seed-cli-progress';
import type { Database } from './types';

function count(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 0 || n > 50_000_000) {
    throw new Error(`--${name} must be a whole number between 0 and 50,000,000 (got "${value}")`);
  }
  return n;
}

async function reset(db: Database): Promise<void> {
  // Everything hangs off organizations; the address index and sync tables go with their rows.
  await db.exec('TRUNCATE organizations, address_index CASCADE');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      contacts: { type: 'string' },
      leads: { type: 'string' },
      accounts: { type: 'string' },
      seed: { type: 'string' },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm run seed -- [--contacts N] [--leads N] [--accounts N] [--seed N] [--reset]\n' +
        `Defaults: ${DEFAULT_SEED.contacts} contacts, ${DEFAULT_SEED.leads} leads. --reset deletes existing CRM data first.\n`,
    );
    return;
  }
  const contacts = count('contacts', values.contacts, DEFAULT_SEED.contacts);
  const leads = count('leads', values.leads, DEFAULT_SEED.leads);
  const options = loadDatabaseConfig();
  const db = await openDatabase(options);
  try {
    await migrate(db);
    if (await isSeeded(db)) {
      if (!values.reset) {
        process.stderr.write(
          'The database already holds the Contoso organization; run with --reset to replace it.\n',
        );
        process.exitCode = 1;
        return;
      }
      await reset(db);
    }
    const started = Date.now();
    const summary = await seedDemo(db, {
      contacts,
      leads,
      ...(values.accounts ? { accounts: count('accounts', values.accounts, 300) } : {}),
      ...(values.seed ? { seed: count('seed', values.seed, 1) } : {}),
      onProgress: contacts + leads >= 20_000 ? progressBar('contacts+leads') : undefined,
    });
    const where = options.kind === 'postgres' ? 'PostgreSQL' : `PGlite (${options.dataDir})`;
    process.stdout.write(
      `Seeded Contoso into ${where} in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        `${summary.accounts} accounts, ${summary.contacts} contacts, ${summary.leads} leads, ` +
        `${summary.opportunities} opportunities, ${summary.cases} cases, ${summary.users} users.\n`,
    );
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`seed failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
