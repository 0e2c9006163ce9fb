import { DEMO_RECORDS } from '#contract';
import type { Account, SeededAccounts } from './accounts';
import { personColumns, type AddressAllocator } from './addresses';
import { batchedTable, type Column } from './bulk';
import type { SeedContext } from './context';
import { ownedColumns, type Owner, type Owners } from './owners';
import { FIRST_NAMES, JOB_TITLES, LAST_NAMES } from './words';

/** A generated contact, as leads and duplicates refer back to it. */
export type GeneratedContact = {
  id: string;
  first: string;
  last: string;
  email: string;
  account: Account;
  owner: Owner;
};

export type SeededContacts = {
  /** Nora Fischer's id (the fixed opportunity's contact). */
  noraId: string;
  /** The first generated contacts, which duplicates and shared-address leads draw from. */
  pool: GeneratedContact[];
  written: number;
};

/**
 * Duplicates draw from the first contacts only, so large organizations stream in batches instead
 * of holding a million rows in memory.
 */
const DUPLICATE_POOL = 20_000;
/** Every this-many-th contact is an intentional duplicate of an earlier one. */
const DUPLICATE_EVERY = 100;

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

/** Contacts: the fixed ones of DEMO_RECORDS, then generated people at the generated accounts. */
export async function seedContacts(
  ctx: SeedContext,
  owners: Owners,
  accounts: SeededAccounts,
  addressFor: AddressAllocator,
  count: number,
  onBatch: (n: number) => void,
): Promise<SeededContacts> {
  const table = batchedTable(ctx.q, 'contacts', contactColumns, onBatch);
  const fixed = fixedContacts(ctx, owners, accounts);
  table.rows.push(...fixed.rows);
  const pool: GeneratedContact[] = [];
  for (let i = table.rows.length; i < count; i++) {
    const c = generatedContact(ctx, owners, accounts.generated, pool, addressFor, i);
    if (pool.length < DUPLICATE_POOL) pool.push(c);
    table.rows.push([
      c.id,
      ctx.orgId,
      ...personColumns(c.first, c.last, c.email),
      ctx.rnd.pick(JOB_TITLES),
      `+1 555 ${String(ctx.rnd.int(10000)).padStart(4, '0')}`,
      `+1 555 ${String(ctx.rnd.int(10000)).padStart(4, '0')}`,
      c.account.id,
      ...owners.columns(c.owner),
    ]);
    await table.flushWhenFull();
  }
  await table.flush();
  return { noraId: fixed.noraId, pool, written: table.written() };
}

/** Nora Fischer, John Doe (the contact) and Kim Chen, at their accounts. */
function fixedContacts(
  ctx: SeedContext,
  owners: Owners,
  accounts: SeededAccounts,
): { noraId: string; rows: unknown[][] } {
  const ids = { nora: ctx.rnd.uuid(), john: ctx.rnd.uuid(), kim: ctx.rnd.uuid() };
  const row = (
    id: string,
    person: { firstName: string; lastName: string; email: string; owner: string },
    details: { jobTitle: string; phone: string; mobilePhone: string; account: Account },
  ) => [
    id,
    ctx.orgId,
    ...personColumns(person.firstName, person.lastName, person.email),
    details.jobTitle,
    details.phone,
    details.mobilePhone,
    details.account.id,
    ...owners.columns(owners.byEmail(person.owner)),
  ];
  const { nora, johnDoeContact, kimChen } = DEMO_RECORDS;
  return {
    noraId: ids.nora,
    rows: [
      row(ids.nora, nora, {
        jobTitle: nora.jobTitle,
        phone: '+49 69 5550 1200',
        mobilePhone: '+49 170 5550 123',
        account: accounts.fabrikam,
      }),
      row(ids.john, johnDoeContact, {
        jobTitle: 'Operations Lead',
        phone: '+1 555 0142',
        mobilePhone: '+1 555 0143',
        account: accounts.adatum,
      }),
      row(ids.kim, kimChen, {
        jobTitle: 'CTO',
        phone: '+1 555 0177',
        mobilePhone: '+1 555 0178',
        account: accounts.litware,
      }),
    ],
  };
}

/** The i-th contact: a new person at a generated account, or now and then a duplicate of an earlier one. */
function generatedContact(
  ctx: SeedContext,
  owners: Owners,
  accounts: Account[],
  pool: GeneratedContact[],
  addressFor: AddressAllocator,
  i: number,
): GeneratedContact {
  const { rnd } = ctx;
  const account = rnd.pick(accounts);
  // Contacts mostly belong to their account's owner, so business units line up.
  const owner = rnd.next() < 0.85 ? account.owner : owners.random();
  const prior = pool.length > 0 && i % DUPLICATE_EVERY === 0 ? pool[rnd.int(pool.length)]! : null;
  if (prior) {
    // The same person at the same account under a second address.
    const email = `${prior.first[0]}${prior.last}${i}@${prior.account.domain}`
      .toLowerCase()
      .replace(/[^a-z0-9.@]/g, '');
    return { ...prior, id: rnd.uuid(), email };
  }
  const first = rnd.pick(FIRST_NAMES);
  const last = rnd.pick(LAST_NAMES);
  return { id: rnd.uuid(), first, last, email: addressFor(first, last, account.domain, i), account, owner };
}
