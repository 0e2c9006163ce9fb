import { err } from '#browser/result';
import { applyMarker, markerFor } from '#addin/tracking/markers';
import { FakeOffice, makeItem } from '#test/unit/addin/fakes';
import { USER_EMAIL } from '#test/unit/browser/fakes';

const deps = (office: FakeOffice) => ({ office, now: () => Date.parse('2026-11-20T12:00:00.000Z') });

describe('the marker-and-category step', () => {
  it('writes the marker by the Office user, then adds the category', async () => {
    const office = new FakeOffice();
    const item = office.current!;
    const marker = markerFor(deps(office), item, 'pending', null);

    const outcome = await applyMarker(office, item, { marker, category: 'add' });

    expect(outcome).toEqual({ marked: { ok: true, value: undefined }, problem: null });
    expect(office.markers.get(item.handle)).toMatchObject({ state: 'pending', by: USER_EMAIL });
    expect(office.hasCategory(item)).toBe(true);
  });

  it('leaves the category alone when a marker the operation depends on cannot be removed', async () => {
    const office = new FakeOffice();
    const item = office.current!;
    await office.addCategory(item);
    const refused = { kind: 'office' as const, code: 'office_failed' as const, message: 'refused' };
    vi.spyOn(office, 'removeMarker').mockResolvedValue(err(refused));

    const outcome = await applyMarker(office, item, { marker: null, category: 'remove', essential: true });

    expect(outcome.problem).toEqual(refused);
    expect(office.hasCategory(item)).toBe(true);
  });

  it('reports nothing when Outlook moved to another item meanwhile', async () => {
    const office = new FakeOffice();
    const item = office.current!;
    office.select(makeItem({ handle: '2', key: '<msg-2@x.example>', itemId: 'AAMk-item-2' }));

    const outcome = await applyMarker(office, item, {
      marker: markerFor(deps(office), item, 'tracked', null, {
        activityId: '0d0d0000-0000-4000-8000-000000000001',
      }),
      category: 'add',
    });

    expect(outcome.marked).toMatchObject({ ok: false, error: { code: 'item_changed' } });
    expect(outcome.problem).toBeNull();
  });
});
