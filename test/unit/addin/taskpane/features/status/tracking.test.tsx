// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { err, ok } from '#browser/result';
import type { CompactCard } from '#contract';
import { httpError, trackResponse, trackingStatus } from '#test/unit/browser/fakes';
import {
  FABRIKAM_DEAL,
  makeApi,
  makeItem,
  NORA,
  renderPane,
  USER_EMAIL,
} from '#test/unit/addin/taskpane/fixtures.tsx';

const status = () => screen.getByRole('status', { name: 'Tracking status' });

async function settledStatus(text: string | RegExp) {
  await waitFor(() => expect(status()).toHaveTextContent(text));
}

function trackingApi(regardingOnServer: CompactCard | null = null) {
  const api = makeApi();
  api.on('track', ({ params, body }) =>
    ok(
      trackResponse(
        params.key,
        body.regarding ? (body.regarding.id === FABRIKAM_DEAL.id ? FABRIKAM_DEAL : NORA) : regardingOnServer,
      ),
    ),
  );
  return api;
}

describe('tracking from the pane', () => {
  it('tracks with one click and says so', async () => {
    const user = userEvent.setup();
    const { api, office } = renderPane({ api: trackingApi() });
    await settledStatus('Not tracked');
    await user.click(screen.getByRole('button', { name: 'Track' }));
    await settledStatus(/^Tracked$/);
    const put = api.callsTo('track')[0]!.request as { params: { key: string }; body: { regarding: unknown } };
    expect(put.params.key).toBe('<msg-1@fabrikam.example>');
    expect(put.body.regarding).toBeNull();
    expect(office.markers.get('1')?.state).toBe('tracked');
    expect(screen.getByRole('button', { name: 'Untrack' })).toBeInTheDocument();
  });

  it('sets regarding through the type-ahead search and shows "Tracked regarding …"', async () => {
    const user = userEvent.setup();
    const { api } = renderPane({ api: trackingApi() });
    await settledStatus('Not tracked');
    await user.click(screen.getByRole('button', { name: 'Set regarding' }));
    const search = await screen.findByRole('searchbox', { name: /Search contacts, leads/ });
    expect(search).toHaveFocus();
    // Before typing: suggestions from the people on the item (Nora's open opportunity and case).
    const suggestions = await screen.findByRole('group', { name: 'Suggested from people on this item' });
    expect(
      await within(suggestions).findByRole('button', { name: 'Set regarding Fabrikam 500 seats' }),
    ).toBeInTheDocument();
    expect(within(suggestions).getByRole('button', { name: 'Set regarding Fabrikam' })).toBeInTheDocument();

    await user.type(search, '500 s');
    const results = await screen.findByRole('group', { name: 'Search results' });
    // Debounced: one request for what was typed, not one per key.
    expect(api.callsTo('search')).toHaveLength(1);
    expect(api.callsTo('search')[0]!.request).toEqual({ query: { q: '500 s', limit: 15 } });
    // Arrow down from the search box moves into the results; Enter picks.
    await user.keyboard('{ArrowDown}');
    expect(within(results).getByRole('button', { name: 'Set regarding Fabrikam 500 seats' })).toHaveFocus();
    await user.keyboard('{Enter}');

    await settledStatus('Tracked regarding Fabrikam 500 seats');
    const put = api.callsTo('track')[0]!.request as { body: { regarding: unknown } };
    expect(put.body.regarding).toEqual({ type: 'opportunity', id: FABRIKAM_DEAL.id });
    expect(screen.getByRole('button', { name: 'Change regarding' })).toBeInTheDocument();
  });

  it('cancels a search that a newer query replaced', async () => {
    const user = userEvent.setup();
    const api = trackingApi();
    const signals: AbortSignal[] = [];
    api.on('search', (_req, options) => {
      signals.push(options.signal!);
      return new Promise((resolve) => setTimeout(() => resolve(ok({ results: [] })), 400));
    });
    renderPane({ api });
    await user.click(await screen.findByRole('button', { name: 'Set regarding' }));
    const search = await screen.findByRole('searchbox');
    await user.type(search, 'Fab');
    await waitFor(() => expect(signals).toHaveLength(1));
    await user.type(search, 'r');
    await waitFor(() => expect(signals).toHaveLength(2));
    expect(signals[0]!.aborted).toBe(true);
    expect(await screen.findByText('Nothing found for "Fabr".')).toBeInTheDocument();
  });

  it('shows recent and pinned records and pins one', async () => {
    const user = userEvent.setup();
    const api = trackingApi();
    let pins: CompactCard[] = [];
    api.on('recent', () => ok({ records: [FABRIKAM_DEAL] }));
    api.on('pins', () => ok({ pins }));
    api.on('pin', () => {
      pins = [FABRIKAM_DEAL];
      return ok({ pins });
    });
    renderPane({ api, item: makeItem({ people: [{ role: 'from', address: 'unknown@nowhere.example' }] }) });
    await user.click(await screen.findByRole('button', { name: 'Set regarding' }));
    const recent = await screen.findByRole('group', { name: 'Recent' });
    await user.click(within(recent).getByRole('button', { name: 'Pin Fabrikam 500 seats' }));
    const pinned = await screen.findByRole('group', { name: 'Pinned' });
    expect(within(pinned).getByRole('button', { name: 'Unpin Fabrikam 500 seats' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('searchbox')).not.toBeInTheDocument();
  });
});

// The same suite, in two blocks that each fit the lint's function length.
describe('tracking from the pane', () => {
  it('says "Pending — will sync" with the next try when the CRM cannot be reached, and marks the item', async () => {
    const user = userEvent.setup();
    const api = makeApi().on('track', () => err({ kind: 'network', message: 'connection refused' }));
    const { office } = renderPane({ api });
    await settledStatus('Not tracked');
    await user.click(screen.getByRole('button', { name: 'Track' }));
    await settledStatus(/Pending — will sync/);
    expect(status()).toHaveTextContent('The CRM cannot be reached right now. We will try again at');
    expect(office.markers.get('1')?.state).toBe('pending');
  });

  it('shows a permanent failure in words and tracks again on Retry', async () => {
    const user = userEvent.setup();
    let refuse = true;
    const api = trackingApi();
    const accept = trackingApi();
    api.on('track', (req, opt) =>
      refuse ? err(httpError(403, 'forbidden')) : accept.call('track', req, opt),
    );
    renderPane({ api });
    await settledStatus('Not tracked');
    await user.click(screen.getByRole('button', { name: 'Track' }));
    await settledStatus(/Failed/);
    expect(status()).toHaveTextContent(
      'You do not have permission to track this item regarding that record.',
    );
    refuse = false;
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await settledStatus(/^Tracked$/);
    expect(api.callsTo('track')).toHaveLength(2);
  });

  it('changes regarding of a tracked item', async () => {
    const user = userEvent.setup();
    const api = trackingApi();
    api.on('trackedStatus', ({ body }) =>
      ok({ items: body.items.map((i) => trackingStatus(i.key, true, NORA)) }),
    );
    api.on('changeRegarding', ({ params }) => ok(trackResponse(params.key, FABRIKAM_DEAL)));
    renderPane({ api });
    await settledStatus('Tracked regarding Nora Fischer');
    await user.click(screen.getByRole('button', { name: 'Change regarding' }));
    await user.click(await screen.findByRole('button', { name: 'Set regarding Fabrikam 500 seats' }));
    await settledStatus('Tracked regarding Fabrikam 500 seats');
    expect(api.callsTo('changeRegarding')[0]!.request).toMatchObject({
      body: { regarding: { type: 'opportunity', id: FABRIKAM_DEAL.id } },
    });
  });

  function trackedApi() {
    const api = trackingApi();
    api.on('trackedStatus', ({ body }) => ok({ items: body.items.map((i) => trackingStatus(i.key, true)) }));
    api.on('untrack', ({ params }) => ok({ status: trackingStatus(params.key, false) }));
    return api;
  }

  it('asks before untracking, and Cancel keeps the item tracked', async () => {
    const user = userEvent.setup();
    const api = trackedApi();
    renderPane({ api });
    await settledStatus(/^Tracked$/);
    await user.click(screen.getByRole('button', { name: 'Untrack' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Untrack this item?' });
    expect(dialog).toHaveTextContent('no longer tracked by you');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(api.callsTo('untrack')).toHaveLength(0);
    await settledStatus(/^Tracked$/);
  });

  it('untracks after confirmation', async () => {
    const user = userEvent.setup();
    const api = trackedApi();
    renderPane({ api });
    await settledStatus(/^Tracked$/);
    await user.click(screen.getByRole('button', { name: 'Untrack' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Untrack this item?' });
    await user.click(within(dialog).getByRole('button', { name: 'Untrack' }));
    await settledStatus('Not tracked');
    expect(api.callsTo('untrack')).toHaveLength(1);
  });
});

describe('compose and appointments', () => {
  it('in compose, says the message will be tracked after sending', async () => {
    const user = userEvent.setup();
    const { office, api } = renderPane({
      api: trackingApi(),
      item: makeItem({ mode: 'compose', key: null, itemId: null, subject: 'Proposal' }),
    });
    expect(await screen.findByText(/You are writing this message/)).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'Track after sending' }));
    await settledStatus('Will be tracked after you send');
    expect(office.markers.get('1')).toMatchObject({ state: 'pending', compose: true });
    expect(api.callsTo('track')).toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Do not track' })).toBeInTheDocument();
  });

  it('organizer: the meeting is open for editing; tracking is kept with it and finished by the server', async () => {
    const user = userEvent.setup();
    const api = trackingApi();
    const { office } = renderPane({
      api,
      item: makeItem({
        kind: 'appointment',
        mode: 'compose',
        role: 'organizer',
        key: null,
        subject: 'Fabrikam kickoff',
        people: [
          { role: 'organizer', address: USER_EMAIL },
          { role: 'required', address: 'nora.fischer@fabrikam.example', name: 'Nora Fischer' },
          { role: 'optional', address: 'priya@northwind.example', name: 'Priya Raman' },
        ],
      }),
    });
    expect(
      await screen.findByText('You organize this meeting. Tracking saves it with all attendees.'),
    ).toBeInTheDocument();
    expect(screen.getByText(/kept with the meeting and completed by the CRM server/)).toBeInTheDocument();
    expect(await screen.findByText('Attendee · nora.fischer@fabrikam.example')).toBeInTheDocument();
    expect(screen.getByText('Optional attendee · priya@northwind.example')).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'Track meeting' }));
    await settledStatus('Will be tracked once the meeting is saved, within a few minutes');
    expect(office.markers.get('1')).toMatchObject({ state: 'pending', kind: 'appointment', compose: true });
  });

  it('organizer of a saved meeting: tracks at once, without promising a later save, and offers Untrack', async () => {
    const user = userEvent.setup();
    const api = trackingApi();
    renderPane({
      api,
      item: makeItem({
        kind: 'appointment',
        mode: 'compose',
        role: 'organizer',
        key: 'ical-3',
        restId: 'rest-3',
        subject: 'Fabrikam contract review',
        people: [
          { role: 'organizer', address: USER_EMAIL },
          { role: 'required', address: 'nora.fischer@fabrikam.example', name: 'Nora Fischer' },
        ],
      }),
    });
    await screen.findByText('You organize this meeting. Tracking saves it with all attendees.');
    await user.click(await screen.findByRole('button', { name: 'Track meeting' }));
    await settledStatus(/^Tracked$/);
    expect(api.callsTo('track')).toHaveLength(1);
    expect(
      screen.queryByText(/kept with the meeting and completed by the CRM server/),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Untrack' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Do not track' })).not.toBeInTheDocument();
  });

  it('attendee: tracks the meeting at once with the organizer and attendees as parties', async () => {
    const user = userEvent.setup();
    const api = trackingApi();
    renderPane({
      api,
      item: makeItem({
        kind: 'appointment',
        role: 'attendee',
        key: 'ical-2',
        start: '2026-11-25T10:00:00.000Z',
        end: '2026-11-25T11:00:00.000Z',
        people: [
          { role: 'organizer', address: 'nora.fischer@fabrikam.example' },
          { role: 'required', address: USER_EMAIL },
          { role: 'required', address: 'priya@northwind.example' },
        ],
      }),
    });
    expect(await screen.findByText(/You are invited to this meeting/)).toBeInTheDocument();
    await settledStatus('Not tracked');
    await user.click(screen.getByRole('button', { name: 'Track meeting' }));
    await settledStatus(/^Tracked$/);
    const put = api.callsTo('track')[0]!.request as {
      params: { kind: string; key: string };
      body: { item: { people: unknown[] } };
    };
    expect(put.params).toEqual({ kind: 'appointment', key: 'ical-2' });
    expect(put.body.item.people).toHaveLength(3);
  });
});
