import { ok, err } from '#browser/result';
import { trackSelectedItem } from '#addin/tracking/command';
import { createIndexedDbOutbox } from '#addin/tracking/outbox';
import { createTrackingService } from '#addin/tracking/service';
import type { ItemTrackingSnapshot } from '#addin/tracking/types';
import { FakeApi, trackResponse, trackingStatus, USER_ID } from '#test/unit/browser/fakes';
import { FakeOffice } from '#test/unit/addin/fakes';
import { emptyIndexedDb } from './indexeddb';

const describe_ = (s: ItemTrackingSnapshot) => ({
  kind: s.state.status === 'failed' ? ('error' as const) : ('info' as const),
  message: `status: ${s.state.status}`,
});

function setup(office = new FakeOffice()) {
  const api = new FakeApi();
  const tracking = createTrackingService({ office, api, outbox: createIndexedDbOutbox(emptyIndexedDb()) });
  return { office, api, tracking };
}

describe('one-click Track from the ribbon', () => {
  it('tracks the selected item and says so in the info bar', async () => {
    const { office, api, tracking } = setup();
    api.on('trackedStatus', () => ok({ items: [trackingStatus(office.current!.key!, false)] }));
    api.on('track', () => ok(trackResponse(office.current!.key!)));

    const outcome = await trackSelectedItem({ office, tracking, describe: describe_ });

    expect(outcome).toMatchObject({
      outcome: 'done',
      notified: true,
      snapshot: { state: { status: 'tracked' } },
    });
    expect(office.notifications).toEqual([{ kind: 'info', message: 'status: tracked' }]);
  });

  it('does not track again an item already tracked', async () => {
    const { office, api, tracking } = setup();
    office.markers.set(office.current!.handle, {
      v: 1,
      state: 'tracked',
      kind: 'email',
      by: USER_ID,
      at: '2026-11-20T09:00:00Z',
      activityId: '0d0d0000-0000-4000-8000-000000000001',
    });
    api.on('trackedStatus', () => ok({ items: [trackingStatus(office.current!.key!, true)] }));

    await trackSelectedItem({ office, tracking, describe: describe_ });

    expect(api.callsTo('track')).toHaveLength(0);
    expect(office.notifications).toEqual([{ kind: 'info', message: 'status: tracked' }]);
  });

  it('leaves the item pending for sync when the CRM is down, and says so', async () => {
    const { office, api, tracking } = setup();
    api.on('trackedStatus', () => err({ kind: 'network', message: 'down' }));
    api.on('track', () => err({ kind: 'network', message: 'down' }));

    const outcome = await trackSelectedItem({ office, tracking, describe: describe_ });

    expect(outcome).toMatchObject({ snapshot: { state: { status: 'pending' } } });
    expect(office.markers.get(office.current!.handle)).toMatchObject({ state: 'pending' });
    expect(office.notifications).toEqual([{ kind: 'info', message: 'status: pending' }]);
  });

  it('reports when no item is selected', async () => {
    const { tracking } = setup();
    const office = new FakeOffice(null);
    expect(await trackSelectedItem({ office, tracking, describe: describe_ })).toEqual({
      outcome: 'no_item',
    });
  });
});
