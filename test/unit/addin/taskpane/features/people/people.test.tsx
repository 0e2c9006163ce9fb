// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { err } from '#browser/result';
import {
  JOHN_CONTACT,
  makeApi,
  makeItem,
  renderPane,
  USER_EMAIL,
} from '#test/unit/addin/taskpane/fixtures.tsx';

const email = makeItem({
  people: [
    { role: 'from', address: 'nora.fischer@fabrikam.example', name: 'Nora Fischer' },
    { role: 'to', address: USER_EMAIL, name: 'Alex Morgan' },
    { role: 'to', address: 'J.Doe@adatum.example', name: 'John Doe' },
    { role: 'cc', address: 'elena.vasquez@tailspin.example', name: 'Elena Vasquez' },
    { role: 'cc', address: 'nora.fischer@fabrikam.example', name: 'Nora Fischer' },
  ],
});

function group(name: string) {
  return screen.getByRole('group', { name });
}

describe('people on the item', () => {
  it('groups everyone but the user into matched, needs-a-choice and unknown, with one resolve call', async () => {
    const { api } = renderPane({ item: email });
    const matched = await screen.findByRole('group', { name: 'In the CRM' });
    expect(
      within(matched).getByRole('button', { name: 'Show details for Nora Fischer' }),
    ).toBeInTheDocument();
    expect(within(matched).getByText('From, Cc · nora.fischer@fabrikam.example')).toBeInTheDocument();
    expect(
      await within(group('Needs your choice')).findByRole('radiogroup', {
        name: 'Which record is J.Doe@adatum.example?',
      }),
    ).toBeInTheDocument();
    expect(within(group('Not in the CRM')).getByText('Elena Vasquez')).toBeInTheDocument();
    expect(screen.queryByText(/alex\.morgan@contoso\.example/)).not.toBeInTheDocument();

    expect(api.callsTo('resolve')).toHaveLength(1);
    expect(api.callsTo('resolve')[0]!.request).toEqual({
      body: {
        addresses: [
          'nora.fischer@fabrikam.example',
          'J.Doe@adatum.example',
          'elena.vasquez@tailspin.example',
        ],
      },
    });
  });

  it('shows every match of an ambiguous address and remembers the one the user picks', async () => {
    const user = userEvent.setup();
    const { api } = renderPane({ item: email });
    const choice = await screen.findByRole('radiogroup', { name: 'Which record is J.Doe@adatum.example?' });
    const options = within(choice).getAllByRole('radio');
    expect(options).toHaveLength(2);
    expect(within(choice).getByRole('radio', { name: 'John Doe · Contact · Adatum' })).toBeInTheDocument();
    expect(within(choice).getByRole('radio', { name: 'John Doe · Lead · Adatum' })).toBeInTheDocument();
    const use = screen.getByRole('button', { name: 'Use this one' });
    expect(use).toBeDisabled();

    // Pick the contact, then Tab to the button and press Enter.
    await user.click(within(choice).getByRole('radio', { name: 'John Doe · Contact · Adatum' }));
    await user.tab();
    expect(use).toHaveFocus();
    await user.keyboard('{Enter}');

    await waitFor(() =>
      expect(screen.queryByRole('group', { name: 'Needs your choice' })).not.toBeInTheDocument(),
    );
    expect(api.callsTo('resolveChoice')[0]!.request).toEqual({
      body: { address: 'J.Doe@adatum.example', record: { type: 'contact', id: JOHN_CONTACT.id } },
    });
    expect(
      within(group('In the CRM')).getByRole('button', { name: 'Show details for John Doe' }),
    ).toBeInTheDocument();
  });

  it('keeps the choice open and says why when it cannot be saved', async () => {
    const user = userEvent.setup();
    const api = makeApi().on('resolveChoice', () => err({ kind: 'network', message: 'down' }));
    renderPane({ item: email, api });
    await user.click(await screen.findByRole('radio', { name: 'John Doe · Lead · Adatum' }));
    await user.click(screen.getByRole('button', { name: 'Use this one' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('We cannot reach the CRM right now');
    expect(group('Needs your choice')).toBeInTheDocument();
  });

  it('uses a remembered choice without asking again', async () => {
    const api = makeApi({
      'j.doe@adatum.example': {
        matches: [
          JOHN_CONTACT,
          { ...JOHN_CONTACT, type: 'lead', id: '0e0e0000-0000-4000-8000-000000000007' },
        ],
        choice: JOHN_CONTACT,
      },
    });
    renderPane({
      item: makeItem({
        people: [
          { role: 'from', address: 'j.doe@adatum.example' },
          { role: 'cc', address: 'x@y.example' },
        ],
      }),
      api,
    });
    expect(await screen.findByRole('button', { name: 'Show details for John Doe' })).toBeInTheDocument();
    expect(screen.queryByRole('radiogroup')).not.toBeInTheDocument();
  });

  it('opens straight on the card when only one other person is on the item', async () => {
    renderPane();
    expect(await screen.findByRole('heading', { name: 'Nora Fischer', level: 2 })).toBeInTheDocument();
    expect(screen.getByText('Head of Procurement', { selector: 'dd' })).toBeInTheDocument();
  });

  it('says so in words and offers Retry when the CRM cannot be reached', async () => {
    const user = userEvent.setup();
    let fail = true;
    const api = makeApi();
    const resolve = makeApi();
    api.on('resolve', (req, opt) =>
      fail ? err({ kind: 'network', message: 'down' }) : resolve.call('resolve', req, opt),
    );
    renderPane({ item: email, api });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('We cannot reach the CRM right now. Check your connection');
    fail = false;
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('group', { name: 'In the CRM' })).toBeInTheDocument();
  });

  it('says when nobody else is on the item', async () => {
    const { api } = renderPane({ item: makeItem({ people: [{ role: 'from', address: USER_EMAIL }] }) });
    expect(await screen.findByText('No one else is on this item.')).toBeInTheDocument();
    expect(api.callsTo('resolve')).toHaveLength(0);
  });
});
