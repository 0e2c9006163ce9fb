import { DEMO_RECORDS } from '#contract';
import type { SeededAccounts } from './accounts';
import { insertRows } from './bulk';
import type { SeedContext } from './context';
import { ownedColumns, type Owners } from './owners';
import { CLOSED_OPPORTUNITY_STATUSES, OPPORTUNITY_STAGES, OPPORTUNITY_TOPICS } from './words';

const opportunityColumns = [
  { name: 'id', type: 'uuid' },
  { name: 'organization_id', type: 'uuid' },
  { name: 'name', type: 'text' },
  { name: 'account_id', type: 'uuid' },
  { name: 'contact_id', type: 'uuid' },
  { name: 'status', type: 'text' },
  { name: 'stage', type: 'text' },
  { name: 'estimated_value', type: 'numeric' },
  ...ownedColumns,
];

/** Opportunities: "Fabrikam 500 seats" with Nora as its contact, then 0 to 3 per generated account. */
export async function seedOpportunities(
  ctx: SeedContext,
  owners: Owners,
  accounts: SeededAccounts,
  noraId: string,
): Promise<number> {
  const { rnd } = ctx;
  const fixed = DEMO_RECORDS.fabrikamOpportunity;
  const rows: unknown[][] = [
    [
      rnd.uuid(),
      ctx.orgId,
      fixed.name,
      accounts.fabrikam.id,
      noraId,
      'open',
      'propose',
      '250000.00',
      ...owners.columns(owners.byEmail(fixed.owner)),
    ],
  ];
  for (const account of accounts.generated) {
    const n = rnd.int(4);
    for (let k = 0; k < n; k++) {
      const status = rnd.next() < 0.7 ? 'open' : rnd.pick(CLOSED_OPPORTUNITY_STATUSES);
      rows.push([
        rnd.uuid(),
        ctx.orgId,
        `${account.name} ${rnd.pick(OPPORTUNITY_TOPICS)}`,
        account.id,
        null,
        status,
        rnd.pick(OPPORTUNITY_STAGES),
        String(1000 * (5 + rnd.int(500))),
        ...owners.columns(account.owner),
      ]);
    }
  }
  await insertRows(ctx.q, 'opportunities', opportunityColumns, rows);
  return rows.length;
}
