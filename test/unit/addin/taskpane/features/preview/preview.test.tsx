// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { err } from '#browser/result';
import { makeApi, makeItem, NORA_CARD, renderPane, USER_EMAIL } from '#test/unit/addin/taskpane/fixtures.tsx';

function detail(term: string): HTMLElement {
  const dt = screen.getByText(term, { selector: 'dt' });
  return dt.nextElementSibling as HTMLElement;
}

describe('preview card', () => {
  it("shows the person's details, open opportunities and cases, last activity and a link to the CRM", async () => {
    renderPane();
    const card = await screen.findByRole('region', { name: 'Details of Nora Fischer' });
    expect(within(card).getByRole('heading', { name: 'Nora Fischer' })).toBeInTheDocument();
    expect(detail('Job title')).toHaveTextContent('Head of Procurement');
    expect(detail('Account')).toHaveTextContent('Fabrikam');
    expect(detail('Email')).toHaveTextContent('nora.fischer@fabrikam.example');
    expect(detail('Owner')).toHaveTextContent('You');
    expect(within(card).getByRole('list', { name: 'Open opportunities' })).toHaveTextContent(
      'Fabrikam 500 seats',
    );
    expect(within(card).getByRole('list', { name: 'Open cases' })).toHaveTextContent(
      'Login fails on tablets',
    );
    expect(within(card).getByText(/Pricing for 500 seats/)).toBeInTheDocument();
    const link = within(card).getByRole('link', { name: 'Open Nora Fischer in the CRM (new window)' });
    expect(link).toHaveAttribute('href', NORA_CARD.webUrl);
    expect(link).toHaveAttribute('target', '_blank');
  });

  it('shows a secured field as hidden with an explanation, not as blank', async () => {
    renderPane();
    await screen.findByRole('region', { name: 'Details of Nora Fischer' });
    const phone = detail('Phone');
    expect(phone).toHaveTextContent('Hidden');
    expect(within(phone).getByText('Hidden').closest('[aria-describedby]')).toHaveAccessibleDescription(
      'You do not have permission to see this field. Ask your CRM administrator if you need it.',
    );
  });

  it('opens from the people list and goes back with the keyboard', async () => {
    const user = userEvent.setup();
    renderPane({
      item: makeItem({
        people: [
          { role: 'from', address: 'nora.fischer@fabrikam.example', name: 'Nora Fischer' },
          { role: 'to', address: USER_EMAIL },
          { role: 'cc', address: 'priya@northwind.example' },
        ],
      }),
    });
    const open = await screen.findByRole('button', { name: 'Show details for Priya Raman' });
    open.focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { name: 'Priya Raman' })).toBeInTheDocument();
    expect(detail('Phone')).toHaveTextContent('Not set');
    await user.click(screen.getByRole('button', { name: 'Back to people' }));
    expect(await screen.findByRole('button', { name: 'Show details for Nora Fischer' })).toBeInTheDocument();
  });

  it('says when the record cannot be loaded and retries', async () => {
    const user = userEvent.setup();
    const api = makeApi();
    let fail = true;
    const ok = makeApi();
    api.on('record', (req, opt) =>
      fail
        ? err({
            kind: 'http',
            status: 403,
            code: 'forbidden',
            message: 'x',
            details: undefined,
            retryAfterSeconds: null,
          })
        : ok.call('record', req, opt),
    );
    renderPane({ api });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('You do not have permission to do this in the CRM.');
    fail = false;
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('heading', { name: 'Nora Fischer' })).toBeInTheDocument();
  });
});
