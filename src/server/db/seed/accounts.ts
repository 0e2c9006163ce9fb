import { DEMO_DOMAIN, DEMO_RECORDS, NEWSLETTER_SENDER, UNKNOWN_SENDERS } from '#contract';
import { domainOf } from './addresses';
import { insertRows } from './bulk';
import type { SeedContext } from './context';
import { ownedColumns, type Owner, type Owners } from './owners';
import { CITIES, COMPANY_WORDS_A, COMPANY_WORDS_B, INDUSTRIES } from './words';

export type Account = { id: string; name: string; domain: string; owner: Owner };

export type SeededAccounts = {
  /** The accounts DEMO_RECORDS names. */
  fabrikam: Account;
  adatum: Account;
  litware: Account;
  /** Every account, the fixed ones first. */
  all: Account[];
  generated: Account[];
};

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

const accountColumns = [
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
];

/** Accounts: the fixed ones first, then generated companies with their own domains. */
export async function seedAccounts(ctx: SeedContext, owners: Owners, count: number): Promise<SeededAccounts> {
  const { rnd } = ctx;
  const fixed = fixedAccounts(ctx, owners);
  const accounts: Account[] = [fixed.fabrikam, fixed.adatum, fixed.litware];
  const rows: unknown[][] = accounts.map((a) => [
    a.id,
    ctx.orgId,
    a.name,
    null,
    null,
    a.domain,
    '+1 555 0100',
    'Seattle',
    'Technology',
    null,
    ...owners.columns(a.owner),
  ]);
  const usedDomains = new Set<string>(RESERVED_DOMAINS);
  for (let i = accounts.length; i < count; i++) {
    let name = `${rnd.pick(COMPANY_WORDS_A)} ${rnd.pick(COMPANY_WORDS_B)}`;
    if (usedDomains.has(domainOf(name))) name = `${name} ${i}`;
    const domain = domainOf(name);
    usedDomains.add(domain);
    const owner = owners.random();
    // About one in twenty later accounts is a subsidiary of one of the first generated ones.
    const parent = i > 20 && rnd.next() < 0.05 ? rnd.pick(accounts.slice(3, 20)).id : null;
    const email = rnd.next() < 0.3 ? `info@${domain}` : null;
    const account = { id: rnd.uuid(), name, domain, owner };
    accounts.push(account);
    rows.push([
      account.id,
      ctx.orgId,
      name,
      email,
      email,
      domain,
      `+1 555 ${String(1000 + i).slice(-4)}`,
      rnd.pick(CITIES),
      rnd.pick(INDUSTRIES),
      parent,
      ...owners.columns(owner),
    ]);
  }
  await insertRows(ctx.q, 'accounts', accountColumns, rows);
  return { ...fixed, all: accounts, generated: accounts.slice(3) };
}

/** Fabrikam, Adatum and Litware, owned as DEMO_RECORDS says. */
function fixedAccounts(
  ctx: SeedContext,
  owners: Owners,
): Pick<SeededAccounts, 'fabrikam' | 'adatum' | 'litware'> {
  const account = (name: string, domain: string, ownerEmail: string): Account => ({
    id: ctx.rnd.uuid(),
    name,
    domain,
    owner: owners.byEmail(ownerEmail),
  });
  const { fabrikam, johnDoeContact, kimChen } = DEMO_RECORDS;
  return {
    fabrikam: account(fabrikam.name, fabrikam.domain, fabrikam.owner),
    adatum: account(johnDoeContact.account, 'adatum.example', johnDoeContact.owner),
    litware: account(kimChen.account, 'litware.example', kimChen.owner),
  };
}
