import { ok, err } from '#browser/result';
import { createTrackingService } from '#addin/tracking/service';
import { createIndexedDbOutbox, outboxId, type Outbox } from '#addin/tracking/outbox';
import type { ItemTrackingSnapshot, RegardingTarget } from '#addin/tracking/types';
import {
  ACTIVITY_ID,
  FakeApi,
  OPPORTUNITY,
  USER_EMAIL,
  USER_ID,
  httpError,
  trackResponse,
  trackingStatus,
} from '#test/unit/browser/fakes';
import { FakeOffice, ManualClock, makeItem, settle } from '#test/unit/addin/fakes';
import { emptyIndexedDb } from './indexeddb';

const FABRIKAM: RegardingTarget = { type: 'opportunity', id: OPPORTUNITY.id, name: 'Fabrikam 500 seats' };

function setup(options: { office?: FakeOffice; outbox?: Outbox } = {}) {
  const office = options.office ?? new FakeOffice();
  const api = new FakeApi();
  const clock = new ManualClock();
  const outbox = options.outbox ?? createIndexedDbOutbox(emptyIndexedDb());
  const tracking = createTrackingService({
    office,
    api,
    outbox,
    now: clock.now,
    random: () => 1,
    timers: clock.timersApi,
  });
  const item = office.current!;
  return { office, api, clock, outbox, tracking, item };
}

describe('track', () => {
  it('writes the pending marker and category before calling the API, then records the activity', async () => {
    const { office, api, tracking, item } = setup();
    api.on('track', (request) => {
      // The marker is already in the mailbox when the PUT goes out.
      expect(office.markers.get(item.handle)).toMatchObject({
        state: 'pending',
        kind: 'email',
        by: USER_EMAIL,
      });
      expect(office.hasCategory(item)).toBe(true);
      expect(request.params).toEqual({ kind: 'email', key: item.key });
      expect(request.body.regarding).toEqual({ type: 'opportunity', id: OPPORTUNITY.id });
      expect(request.body.item.body).toEqual({ contentType: 'html', content: '<p>Hello Alex</p>' });
      return ok(trackResponse(item.key!, OPPORTUNITY));
    });
    const seen: string[] = [];
    tracking.subscribe(item, (s) => seen.push(s.state.status));

    const snapshot = await tracking.track(item, FABRIKAM);

    expect(snapshot.state).toEqual({
      status: 'tracked',
      activityId: ACTIVITY_ID,
      regarding: { type: 'opportunity', id: OPPORTUNITY.id, name: 'Fabrikam 500 seats' },
    });
    expect(snapshot.operation).toBeNull();
    expect(seen).toContain('tracking');
    expect(office.markers.get(item.handle)).toMatchObject({
      state: 'tracked',
      activityId: ACTIVITY_ID,
      regarding: { type: 'opportunity', id: OPPORTUNITY.id },
      regardingName: 'Fabrikam 500 seats',
    });
  });

  it('marks without asking the CRM who the user is, and adds the category once', async () => {
    const { office, api, tracking, item } = setup();
    const addCategory = vi.spyOn(office, 'addCategory');
    api.on('track', () => ok(trackResponse(item.key!)));

    const snapshot = await tracking.track(item);

    expect(snapshot.state).toMatchObject({ status: 'tracked' });
    expect(api.calls.map((c) => c.name)).toEqual(['track']);
    expect(addCategory).toHaveBeenCalledTimes(1);
    expect(office.hasCategory(item)).toBe(true);
  });

  it('stays pending with the marker and retries from the outbox when the CRM is unreachable', async () => {
    const { office, api, tracking, item, clock, outbox } = setup();
    tracking.start();
    api.on('track', () => err({ kind: 'network', message: 'connection reset' }));

    const pending = await tracking.track(item, FABRIKAM);

    expect(pending.state).toMatchObject({
      status: 'pending',
      reason: 'crm_unreachable',
      regarding: FABRIKAM,
    });
    expect(office.markers.get(item.handle)).toMatchObject({ state: 'pending', by: USER_EMAIL });
    expect(office.hasCategory(item)).toBe(true);
    expect(await outbox.get(outboxId(USER_EMAIL, 'email', item.key!))).toMatchObject({ attempts: 1 });

    // The CRM comes back; the retry timer fires and completes the tracking exactly once.
    api.on('track', () => ok(trackResponse(item.key!, OPPORTUNITY)));
    const states: ItemTrackingSnapshot[] = [];
    tracking.subscribe(item, (s) => states.push(s));
    await settle();
    clock.advance(2_000);
    await settle();

    expect(tracking.snapshot(item).state).toMatchObject({ status: 'tracked', activityId: ACTIVITY_ID });
    expect(office.markers.get(item.handle)).toMatchObject({ state: 'tracked', activityId: ACTIVITY_ID });
    expect(await outbox.get(outboxId(USER_EMAIL, 'email', item.key!))).toBeNull();
    expect(api.callsTo('track')).toHaveLength(2);
    tracking.stop();
  });

  it('backs off exponentially and honours Retry-After on 429', async () => {
    const { api, tracking, item, clock, outbox } = setup();
    tracking.start();
    api.on('track', () => err(httpError(429, 'rate_limited', 30)));

    const snapshot = await tracking.track(item);
    expect(snapshot.state).toMatchObject({ status: 'pending', reason: 'crm_busy' });
    const id = outboxId(USER_EMAIL, 'email', item.key!);
    expect((await outbox.get(id))!.nextAttemptAt - clock.time).toBe(30_000);

    api.on('track', () => err(httpError(503, 'unavailable')));
    await settle();
    clock.advance(30_000);
    await settle();
    // Second retry: 2 s * 2^(2-1) = 4 s (random() = 1 gives the whole step).
    expect((await outbox.get(id))!.attempts).toBe(2);
    expect((await outbox.get(id))!.nextAttemptAt - clock.time).toBe(4_000);
    expect(tracking.snapshot(item).state).toMatchObject({ status: 'pending', reason: 'crm_busy' });
    tracking.stop();
  });

  it('records a permanent failure in the marker with a reason and removes the category', async () => {
    const { office, api, tracking, item, outbox } = setup();
    api.on('track', () => err(httpError(403, 'forbidden')));

    const snapshot = await tracking.track(item, FABRIKAM);

    expect(snapshot.state).toMatchObject({ status: 'failed', code: 'forbidden', retryable: false });
    expect(snapshot.state.status === 'failed' && snapshot.state.reason).toMatch(/permission/);
    expect(office.markers.get(item.handle)).toMatchObject({ state: 'failed', code: 'forbidden' });
    expect(office.hasCategory(item)).toBe(false);
    expect(await outbox.list(USER_EMAIL)).toEqual([]);
  });

  it('in compose mode only writes the marker with compose: true and says it completes after sending', async () => {
    const draft = makeItem({ mode: 'compose', key: null, itemId: null, handle: 'd1' });
    const { office, api, tracking } = setup({ office: new FakeOffice(draft) });

    const snapshot = await tracking.track(draft, FABRIKAM);

    expect(snapshot.state).toEqual({ status: 'compose_pending', regarding: FABRIKAM });
    expect(office.markers.get('d1')).toMatchObject({ state: 'pending', compose: true });
    expect(api.callsTo('track')).toHaveLength(0);
  });

  it('leaves an appointment without an iCalUId to server-side sync', async () => {
    const meeting = makeItem({ kind: 'appointment', role: 'attendee', key: null });
    const { office, api, tracking } = setup({ office: new FakeOffice(meeting) });

    const snapshot = await tracking.track(meeting);

    expect(snapshot.state).toMatchObject({ status: 'pending', reason: 'sync_only', nextAttemptAt: null });
    expect(office.markers.get(meeting.handle)).toMatchObject({ state: 'pending', kind: 'appointment' });
    expect(api.callsTo('track')).toHaveLength(0);
  });

  it('skips categories where the client has none (mobile) but still tracks', async () => {
    const office = new FakeOffice(makeItem(), { client: 'mobile', categories: false, pinning: false });
    const { api, tracking, item } = setup({ office });
    api.on('track', () => ok(trackResponse(item.key!)));

    const snapshot = await tracking.track(item);

    expect(snapshot.state).toMatchObject({ status: 'tracked' });
    expect(snapshot.notice).toBeNull();
    expect(office.hasCategory(item)).toBe(false);
  });

  it('never applies a finished call to the item selected meanwhile', async () => {
    const { office, api, tracking, item } = setup();
    const next = makeItem({ handle: '2', key: '<msg-2@x.example>', itemId: 'AAMk-item-2' });
    api.on('track', () => {
      office.select(next);
      return ok(trackResponse(item.key!));
    });

    await tracking.track(item);

    expect(office.markers.get(next.handle)).toBeUndefined();
    expect(tracking.snapshot(next).state).toEqual({ status: 'not_tracked' });
    expect(tracking.snapshot(item).state).toMatchObject({ status: 'tracked' });
  });
});

describe('track: item changed before marking', () => {
  it('does nothing and leaves the previous state when Outlook moved on before the marker', async () => {
    const { office, api, tracking, item } = setup();
    office.select(makeItem({ handle: '2', key: '<msg-2@x.example>', itemId: 'AAMk-item-2' }));

    const snapshot = await tracking.track(item);

    expect(snapshot.state).toEqual({ status: 'not_tracked' });
    expect(snapshot.operation).toBeNull();
    expect(api.callsTo('track')).toHaveLength(0);
  });
});

describe('reconcile', () => {
  it('marks an item tracked by sync while the pane was closed', async () => {
    const { office, api, tracking, item } = setup();
    office.markers.set(item.handle, {
      v: 1,
      state: 'pending',
      kind: 'email',
      by: USER_ID,
      at: '2026-11-20T09:00:00Z',
    });
    api.on('trackedStatus', () => ok({ items: [trackingStatus(item.key!, true, OPPORTUNITY)] }));

    const snapshot = await tracking.reconcile(item);

    expect(snapshot.state).toMatchObject({ status: 'tracked', activityId: ACTIVITY_ID, regarding: FABRIKAM });
    expect(office.markers.get(item.handle)).toMatchObject({ state: 'tracked', activityId: ACTIVITY_ID });
    expect(office.hasCategory(item)).toBe(true);
    expect(api.callsTo('track')).toHaveLength(0);
  });

  it('finishes a pending marker the server does not know yet (e.g. sent from compose)', async () => {
    const { office, api, tracking, item } = setup();
    office.markers.set(item.handle, {
      v: 1,
      state: 'pending',
      kind: 'email',
      by: USER_ID,
      at: '2026-11-20T09:00:00Z',
      compose: true,
      regarding: { type: 'opportunity', id: OPPORTUNITY.id },
      regardingName: 'Fabrikam 500 seats',
    });
    api.on('trackedStatus', () => ok({ items: [trackingStatus(item.key!, false)] }));
    api.on('track', (request) => {
      expect(request.body.regarding).toEqual({ type: 'opportunity', id: OPPORTUNITY.id });
      return ok(trackResponse(item.key!, OPPORTUNITY));
    });
    tracking.start();

    const first = await tracking.reconcile(item);
    expect(first.state).toMatchObject({ status: 'pending', regarding: FABRIKAM });
    await settle();

    expect(tracking.snapshot(item).state).toMatchObject({ status: 'tracked', regarding: FABRIKAM });
    expect(office.markers.get(item.handle)).toMatchObject({ state: 'tracked' });
    tracking.stop();
  });

  it('clears a tracked marker when the user untracked elsewhere', async () => {
    const { office, api, tracking, item } = setup();
    office.markers.set(item.handle, {
      v: 1,
      state: 'tracked',
      kind: 'email',
      by: USER_ID,
      at: '2026-11-20T09:00:00Z',
      activityId: ACTIVITY_ID,
    });
    await office.addCategory(item);
    api.on('trackedStatus', () => ok({ items: [trackingStatus(item.key!, false)] }));

    const snapshot = await tracking.reconcile(item);

    expect(snapshot.state).toEqual({ status: 'not_tracked' });
    expect(office.markers.has(item.handle)).toBe(false);
    expect(office.hasCategory(item)).toBe(false);
  });

  it('keeps a tracked marker when the status answer does not mention the item', async () => {
    const { office, api, tracking, item } = setup();
    office.markers.set(item.handle, {
      v: 1,
      state: 'tracked',
      kind: 'email',
      by: USER_ID,
      at: '2026-11-20T09:00:00Z',
      activityId: ACTIVITY_ID,
    });
    api.on('trackedStatus', () => ok({ items: [trackingStatus('<other@x.example>', false)] }));

    const snapshot = await tracking.reconcile(item);

    expect(snapshot.state).toMatchObject({ status: 'tracked', activityId: ACTIVITY_ID });
    expect(office.markers.get(item.handle)).toMatchObject({ state: 'tracked' });
  });

  it('falls back to the marker when the CRM is unreachable, with a notice', async () => {
    const { office, api, tracking, item } = setup();
    office.markers.set(item.handle, {
      v: 1,
      state: 'failed',
      kind: 'email',
      by: USER_ID,
      at: '2026-11-20T09:00:00Z',
      code: 'forbidden',
      reason: 'No permission.',
    });
    api.on('trackedStatus', () => err({ kind: 'timeout', timeoutMs: 15_000 }));

    const snapshot = await tracking.reconcile(item);

    expect(snapshot.state).toMatchObject({ status: 'failed', code: 'forbidden', reason: 'No permission.' });
    expect(snapshot.notice?.operation).toBe('reconciling');
  });

  it('shows a compose marker as completing after sending, without calling the server', async () => {
    const draft = makeItem({ mode: 'compose', key: null, itemId: null, handle: 'd2' });
    const office = new FakeOffice(draft);
    office.markers.set('d2', {
      v: 1,
      state: 'pending',
      kind: 'email',
      by: USER_ID,
      at: '2026-11-20T09:00:00Z',
      compose: true,
    });
    const { api, tracking } = setup({ office });

    const snapshot = await tracking.reconcile(draft);

    expect(snapshot.state).toEqual({ status: 'compose_pending', regarding: null });
    expect(api.calls.filter((c) => c.name !== 'me')).toHaveLength(0);
  });
});

describe('change regarding and untrack', () => {
  async function tracked() {
    const ctx = setup();
    ctx.api.on('track', () => ok(trackResponse(ctx.item.key!)));
    await ctx.tracking.track(ctx.item);
    return ctx;
  }

  it('changes regarding of a tracked item on the server and in the marker', async () => {
    const { office, api, tracking, item } = await tracked();
    api.on('changeRegarding', (request) => {
      expect(request.body).toEqual({ regarding: { type: 'opportunity', id: OPPORTUNITY.id } });
      return ok(trackResponse(item.key!, OPPORTUNITY));
    });

    const snapshot = await tracking.changeRegarding(item, FABRIKAM);

    expect(snapshot.state).toMatchObject({ status: 'tracked', regarding: FABRIKAM });
    expect(office.markers.get(item.handle)).toMatchObject({ regardingName: 'Fabrikam 500 seats' });
  });

  it('keeps the state and explains when changing regarding fails', async () => {
    const { api, tracking, item } = await tracked();
    api.on('changeRegarding', () => err({ kind: 'network', message: 'down' }));

    const snapshot = await tracking.changeRegarding(item, FABRIKAM);

    expect(snapshot.state).toMatchObject({ status: 'tracked', regarding: null });
    expect(snapshot.notice?.message).toMatch(/couldn't change/i);
  });

  it('changes regarding of a pending item in the outbox entry and the marker', async () => {
    const { office, api, tracking, item, outbox } = setup();
    api.on('track', () => err({ kind: 'network', message: 'down' }));
    await tracking.track(item);

    const snapshot = await tracking.changeRegarding(item, FABRIKAM);

    expect(snapshot.state).toMatchObject({ status: 'pending', regarding: FABRIKAM });
    expect((await outbox.get(outboxId(USER_EMAIL, 'email', item.key!)))!.request.regarding).toEqual({
      type: 'opportunity',
      id: OPPORTUNITY.id,
    });
    expect(office.markers.get(item.handle)).toMatchObject({
      state: 'pending',
      regardingName: 'Fabrikam 500 seats',
    });
  });

  it('untracks: server, marker removed, category removed', async () => {
    const { office, api, tracking, item } = await tracked();
    api.on('untrack', () => ok({ status: trackingStatus(item.key!, false) }));

    const snapshot = await tracking.untrack(item);

    expect(snapshot.state).toEqual({ status: 'not_tracked' });
    expect(api.callsTo('untrack')).toHaveLength(1);
    expect(office.markers.has(item.handle)).toBe(false);
    expect(office.hasCategory(item)).toBe(false);
  });

  it('does not claim untracked when the server could not be reached', async () => {
    const { office, api, tracking, item } = await tracked();
    api.on('untrack', () => err(httpError(503, 'unavailable')));

    const snapshot = await tracking.untrack(item);

    expect(snapshot.state).toMatchObject({ status: 'tracked' });
    expect(snapshot.notice?.operation).toBe('untracking');
    expect(office.markers.get(item.handle)).toMatchObject({ state: 'tracked' });
  });

  it('untracking a pending item drops its outbox entry so it is never sent', async () => {
    const { api, tracking, item, outbox, clock } = setup();
    tracking.start();
    api.on('track', () => err({ kind: 'network', message: 'down' }));
    await tracking.track(item);
    api.on('untrack', () => err(httpError(404, 'not_found')));

    const snapshot = await tracking.untrack(item);
    await settle();
    clock.advance(60_000);
    await settle();

    expect(snapshot.state).toEqual({ status: 'not_tracked' });
    expect(await outbox.list(USER_EMAIL)).toEqual([]);
    expect(api.callsTo('track')).toHaveLength(1);
    tracking.stop();
  });
});

describe('outbox durability', () => {
  it('a new pane (after a reload) retries entries left by the previous one', async () => {
    const factory = emptyIndexedDb();
    const first = setup({ outbox: createIndexedDbOutbox(factory) });
    first.api.on('track', () => err({ kind: 'timeout', timeoutMs: 15_000 }));
    await first.tracking.track(first.item);

    const second = setup({ outbox: createIndexedDbOutbox(factory) });
    second.api.on('track', () => ok(trackResponse(second.item.key!)));
    second.clock.time = first.clock.time + 10_000;
    second.tracking.start();
    await settle();

    expect(second.api.callsTo('track')).toHaveLength(1);
    expect(await second.outbox.list(USER_EMAIL)).toEqual([]);
    second.tracking.stop();
  });
});
