import { DEMO_RECORDS, DEMO_USERS } from '#contract';
import { createCrmService } from '#server/crm/create-crm-service';
import type { CrmService } from '#server/crm/crm-service';
import { forEachDatabase } from '#test/integration/databases';
import { ALEX, SAM, TAYLOR, actor, idOf } from './helpers';

forEachDatabase({ seed: true }, (getDb) => {
  let crm: CrmService;
  beforeAll(() => {
    crm = createCrmService(getDb());
  });

  it('normalizes case, angle brackets, mailto and IDN domains', async () => {
    const alex = await actor(crm, ALEX);
    const db = getDb();
    // A contact at an internationalized domain, stored as typed by a person.
    const fabrikam = await idOf(db, 'accounts', 'name', 'Fabrikam');
    await crm.createContact(alex, {
      firstName: 'Jürgen',
      lastName: 'Müller',
      email: 'Jürgen@Bücher.example',
      accountId: fabrikam,
      force: true,
    });
    const { results } = await crm.resolve(alex, [
      '  NORA.Fischer@FABRIKAM.example ',
      '<nora.fischer@fabrikam.example>',
      'mailto:nora.fischer@fabrikam.example',
      'jürgen@xn--bcher-kva.example',
      'not an address',
      '"quoted name"@fabrikam.example',
    ]);
    expect(results.map((r) => r.normalized)).toEqual([
      'nora.fischer@fabrikam.example',
      'nora.fischer@fabrikam.example',
      'nora.fischer@fabrikam.example',
      'jürgen@xn--bcher-kva.example',
      null,
      '"quoted name"@fabrikam.example',
    ]);
    for (const r of results.slice(0, 3)) expect(r.matches.map((m) => m.name)).toEqual(['Nora Fischer']);
    expect(results[3]!.matches.map((m) => m.name)).toEqual(['Jürgen Müller']);
    expect(results[4]!.matches).toEqual([]);
    expect(results[5]!.matches).toEqual([]);
    // Each result answers the address as given.
    expect(results[0]!.address).toBe('  NORA.Fischer@FABRIKAM.example ');
  });

  it("orders matches user > contact > account > lead, the caller's own first", async () => {
    const alex = await actor(crm, ALEX);
    const taylor = await actor(crm, TAYLOR);
    const [john] = (await crm.resolve(alex, [DEMO_RECORDS.johnDoeContact.email])).results;
    expect(john!.matches.map((m) => [m.type, m.name, m.ownedByMe])).toEqual([
      ['contact', 'John Doe', true],
      ['lead', 'John Doe', true],
    ]);
    const db = getDb();
    // An account carrying the same address, and a second contact owned by Taylor.
    const adatum = await idOf(db, 'accounts', 'name', 'Adatum');
    await db.query(
      "UPDATE accounts SET email = 'j.doe@adatum.example', email_normalized = 'j.doe@adatum.example' WHERE id = $1",
      [adatum],
    );
    await crm.createContact(taylor, {
      firstName: 'Jon',
      lastName: 'Doe',
      email: 'J.Doe@adatum.example',
      force: true,
    });
    const [mixed] = (await crm.resolve(alex, ['j.doe@adatum.example'])).results;
    expect(mixed!.matches.map((m) => [m.type, m.name])).toEqual([
      ['contact', 'John Doe'],
      ['contact', 'Jon Doe'],
      ['account', 'Adatum'],
      ['lead', 'John Doe'],
    ]);
    const [forTaylor] = (await crm.resolve(taylor, ['j.doe@adatum.example'])).results;
    expect(forTaylor!.matches[0]).toMatchObject({ name: 'Jon Doe', ownedByMe: true });
    // Users come first, and a user's address resolves to the user.
    const [user] = (await crm.resolve(alex, [DEMO_USERS[1]!.email])).results;
    expect(user!.matches[0]).toMatchObject({ type: 'user', name: 'Sam Lee', ownedByMe: false });
  });

  it('remembers a choice per user, only among readable matches', async () => {
    const alex = await actor(crm, ALEX);
    const sam = await actor(crm, SAM);
    const address = DEMO_RECORDS.johnDoeLead.email;
    const lead = (await crm.resolve(alex, [address])).results[0]!.matches.find((m) => m.type === 'lead')!;
    const saved = await crm.setResolveChoice(alex, {
      address: ` J.DOE@adatum.example`,
      record: { type: 'lead', id: lead.id },
    });
    expect(saved).toEqual({ address, choice: { type: 'lead', id: lead.id } });
    const [r] = (await crm.resolve(alex, [address])).results;
    expect(r!.choice).toEqual({ type: 'lead', id: lead.id });
    // The priority order is kept; the choice is marked.
    expect(r!.matches[0]!.type).toBe('contact');
    // Others are unaffected.
    expect((await crm.resolve(sam, [address])).results[0]!.choice).toBeNull();
    // A record that does not carry the address is refused; an unreadable one does not exist.
    const nora = await idOf(getDb(), 'contacts', 'email', DEMO_RECORDS.nora.email);
    await expect(
      crm.setResolveChoice(alex, { address, record: { type: 'contact', id: nora } }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
    });
    const kim = await idOf(getDb(), 'contacts', 'email', DEMO_RECORDS.kimChen.email);
    await expect(
      crm.setResolveChoice(alex, {
        address: DEMO_RECORDS.kimChen.email,
        record: { type: 'contact', id: kim },
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(crm.setResolveChoice(alex, { address: 'nope', record: null })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await crm.setResolveChoice(alex, { address, record: null });
    expect((await crm.resolve(alex, [address])).results[0]!.choice).toBeNull();
  });

  it('keeps the address index in step with email changes', async () => {
    const alex = await actor(crm, ALEX);
    const created = await crm.createLead(alex, {
      firstName: 'Ida',
      lastName: 'Index',
      email: 'ida@index-test.example',
      companyName: 'Index Co',
    });
    const db = getDb();
    await db.query(
      "UPDATE leads SET email = 'ida2@index-test.example', email_normalized = 'ida2@index-test.example' WHERE id = $1",
      [created.record.id],
    );
    const results = (await crm.resolve(alex, ['ida@index-test.example', 'ida2@index-test.example'])).results;
    expect(results.map((r) => r.matches.map((m) => m.id))).toEqual([[], [created.record.id]]);
    await db.query('DELETE FROM recent_records WHERE record_id = $1', [created.record.id]);
    await db.query('DELETE FROM leads WHERE id = $1', [created.record.id]);
    expect((await crm.resolve(alex, ['ida2@index-test.example'])).results[0]!.matches).toEqual([]);
  });

  it('answers 100 addresses in order, unknown ones empty', async () => {
    const alex = await actor(crm, ALEX);
    const addresses = Array.from({ length: 99 }, (_, i) => `nobody${i}@unknown.example`).concat(
      DEMO_RECORDS.priya.email,
    );
    const { results } = await crm.resolve(alex, addresses);
    expect(results).toHaveLength(100);
    expect(results[99]!.matches[0]).toMatchObject({ type: 'lead', name: 'Priya Raman', open: true });
    expect(results.slice(0, 99).every((r) => r.matches.length === 0)).toBe(true);
    await expect(crm.resolve(alex, [...addresses, 'x@y.example'])).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});
