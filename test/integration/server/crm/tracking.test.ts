import { DEMO_RECORDS, type TrackRequest } from '#contract';
import { createCrmService } from '#server/crm/create-crm-service';
import type { Actor, CrmService } from '#server/crm/crm-service';
import type { Database } from '#server/db/types';
import { forEachDatabase } from '#test/integration/databases';
import { ADMIN, ALEX, CASEY, SAM, TAYLOR, actor, idOf, uniqueKey } from './helpers';

/** Adds `n` extra salespeople in Sales West (for "50 different users"). */
async function addSalespeople(db: Database, crm: CrmService, n: number): Promise<Actor[]> {
  const alex = await actor(crm, ALEX);
  const { rows } = await db.query<{ id: string; email: string }>(
    `INSERT INTO users (organization_id, tenant_id, object_id, email, email_normalized, name, business_unit_id)
     SELECT u.organization_id, u.tenant_id, 'extra-' || g || '-' || $2, 'rep' || g || '.' || $2 || '@contoso.example',
            'rep' || g || '.' || $2 || '@contoso.example', 'Rep ' || g, u.business_unit_id
     FROM users u, generate_series(1, $3::int) g WHERE u.id = $1
     RETURNING id, email`,
    [alex.userId, Date.now().toString(36), n],
  );
  await db.query(
    `INSERT INTO user_roles (user_id, role_id)
     SELECT x.id, ur.role_id FROM unnest($1::uuid[]) AS x(id), user_roles ur WHERE ur.user_id = $2`,
    [rows.map((r) => r.id), alex.userId],
  );
  return Promise.all(rows.map((r) => actor(crm, r.email)));
}

function emailItem(extra: Partial<TrackRequest['item']> = {}): TrackRequest['item'] {
  return {
    subject: 'Seats for next year',
    body: { contentType: 'html', content: '<p>Hello <b>Alex</b> &amp; team</p><script>alert(1)</script>' },
    people: [
      { role: 'from', address: 'Nora.Fischer@Fabrikam.example', name: 'Nora Fischer' },
      { role: 'to', address: ALEX, name: 'Alex Morgan' },
      { role: 'cc', address: 'elena.vasquez@tailspin.example' },
    ],
    sentAt: '2026-11-20T10:00:00Z',
    conversationId: 'conv-1',
    ...extra,
  };
}

forEachDatabase({ seed: true, poolSize: 20 }, (getDb) => {
  const fixture = useTrackingFixture(getDb);
  trackingOnce(fixture);
  untracking(fixture);
  regardingPrivileges(fixture);
  trackingStatus(fixture);
});

/** What the cases share: the database, one CRM service on it, and ids of demo records. */
type TrackingFixture = Awaited<ReturnType<typeof trackingFixtureOf>>;

function useTrackingFixture(getDb: () => Database): () => TrackingFixture {
  let fixture: TrackingFixture;
  beforeAll(async () => {
    fixture = await trackingFixtureOf(getDb);
  });
  return () => fixture;
}

async function trackingFixtureOf(getDb: () => Database) {
  return {
    getDb,
    crm: createCrmService(getDb()),
    fabrikamOpp: await idOf(getDb(), 'opportunities', 'name', DEMO_RECORDS.fabrikamOpportunity.name),
    kim: await idOf(getDb(), 'contacts', 'email', DEMO_RECORDS.kimChen.email),
    nora: await idOf(getDb(), 'contacts', 'email', DEMO_RECORDS.nora.email),
  };
}

/** Tracking an item, again and by many users at once: one activity. */
function trackingOnce(fixture: () => TrackingFixture) {
  it('tracks once, joins on repeat, resolves parties and stores the body as text', async () => {
    const { getDb, crm, fabrikamOpp, nora } = fixture();
    const alex = await actor(crm, ALEX);
    const key = uniqueKey('track');
    const first = await crm.track(
      alex,
      'email',
      key,
      { item: emailItem(), regarding: { type: 'opportunity', id: fabrikamOpp } },
      'addin',
    );
    expect(first.created).toBe(true);
    expect(first.status).toMatchObject({ tracked: true, source: 'addin', activityId: first.activity.id });
    expect(first.activity).toMatchObject({ subject: 'Seats for next year', direction: 'incoming' });
    expect(first.activity.regarding).toMatchObject({ type: 'opportunity', name: 'Fabrikam 500 seats' });
    const again = await crm.track(alex, 'email', key, { item: emailItem() }, 'sync_marker');
    expect(again.created).toBe(false);
    expect(again.activity.id).toBe(first.activity.id);
    // Source and time of the first tracking stay; the regarding is kept when none is given.
    expect(again.status.source).toBe('addin');
    expect(again.activity.regarding?.id).toBe(fabrikamOpp);

    const db = getDb();
    const { rows: body } = await db.query<{ body: string }>('SELECT body FROM activities WHERE id = $1', [
      first.activity.id,
    ]);
    expect(body[0]!.body).toBe('Hello Alex & team');
    const { rows: parties } = await db.query<{
      role: string;
      address_normalized: string | null;
      resolved_type: string | null;
      resolved_id: string | null;
    }>(
      'SELECT role, address_normalized, resolved_type, resolved_id FROM activity_parties WHERE activity_id = $1 ORDER BY role',
      [first.activity.id],
    );
    expect(parties).toHaveLength(3);
    expect(parties.find((p) => p.role === 'from')).toMatchObject({
      resolved_type: 'contact',
      resolved_id: nora,
    });
    expect(parties.find((p) => p.role === 'to')).toMatchObject({ resolved_type: 'user' });
    expect(parties.find((p) => p.role === 'cc')).toMatchObject({ resolved_type: null });
    const { rows: audit } = await db.query<{ action: string }>(
      'SELECT action FROM audit_log WHERE target_id = $1',
      [first.activity.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['track']);

    // The activity shows on Nora's card (she is a party) and on the opportunity's.
    const card = await crm.getRecord(alex, 'contact', nora);
    expect(card.record.recentActivities.map((a) => a.id)).toContain(first.activity.id);
  });

  it('50 concurrent tracks of one key by different users make one activity and 50 tracking rows', async () => {
    const { getDb, crm } = fixture();
    const db = getDb();
    const users = await addSalespeople(db, crm, 50);
    const key = uniqueKey('concurrent');
    const results = await Promise.all(
      users.map((u) => crm.track(u, 'email', key, { item: emailItem() }, 'addin')),
    );
    const ids = new Set(results.map((r) => r.activity.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const { rows } = await db.query<{ n: number; t: number; p: number }>(
      `SELECT (SELECT count(*)::int FROM activities WHERE key = $1) AS n,
              (SELECT count(*)::int FROM activity_tracking t JOIN activities a ON a.id = t.activity_id WHERE a.key = $1) AS t,
              (SELECT count(*)::int FROM activity_parties p JOIN activities a ON a.id = p.activity_id WHERE a.key = $1) AS p`,
      [key],
    );
    expect(rows[0]).toEqual({ n: 1, t: 50, p: 3 });
  });
}

/** Untracking and tracking again. */
function untracking(fixture: () => TrackingFixture) {
  it("untrack keeps the activity and others' tracking; re-tracking reactivates", async () => {
    const { getDb, crm } = fixture();
    const alex = await actor(crm, ALEX);
    const taylor = await actor(crm, TAYLOR);
    const key = uniqueKey('untrack');
    const tracked = await crm.track(alex, 'email', key, { item: emailItem() }, 'addin');
    await crm.track(taylor, 'email', key, { item: emailItem() }, 'category');
    const untracked = await crm.untrack(alex, 'email', key);
    expect(untracked.status.tracked).toBe(false);
    const [status] = (await crm.status(taylor, [{ kind: 'email', key }])).items;
    expect(status).toMatchObject({ tracked: true, activityId: tracked.activity.id, source: 'category' });
    const again = await crm.untrack(alex, 'email', key);
    expect(again.status.tracked).toBe(false);
    const back = await crm.track(alex, 'email', key, { item: emailItem() }, 'sync_marker');
    expect(back.status).toMatchObject({ tracked: true, source: 'sync_marker' });
    const { rows } = await getDb().query<{ action: string }>(
      'SELECT action FROM audit_log WHERE target_id = $1 AND actor_user_id = $2 ORDER BY at',
      [tracked.activity.id, alex.userId],
    );
    expect(rows.map((r) => r.action)).toEqual(['track', 'untrack', 'track']);
    await expect(crm.untrack(alex, 'email', uniqueKey('never'))).rejects.toMatchObject({ code: 'not_found' });
  });
}

/** Setting and changing the regarding record, within the caller's privileges. */
function regardingPrivileges(fixture: () => TrackingFixture) {
  it('change regarding checks read, append-to and append, and audits', async () => {
    const { getDb, crm, kim, nora } = fixture();
    const alex = await actor(crm, ALEX);
    const sam = await actor(crm, SAM);
    const key = uniqueKey('regarding');
    await crm.track(alex, 'email', key, { item: emailItem() }, 'addin');
    // Kim is Sam's: for Alex it does not exist.
    await expect(crm.changeRegarding(alex, 'email', key, { type: 'contact', id: kim })).rejects.toMatchObject(
      {
        code: 'not_found',
      },
    );
    // Sam cannot see Alex's activity at all.
    await expect(crm.changeRegarding(sam, 'email', key, { type: 'contact', id: kim })).rejects.toMatchObject({
      code: 'not_found',
    });
    const changed = await crm.changeRegarding(alex, 'email', key, { type: 'contact', id: nora });
    expect(changed.activity.regarding).toMatchObject({ id: nora, name: 'Nora Fischer' });
    const cleared = await crm.changeRegarding(alex, 'email', key, null);
    expect(cleared.activity.regarding).toBeNull();
    const { rows } = await getDb().query<{ action: string }>(
      "SELECT action FROM audit_log WHERE target_id = $1 AND action = 'change_regarding'",
      [changed.activity.id],
    );
    expect(rows).toHaveLength(2);
    expect((await crm.recent(alex)).records[0]).toMatchObject({ id: nora });
  });

  it('a case-only CSR may not link to a contact without append-to on activities of others', async () => {
    const { crm, nora } = fixture();
    const alex = await actor(crm, ALEX);
    const casey = await actor(crm, CASEY);
    const key = uniqueKey('csr');
    await crm.track(alex, 'email', key, { item: emailItem() }, 'addin');
    // Casey has no read on Alex's activity: to her it does not exist.
    await expect(
      crm.changeRegarding(casey, 'email', key, { type: 'contact', id: nora }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    // Once she tracks it herself she co-owns it and may link it to what she can append to.
    const joined = await crm.track(
      casey,
      'email',
      key,
      { item: emailItem(), regarding: { type: 'contact', id: nora } },
      'addin',
    );
    expect(joined.activity.regarding?.id).toBe(nora);
  });

  it('a forbidden regarding writes nothing', async () => {
    const { getDb, crm, nora } = fixture();
    const db = getDb();
    const alex = await actor(crm, ALEX);
    const key = uniqueKey('atomic');
    // Remove Alex's append privilege on activities for this check.
    await db.query(`UPDATE role_privileges SET depth = depth WHERE false`);
    const { rows: role } = await db.query<{ role_id: string }>(
      'SELECT role_id FROM user_roles WHERE user_id = $1',
      [alex.userId],
    );
    await db.query(
      "DELETE FROM role_privileges WHERE role_id = $1 AND table_name = 'activity' AND action = 'append'",
      [role[0]!.role_id],
    );
    try {
      await expect(
        crm.track(
          alex,
          'email',
          key,
          { item: emailItem(), regarding: { type: 'contact', id: nora } },
          'addin',
        ),
      ).rejects.toMatchObject({ code: 'forbidden' });
      const { rows } = await db.query('SELECT 1 FROM activities WHERE key = $1', [key]);
      expect(rows).toHaveLength(0);
    } finally {
      await db.query(
        "INSERT INTO role_privileges (role_id, table_name, action, depth) VALUES ($1, 'activity', 'append', 'user')",
        [role[0]!.role_id],
      );
    }
  });
}

/** Tracking status per key, as each caller may see it. */
function trackingStatus(fixture: () => TrackingFixture) {
  it('status reports per key, hiding activities the caller cannot read', async () => {
    const { crm, fabrikamOpp } = fixture();
    const alex = await actor(crm, ALEX);
    const sam = await actor(crm, SAM);
    const admin = await actor(crm, ADMIN);
    const key = uniqueKey('status');
    const t = await crm.track(
      alex,
      'appointment',
      key,
      {
        item: {
          subject: 'Meeting',
          people: [
            { role: 'organizer', address: ALEX },
            { role: 'required', address: SAM },
          ],
          start: '2026-11-21T09:00:00Z',
          end: '2026-11-21T10:00:00Z',
        },
        regarding: { type: 'opportunity', id: fabrikamOpp },
      },
      'addin',
    );
    expect(t.activity.direction).toBe('internal');
    const other = uniqueKey('other');
    const items = [
      { kind: 'appointment' as const, key },
      { kind: 'email' as const, key: other },
      { kind: 'email' as const, key },
    ];
    const forAlex = (await crm.status(alex, items)).items;
    expect(forAlex.map((s) => [s.key, s.tracked, s.activityId])).toEqual([
      [key, true, t.activity.id],
      [other, false, null],
      [key, false, null],
    ]);
    expect(forAlex[0]!.regarding?.name).toBe('Fabrikam 500 seats');
    const forSam = (await crm.status(sam, items)).items;
    expect(forSam[0]).toMatchObject({ tracked: false, activityId: null, regarding: null });
    const forAdmin = (await crm.status(admin, items)).items;
    expect(forAdmin[0]).toMatchObject({ tracked: false, activityId: t.activity.id });
  });
}
