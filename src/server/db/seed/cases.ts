import { DEMO_USERS } from '#contract';
import type { SeededAccounts } from './accounts';
import { insertRows } from './bulk';
import type { SeedContext } from './context';
import { ownedColumns, type Owners } from './owners';
import { CASE_PRIORITIES, CASE_TOPICS, CLOSED_CASE_STATUSES } from './words';

const caseColumns = [
  { name: 'id', type: 'uuid' },
  { name: 'organization_id', type: 'uuid' },
  { name: 'title', type: 'text' },
  { name: 'ticket_number', type: 'text' },
  { name: 'account_id', type: 'uuid' },
  { name: 'status', type: 'text' },
  { name: 'priority', type: 'text' },
  ...ownedColumns,
];

/** Cases: support tickets (1.2 per account), mostly handled by customer service (root business unit). */
export async function seedCases(ctx: SeedContext, owners: Owners, accounts: SeededAccounts): Promise<number> {
  const { rnd } = ctx;
  const csr = DEMO_USERS.find((u) => u.role === 'Customer Service Representative')!;
  const count = Math.max(Math.round(accounts.all.length * 1.2), 1);
  const rows: unknown[][] = [];
  for (let i = 0; i < count; i++) {
    const account = rnd.pick(accounts.all);
    const owner = rnd.next() < 0.7 ? owners.byEmail(csr.email) : account.owner;
    const status = rnd.next() < 0.6 ? 'active' : rnd.pick(CLOSED_CASE_STATUSES);
    rows.push([
      rnd.uuid(),
      ctx.orgId,
      `${rnd.pick(CASE_TOPICS)} (${account.name})`,
      `CAS-${String(1001 + i).padStart(5, '0')}`,
      account.id,
      status,
      rnd.pick(CASE_PRIORITIES),
      ...owners.columns(owner),
    ]);
  }
  await insertRows(ctx.q, 'cases', caseColumns, rows);
  return rows.length;
}
