import { ok, err } from '#browser/result';
import { completeItemKey } from '#addin/tracking/item-key';
import { FakeApi, httpError } from '#test/unit/browser/fakes';
import { makeItem } from '#test/unit/addin/fakes';

describe('completeItemKey (appointments have no iCalUId in Office.js)', () => {
  const meeting = makeItem({ kind: 'appointment', role: 'attendee', key: null, restId: 'AAMk-event-7' });

  it('asks the CRM for the iCalUId of the meeting by its REST id and keys the item with it', async () => {
    const api = new FakeApi().on('appointmentKey', (req) =>
      req.body.itemId === 'AAMk-event-7' ? ok({ key: 'ical-uid-7' }) : err(httpError(404, 'not_found')),
    );
    const keyed = await completeItemKey(meeting, api);
    expect(keyed.key).toBe('ical-uid-7');
    expect(api.callsTo('appointmentKey')).toHaveLength(1);
  });

  it('leaves the key empty when the CRM cannot look it up, so sync completes tracking from the marker', async () => {
    const api = new FakeApi().on('appointmentKey', () => err(httpError(503, 'unavailable', 30)));
    expect((await completeItemKey(meeting, api)).key).toBeNull();
  });

  it('never calls the CRM for email, or for an appointment that already has a key', async () => {
    const api = new FakeApi();
    await completeItemKey(makeItem({ kind: 'email', key: '<m1@x.example>' }), api);
    await completeItemKey({ ...meeting, key: 'known' }, api);
    expect(api.callsTo('appointmentKey')).toHaveLength(0);
  });
});
