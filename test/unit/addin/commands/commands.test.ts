import { ok } from '#browser/result';
import { describeTrackOutcome } from '#addin/commands/describe';
import { trackSelectedItem } from '#addin/tracking/command';
import { createMemoryOutbox } from '#addin/tracking/outbox';
import { createTrackingService } from '#addin/tracking/service';
import { httpError, trackResponse, trackingStatus } from '#test/unit/browser/fakes';
import { FakeOffice, makeItem } from '#test/unit/addin/fakes';
import { FABRIKAM_DEAL, makeApi } from '#test/unit/addin/taskpane/fixtures.tsx';
import { err } from '#browser/result';

function run(api = makeApi(), office = new FakeOffice(makeItem())) {
  const tracking = createTrackingService({ office, api, outbox: createMemoryOutbox() });
  return trackSelectedItem({ office, tracking, describe: describeTrackOutcome }).then((outcome) => ({
    outcome,
    office,
    api,
  }));
}

describe('ribbon command "Track"', () => {
  it('tracks the selected item and says so in the info bar', async () => {
    const api = makeApi().on('track', ({ params }) => ok(trackResponse(params.key)));
    const { office } = await run(api);
    expect(office.notifications).toEqual([{ kind: 'info', message: 'Tracked to Regarding.' }]);
  });

  it('names the regarding record of an item already tracked', async () => {
    const api = makeApi().on('trackedStatus', ({ body }) =>
      ok({ items: body.items.map((i) => trackingStatus(i.key, true, FABRIKAM_DEAL)) }),
    );
    const { office } = await run(api);
    expect(office.notifications).toEqual([
      { kind: 'info', message: 'Tracked to Regarding, regarding Fabrikam 500 seats.' },
    ]);
    expect(api.callsTo('track')).toHaveLength(0);
  });

  it('promises completion when the CRM cannot be reached', async () => {
    const api = makeApi().on('track', () => err({ kind: 'network', message: 'down' }));
    const { office } = await run(api);
    expect(office.notifications).toEqual([
      { kind: 'info', message: 'Regarding will finish tracking this item within a few minutes.' },
    ]);
    expect(office.markers.get('1')?.state).toBe('pending');
  });

  it('explains a permanent failure within the info bar limit', async () => {
    const api = makeApi().on('track', () => err(httpError(403, 'forbidden')));
    const { office } = await run(api);
    const [note] = office.notifications;
    expect(note?.kind).toBe('error');
    expect(note?.message).toMatch(/^Regarding could not track this item: You do not have permission/);
    expect(note!.message.length).toBeLessThanOrEqual(150);
  });
});

describe('command function file', () => {
  it('always completes the event, even when Regarding is not configured', async () => {
    const { trackItem } = await import('#addin/commands/trackItem');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const completed = vi.fn();
    await trackItem({ completed }, new FakeOffice() as never);
    expect(completed).toHaveBeenCalledTimes(1);
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });
});
