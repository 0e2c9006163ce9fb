// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { err, ok } from '#browser/result';
import type { CompactCard } from '#contract';
import { trackResponse } from '#test/unit/browser/fakes';
import { fullCard, makeApi, makeItem, renderPane, USER_EMAIL } from '#test/unit/addin/taskpane/fixtures.tsx';

const ELENA: CompactCard = {
  type: 'contact',
  id: '0e0e0000-0000-4000-8000-000000000099',
  name: 'Elena Vasquez',
  subtitle: null,
  email: 'elena.vasquez@tailspin.example',
  account: null,
  ownerName: 'Alex Morgan',
  ownedByMe: true,
  open: true,
};
const ELENA_OLD: CompactCard = {
  ...ELENA,
  id: '0e0e0000-0000-4000-8000-000000000098',
  email: 'evasquez@tailspin.example',
};

const item = makeItem({
  people: [
    { role: 'from', address: 'elena.vasquez@tailspin.example', name: 'Elena Vasquez' },
    { role: 'to', address: USER_EMAIL },
    { role: 'cc', address: 'nora.fischer@fabrikam.example', name: 'Nora Fischer' },
  ],
});

function duplicateError(candidates: CompactCard[]) {
  return err({
    kind: 'http' as const,
    status: 409,
    code: 'duplicate_candidates' as const,
    message: 'duplicates',
    details: { candidates },
    retryAfterSeconds: null,
  });
}

async function openForm(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Add Elena Vasquez as contact or lead' }));
  return screen.findByRole('region', { name: 'Add to CRM' });
}

describe('add an unknown person', () => {
  it('prefills from the display name and domain, creates the contact and tracks regarding it', async () => {
    const user = userEvent.setup();
    const api = makeApi();
    api.on('createContact', () => ok({ record: fullCard(ELENA) }));
    api.on('record', () => ok({ record: fullCard(ELENA) }));
    api.on('track', ({ params }) => ok(trackResponse(params.key, ELENA)));
    renderPane({ item, api });
    const form = await openForm(user);
    expect(within(form).getByRole('textbox', { name: 'First name' })).toHaveValue('Elena');
    expect(within(form).getByRole('textbox', { name: /Last name/ })).toHaveValue('Vasquez');
    expect(within(form).getByRole('textbox', { name: 'Email' })).toHaveValue(
      'elena.vasquez@tailspin.example',
    );
    expect(within(form).getByRole('textbox', { name: 'Company' })).toHaveValue('Tailspin');
    await user.type(within(form).getByRole('textbox', { name: 'Job title' }), 'Buyer');
    expect(within(form).getByRole('checkbox', { name: /Also track this item/ })).toBeChecked();
    await user.click(within(form).getByRole('button', { name: 'Add' }));

    expect(await screen.findByRole('heading', { name: 'Elena Vasquez' })).toBeInTheDocument();
    expect(api.callsTo('createContact')[0]!.request).toEqual({
      body: {
        firstName: 'Elena',
        lastName: 'Vasquez',
        email: 'elena.vasquez@tailspin.example',
        jobTitle: 'Buyer',
        companyName: 'Tailspin',
      },
    });
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Tracking status' })).toHaveTextContent(
        'Tracked regarding Elena Vasquez',
      ),
    );
  });

  it('adds a lead when chosen, without tracking when unticked', async () => {
    const user = userEvent.setup();
    const api = makeApi();
    api.on('createLead', () => ok({ record: fullCard({ ...ELENA, type: 'lead' }) }));
    api.on('record', () => ok({ record: fullCard({ ...ELENA, type: 'lead' }) }));
    renderPane({ item, api });
    const form = await openForm(user);
    await user.click(within(form).getByRole('radio', { name: 'Lead' }));
    await user.click(within(form).getByRole('checkbox', { name: /Also track this item/ }));
    await user.click(within(form).getByRole('button', { name: 'Add' }));
    expect(await screen.findByRole('heading', { name: 'Elena Vasquez' })).toBeInTheDocument();
    expect(api.callsTo('createLead')).toHaveLength(1);
    expect(api.callsTo('track')).toHaveLength(0);
  });

  it('starts the keyboard in the form, and Escape goes back to the same Add button', async () => {
    const user = userEvent.setup();
    renderPane({ item, api: makeApi() });
    await openForm(user);
    expect(screen.getByRole('textbox', { name: 'First name' })).toHaveFocus();
    await user.keyboard('{Escape}');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Add Elena Vasquez as contact or lead' })).toHaveFocus(),
    );
    expect(screen.queryByRole('region', { name: 'Add to CRM' })).not.toBeInTheDocument();
  });

  it('asks for a last name before sending anything', async () => {
    const user = userEvent.setup();
    const { api } = renderPane({ item });
    const form = await openForm(user);
    await user.clear(within(form).getByRole('textbox', { name: /Last name/ }));
    await user.click(within(form).getByRole('button', { name: 'Add' }));
    expect(await within(form).findByText('Enter a last name.')).toBeInTheDocument();
    expect(api.callsTo('createContact')).toHaveLength(0);
  });

  it('warns about duplicates and uses the existing record when asked', async () => {
    const user = userEvent.setup();
    const api = makeApi();
    api.on('createContact', () => duplicateError([ELENA_OLD]));
    api.on('record', () => ok({ record: fullCard(ELENA_OLD) }));
    api.on('track', ({ params }) => ok(trackResponse(params.key, ELENA_OLD)));
    renderPane({ item, api });
    const form = await openForm(user);
    await user.click(within(form).getByRole('button', { name: 'Add' }));
    expect(await screen.findByText('This person may already be in the CRM')).toBeInTheDocument();
    expect(screen.getByText(/evasquez@tailspin\.example/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Use Elena Vasquez' }));
    expect(await screen.findByRole('heading', { name: 'Elena Vasquez' })).toBeInTheDocument();
    expect(api.callsTo('createContact')).toHaveLength(1);
    await waitFor(() =>
      expect(api.callsTo('track')[0]!.request).toMatchObject({ body: { regarding: { id: ELENA_OLD.id } } }),
    );
  });

  it('creates anyway with force after the duplicate warning', async () => {
    const user = userEvent.setup();
    const api = makeApi();
    api.on('createContact', ({ body }) =>
      body.force ? ok({ record: fullCard(ELENA) }) : duplicateError([ELENA_OLD]),
    );
    api.on('record', () => ok({ record: fullCard(ELENA) }));
    api.on('track', ({ params }) => ok(trackResponse(params.key, ELENA)));
    renderPane({ item, api });
    const form = await openForm(user);
    await user.click(within(form).getByRole('button', { name: 'Add' }));
    await user.click(await screen.findByRole('button', { name: 'Create anyway' }));
    expect(await screen.findByRole('heading', { name: 'Elena Vasquez' })).toBeInTheDocument();
    expect(api.callsTo('createContact')[1]!.request).toMatchObject({ body: { force: true } });
  });

  it('keeps the form and explains when the CRM refuses', async () => {
    const user = userEvent.setup();
    const api = makeApi();
    api.on('createContact', () =>
      err({
        kind: 'http',
        status: 403,
        code: 'forbidden',
        message: 'no',
        details: undefined,
        retryAfterSeconds: null,
      }),
    );
    renderPane({ item, api });
    const form = await openForm(user);
    await user.click(within(form).getByRole('button', { name: 'Add' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'You do not have permission to do this in the CRM.',
    );
    expect(within(form).getByRole('textbox', { name: 'First name' })).toHaveValue('Elena');
  });
});
