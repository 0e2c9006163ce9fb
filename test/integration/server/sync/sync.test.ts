import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  DEMO_RECORDS,
  GRAPH_AUDIENCE,
  SyncItemsResponse,
  SyncMailboxesResponse,
  cecpExtendedPropertyId,
  writeCecpValue,
  TRACKED_CATEGORY,
  UNDELIVERABLE_CATEGORY,
  type TrackedKind,
} from '#contract';
import { AppError } from '#server/errors';
import type { CrmService } from '#server/crm/crm-service';
import type { Database } from '#server/db/types';
import { listSyncItemFailures, listSyncMailboxes } from '#server/sync/index';
import { forEachDatabase } from '#test/integration/databases';
import {
  ALEX,
  SYNC_SEED,
  activityCount,
  addMessage,
  categoriesOf,
  markerOf,
  pendingMarker,
  recordId,
  sleep,
  startSyncEnv,
  type SyncEnv,
} from './harness';

const NORA = { name: 'Nora Fischer', address: DEMO_RECORDS.nora.email };
const ME = { name: ALEX.name, address: ALEX.email };

// One emulator, CRM and sync environment per database, shared by all cases on purpose: each case
// uses fresh items, and the last one reads the metrics all the others produced.
forEachDatabase({ seed: SYNC_SEED }, (getDb) => {
  const fixture = useSyncFixture(getDb);
  trackingByMarkerAndReply(fixture);
  noUnwantedOrDuplicateActivities(fixture);
  recoveryFromGraphFaults(fixture);
  poisonItems(fixture);
  leaseRenewal(fixture);
  meetingsByCategory(fixture);
  failingMailboxes(fixture);
  pinnedMetricNames(fixture);
});

/** What the cases share: the sync environment, Alex's ids in it, and the steps they repeat. */
type SyncFixture = Awaited<ReturnType<typeof syncFixtureOf>>;

/** Starts the environment once for the suite and clears Graph faults after each case. */
function useSyncFixture(getDb: () => Database): () => SyncFixture {
  let env: SyncEnv | undefined;
  let fixture: SyncFixture;
  beforeAll(async () => {
    env = await startSyncEnv(getDb());
    fixture = await syncFixtureOf(env);
  });
  afterAll(async () => {
    await env?.close();
  });
  afterEach(() => {
    env?.emulator.faults.update({ graph: { mode: 'none', remaining: null } });
  });
  return () => fixture;
}

/** Alex's ids in the environment, and the steps the cases repeat. */
async function syncFixtureOf(env: SyncEnv) {
  const opportunityId = await recordId(env.db, 'opportunities', DEMO_RECORDS.fabrikamOpportunity.name);
  const alexId = (await env.actor(ALEX.email)).userId;

  /** One sync cycle of Alex's mailbox, made due first; `crm` stands in for the real CRM. */
  async function cycle(crm?: CrmService) {
    await env.makeDue(ALEX.email);
    return env.worker(crm ? { crm } : {}).runOnce();
  }

  /** Alex's tracking status of one item. */
  async function statusOf(kind: TrackedKind, key: string) {
    const actor = await env.actor(ALEX.email);
    return (await env.crm.status(actor, [{ kind, key }])).items[0]!;
  }

  return { env, opportunityId, alexId, cycle, statusOf };
}

/** Tracking by the marker the pane wrote, and of replies to tracked mail. */
function trackingByMarkerAndReply(fixture: () => SyncFixture) {
  it('turns a pending marker into an activity regarding the marked record and marks the item tracked', async () => {
    const { env, opportunityId, alexId, cycle, statusOf } = fixture();
    const item = addMessage(env, ALEX.email, {
      subject: 'Seats for next year',
      from: NORA,
      to: [ME],
      marker: pendingMarker(alexId, { type: 'opportunity', id: opportunityId }),
    });
    const summary = await cycle();
    expect(summary.itemsTracked).toBeGreaterThanOrEqual(1);

    const status = await statusOf('email', item.internetMessageId);
    expect(status.tracked).toBe(true);
    expect(status.source).toBe('sync_marker');
    expect(status.regarding).toMatchObject({ type: 'opportunity', id: opportunityId });
    const marker = markerOf(env, ALEX.email, item.id);
    expect(marker).toMatchObject({
      state: 'tracked',
      activityId: status.activityId,
      regarding: { id: opportunityId },
    });
    expect(marker?.regardingName).toBe(DEMO_RECORDS.fabrikamOpportunity.name);
    expect(categoriesOf(env, ALEX.email, item.id)).toContain(TRACKED_CATEGORY);

    const mailboxes = await listSyncMailboxes(env.db, await env.actor(ALEX.email));
    // What GET /api/v1/sync/mailboxes answers: the contract's shape, only Alex's own mailbox.
    expect(() => SyncMailboxesResponse.parse({ mailboxes })).not.toThrow();
    expect(mailboxes).toHaveLength(1);
    const [mine] = mailboxes;
    expect(mine).toMatchObject({
      address: ALEX.email,
      stage: 'idle',
      failureCount: 0,
      lastError: null,
      backlog: 0,
    });
    expect(mine!.intervalSeconds).toBe(30); // the busy interval of FAST_SCHEDULE
  });

  it('auto-tracks a reply to a tracked email with the same regarding (default policy)', async () => {
    const { env, opportunityId, alexId, cycle, statusOf } = fixture();
    const original = addMessage(env, ALEX.email, {
      subject: 'Pricing',
      from: NORA,
      to: [ME],
      marker: pendingMarker(alexId, { type: 'opportunity', id: opportunityId }),
    });
    await cycle();
    const reply = addMessage(env, ALEX.email, {
      subject: 'Re: Pricing',
      from: NORA,
      to: [ME],
      inReplyTo: original.internetMessageId,
    });
    const unrelated = addMessage(env, ALEX.email, { subject: 'Lunch?', from: NORA, to: [ME] });
    await cycle();

    const status = await statusOf('email', reply.internetMessageId);
    expect(status).toMatchObject({ tracked: true, source: 'correlation' });
    expect(status.regarding?.id).toBe(opportunityId);
    expect(markerOf(env, ALEX.email, reply.id)).toMatchObject({
      state: 'tracked',
      regarding: { id: opportunityId },
    });
    expect((await statusOf('email', unrelated.internetMessageId)).activityId).toBeNull();
  });
}

/** Mail the policy excludes gets no activity; mail the pane tracked gets no second one. */
function noUnwantedOrDuplicateActivities(fixture: () => SyncFixture) {
  it('skips auto-replies and never-log addresses even when tracking all email', async () => {
    const { env, cycle, statusOf } = fixture();
    const actor = await env.actor(ALEX.email);
    await env.crm.updateSettings(actor, { autoTrack: 'all', neverLog: ['adatum.example'] });
    try {
      const oof = addMessage(env, ALEX.email, {
        subject: 'Automatic reply: Pricing',
        from: NORA,
        to: [ME],
        headers: [{ name: 'Auto-Submitted', value: 'auto-replied' }],
      });
      const neverLog = addMessage(env, ALEX.email, {
        subject: 'From John',
        from: { name: 'John Doe', address: DEMO_RECORDS.johnDoeContact.email },
        to: [ME],
      });
      const normal = addMessage(env, ALEX.email, { subject: 'Contract draft', from: NORA, to: [ME] });
      await cycle();
      expect((await statusOf('email', normal.internetMessageId)).source).toBe('auto_policy');
      expect((await statusOf('email', oof.internetMessageId)).activityId).toBeNull();
      expect((await statusOf('email', neverLog.internetMessageId)).activityId).toBeNull();
      expect(categoriesOf(env, ALEX.email, oof.id)).not.toContain(TRACKED_CATEGORY);
    } finally {
      await env.crm.updateSettings(actor, { autoTrack: 'replies', neverLog: [] });
    }
  });

  it('joins the activity the pane already created: one activity, not two', async () => {
    const { env, opportunityId, alexId, cycle } = fixture();
    const item = addMessage(env, ALEX.email, {
      subject: 'Tracked in the pane',
      from: NORA,
      to: [ME],
      // The pane wrote the marker, tracked immediately, and closed before rewriting the marker.
      marker: pendingMarker(alexId, { type: 'opportunity', id: opportunityId }),
    });
    const actor = await env.actor(ALEX.email);
    const immediate = await env.crm.track(
      actor,
      'email',
      item.internetMessageId,
      {
        item: { subject: item.subject, people: [{ role: 'from', address: NORA.address }] },
        regarding: { type: 'opportunity', id: opportunityId },
      },
      'addin',
    );
    await cycle();
    expect(await activityCount(env.db, item.internetMessageId)).toBe(1);
    expect(markerOf(env, ALEX.email, item.id)?.activityId).toBe(immediate.activity.id);
  });
}

/** Throttling and an expired delta token: sync waits or starts over, and catches up. */
function recoveryFromGraphFaults(fixture: () => SyncFixture) {
  it('honours 429 Retry-After on the mailbox row, then syncs', async () => {
    const { env, alexId, cycle, statusOf } = fixture();
    const item = addMessage(env, ALEX.email, {
      subject: 'During throttling',
      from: NORA,
      to: [ME],
      marker: pendingMarker(alexId, null),
    });
    env.emulator.faults.update({
      graph: { mode: 'throttle', retryAfterSeconds: 2, mailbox: ALEX.email, remaining: 1 },
    });
    const first = await cycle();
    expect(first.backoff).toBe(1);
    const { rows } = await env.db.query<{
      retry_after: Date;
      stage: string;
      failure_count: number;
      wait: number;
    }>(
      `SELECT retry_after, stage, failure_count, EXTRACT(EPOCH FROM (next_sync_at - now()))::float8 AS wait
         FROM mailboxes WHERE address = $1`,
      [ALEX.email],
    );
    expect(rows[0]).toMatchObject({ stage: 'backoff', failure_count: 0 });
    expect(rows[0]!.retry_after).not.toBeNull();
    expect(rows[0]!.wait).toBeGreaterThan(0.5);
    expect(rows[0]!.wait).toBeLessThanOrEqual(2.1);

    // Not due before Retry-After has passed.
    const early = await env.worker().runOnce();
    expect(early.claimed).toBe(0);
    expect((await statusOf('email', item.internetMessageId)).activityId).toBeNull();

    await sleep(2200);
    const later = await env.worker().runOnce();
    expect(later.synced).toBe(1);
    expect((await statusOf('email', item.internetMessageId)).tracked).toBe(true);
  });

  it('resyncs from a full listing when the delta token expired, without tracking anything twice', async () => {
    const { env, alexId, cycle, statusOf } = fixture();
    const before = addMessage(env, ALEX.email, {
      subject: 'Before expiry',
      from: NORA,
      to: [ME],
      marker: pendingMarker(alexId, null),
    });
    await cycle();
    env.emulator.store.expireDeltaTokens();
    const after = addMessage(env, ALEX.email, {
      subject: 'After expiry',
      from: NORA,
      to: [ME],
      marker: pendingMarker(alexId, null),
    });
    const resyncsBefore = await env.metrics.get('regarding_sync_resyncs_total', { folder: 'inbox' });
    const summary = await cycle();
    expect(summary.synced).toBe(1);
    expect(await env.metrics.get('regarding_sync_resyncs_total', { folder: 'inbox' })).toBe(
      resyncsBefore + 1,
    );
    expect((await statusOf('email', after.internetMessageId)).tracked).toBe(true);
    expect(await activityCount(env.db, before.internetMessageId)).toBe(1);
    const { rows } = await env.db.query<{ completions: number }>(
      `SELECT completions FROM sync_items WHERE item_id = ANY($1::text[])`,
      [[before.id, after.id]],
    );
    expect(rows.map((r) => r.completions)).toEqual([1, 1]);
  });
}

/** An item the CRM keeps failing on: retried, then set aside, then tracked on request. */
function poisonItems(fixture: () => SyncFixture) {
  it('marks a poison item undeliverable after 5 tries while the rest of the mailbox syncs', async () => {
    const { env, alexId, cycle, statusOf } = fixture();
    const poison = addMessage(env, ALEX.email, {
      subject: 'Poison',
      from: NORA,
      to: [ME],
      marker: pendingMarker(alexId, null),
    });
    const healthy = addMessage(env, ALEX.email, {
      subject: 'Healthy',
      from: NORA,
      to: [ME],
      marker: pendingMarker(alexId, null),
    });
    const failing: CrmService = {
      ...env.crm,
      track: (actor, kind, key, req, source) =>
        key === poison.internetMessageId
          ? Promise.reject(new AppError('internal', 'the CRM failed on this item'))
          : env.crm.track(actor, kind, key, req, source),
    };
    await cycle(failing);
    expect((await statusOf('email', healthy.internetMessageId)).tracked).toBe(true);
    for (let i = 2; i <= 4; i++) await cycle(failing);
    let failures = await listSyncItemFailures(env.db, await env.actor(ALEX.email));
    expect(failures.find((f) => f.itemId === poison.id)).toMatchObject({ state: 'retrying', attempts: 4 });
    expect(markerOf(env, ALEX.email, poison.id)?.state).toBe('pending');

    await cycle(failing);
    failures = await listSyncItemFailures(env.db, await env.actor(ALEX.email));
    expect(() => SyncItemsResponse.parse({ items: failures })).not.toThrow();
    expect(failures.find((f) => f.itemId === poison.id)).toMatchObject({
      state: 'undeliverable',
      attempts: 5,
      subject: 'Poison',
    });
    expect(categoriesOf(env, ALEX.email, poison.id)).toContain(UNDELIVERABLE_CATEGORY);
    expect(markerOf(env, ALEX.email, poison.id)).toMatchObject({ state: 'failed', code: 'crm_internal' });

    // A sixth cycle leaves it alone; the mailbox itself stays healthy.
    await cycle(failing);
    failures = await listSyncItemFailures(env.db, await env.actor(ALEX.email));
    expect(failures.find((f) => f.itemId === poison.id)?.attempts).toBe(5);
    const [mine] = await listSyncMailboxes(env.db, await env.actor(ALEX.email));
    expect(mine).toMatchObject({ enabled: true, failureCount: 0 });
    // Users see only their own mailbox; administrators see all.
    expect(
      (await listSyncMailboxes(env.db, await env.actor('admin@contoso.example'))).length,
    ).toBeGreaterThan(1);

    // Once the CRM is healthy, the user asks again (the pane writes a new pending marker): tracked.
    const stored = env.emulator.store.item(env.mailbox(ALEX.email), poison.id);
    env.emulator.store.updateItem(env.mailbox(ALEX.email), stored, (m) => {
      m.singleValueExtendedProperties = [
        { id: cecpExtendedPropertyId(), value: writeCecpValue(null, pendingMarker(alexId, null)) },
      ];
    });
    await cycle();
    expect((await statusOf('email', poison.internetMessageId)).tracked).toBe(true);
    expect(categoriesOf(env, ALEX.email, poison.id)).toEqual([TRACKED_CATEGORY]);
    failures = await listSyncItemFailures(env.db, await env.actor(ALEX.email));
    expect(failures.find((f) => f.itemId === poison.id)).toBeUndefined();
  });
}

/** A cycle longer than its lease keeps the mailbox to itself. */
function leaseRenewal(fixture: () => SyncFixture) {
  it('renews the lease of a cycle that outlasts it, so no other worker takes the mailbox meanwhile', async () => {
    const { env, alexId } = fixture();
    const item = addMessage(env, ALEX.email, {
      subject: 'Slow Graph',
      from: NORA,
      to: [ME],
      marker: pendingMarker(alexId, null),
    });
    // Every Graph request of Alex's mailbox takes 400 ms: the cycle lasts several 1 s leases.
    env.emulator.faults.update({
      graph: { mode: 'none', latencyMs: 400, mailbox: ALEX.email, remaining: null },
    });
    try {
      await env.db.query(`UPDATE mailboxes SET next_sync_at = now() + interval '1 hour'`);
      await env.makeDue(ALEX.email);
      const schedule = { leaseSeconds: 1 };
      const slow = env.worker({ schedule, workerId: 'slow-worker' }).runOnce();
      await sleep(1500);
      const other = await env.worker({ schedule, workerId: 'other-worker' }).runOnce();
      expect(other.claimed).toBe(0);
      const done = await slow;
      expect(done).toMatchObject({ claimed: 1, synced: 1, abandoned: 0 });
    } finally {
      env.emulator.faults.update({ graph: { latencyMs: 0, mailbox: null } });
    }
    const { rows } = await env.db.query<{ completions: number }>(
      `SELECT completions FROM sync_items WHERE item_id = $1`,
      [item.id],
    );
    expect(rows[0]?.completions).toBe(1);
  });
}

/** A meeting the user categorized as tracked. */
function meetingsByCategory(fixture: () => SyncFixture) {
  it('tracks a categorized meeting by its iCalUId with the organizer and attendees as parties', async () => {
    const { env, cycle, statusOf } = fixture();
    const start = new Date(Date.now() + 86_400_000);
    const iCalUId = `040000008200E00074C5B7101A82E008-sync-${Date.now()}`;
    const event = env.emulator.store.insertEvent(env.mailbox(ALEX.email), {
      key: `meeting-${iCalUId}`,
      subject: 'Fabrikam rollout review',
      body: { contentType: 'text', content: 'Agenda: rollout plan.' },
      categories: [TRACKED_CATEGORY],
      singleValueExtendedProperties: [],
      createdDateTime: new Date().toISOString(),
      iCalUId,
      start: { dateTime: start.toISOString().replace('Z', ''), timeZone: 'UTC' },
      end: {
        dateTime: new Date(start.getTime() + 1_800_000).toISOString().replace('Z', ''),
        timeZone: 'UTC',
      },
      location: { displayName: 'Teams' },
      organizer: { emailAddress: ME },
      attendees: [
        {
          type: 'required',
          status: { response: 'accepted', time: new Date().toISOString() },
          emailAddress: NORA,
        },
      ],
      isOrganizer: true,
      isAllDay: false,
      showAs: 'busy',
    });
    await cycle();
    const status = await statusOf('appointment', iCalUId);
    expect(status).toMatchObject({ tracked: true, source: 'category' });
    const { rows } = await env.db.query<{ role: string; address: string }>(
      `SELECT p.role, p.address FROM activity_parties p JOIN activities a ON a.id = p.activity_id
        WHERE a.key = $1 ORDER BY p.role`,
      [iCalUId],
    );
    expect(rows).toEqual([
      { role: 'organizer', address: ALEX.email },
      { role: 'required', address: NORA.address },
    ]);
    expect(markerOf(env, ALEX.email, event.id)).toMatchObject({ state: 'tracked', kind: 'appointment' });
  });
}

/** Mailboxes Graph keeps failing or refuses: backed off, then disabled with an alert. */
function failingMailboxes(fixture: () => SyncFixture) {
  it('backs off on repeated outages and disables the mailbox with an alert after 10 in a row', async () => {
    const { env } = fixture();
    const riley = 'riley.chen@contoso.example';
    env.emulator.faults.update({
      graph: { mode: 'unavailable', retryAfterSeconds: 30, mailbox: riley, remaining: null },
    });
    for (let i = 1; i <= 9; i++) {
      await env.makeDue(riley);
      await env.worker().runOnce();
    }
    const mid = await env.db.query<{ enabled: boolean; failure_count: number; stage: string; code: string }>(
      `SELECT enabled, failure_count, stage, last_error_code AS code FROM mailboxes WHERE address = $1`,
      [riley],
    );
    expect(mid.rows[0]).toEqual({
      enabled: true,
      failure_count: 9,
      stage: 'backoff',
      code: 'graph_unavailable',
    });
    await env.makeDue(riley);
    await env.worker().runOnce();
    const { rows } = await env.db.query<{ enabled: boolean; reason: string; alerts: number }>(
      `SELECT m.enabled, m.disabled_reason AS reason,
              (SELECT count(*)::int FROM sync_alerts a WHERE a.mailbox_id = m.id) AS alerts
         FROM mailboxes m WHERE address = $1`,
      [riley],
    );
    expect(rows[0]).toMatchObject({ enabled: false, alerts: 1 });
    expect(rows[0]!.reason).toMatch(/after 10 consecutive failures/);
  });

  it('disables a mailbox at once when Graph refuses access (revoked consent) and records an alert', async () => {
    const { env } = fixture();
    const sam = 'sam.lee@contoso.example';
    await env.makeDue(sam);
    const noRoles = () => env.issuer.issueAppToken({ audience: GRAPH_AUDIENCE, roles: [] });
    await env.worker({ tokenProvider: noRoles }).runOnce();
    const { rows } = await env.db.query<{ enabled: boolean; stage: string; code: string; alerts: number }>(
      `SELECT m.enabled, m.stage, m.last_error_code AS code,
              (SELECT count(*)::int FROM sync_alerts a WHERE a.mailbox_id = m.id) AS alerts
         FROM mailboxes m WHERE address = $1`,
      [sam],
    );
    expect(rows[0]).toMatchObject({ enabled: false, stage: 'disabled', alerts: 1 });
    expect(['graph_forbidden', 'graph_unauthorized']).toContain(rows[0]!.code);
  });
}

/** The metric names the cases before produced; runs last. */
function pinnedMetricNames(fixture: () => SyncFixture) {
  it('exposes the same sync metric names after the scenarios above (pinned)', async () => {
    const { env } = fixture();
    const names = [...(await env.metrics.renderPrometheus()).matchAll(/^([a-z_]+)(?:\{([^}]*)\})? /gm)].map(
      ([, name, labels]) =>
        `${name}{${[...(labels ?? '').matchAll(/([a-z_]+)="/g)].map((m) => m[1]).join(',')}}`,
    );
    const file = path.resolve(import.meta.dirname, '../../../fixtures/pinned/sync-metrics.txt');
    const actual = `${[...new Set(names)].sort().join('\n')}\n`;
    if (process.env.UPDATE_PINS === '1') writeFileSync(file, actual);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });
}
