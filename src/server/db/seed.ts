import {
  DEMO_DOMAIN,
  DEMO_RECORDS,
  DEMO_USERS,
  DEV_TENANT_ID,
  NEWSLETTER_SENDER,
  UNKNOWN_SENDERS,
  normalizeAddress,
  type DemoUser,
} from '#contract';
import type { Database, Queryable } from './types';

/**
 * The deterministic "Contoso" demo organization: business units, the DEMO_USERS with
 * their roles, two teams, a field-security profile, ~300 accounts, contacts, leads,
 * opportunities and cases from a seeded PRNG (same input, same data, same ids), every fixed
 * record of DEMO_RECORDS exactly, and some intentional duplicates. Bulk rows go in as
 * `INSERT ... SELECT FROM unnest(arrays)` batches: one statement per few thousand rows.
 */
export type SeedOptions = {
  contacts?: number;
  leads?: number;
  /** Default: 300, or one per 100 contacts for large organizations. */
  accounts?: number;
  /** PRNG seed; the same seed gives the same organization. */
  seed?: number;
  /** Called after each batch of contacts and leads. */
  onProgress?: (done: number, total: number) => void;
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
const BATCH_ROWS = 5000;
/** From this many contacts + leads on, secondary indexes are built after loading. */
const LARGE_SEED_ROWS = 100_000;

/** Drops the non-unique indexes of `tables` and answers the statements that recreate them. */
async function dropSecondaryIndexes(db: Database, tables: string[]): Promise<string[]> {
  const { rows } = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
     JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid
     WHERE i.schemaname = current_schema() AND i.tablename = ANY($1::text[]) AND NOT x.indisunique`,
    [tables],
  );
  for (const r of rows) await db.query(`DROP INDEX IF EXISTS "${r.indexname.replace(/"/g, '""')}"`);
  return rows.map((r) => r.indexdef);
}

// ---- deterministic randomness ------------------------------------------------------------------

export function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    // mulberry32
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const hex = (n: number) => Array.from({ length: n }, () => int(16).toString(16)).join('');
  /** A version-4-shaped uuid from the PRNG (deterministic ids). */
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + int(4)).toString(16)}${hex(3)}-${hex(12)}`;
  return { next, int, pick, uuid };
}
type Random = ReturnType<typeof createRandom>;

const FIRST_NAMES = [
  'Aaron',
  'Abigail',
  'Adrian',
  'Aisha',
  'Akira',
  'Alicia',
  'Amara',
  'Andre',
  'Anika',
  'Ben',
  'Bianca',
  'Carlos',
  'Carmen',
  'Chloe',
  'Daniel',
  'Diego',
  'Elena',
  'Emil',
  'Erin',
  'Fatima',
  'Felix',
  'Grace',
  'Hannah',
  'Hiro',
  'Ines',
  'Isaac',
  'Ivy',
  'Jonas',
  'Julia',
  'Kai',
  'Karin',
  'Lars',
  'Leila',
  'Liam',
  'Lucia',
  'Maya',
  'Mateo',
  'Mei',
  'Nadia',
  'Nikolai',
  'Olivia',
  'Omar',
  'Paula',
  'Pedro',
  'Quinn',
  'Rafael',
  'Rosa',
  'Ruth',
  'Sara',
  'Sofia',
  'Stefan',
  'Tariq',
  'Tessa',
  'Tomas',
  'Uma',
  'Valerie',
  'Victor',
  'Wen',
  'Xavier',
  'Yara',
  'Yusuf',
  'Zoe',
];
const LAST_NAMES = [
  'Abbott',
  'Adeyemi',
  'Alvarez',
  'Andersen',
  'Bauer',
  'Becker',
  'Bianchi',
  'Brennan',
  'Castillo',
  'Costa',
  'Dubois',
  'Duarte',
  'Eriksen',
  'Esposito',
  'Fernandes',
  'Fontaine',
  'Garcia',
  'Gruber',
  'Haddad',
  'Hansen',
  'Hoffmann',
  'Ibrahim',
  'Ivanova',
  'Jansen',
  'Jensen',
  'Kaur',
  'Keller',
  'Kowalski',
  'Larsen',
  'Lindqvist',
  'Lopez',
  'Martins',
  'Meyer',
  'Moreau',
  'Nakamura',
  'Novak',
  'Nowak',
  "O'Brien",
  'Okafor',
  'Olsen',
  'Park',
  'Petrov',
  'Quinlan',
  'Ramos',
  'Richter',
  'Rossi',
  'Santos',
  'Schmidt',
  'Silva',
  'Sato',
  'Tanaka',
  'Torres',
  'Ueda',
  'Varga',
  'Vogel',
  'Wagner',
  'Walsh',
  'Weber',
  'Xu',
  'Yamamoto',
  'Young',
  'Zhang',
  'Zimmermann',
];
const COMPANY_WORDS_A = [
  'Alpine',
  'Amber',
  'Atlas',
  'Aurora',
  'Beacon',
  'Blue',
  'Bright',
  'Cedar',
  'Cobalt',
  'Coral',
  'Crest',
  'Delta',
  'Ember',
  'Evergreen',
  'Falcon',
  'Granite',
  'Harbor',
  'Horizon',
  'Iron',
  'Juniper',
  'Keystone',
  'Lumen',
  'Maple',
  'Meridian',
  'Nimbus',
  'Northstar',
  'Oak',
  'Orbit',
  'Pioneer',
  'Quartz',
  'Redwood',
  'Ridge',
  'Sable',
  'Silver',
  'Summit',
  'Terra',
  'Trident',
  'Vertex',
  'Willow',
  'Zenith',
];
const COMPANY_WORDS_B = [
  'Analytics',
  'Bio',
  'Consulting',
  'Dynamics',
  'Energy',
  'Foods',
  'Freight',
  'Health',
  'Industries',
  'Labs',
  'Logistics',
  'Media',
  'Motors',
  'Networks',
  'Partners',
  'Pharma',
  'Robotics',
  'Systems',
  'Textiles',
  'Works',
];
const INDUSTRIES = [
  'Manufacturing',
  'Retail',
  'Financial Services',
  'Healthcare',
  'Technology',
  'Logistics',
  'Energy',
  'Education',
];
const CITIES = [
  'Seattle',
  'Portland',
  'San Francisco',
  'Denver',
  'Chicago',
  'Boston',
  'New York',
  'Atlanta',
  'Austin',
  'Toronto',
  'Berlin',
  'Lyon',
];
const JOB_TITLES = [
  'Purchasing Manager',
  'IT Director',
  'CFO',
  'Operations Lead',
  'Procurement Specialist',
  'CTO',
  'Office Manager',
  'VP Sales',
  'Engineer',
  'Project Manager',
];
const OPPORTUNITY_TOPICS = [
  'licences renewal',
  'platform upgrade',
  'support contract',
  'pilot',
  'expansion',
  'training package',
  'hardware refresh',
];
const CASE_TOPICS = [
  'Cannot sign in',
  'Invoice question',
  'Sync delay',
  'Feature request',
  'Data export',
  'Outage report',
  'Password reset',
];
const STAGES = ['qualify', 'develop', 'propose', 'close'] as const;

/** Addresses and domains the generated records must never use (they belong to fixtures). */
const RESERVED_DOMAINS = new Set(
  [
    DEMO_DOMAIN,
    DEMO_RECORDS.fabrikam.domain,
    ...[DEMO_RECORDS.nora, DEMO_RECORDS.priya, DEMO_RECORDS.johnDoeContact, DEMO_RECORDS.kimChen].map(
      (r) => r.email.split('@')[1]!,
    ),
    ...UNKNOWN_SENDERS.map((s) => s.email.split('@')[1]!),
    NEWSLETTER_SENDER.email.split('@')[1]!,
  ].map((d) => d.toLowerCase()),
);

// ---- security model ----------------------------------------------------------------------------

type Depth = 'user' | 'business_unit' | 'organization';
type Priv = [table: string, action: string, depth: Depth];
const RECORD_TABLES = ['contact', 'lead', 'account', 'opportunity', 'case'] as const;
const ACTIONS = ['read', 'create', 'write', 'append', 'append_to', 'delete'] as const;

function rolePrivileges(role: DemoUser['role']): Priv[] {
  const all = (tables: readonly string[], depth: Depth): Priv[] =>
    tables.flatMap((t) => ACTIONS.map((a): Priv => [t, a, depth]));
  switch (role) {
    case 'System Administrator':
      return [...all([...RECORD_TABLES, 'activity', 'user'], 'organization')];
    case 'Sales Manager':
      return [...all([...RECORD_TABLES, 'activity'], 'business_unit'), ['user', 'read', 'organization']];
    case 'Salesperson':
      return [
        ...(['contact', 'lead', 'account', 'opportunity'] as const).flatMap((t): Priv[] => [
          [t, 'read', 'business_unit'],
          [t, 'create', 'user'],
          [t, 'write', 'user'],
          [t, 'append', 'user'],
          [t, 'append_to', 'business_unit'],
          [t, 'delete', 'user'],
        ]),
        ['case', 'read', 'business_unit'],
        ['case', 'append_to', 'business_unit'],
        ['activity', 'read', 'business_unit'],
        ['activity', 'create', 'user'],
        ['activity', 'write', 'user'],
        ['activity', 'append', 'user'],
        ['activity', 'append_to', 'user'],
        ['user', 'read', 'organization'],
      ];
    case 'Customer Service Representative':
      return [
        ['contact', 'read', 'organization'],
        ['contact', 'append_to', 'organization'],
        ['account', 'read', 'organization'],
        ['account', 'append_to', 'organization'],
        ['case', 'read', 'organization'],
        ['case', 'create', 'user'],
        ['case', 'write', 'business_unit'],
        ['case', 'append', 'business_unit'],
        ['case', 'append_to', 'organization'],
        ['activity', 'read', 'user'],
        ['activity', 'create', 'user'],
        ['activity', 'write', 'user'],
        ['activity', 'append', 'user'],
        ['activity', 'append_to', 'user'],
        ['user', 'read', 'organization'],
      ];
  }
}

// ---- bulk insert -------------------------------------------------------------------------------

type Column = { name: string; type: string };

/** Inserts rows as `INSERT ... SELECT * FROM unnest($1::t[], ...)`, in batches of BATCH_ROWS. */
async function insertRows(
  q: Queryable,
  table: string,
  columns: Column[],
  rows: unknown[][],
  onBatch?: (n: number) => void,
): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const batch = rows.slice(start, start + BATCH_ROWS);
    const arrays = columns.map((_, c) => batch.map((r) => r[c] ?? null));
    const names = columns.map((c) => c.name).join(', ');
    const unnest = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
    await q.query(`INSERT INTO ${table} (${names}) SELECT * FROM unnest(${unnest})`, arrays);
    onBatch?.(batch.length);
  }
}

const ownedColumns: Column[] = [
  { name: 'owner_user_id', type: 'uuid' },
  { name: 'owner_team_id', type: 'uuid' },
  { name: 'owning_business_unit_id', type: 'uuid' },
];

type Owner = { userId: string | null; teamId: string | null; buId: string };

// ---- the organization --------------------------------------------------------------------------

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
  const rnd = createRandom(opts.seed ?? 20240611);
  const contactCount = Math.max(opts.contacts ?? DEFAULT_SEED.contacts, 4);
  const leadCount = Math.max(opts.leads ?? DEFAULT_SEED.leads, 3);
  const accountCount = Math.max(opts.accounts ?? Math.max(300, Math.round(contactCount / 100)), 4);
  const total = contactCount + leadCount;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    opts.onProgress?.(done, total);
  };

  // One transaction on PGlite keeps it fast and all-or-nothing; on PostgreSQL large seeds commit
  // per table instead of holding one huge transaction.
  const run = async <T>(fn: (q: Queryable) => Promise<T>): Promise<T> =>
    db.kind === 'pglite' || total <= 20_000 ? db.transaction(fn) : fn(db);

  // Large organizations: building the person tables' secondary indexes once at the end is much
  // faster than maintaining them row by row; they are rebuilt even when seeding fails.
  const deferred = total >= LARGE_SEED_ROWS ? await dropSecondaryIndexes(db, ['contacts', 'leads']) : [];
  let summary: SeedSummary;
  try {
    summary = await seedOrganization(run);
  } finally {
    for (const definition of deferred) await db.query(definition);
  }
  // Fresh statistics, or the planner guesses table sizes and picks scans over index lookups.
  await db.query(
    'ANALYZE users, teams, team_members, accounts, contacts, leads, opportunities, cases, address_index, role_privileges',
  );
  return summary;

  async function seedOrganization(
    run: <T>(fn: (q: Queryable) => Promise<T>) => Promise<T>,
  ): Promise<SeedSummary> {
    return run(async (q) => {
      const orgId = rnd.uuid();
      await q.query('INSERT INTO organizations (id, name, tenant_id) VALUES ($1, $2, $3)', [
        orgId,
        'Contoso',
        DEV_TENANT_ID,
      ]);
      const bu = { Contoso: rnd.uuid(), 'Sales West': rnd.uuid(), 'Sales East': rnd.uuid() };
      await q.query(
        `INSERT INTO business_units (id, organization_id, name, parent_id) VALUES
         ($1, $4, 'Contoso', NULL), ($2, $4, 'Sales West', $1), ($3, $4, 'Sales East', $1)`,
        [bu.Contoso, bu['Sales West'], bu['Sales East'], orgId],
      );

      // Users and roles.
      const userId = new Map<string, string>();
      for (const u of DEMO_USERS) userId.set(u.email, rnd.uuid());
      await insertRows(
        q,
        'users',
        [
          { name: 'id', type: 'uuid' },
          { name: 'organization_id', type: 'uuid' },
          { name: 'tenant_id', type: 'text' },
          { name: 'object_id', type: 'text' },
          { name: 'email', type: 'text' },
          { name: 'email_normalized', type: 'text' },
          { name: 'name', type: 'text' },
          { name: 'job_title', type: 'text' },
          { name: 'business_unit_id', type: 'uuid' },
        ],
        DEMO_USERS.map((u) => [
          userId.get(u.email),
          orgId,
          DEV_TENANT_ID,
          u.objectId,
          u.email,
          normalizeAddress(u.email),
          u.name,
          u.jobTitle,
          bu[u.businessUnit],
        ]),
      );
      const roleNames = [...new Set(DEMO_USERS.map((u) => u.role))];
      const roleId = new Map(roleNames.map((r) => [r, rnd.uuid()]));
      await insertRows(
        q,
        'security_roles',
        [
          { name: 'id', type: 'uuid' },
          { name: 'organization_id', type: 'uuid' },
          { name: 'name', type: 'text' },
          { name: 'is_system_administrator', type: 'boolean' },
        ],
        roleNames.map((r) => [roleId.get(r), orgId, r, r === 'System Administrator']),
      );
      await insertRows(
        q,
        'role_privileges',
        [
          { name: 'role_id', type: 'uuid' },
          { name: 'table_name', type: 'text' },
          { name: 'action', type: 'text' },
          { name: 'depth', type: 'text' },
        ],
        roleNames.flatMap((r) => rolePrivileges(r).map(([t, a, d]) => [roleId.get(r), t, a, d])),
      );
      await insertRows(
        q,
        'user_roles',
        [
          { name: 'user_id', type: 'uuid' },
          { name: 'role_id', type: 'uuid' },
        ],
        DEMO_USERS.map((u) => [userId.get(u.email), roleId.get(u.role)]),
      );

      // Teams: one per sales business unit.
      const team = { west: rnd.uuid(), east: rnd.uuid() };
      await q.query(
        `INSERT INTO teams (id, organization_id, name, business_unit_id) VALUES
         ($1, $3, 'West Coast Deals', $4), ($2, $3, 'East Enterprise', $5)`,
        [team.west, team.east, orgId, bu['Sales West'], bu['Sales East']],
      );
      const teamOf = (u: DemoUser) => (u.businessUnit === 'Sales West' ? team.west : team.east);
      await insertRows(
        q,
        'team_members',
        [
          { name: 'team_id', type: 'uuid' },
          { name: 'user_id', type: 'uuid' },
        ],
        DEMO_USERS.filter((u) => u.businessUnit !== 'Contoso').map((u) => [teamOf(u), userId.get(u.email)]),
      );

      // Field security: the contact mobile phone, granted to the administrator only.
      const profileId = rnd.uuid();
      await q.query('INSERT INTO field_security_profiles (id, organization_id, name) VALUES ($1, $2, $3)', [
        profileId,
        orgId,
        'Contact mobile phone',
      ]);
      await q.query(
        "INSERT INTO field_security_profile_fields (profile_id, table_name, field_name) VALUES ($1, 'contact', 'mobile_phone')",
        [profileId],
      );
      const adminUser = DEMO_USERS.find((u) => u.role === 'System Administrator')!;
      await q.query('INSERT INTO field_security_profile_users (profile_id, user_id) VALUES ($1, $2)', [
        profileId,
        userId.get(adminUser.email),
      ]);

      const byEmail = (email: string): Owner => {
        const u = DEMO_USERS.find((x) => x.email === email)!;
        return { userId: userId.get(email)!, teamId: null, buId: bu[u.businessUnit] };
      };
      const salesUsers = DEMO_USERS.filter((u) => u.businessUnit !== 'Contoso');
      const randomOwner = (r: Random): Owner => {
        const u = r.pick(salesUsers);
        // About one record in ten belongs to the owner's team instead of a person.
        if (r.next() < 0.1) return { userId: null, teamId: teamOf(u), buId: bu[u.businessUnit] };
        return { userId: userId.get(u.email)!, teamId: null, buId: bu[u.businessUnit] };
      };
      const ownerCols = (o: Owner) => [o.userId, o.teamId, o.buId];

      // Accounts: the fixed ones first, then generated companies with their own domains.
      type Account = { id: string; name: string; domain: string; owner: Owner };
      const fixedAccounts: Account[] = [
        {
          id: rnd.uuid(),
          name: DEMO_RECORDS.fabrikam.name,
          domain: DEMO_RECORDS.fabrikam.domain,
          owner: byEmail(DEMO_RECORDS.fabrikam.owner),
        },
        {
          id: rnd.uuid(),
          name: DEMO_RECORDS.johnDoeContact.account,
          domain: 'adatum.example',
          owner: byEmail(DEMO_RECORDS.johnDoeContact.owner),
        },
        {
          id: rnd.uuid(),
          name: DEMO_RECORDS.kimChen.account,
          domain: 'litware.example',
          owner: byEmail(DEMO_RECORDS.kimChen.owner),
        },
      ];
      const accounts: Account[] = [...fixedAccounts];
      const usedDomains = new Set<string>(RESERVED_DOMAINS);
      const accountRows: unknown[][] = fixedAccounts.map((a) => [
        a.id,
        orgId,
        a.name,
        null,
        null,
        a.domain,
        '+1 555 0100',
        'Seattle',
        'Technology',
        null,
        ...ownerCols(a.owner),
      ]);
      for (let i = accounts.length; i < accountCount; i++) {
        let name = `${rnd.pick(COMPANY_WORDS_A)} ${rnd.pick(COMPANY_WORDS_B)}`;
        let domain = `${name.replace(/\s+/g, '').toLowerCase()}.example`;
        if (usedDomains.has(domain)) {
          name = `${name} ${i}`;
          domain = `${name.replace(/\s+/g, '').toLowerCase()}.example`;
        }
        usedDomains.add(domain);
        const owner = randomOwner(rnd);
        const parent = i > 20 && rnd.next() < 0.05 ? rnd.pick(accounts.slice(3, 20)).id : null;
        const email = rnd.next() < 0.3 ? `info@${domain}` : null;
        accounts.push({ id: rnd.uuid(), name, domain, owner });
        accountRows.push([
          accounts[i]!.id,
          orgId,
          name,
          email,
          email,
          domain,
          `+1 555 ${String(1000 + i).slice(-4)}`,
          rnd.pick(CITIES),
          rnd.pick(INDUSTRIES),
          parent,
          ...ownerCols(owner),
        ]);
      }
      await insertRows(
        q,
        'accounts',
        [
          { name: 'id', type: 'uuid' },
          { name: 'organization_id', type: 'uuid' },
          { name: 'name', type: 'text' },
          { name: 'email', type: 'text' },
          { name: 'email_normalized', type: 'text' },
          { name: 'domain', type: 'text' },
          { name: 'phone', type: 'text' },
          { name: 'city', type: 'text' },
          { name: 'industry', type: 'text' },
          { name: 'parent_account_id', type: 'uuid' },
          ...ownedColumns,
        ],
        accountRows,
      );
      const [fabrikam, adatum, litware] = fixedAccounts as [Account, Account, Account];
      const generatedAccounts = accounts.slice(3);

      // Contacts.
      const contactColumns: Column[] = [
        { name: 'id', type: 'uuid' },
        { name: 'organization_id', type: 'uuid' },
        { name: 'first_name', type: 'text' },
        { name: 'last_name', type: 'text' },
        { name: 'email', type: 'text' },
        { name: 'email_normalized', type: 'text' },
        { name: 'job_title', type: 'text' },
        { name: 'phone', type: 'text' },
        { name: 'mobile_phone', type: 'text' },
        { name: 'account_id', type: 'uuid' },
        ...ownedColumns,
      ];
      const person = (first: string, last: string, email: string) => [
        first,
        last,
        email,
        normalizeAddress(email),
      ];
      const fixed = {
        nora: rnd.uuid(),
        johnContact: rnd.uuid(),
        kim: rnd.uuid(),
      };
      const contactRows: unknown[][] = [
        [
          fixed.nora,
          orgId,
          ...person(DEMO_RECORDS.nora.firstName, DEMO_RECORDS.nora.lastName, DEMO_RECORDS.nora.email),
          DEMO_RECORDS.nora.jobTitle,
          '+49 69 5550 1200',
          '+49 170 5550 123',
          fabrikam.id,
          ...ownerCols(byEmail(DEMO_RECORDS.nora.owner)),
        ],
        [
          fixed.johnContact,
          orgId,
          ...person(
            DEMO_RECORDS.johnDoeContact.firstName,
            DEMO_RECORDS.johnDoeContact.lastName,
            DEMO_RECORDS.johnDoeContact.email,
          ),
          'Operations Lead',
          '+1 555 0142',
          '+1 555 0143',
          adatum.id,
          ...ownerCols(byEmail(DEMO_RECORDS.johnDoeContact.owner)),
        ],
        [
          fixed.kim,
          orgId,
          ...person(
            DEMO_RECORDS.kimChen.firstName,
            DEMO_RECORDS.kimChen.lastName,
            DEMO_RECORDS.kimChen.email,
          ),
          'CTO',
          '+1 555 0177',
          '+1 555 0178',
          litware.id,
          ...ownerCols(byEmail(DEMO_RECORDS.kimChen.owner)),
        ],
      ];
      const seenLocal = new Set<string>();
      const emailFor = (first: string, last: string, domain: string, i: number) => {
        const base = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
        const candidate = `${base}@${domain}`;
        // Small organizations check collisions; beyond that the index suffix alone makes it unique.
        if (i < 50_000 && !seenLocal.has(candidate)) {
          seenLocal.add(candidate);
          return candidate;
        }
        return `${base}${i}@${domain}`;
      };
      type GeneratedContact = {
        id: string;
        first: string;
        last: string;
        email: string;
        account: Account;
        owner: Owner;
      };
      // Duplicates draw from the first contacts only, so large organizations stream in batches
      // instead of holding a million rows in memory.
      const generatedContacts: GeneratedContact[] = [];
      const DUPLICATE_POOL = 20_000;
      const duplicateEvery = 100;
      let contactsWritten = 0;
      for (let i = contactRows.length; i < contactCount; i++) {
        const account = rnd.pick(generatedAccounts);
        // Contacts mostly belong to their account's owner, so business units line up.
        const owner = rnd.next() < 0.85 ? account.owner : randomOwner(rnd);
        const prior =
          generatedContacts.length > 0 && i % duplicateEvery === 0
            ? generatedContacts[rnd.int(generatedContacts.length)]!
            : null;
        // Intentional duplicates: the same person at the same account under a second address.
        const first = prior ? prior.first : rnd.pick(FIRST_NAMES);
        const last = prior ? prior.last : rnd.pick(LAST_NAMES);
        const acct = prior ? prior.account : account;
        const email = prior
          ? `${first[0]}${last}${i}@${acct.domain}`.toLowerCase().replace(/[^a-z0-9.@]/g, '')
          : emailFor(first, last, acct.domain, i);
        const c = { id: rnd.uuid(), first, last, email, account: acct, owner: prior ? prior.owner : owner };
        if (generatedContacts.length < DUPLICATE_POOL) generatedContacts.push(c);
        contactRows.push([
          c.id,
          orgId,
          ...person(first, last, email),
          rnd.pick(JOB_TITLES),
          `+1 555 ${String(rnd.int(10000)).padStart(4, '0')}`,
          `+1 555 ${String(rnd.int(10000)).padStart(4, '0')}`,
          acct.id,
          ...ownerCols(c.owner),
        ]);
        if (contactRows.length >= BATCH_ROWS) {
          await insertRows(q, 'contacts', contactColumns, contactRows, progress);
          contactsWritten += contactRows.length;
          contactRows.length = 0;
        }
      }
      await insertRows(q, 'contacts', contactColumns, contactRows, progress);
      contactsWritten += contactRows.length;

      // Leads: the fixed ones, generated prospects at companies the CRM does not have as accounts,
      // and some leads sharing a contact's address (the John Doe situation, generated).
      const leadColumns: Column[] = [
        { name: 'id', type: 'uuid' },
        { name: 'organization_id', type: 'uuid' },
        { name: 'first_name', type: 'text' },
        { name: 'last_name', type: 'text' },
        { name: 'email', type: 'text' },
        { name: 'email_normalized', type: 'text' },
        { name: 'company_name', type: 'text' },
        { name: 'job_title', type: 'text' },
        { name: 'phone', type: 'text' },
        { name: 'status', type: 'text' },
        ...ownedColumns,
      ];
      const p = DEMO_RECORDS.priya;
      const jl = DEMO_RECORDS.johnDoeLead;
      const leadRows: unknown[][] = [
        [
          rnd.uuid(),
          orgId,
          ...person(p.firstName, p.lastName, p.email),
          p.companyName,
          'Head of IT',
          '+1 555 0190',
          'open',
          ...ownerCols(byEmail(p.owner)),
        ],
        [
          rnd.uuid(),
          orgId,
          ...person(jl.firstName, jl.lastName, jl.email),
          jl.companyName,
          'Operations Lead',
          '+1 555 0142',
          'open',
          ...ownerCols(byEmail(jl.owner)),
        ],
      ];
      let leadsWritten = 0;
      for (let i = leadRows.length; i < leadCount; i++) {
        if (leadRows.length >= BATCH_ROWS) {
          await insertRows(q, 'leads', leadColumns, leadRows, progress);
          leadsWritten += leadRows.length;
          leadRows.length = 0;
        }
        const owner = randomOwner(rnd);
        const status = rnd.next() < 0.8 ? 'open' : rnd.pick(['qualified', 'disqualified']);
        const shared =
          generatedContacts.length > 0 && i % 50 === 0
            ? generatedContacts[rnd.int(generatedContacts.length)]!
            : null;
        if (shared) {
          leadRows.push([
            rnd.uuid(),
            orgId,
            ...person(shared.first, shared.last, shared.email),
            shared.account.name,
            rnd.pick(JOB_TITLES),
            null,
            status,
            ...ownerCols(shared.owner),
          ]);
          continue;
        }
        const first = rnd.pick(FIRST_NAMES);
        const last = rnd.pick(LAST_NAMES);
        const company = `${rnd.pick(COMPANY_WORDS_A)} ${rnd.pick(COMPANY_WORDS_B)} Group`;
        const domain = `${company.replace(/\s+/g, '').toLowerCase()}.example`;
        leadRows.push([
          rnd.uuid(),
          orgId,
          ...person(first, last, emailFor(first, last, domain, contactCount + i)),
          company,
          rnd.pick(JOB_TITLES),
          `+1 555 ${String(rnd.int(10000)).padStart(4, '0')}`,
          status,
          ...ownerCols(owner),
        ]);
      }
      await insertRows(q, 'leads', leadColumns, leadRows, progress);
      leadsWritten += leadRows.length;

      // Opportunities: the fixed one, then about two per five accounts.
      const opportunityRows: unknown[][] = [
        [
          rnd.uuid(),
          orgId,
          DEMO_RECORDS.fabrikamOpportunity.name,
          fabrikam.id,
          fixed.nora,
          'open',
          'propose',
          '250000.00',
          ...ownerCols(byEmail(DEMO_RECORDS.fabrikamOpportunity.owner)),
        ],
      ];
      for (const account of generatedAccounts) {
        const n = rnd.int(4);
        for (let k = 0; k < n; k++) {
          const status = rnd.next() < 0.7 ? 'open' : rnd.pick(['won', 'lost']);
          opportunityRows.push([
            rnd.uuid(),
            orgId,
            `${account.name} ${rnd.pick(OPPORTUNITY_TOPICS)}`,
            account.id,
            null,
            status,
            rnd.pick(STAGES),
            String(1000 * (5 + rnd.int(500))),
            ...ownerCols(account.owner),
          ]);
        }
      }
      await insertRows(
        q,
        'opportunities',
        [
          { name: 'id', type: 'uuid' },
          { name: 'organization_id', type: 'uuid' },
          { name: 'name', type: 'text' },
          { name: 'account_id', type: 'uuid' },
          { name: 'contact_id', type: 'uuid' },
          { name: 'status', type: 'text' },
          { name: 'stage', type: 'text' },
          { name: 'estimated_value', type: 'numeric' },
          ...ownedColumns,
        ],
        opportunityRows,
      );

      // Cases: support tickets, mostly handled by customer service (root business unit).
      const csr = DEMO_USERS.find((u) => u.role === 'Customer Service Representative')!;
      const caseRows: unknown[][] = [];
      const caseCount = Math.max(Math.round(accountCount * 1.2), 1);
      for (let i = 0; i < caseCount; i++) {
        const account = rnd.pick(accounts);
        const owner = rnd.next() < 0.7 ? byEmail(csr.email) : account.owner;
        const status = rnd.next() < 0.6 ? 'active' : rnd.pick(['resolved', 'cancelled']);
        caseRows.push([
          rnd.uuid(),
          orgId,
          `${rnd.pick(CASE_TOPICS)} (${account.name})`,
          `CAS-${String(1001 + i).padStart(5, '0')}`,
          account.id,
          status,
          rnd.pick(['low', 'normal', 'normal', 'high']),
          ...ownerCols(owner),
        ]);
      }
      await insertRows(
        q,
        'cases',
        [
          { name: 'id', type: 'uuid' },
          { name: 'organization_id', type: 'uuid' },
          { name: 'title', type: 'text' },
          { name: 'ticket_number', type: 'text' },
          { name: 'account_id', type: 'uuid' },
          { name: 'status', type: 'text' },
          { name: 'priority', type: 'text' },
          ...ownedColumns,
        ],
        caseRows,
      );

      return {
        organizationId: orgId,
        users: DEMO_USERS.length,
        accounts: accounts.length,
        contacts: contactsWritten,
        leads: leadsWritten,
        opportunities: opportunityRows.length,
        cases: caseRows.length,
      };
    });
  }
}
