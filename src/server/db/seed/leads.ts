import { DEMO_RECORDS } from '#contract';
import { domainOf, personColumns, type AddressAllocator } from './addresses';
import { batchedTable, type Column } from './bulk';
import type { GeneratedContact } from './contacts';
import type { SeedContext } from './context';
import { ownedColumns, type Owners } from './owners';
import {
  CLOSED_LEAD_STATUSES,
  COMPANY_WORDS_A,
  COMPANY_WORDS_B,
  FIRST_NAMES,
  JOB_TITLES,
  LAST_NAMES,
} from './words';

/** Every this-many-th lead shares a generated contact's address (the John Doe situation, generated). */
const SHARED_ADDRESS_EVERY = 50;

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

/**
 * Leads: the fixed ones, generated prospects at companies the CRM does not have as accounts, and
 * some leads sharing a contact's address. Answers how many were written.
 */
export async function seedLeads(
  ctx: SeedContext,
  owners: Owners,
  contacts: GeneratedContact[],
  addressFor: AddressAllocator,
  counts: { leads: number; contacts: number },
  onBatch: (n: number) => void,
): Promise<number> {
  const { rnd } = ctx;
  const table = batchedTable(ctx.q, 'leads', leadColumns, onBatch);
  table.rows.push(...fixedLeads(ctx, owners));
  for (let i = table.rows.length; i < counts.leads; i++) {
    await table.flushWhenFull();
    const owner = owners.random();
    const status = rnd.next() < 0.8 ? 'open' : rnd.pick(CLOSED_LEAD_STATUSES);
    const shared =
      contacts.length > 0 && i % SHARED_ADDRESS_EVERY === 0 ? contacts[rnd.int(contacts.length)]! : null;
    if (shared) {
      table.rows.push([
        rnd.uuid(),
        ctx.orgId,
        ...personColumns(shared.first, shared.last, shared.email),
        shared.account.name,
        rnd.pick(JOB_TITLES),
        null,
        status,
        ...owners.columns(shared.owner),
      ]);
      continue;
    }
    const first = rnd.pick(FIRST_NAMES);
    const last = rnd.pick(LAST_NAMES);
    const company = `${rnd.pick(COMPANY_WORDS_A)} ${rnd.pick(COMPANY_WORDS_B)} Group`;
    table.rows.push([
      rnd.uuid(),
      ctx.orgId,
      ...personColumns(first, last, addressFor(first, last, domainOf(company), counts.contacts + i)),
      company,
      rnd.pick(JOB_TITLES),
      `+1 555 ${String(rnd.int(10000)).padStart(4, '0')}`,
      status,
      ...owners.columns(owner),
    ]);
  }
  await table.flush();
  return table.written();
}

/** Priya Raman and John Doe (the lead, sharing the contact's address). */
function fixedLeads(ctx: SeedContext, owners: Owners): unknown[][] {
  const row = (
    lead: { firstName: string; lastName: string; email: string; companyName: string; owner: string },
    jobTitle: string,
    phone: string,
  ) => [
    ctx.rnd.uuid(),
    ctx.orgId,
    ...personColumns(lead.firstName, lead.lastName, lead.email),
    lead.companyName,
    jobTitle,
    phone,
    'open',
    ...owners.columns(owners.byEmail(lead.owner)),
  ];
  return [
    row(DEMO_RECORDS.priya, 'Head of IT', '+1 555 0190'),
    row(DEMO_RECORDS.johnDoeLead, 'Operations Lead', '+1 555 0142'),
  ];
}
