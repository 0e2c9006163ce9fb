import {
  DEMO_RECORDS,
  DEMO_USERS,
  NEWSLETTER_SENDER,
  UNKNOWN_SENDERS,
  DuplicateCandidatesDetails,
} from '#contract';
import { createCrmService } from '#server/crm/create-crm-service';
import type { CrmService } from '#server/crm/crm-service';
import type { Database } from '#server/db/types';
import { AppError } from '#server/errors';
import { forEachDatabase } from '#test/integration/databases';
import { ADMIN, ALEX, SAM, actor, idOf } from './helpers';

forEachDatabase({ seed: true }, (getDb) => {
  const fixture = useRecordsFixture(getDb);
  demoSeed(fixture);
  cardsAndSearch(fixture);
  creatingRecords(fixture);
  pinsAndSettings(fixture);
});

/** What the cases share: the suite's database and one CRM service on it. */
type RecordsFixture = { getDb: () => Database; crm: CrmService };

function useRecordsFixture(getDb: () => Database): () => RecordsFixture {
  let fixture: RecordsFixture;
  beforeAll(() => {
    fixture = { getDb, crm: createCrmService(getDb(), { crmWebUrl: 'https://crm.test/' }) };
  });
  return () => fixture;
}

/** The demo organization the seed writes. */
function demoSeed(fixture: () => RecordsFixture) {
  it('seeds every fixed demo record exactly', async () => {
    const { getDb, crm } = fixture();
    const db = getDb();
    for (const u of DEMO_USERS) {
      const a = await crm.actorByEmail(u.email);
      expect(a).toMatchObject({
        name: u.name,
        objectId: u.objectId,
        isAdmin: u.role === 'System Administrator',
      });
    }
    const { rows } = await db.query<{
      first_name: string;
      last_name: string;
      email: string;
      job_title: string;
      account: string;
      owner: string;
    }>(
      `SELECT c.first_name, c.last_name, c.email, c.job_title, a.name AS account, u.email AS owner
       FROM contacts c JOIN accounts a ON a.id = c.account_id JOIN users u ON u.id = c.owner_user_id
       WHERE c.email = ANY($1) ORDER BY c.email`,
      [[DEMO_RECORDS.nora.email, DEMO_RECORDS.kimChen.email, DEMO_RECORDS.johnDoeContact.email]],
    );
    expect(rows).toEqual([
      {
        first_name: 'John',
        last_name: 'Doe',
        email: 'j.doe@adatum.example',
        job_title: 'Operations Lead',
        account: 'Adatum',
        owner: ALEX,
      },
      {
        first_name: 'Kim',
        last_name: 'Chen',
        email: 'kim.chen@litware.example',
        job_title: 'CTO',
        account: 'Litware',
        owner: SAM,
      },
      {
        first_name: 'Nora',
        last_name: 'Fischer',
        email: 'nora.fischer@fabrikam.example',
        job_title: 'Head of Procurement',
        account: 'Fabrikam',
        owner: ALEX,
      },
    ]);
    const { rows: leads } = await db.query<{ full_name: string; company_name: string; owner: string }>(
      `SELECT l.full_name, l.company_name, u.email AS owner FROM leads l JOIN users u ON u.id = l.owner_user_id
       WHERE l.email = ANY($1) ORDER BY l.email`,
      [[DEMO_RECORDS.priya.email, DEMO_RECORDS.johnDoeLead.email]],
    );
    expect(leads).toEqual([
      { full_name: 'John Doe', company_name: 'Adatum', owner: ALEX },
      { full_name: 'Priya Raman', company_name: 'Northwind Traders', owner: ALEX },
    ]);
    const { rows: opp } = await db.query<{ account: string; status: string; owner: string }>(
      `SELECT a.name AS account, o.status, u.email AS owner FROM opportunities o JOIN accounts a ON a.id = o.account_id
       JOIN users u ON u.id = o.owner_user_id WHERE o.name = 'Fabrikam 500 seats'`,
    );
    expect(opp).toEqual([{ account: 'Fabrikam', status: 'open', owner: ALEX }]);
    const { rows: fab } = await db.query<{ domain: string }>(
      "SELECT domain FROM accounts WHERE name = 'Fabrikam'",
    );
    expect(fab).toEqual([{ domain: 'fabrikam.example' }]);
    // Generated data never uses the emulator's unknown senders or the newsletter.
    const reserved = [
      ...UNKNOWN_SENDERS.map((s) => s.email.split('@')[1]!),
      NEWSLETTER_SENDER.email.split('@')[1]!,
    ];
    const { rows: clash } = await db.query(
      `SELECT address FROM address_index WHERE split_part(address, '@', 2) = ANY($1)`,
      [reserved],
    );
    expect(clash).toEqual([]);
    const { rows: counts } = await db.query<{ c: number; l: number; a: number; dup: number }>(
      `SELECT (SELECT count(*)::int FROM contacts) c, (SELECT count(*)::int FROM leads) l, (SELECT count(*)::int FROM accounts) a,
         (SELECT count(*)::int FROM (SELECT 1 FROM contacts GROUP BY lower(full_name), account_id HAVING count(*) > 1) d) dup`,
    );
    expect(counts[0]).toMatchObject({ c: 3000, l: 1000, a: 300 });
    expect(counts[0]!.dup).toBeGreaterThan(5);
  });
}

/** The record card and search, readable records only. */
function cardsAndSearch(fixture: () => RecordsFixture) {
  it('the full card shows parent account, open opportunities and a deep link', async () => {
    const { getDb, crm } = fixture();
    const alex = await actor(crm, ALEX);
    const nora = await idOf(getDb(), 'contacts', 'email', DEMO_RECORDS.nora.email);
    const { record } = await crm.getRecord(alex, 'contact', nora);
    expect(record).toMatchObject({
      name: 'Nora Fischer',
      subtitle: 'Head of Procurement',
      email: DEMO_RECORDS.nora.email,
      account: { name: 'Fabrikam' },
      ownerName: 'Alex Morgan',
      ownedByMe: true,
      webUrl: `https://crm.test/records/contact/${nora}`,
    });
    expect(record.parentAccount?.name).toBe('Fabrikam');
    expect(record.openOpportunities.map((o) => o.name)).toContain('Fabrikam 500 seats');
    expect((await crm.recent(alex)).records[0]?.id).toBe(nora);
    await expect(
      crm.getRecord(alex, 'contact', '00000000-0000-4000-8000-000000000000'),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('search ranks exact and prefix name matches first, across types, readable only', async () => {
    const { crm } = fixture();
    const alex = await actor(crm, ALEX);
    const { results } = await crm.search(alex, {
      q: 'Fabrikam',
      types: ['account', 'opportunity', 'contact'],
      limit: 10,
    });
    expect(results[0]).toMatchObject({ type: 'account', name: 'Fabrikam' });
    expect(results.map((r) => r.name)).toContain('Fabrikam 500 seats');
    const byEmail = await crm.search(alex, { q: 'priya@north', types: ['lead'], limit: 5 });
    expect(byEmail.results.map((r) => r.name)).toEqual(['Priya Raman']);
    const byCompany = await crm.search(alex, { q: 'northwind', types: ['lead'], limit: 5 });
    expect(byCompany.results.map((r) => r.name)).toContain('Priya Raman');
    const byLast = await crm.search(alex, { q: 'fisch', types: ['contact'], limit: 50 });
    expect(byLast.results.map((r) => r.name)).toContain('Nora Fischer');
    // LIKE wildcards are literal.
    expect((await crm.search(alex, { q: '%', types: ['contact'], limit: 5 })).results).toEqual([]);
    const many = await crm.search(alex, {
      q: 'a',
      types: ['contact', 'lead', 'account', 'opportunity', 'case'],
      limit: 50,
    });
    expect(many.results.length).toBe(50);
    const kimForAdmin = await crm.search(await actor(crm, ADMIN), {
      q: 'kim chen',
      types: ['contact'],
      limit: 5,
    });
    expect(kimForAdmin.results.map((r) => r.name)).toEqual(['Kim Chen']);
  });
}

/** Creating contacts and leads: duplicates, the linked account, refused input. */
function creatingRecords(fixture: () => RecordsFixture) {
  it('create contact: 409 duplicate_candidates with readable candidates unless force', async () => {
    const { crm } = fixture();
    const alex = await actor(crm, ALEX);
    const err = await crm
      .createContact(alex, { firstName: 'Nora', lastName: 'Fischer', email: 'NORA.FISCHER@fabrikam.example' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'duplicate_candidates', status: 409 });
    const details = DuplicateCandidatesDetails.parse((err as AppError).details);
    expect(details.candidates.map((c) => c.name)).toEqual(['Nora Fischer']);
    // By name + company, with another address.
    const byName = await crm
      .createLead(alex, {
        firstName: 'Priya',
        lastName: 'Raman',
        email: 'p.raman@northwind.example',
        companyName: 'Northwind Traders',
      })
      .catch((e: unknown) => e);
    expect(byName).toMatchObject({ code: 'duplicate_candidates' });
    const forced = await crm.createLead(alex, {
      firstName: 'Priya',
      lastName: 'Raman',
      email: 'p.raman@northwind.example',
      companyName: 'Northwind Traders',
      force: true,
    });
    expect(forced.record).toMatchObject({ type: 'lead', name: 'Priya Raman', ownedByMe: true });
  });

  it('an unreadable duplicate is neither shown nor revealed: creation goes ahead', async () => {
    const { getDb, crm } = fixture();
    const alex = await actor(crm, ALEX);
    const created = await crm.createContact(alex, {
      firstName: 'Kim',
      lastName: 'Chen',
      email: DEMO_RECORDS.kimChen.email,
      companyName: 'Litware',
    });
    expect(created.record).toMatchObject({ name: 'Kim Chen', ownedByMe: true, account: null });
    const { rows } = await getDb().query(
      "SELECT 1 FROM audit_log WHERE action = 'create' AND target_id = $1",
      [created.record.id],
    );
    expect(rows).toHaveLength(1);
  });

  it('create links the named readable account and refuses bad input writing nothing', async () => {
    const { getDb, crm } = fixture();
    const alex = await actor(crm, ALEX);
    const sam = await actor(crm, SAM);
    const created = await crm.createContact(alex, {
      firstName: 'Otto',
      lastName: 'Neu',
      email: 'otto.neu@fabrikam.example',
      companyName: 'fabrikam',
    });
    expect(created.record.account?.name).toBe('Fabrikam');
    await expect(crm.createContact(alex, { lastName: 'Bad', email: 'not-an-address' })).rejects.toMatchObject(
      {
        code: 'validation_failed',
      },
    );
    const fabrikam = await idOf(getDb(), 'accounts', 'name', 'Fabrikam');
    await expect(
      crm.createContact(sam, { lastName: 'Spy', email: 'spy@fabrikam.example', accountId: fabrikam }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    const { rows } = await getDb().query(
      "SELECT 1 FROM contacts WHERE email IN ('not-an-address', 'spy@fabrikam.example')",
    );
    expect(rows).toEqual([]);
    const casey = await actor(crm, 'casey.nguyen@contoso.example');
    await expect(crm.createLead(casey, { lastName: 'X', email: 'x@leads.example' })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
}

/** Pins, the recent list and the user's settings. */
function pinsAndSettings(fixture: () => RecordsFixture) {
  it('pins and recent list only readable records; settings round-trip', async () => {
    const { getDb, crm } = fixture();
    const alex = await actor(crm, ALEX);
    const fabrikam = await idOf(getDb(), 'accounts', 'name', 'Fabrikam');
    const pinned = await crm.pin(alex, { type: 'account', id: fabrikam });
    expect(pinned.pins.map((p) => p.name)).toEqual(['Fabrikam']);
    expect((await crm.pin(alex, { type: 'account', id: fabrikam })).pins).toHaveLength(1);
    expect((await crm.unpin(alex, { type: 'account', id: fabrikam })).pins).toEqual([]);
    const me = await crm.updateSettings(alex, {
      autoTrack: 'from_crm_records',
      neverLog: ['Boss@Contoso.example', '@Private.example', 'news.example'],
    });
    expect(me.settings).toEqual({
      autoTrack: 'from_crm_records',
      neverLog: ['boss@contoso.example', '@private.example', '@news.example'],
    });
    await expect(crm.updateSettings(alex, { neverLog: ['not a domain'] })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect((await crm.me(alex)).settings.autoTrack).toBe('from_crm_records');
  });
}
