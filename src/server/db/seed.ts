import { DEV_TENANT_ID } from '#contract';
import { seedAccounts } from './seed/accounts';
import { createAddressAllocator } from './seed/addresses';
import { dropSecondaryIndexes } from './seed/bulk';
import { seedCases } from './seed/cases';
import { seedContacts } from './seed/contacts';
import { seedLeads } from './seed/leads';
import { seedOpportunities } from './seed/opportunities';
import { seedOrganization } from './seed/organization';
import { createOwners } from './seed/owners';
import { createRandom, type Random } from './seed/random';
import { seedFieldSecurity, seedSecurityRoles } from './seed/security';
import { seedTeams } from './seed/teams';
import { seedUsers } from './seed/users';
import type { Database, Queryable } from './types';

/**
 * The deterministic "Contoso" demo organization: business units, the DEMO_USERS with
 * their roles, two teams, a field-security profile, ~300 accounts, contacts, leads,
 * opportunities and cases from a seeded PRNG (same input, same data, same ids), every fixed
 * record of DEMO_RECORDS exactly, and some intentional duplicates. Bulk rows go in as
 * `INSERT ... SELECT FROM unnest(arrays)` batches: one statement per few thousand rows.
 * One generator per record type lives in `seed/`.
 */
export type SeedOptions = {
  contacts?: number;
  leads?: number;
  /** Default: 300, or one per 100 contacts for large organizations. */
  accounts?: number;
  /** PRNG seed; the same seed gives the same organization. */
  seed?: number;
  /** Called after each batch of contacts and leads. */
  onProgress?: ((done: number, total: number) => void) | undefined;
};

export type SeedSummary = {
  organizationId: string;
  users: number;
  accounts: number;
  contacts: number;
  leads: number;
  opportunities: number;
  cases: number;
};

export const DEFAULT_SEED = { contacts: 3000, leads: 1000 } as const;
const DEFAULT_PRNG_SEED = 20240611;
/** From this many contacts + leads on, secondary indexes are built after loading. */
const LARGE_SEED_ROWS = 100_000;
/** Up to this many contacts + leads, PostgreSQL seeds in one transaction too. */
const ONE_TRANSACTION_ROWS = 20_000;

type Sizes = { contacts: number; leads: number; accounts: number };

export async function isSeeded(db: Queryable): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM organizations WHERE tenant_id = $1', [DEV_TENANT_ID]);
  return rows.length > 0;
}

/** Seeds the demo organization into an empty database (first start in dev mode). */
export async function seedDemoIfEmpty(db: Database, opts: SeedOptions = {}): Promise<SeedSummary | null> {
  if (await isSeeded(db)) return null;
  try {
    return await seedDemo(db, opts);
  } catch (err) {
    // Two servers starting at once on one PostgreSQL: the second loses the race on the unique
    // tenant id, its transaction rolls back, and the organization the first one seeded stands.
    if ((err as { code?: string }).code === '23505' && (await isSeeded(db))) return null;
    throw err;
  }
}

export async function seedDemo(db: Database, opts: SeedOptions = {}): Promise<SeedSummary> {
  const contacts = Math.max(opts.contacts ?? DEFAULT_SEED.contacts, 4);
  const leads = Math.max(opts.leads ?? DEFAULT_SEED.leads, 3);
  const sizes: Sizes = {
    contacts,
    leads,
    accounts: Math.max(opts.accounts ?? Math.max(300, Math.round(contacts / 100)), 4),
  };
  const total = contacts + leads;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    opts.onProgress?.(done, total);
  };
  // One transaction on PGlite keeps it fast and all-or-nothing; on PostgreSQL large seeds commit
  // statement by statement instead of holding one huge transaction.
  const inTransaction = db.kind === 'pglite' || total <= ONE_TRANSACTION_ROWS;
  const seed = (q: Queryable) =>
    seedRecords(q, createRandom(opts.seed ?? DEFAULT_PRNG_SEED), sizes, progress);

  // Large organizations: building the person tables' secondary indexes once at the end is much
  // faster than maintaining them row by row; they are rebuilt even when seeding fails.
  const deferred = total >= LARGE_SEED_ROWS ? await dropSecondaryIndexes(db, ['contacts', 'leads']) : [];
  let summary: SeedSummary;
  try {
    summary = inTransaction ? await db.transaction(seed) : await seed(db);
  } finally {
    for (const definition of deferred) await db.query(definition);
  }
  // Fresh statistics, or the planner guesses table sizes and picks scans over index lookups.
  await db.query(
    'ANALYZE users, teams, team_members, accounts, contacts, leads, opportunities, cases, address_index, role_privileges',
  );
  return summary;
}

/** The generators, in the order they draw from the PRNG (reordering them changes every id). */
async function seedRecords(
  q: Queryable,
  rnd: Random,
  sizes: Sizes,
  progress: (n: number) => void,
): Promise<SeedSummary> {
  const { orgId, businessUnits } = await seedOrganization(q, rnd);
  const ctx = { q, rnd, orgId };
  const userIds = await seedUsers(ctx, businessUnits);
  await seedSecurityRoles(ctx, userIds);
  const teamOf = await seedTeams(ctx, businessUnits, userIds);
  await seedFieldSecurity(ctx, userIds);
  const owners = createOwners(rnd, businessUnits, userIds, teamOf);
  const accounts = await seedAccounts(ctx, owners, sizes.accounts);
  const addressFor = createAddressAllocator();
  const contacts = await seedContacts(ctx, owners, accounts, addressFor, sizes.contacts, progress);
  const leads = await seedLeads(ctx, owners, contacts.pool, addressFor, sizes, progress);
  const opportunities = await seedOpportunities(ctx, owners, accounts, contacts.noraId);
  const cases = await seedCases(ctx, owners, accounts);
  return {
    organizationId: orgId,
    users: userIds.size,
    accounts: accounts.all.length,
    contacts: contacts.written,
    leads,
    opportunities,
    cases,
  };
}
