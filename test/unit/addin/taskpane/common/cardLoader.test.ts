import { ok } from '#browser/result';
import { createCardLoader } from '#addin/taskpane/common/cardLoader';
import { FakeApi } from '#test/unit/browser/fakes';
import { fullCard, NORA } from '#test/unit/addin/taskpane/fixtures.tsx';

describe('card loader', () => {
  it('asks for a record once, by its reference only, even when handed the whole card', async () => {
    const api = new FakeApi().on('record', () => ok({ record: fullCard(NORA) }));
    const loadCard = createCardLoader(api, new AbortController().signal);

    const [first, second] = await Promise.all([loadCard(NORA), loadCard({ type: NORA.type, id: NORA.id })]);

    expect(first).toEqual(ok(fullCard(NORA)));
    expect(second).toEqual(first);
    expect(api.callsTo('record')).toEqual([
      { name: 'record', request: { params: { type: 'contact', id: NORA.id } } },
    ]);
  });
});
