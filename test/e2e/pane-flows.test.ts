import { startHarness, type Harness } from './harness';

/**
 * The task pane as a sales rep uses it, in Chromium against the emulator: people and their cards,
 * set regarding, the ambiguous address, adding an unknown sender, a meeting, a pinned pane.
 */
const ALEX = 'alex.morgan@contoso.example';
const PRICING = /Fabrikam 500 seats: pricing proposal/;
const ADATUM = /Adatum renewal question/;

describe('task pane', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ user: ALEX, client: 'desktop', sync: 'manual' });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    await h.signIn(ALEX, 'desktop');
  });

  const status = () => h.pane().getByRole('status', { name: 'Tracking status' });

  it("opens on Nora Fischer's card, sets regarding to the Fabrikam opportunity and tracks it", async () => {
    await h.host.selectItem(PRICING);
    await h.host.openPane();
    const pane = h.pane();
    // Only one other person: the pane opens straight on her card.
    await pane.getByRole('heading', { name: 'Nora Fischer' }).waitFor();
    await pane.getByRole('list', { name: 'Open opportunities' }).getByText('Fabrikam 500 seats').waitFor();
    await status().getByText('Not tracked').waitFor();

    await pane.getByRole('button', { name: 'Set regarding' }).click();
    await pane.getByRole('searchbox').fill('Fabrikam 500');
    await pane
      .getByRole('group', { name: 'Search results' })
      .getByRole('button', { name: 'Set regarding Fabrikam 500 seats' })
      .click();
    await status().getByText('Tracked regarding Fabrikam 500 seats').waitFor();

    // The activity exists in the CRM, regarding the opportunity.
    const item = await h.emulatorApi<{ internetMessageId: string }>(
      'GET',
      `/emulator/api/mailboxes/${ALEX}/items/${await selectedItemId()}`,
    );
    const answer = await h.api().call('trackedStatus', {
      body: { items: [{ kind: 'email', key: item.internetMessageId }] },
    });
    expect(answer.items[0]).toMatchObject({ tracked: true, regarding: { name: 'Fabrikam 500 seats' } });
  });

  it('resolves the ambiguous j.doe@adatum.example by picking the contact, and remembers it', async () => {
    await h.host.selectItem(ADATUM);
    await h.host.openPane();
    const pane = h.pane();
    const choice = pane.getByRole('radiogroup', { name: /Which record is j\.doe@adatum\.example\?/i });
    await choice.waitFor();
    await choice.getByRole('radio', { name: /John Doe · Contact/ }).check();
    await pane.getByRole('button', { name: 'Use this one' }).click();
    // The only other person on the item is now known: the pane opens on his card.
    await pane.getByRole('heading', { name: 'John Doe' }).waitFor();
    await pane.getByText('Contact', { exact: true }).first().waitFor();

    // Another email, then back: the choice is remembered by the CRM, nothing to pick.
    await h.host.selectItem(PRICING);
    await h.host.openPane();
    await h.pane().getByRole('heading', { name: 'Nora Fischer' }).waitFor();
    await h.host.selectItem(ADATUM);
    await h.host.openPane();
    await h.pane().getByRole('heading', { name: 'John Doe' }).waitFor();
    expect(await h.pane().getByRole('radiogroup').count()).toBe(0);
  });

  it('adds an unknown sender as a contact', async () => {
    await h.host.selectItem(/Partnership inquiry from Tailspin Toys/);
    await h.host.openPane();
    const pane = h.pane();
    await pane.getByRole('button', { name: 'Add Elena Vasquez as contact or lead' }).click();
    const form = pane.getByRole('region', { name: 'Add to CRM' });
    expect(await form.getByRole('textbox', { name: 'First name' }).inputValue()).toBe('Elena');
    expect(await form.getByRole('textbox', { name: 'Company' }).inputValue()).toBe('Tailspin');
    await form.getByRole('checkbox', { name: /Also track this item/ }).uncheck();
    await form.getByRole('button', { name: 'Add' }).click();
    await pane.getByRole('heading', { name: 'Elena Vasquez' }).waitFor();

    const resolved = await h
      .api()
      .call('resolve', { body: { addresses: ['elena.vasquez@tailspin.example'] } });
    expect(resolved.results[0]?.matches.map((m) => [m.type, m.name])).toEqual([['contact', 'Elena Vasquez']]);
  });

  it('tracks the meeting with Nora and Priya, the attendees as parties', async () => {
    await h.host.openFolder('Calendar');
    await h.host.selectItem(/Fabrikam contract review/);
    await h.host.openPane();
    const pane = h.pane();
    await pane.getByText('You organize this meeting. Tracking saves it with all attendees.').waitFor();
    await pane.getByRole('button', { name: 'Show details for Nora Fischer' }).waitFor();
    await pane.getByRole('button', { name: 'Show details for Priya Raman' }).waitFor();
    await pane.getByRole('button', { name: 'Track meeting' }).click();
    // Office.js gives no iCalUId: the pane asked the CRM for it, so tracking is immediate.
    await status()
      .getByText(/^Tracked$/)
      .waitFor();

    const events = await h.emulatorApi<{ id: string; subject: string }[]>(
      'GET',
      `/emulator/api/mailboxes/${ALEX}/folders/calendar/items`,
    );
    const event = events.find((e) => e.subject === 'Fabrikam contract review')!;
    const full = await h.emulatorApi<{ iCalUId: string; customProperties: string | null }>(
      'GET',
      `/emulator/api/mailboxes/${ALEX}/items/${event.id}`,
    );
    expect(full.customProperties).toContain('"state":"tracked"');
    const answer = await h.api().call('trackedStatus', {
      body: { items: [{ kind: 'appointment', key: full.iCalUId }] },
    });
    expect(answer.items[0]).toMatchObject({ tracked: true, source: 'addin' });
    const parties = await h.server.db.query<{ address: string }>(
      `SELECT p.address FROM activity_parties p JOIN activities a ON a.id = p.activity_id WHERE a.key = $1`,
      [full.iCalUId],
    );
    const addresses = parties.rows.map((r) => r.address.toLowerCase());
    expect(addresses).toEqual(
      expect.arrayContaining(['nora.fischer@fabrikam.example', 'priya@northwind.example']),
    );
  });

  it('tracks a meeting Alex attends right away, keyed by the iCalUId the CRM looked up', async () => {
    await h.host.openFolder('Calendar');
    await h.host.selectItem(/West region pipeline sync/);
    await h.host.openPane();
    const pane = h.pane();
    await pane.getByRole('button', { name: 'Track meeting' }).click();
    await status()
      .getByText(/^Tracked$/)
      .waitFor();
    const activities = await h.server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM activities WHERE kind = 'appointment' AND subject = 'West region pipeline sync'`,
    );
    expect(activities.rows[0]?.n).toBe(1);
  });

  it('follows the selection when pinned, including to an item of someone unknown', async () => {
    await h.host.selectItem(PRICING);
    await h.host.openPane();
    await h.host.setPinned(true);
    await h.pane().getByRole('heading', { name: 'Nora Fischer' }).waitFor();
    await h.host.selectItem(/Wingtip Solutions: intro call next week\?/);
    await h.pane().getByRole('button', { name: 'Add Marcus Owusu as contact or lead' }).waitFor();
    expect(await h.pane().getByRole('heading', { name: 'Nora Fischer' }).count()).toBe(0);
    await h.host.selectItem(PRICING);
    await h.pane().getByRole('heading', { name: 'Nora Fischer' }).waitFor();
    await h.host.setPinned(false);
  });

  async function selectedItemId(): Promise<string> {
    const items = await h.emulatorApi<{ id: string; subject: string }[]>(
      'GET',
      `/emulator/api/mailboxes/${ALEX}/folders/inbox/items`,
    );
    const found = items.find((i) => PRICING.test(i.subject));
    if (!found) throw new Error('pricing email not found');
    return found.id;
  }
});
