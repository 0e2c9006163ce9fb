import { DEMO_RECORDS } from '#contract';
import { createCrmService } from '#server/crm/create-crm-service';
import type { CrmService } from '#server/crm/crm-service';
import type { RecordType } from '#contract';
import type { Database } from '#server/db/types';
import { forEachDatabase } from '#test/integration/databases';
import { ADMIN, ALEX, CASEY, SAM, TAYLOR, actor, idOf } from './helpers';

// who -> record -> may read
const readMatrix: [string, string, boolean][] = [
  [ALEX, 'nora', true],
  [ALEX, 'kim', false],
  [ALEX, 'priya', true],
  [ALEX, 'fabrikam', true],
  [ALEX, 'litware', false],
  [ALEX, 'fabrikamOpp', true],
  [SAM, 'nora', false],
  [SAM, 'kim', true],
  [SAM, 'litware', true],
  [SAM, 'fabrikamOpp', false],
  [TAYLOR, 'nora', true],
  [TAYLOR, 'kim', false],
  [ADMIN, 'nora', true],
  [ADMIN, 'kim', true],
  [ADMIN, 'priya', true],
  [ADMIN, 'litware', true],
  [CASEY, 'kim', true],
  [CASEY, 'priya', false],
  [CASEY, 'fabrikamOpp', false],
];

// Users x records x actions: what each seeded user may read, find and link to.
forEachDatabase({ seed: true }, (getDb) => {
  const fixture = useSecurityFixture(getDb);
  readAccess(fixture);
  privilegesAndLinks(fixture);
  userDepth(fixture);
});

/** What the cases share: the database, one CRM service on it, and the demo records by name. */
type SecurityFixture = {
  getDb: () => Database;
  crm: CrmService;
  ids: Record<string, { type: RecordType; id: string }>;
};

function useSecurityFixture(getDb: () => Database): () => SecurityFixture {
  let fixture: SecurityFixture;
  beforeAll(async () => {
    const db = getDb();
    const ids: SecurityFixture['ids'] = {};
    ids.nora = { type: 'contact', id: await idOf(db, 'contacts', 'email', DEMO_RECORDS.nora.email) };
    ids.kim = { type: 'contact', id: await idOf(db, 'contacts', 'email', DEMO_RECORDS.kimChen.email) };
    ids.priya = { type: 'lead', id: await idOf(db, 'leads', 'email', DEMO_RECORDS.priya.email) };
    ids.fabrikam = { type: 'account', id: await idOf(db, 'accounts', 'name', 'Fabrikam') };
    ids.litware = { type: 'account', id: await idOf(db, 'accounts', 'name', 'Litware') };
    ids.fabrikamOpp = {
      type: 'opportunity',
      id: await idOf(db, 'opportunities', 'name', 'Fabrikam 500 seats'),
    };
    fixture = { getDb, crm: createCrmService(db, { crmWebUrl: 'https://crm.test' }), ids };
  });
  return () => fixture;
}

/** What each user may read: cards, search, resolve, linked accounts and secured fields. */
function readAccess(fixture: () => SecurityFixture) {
  it.each(readMatrix)('%s reading %s: %s (card, search, resolve agree)', async (email, record, allowed) => {
    const { crm, ids } = fixture();
    const who = await actor(crm, email);
    const ref = ids[record]!;
    if (allowed) {
      const { record: card } = await crm.getRecord(who, ref.type, ref.id);
      expect(card.id).toBe(ref.id);
    } else {
      await expect(crm.getRecord(who, ref.type, ref.id)).rejects.toMatchObject({ code: 'not_found' });
    }
    const name =
      record === 'nora'
        ? 'Nora Fischer'
        : record === 'kim'
          ? 'Kim Chen'
          : record === 'priya'
            ? 'Priya Raman'
            : null;
    if (name) {
      const { results } = await crm.search(who, { q: name, types: ['contact', 'lead'], limit: 50 });
      expect(results.some((r) => r.id === ref.id)).toBe(allowed);
    }
  });

  it('resolve never reveals a record the caller cannot read', async () => {
    const { crm } = fixture();
    const alex = await actor(crm, ALEX);
    const sam = await actor(crm, SAM);
    const [forAlex] = (await crm.resolve(alex, [DEMO_RECORDS.kimChen.email])).results;
    expect(forAlex!.normalized).toBe(DEMO_RECORDS.kimChen.email);
    expect(forAlex!.matches).toEqual([]);
    const [forSam] = (await crm.resolve(sam, [DEMO_RECORDS.kimChen.email])).results;
    expect(forSam!.matches.map((m) => m.name)).toEqual(['Kim Chen']);
  });

  it('an unreadable account is not named on a readable contact card', async () => {
    const { getDb, crm, ids } = fixture();
    const db = getDb();
    // Move Nora to Litware (Sam's) for this check, then back.
    await db.query('UPDATE contacts SET account_id = $1 WHERE id = $2', [ids.litware!.id, ids.nora!.id]);
    try {
      const { record } = await crm.getRecord(await actor(crm, ALEX), 'contact', ids.nora!.id);
      expect(record.account).toBeNull();
      expect(record.parentAccount).toBeNull();
    } finally {
      await db.query('UPDATE contacts SET account_id = $1 WHERE id = $2', [ids.fabrikam!.id, ids.nora!.id]);
    }
  });

  it('the secured mobile phone is hidden from Alex and shown to the admin', async () => {
    const { crm, ids } = fixture();
    const alexCard = (await crm.getRecord(await actor(crm, ALEX), 'contact', ids.nora!.id)).record;
    const adminCard = (await crm.getRecord(await actor(crm, ADMIN), 'contact', ids.nora!.id)).record;
    const mobile = (c: typeof alexCard) => c.fields.find((f) => f.key === 'mobilePhone');
    expect(mobile(alexCard)).toMatchObject({ value: null, secured: true });
    expect(mobile(adminCard)).toMatchObject({ secured: false });
    expect(mobile(adminCard)!.value).toMatch(/\d/);
    expect(alexCard.fields.find((f) => f.key === 'email')).toMatchObject({
      value: DEMO_RECORDS.nora.email,
      secured: false,
    });
  });
}

/** Privileges per role, and links to records the caller may or may not read. */
function privilegesAndLinks(fixture: () => SecurityFixture) {
  it('me reports privileges per role', async () => {
    const { crm } = fixture();
    const alexMe = await crm.me(await actor(crm, ALEX));
    expect(alexMe.user).toMatchObject({ email: ALEX, businessUnit: 'Sales West', isAdmin: false });
    expect(alexMe.can.contact).toMatchObject({ read: true, create: true });
    expect(alexMe.can.case!.create).toBe(false);
    expect(alexMe.settings).toEqual({ autoTrack: 'replies', neverLog: [] });
    const adminMe = await crm.me(await actor(crm, ADMIN));
    expect(adminMe.user.isAdmin).toBe(true);
    expect(adminMe.can.case!.delete).toBe(true);
    const casey = await crm.me(await actor(crm, CASEY));
    expect(casey.can.lead!.read).toBe(false);
  });

  it('pinning or setting regarding to an unreadable record is not_found', async () => {
    const { crm, ids } = fixture();
    const alex = await actor(crm, ALEX);
    await expect(crm.pin(alex, ids.kim!)).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      crm.track(
        alex,
        'email',
        `<sec-${Date.now()}@t.example>`,
        { item: { subject: 's', people: [] }, regarding: { type: 'contact', id: ids.kim!.id } },
        'addin',
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('Taylor (manager) may link to Alex records; Casey may not link to an opportunity she cannot read', async () => {
    const { crm, ids } = fixture();
    const taylor = await actor(crm, TAYLOR);
    const r = await crm.track(
      taylor,
      'email',
      `<taylor-${Date.now()}@t.example>`,
      { item: { subject: 'Seats', people: [] }, regarding: { type: 'opportunity', id: ids.fabrikamOpp!.id } },
      'addin',
    );
    expect(r.activity.regarding?.name).toBe('Fabrikam 500 seats');
    const casey = await actor(crm, CASEY);
    await expect(
      crm.track(
        casey,
        'email',
        `<casey-${Date.now()}@t.example>`,
        { item: { subject: 'x', people: [] }, regarding: { type: 'opportunity', id: ids.fabrikamOpp!.id } },
        'addin',
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
}

/** Read at user depth: own records and the records of the user's teams. */
function userDepth(fixture: () => SecurityFixture) {
  it("user depth: own records and records of the actor's teams only", async () => {
    const { getDb, crm, ids } = fixture();
    const db = getDb();
    const alex = await actor(crm, ALEX);
    const email = `user-depth-${Date.now()}@contoso.example`;
    // A user with contact read at user depth only, member of Alex's team.
    const { rows } = await db.query<{ id: string; organization_id: string }>(
      `INSERT INTO users (organization_id, tenant_id, object_id, email, email_normalized, name, business_unit_id)
       SELECT organization_id, tenant_id, $2, $2, $2, 'Depth User', business_unit_id FROM users WHERE id = $1
       RETURNING id, organization_id`,
      [alex.userId, email],
    );
    const user = rows[0]!;
    const { rows: role } = await db.query<{ id: string }>(
      'INSERT INTO security_roles (organization_id, name) VALUES ($1, $2) RETURNING id',
      [user.organization_id, `Own contacts ${email}`],
    );
    await db.query(
      "INSERT INTO role_privileges (role_id, table_name, action, depth) VALUES ($1, 'contact', 'read', 'user')",
      [role[0]!.id],
    );
    await db.query('INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2)', [user.id, role[0]!.id]);
    const { rows: team } = await db.query<{ team_id: string }>(
      'SELECT team_id FROM team_members WHERE user_id = $1',
      [alex.userId],
    );
    await db.query('INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)', [
      team[0]!.team_id,
      user.id,
    ]);
    const { rows: teamContact } = await db.query<{ id: string }>(
      'SELECT id FROM contacts WHERE owner_team_id = $1 LIMIT 1',
      [team[0]!.team_id],
    );
    const depthUser = await actor(crm, email);
    // Nora (Alex's, same business unit) is not theirs; a contact of their team is.
    await expect(crm.getRecord(depthUser, 'contact', ids.nora!.id)).rejects.toMatchObject({
      code: 'not_found',
    });
    const { record } = await crm.getRecord(depthUser, 'contact', teamContact[0]!.id);
    expect(record.id).toBe(teamContact[0]!.id);
    // No lead privilege at all: leads do not exist for them.
    const [priya] = (await crm.resolve(depthUser, [DEMO_RECORDS.priya.email])).results;
    expect(priya!.matches).toEqual([]);
  });
}
