// @vitest-environment jsdom
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ok, type Result } from '#browser/result';
import type { ApiError } from '#browser/api/types';
import type { ResponseOf } from '#contract';
import { trackResponse } from '#test/unit/browser/fakes';
import { FakeOffice } from '#test/unit/addin/fakes';
import {
  makeApi,
  makeItem,
  NORA,
  PRIYA,
  renderPane,
  USER_EMAIL,
} from '#test/unit/addin/taskpane/fixtures.tsx';

const first = makeItem({ handle: 'a', key: '<a@fabrikam.example>', subject: 'From Nora' });
const second = makeItem({
  handle: 'b',
  key: '<b@northwind.example>',
  itemId: 'AAMk-item-2',
  subject: 'From Priya',
  people: [
    { role: 'from', address: 'priya@northwind.example', name: 'Priya Raman' },
    { role: 'to', address: USER_EMAIL },
  ],
});

type Deferred<T> = { promise: Promise<T>; resolve: (v: T) => void };
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the pinned pane follows the selection', () => {
  it('cancels the previous item’s lookup and never shows its result on the next item', async () => {
    const api = makeApi();
    const normal = makeApi();
    const slow = deferred<Result<ResponseOf<'resolve'>, ApiError>>();
    let firstSignal: AbortSignal | undefined;
    api.on('resolve', (req, opt) => {
      if (req.body.addresses.includes('nora.fischer@fabrikam.example')) {
        firstSignal = opt.signal;
        return slow.promise;
      }
      return normal.call('resolve', req, opt);
    });
    const office = new FakeOffice(first);
    renderPane({ office, api });
    expect(await screen.findByText('Looking up people…')).toBeInTheDocument();

    act(() => office.select(second));
    expect(await screen.findByRole('heading', { name: 'Priya Raman' })).toBeInTheDocument();
    expect(screen.getByText('From Priya')).toBeInTheDocument();
    expect(firstSignal?.aborted).toBe(true);

    // The old answer arrives late: nothing of it reaches the new item.
    await act(async () =>
      slow.resolve(
        ok({
          results: [
            { address: 'nora.fischer@fabrikam.example', normalized: null, matches: [NORA], choice: null },
          ],
        }),
      ),
    );
    expect(screen.queryByText('Nora Fischer')).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Priya Raman' })).toBeInTheDocument();
  });

  it('finishes a track started on the previous item without showing it on the next one', async () => {
    const user = userEvent.setup();
    const api = makeApi();
    const put = deferred<void>();
    api.on('track', async ({ params }) => {
      await put.promise;
      return ok(trackResponse(params.key, PRIYA));
    });
    const office = new FakeOffice(first);
    renderPane({ office, api });
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Tracking status' })).toHaveTextContent('Not tracked'),
    );
    await user.click(screen.getByRole('button', { name: 'Track' }));
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Tracking status' })).toHaveTextContent('Tracking…'),
    );

    act(() => office.select(second));
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Tracking status' })).toHaveTextContent('Not tracked'),
    );
    await act(async () => put.resolve());
    await waitFor(() => expect(api.callsTo('track')).toHaveLength(1));
    expect(screen.getByRole('status', { name: 'Tracking status' })).toHaveTextContent('Not tracked');
    expect(screen.getByText('From Priya')).toBeInTheDocument();
  });

  it('shows an empty state when no item is selected, and the item once one is', async () => {
    const office = new FakeOffice(null);
    renderPane({ office });
    expect(await screen.findByRole('heading', { name: 'No item selected' })).toBeInTheDocument();
    expect(
      screen.getByText('Select an email or a meeting to see who is on it and to track it.'),
    ).toBeInTheDocument();
    act(() => office.select(second));
    expect(await screen.findByRole('heading', { name: 'Priya Raman' })).toBeInTheDocument();
    act(() => office.select(null));
    expect(await screen.findByRole('heading', { name: 'No item selected' })).toBeInTheDocument();
  });
});

describe('mobile client', () => {
  it('says categories are not shown, tracks without one and takes status from the marker and the server', async () => {
    const office = new FakeOffice(first, {
      client: 'mobile',
      categories: false,
      pinning: false,
      mailboxVersion: '1.5',
    });
    const api = makeApi();
    api.on('track', ({ params }) => ok(trackResponse(params.key)));
    const user = userEvent.setup();
    renderPane({ office, api });
    expect(
      await screen.findByText(/Outlook mobile does not show the "Tracked to Regarding" category/),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Tracking status' })).toHaveTextContent('Not tracked'),
    );
    await user.click(screen.getByRole('button', { name: 'Track' }));
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Tracking status' })).toHaveTextContent(/^Tracked$/),
    );
    expect(office.markers.get('a')?.state).toBe('tracked');
    expect(office.hasCategory(first)).toBe(false);
  });
});
