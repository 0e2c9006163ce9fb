import AxeBuilder from '@axe-core/playwright';
import { startHarness, type Harness } from './harness';

/**
 * Accessibility of every pane state (axe-core: no serious or critical violations inside the pane
 * frame) and the mobile client.
 */
const ALEX = 'alex.morgan@contoso.example';
const PANE = 'iframe[title="Regarding task pane"]';

describe('task pane accessibility and mobile', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ user: ALEX, client: 'desktop', sync: 'off' });
  });
  // Each harness has its own emulator, so its faults end with it.
  afterAll(() => h?.close());

  /** Serious and critical axe violations inside the pane, as readable lines. */
  async function violations(): Promise<string[]> {
    const result = await new AxeBuilder({ page: h.page }).include(PANE).analyze();
    // Guard against a vacuous pass: axe must have looked inside the pane's frame.
    expect(result.passes.some((p) => p.nodes.some((n) => n.target.length > 1))).toBe(true);
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }

  async function open(subject: RegExp, folder: 'Inbox' | 'Calendar' = 'Inbox') {
    await h.signIn(ALEX, 'desktop');
    if (folder !== 'Inbox') await h.host.openFolder(folder);
    await h.host.selectItem(subject);
    await h.host.openPane();
  }

  it('people list, card, ambiguous choice, regarding search and tracked state', async () => {
    await open(/Q4 pipeline review/);
    const pane = h.pane();
    await pane.getByRole('button', { name: 'Show details for Sam Lee' }).waitFor();
    expect(await violations()).toEqual([]);

    await pane.getByRole('button', { name: 'Show details for Sam Lee' }).click();
    await pane.getByRole('heading', { name: 'Sam Lee' }).waitFor();
    expect(await violations()).toEqual([]);

    await open(/Adatum renewal question/);
    await h.pane().getByRole('radiogroup').waitFor();
    expect(await violations()).toEqual([]);

    await open(/Fabrikam 500 seats: pricing proposal/);
    await h.pane().getByRole('heading', { name: 'Nora Fischer' }).waitFor();
    expect(await violations()).toEqual([]);
    await h.pane().getByRole('button', { name: 'Set regarding' }).click();
    await h.pane().getByRole('group', { name: 'Suggested from people on this item' }).waitFor();
    expect(await violations()).toEqual([]);
    await h.pane().getByRole('searchbox').fill('Fabrikam');
    await h.pane().getByRole('group', { name: 'Search results' }).waitFor();
    expect(await violations()).toEqual([]);
    await h.pane().getByRole('button', { name: 'Set regarding Fabrikam 500 seats' }).first().click();
    await h.pane().getByText('Tracked regarding Fabrikam 500 seats').waitFor();
    expect(await violations()).toEqual([]);

    await h.pane().getByRole('button', { name: 'Untrack' }).click();
    await h.pane().getByRole('alertdialog', { name: 'Untrack this item?' }).waitFor();
    expect(await violations()).toEqual([]);
    await h.pane().getByRole('button', { name: 'Cancel' }).click();
  });

  it('add contact form, duplicate warning, pending state and compose', async () => {
    await open(/Wingtip Solutions: intro call next week\?/);
    const pane = h.pane();
    await pane.getByRole('button', { name: 'Add Marcus Owusu as contact or lead' }).click();
    await pane.getByRole('region', { name: 'Add to CRM' }).waitFor();
    expect(await violations()).toEqual([]);
    await pane.getByRole('checkbox', { name: /Also track this item/ }).uncheck();
    await pane.getByRole('button', { name: 'Add' }).click();
    await pane.getByRole('heading', { name: 'Marcus Owusu' }).waitFor();

    // The same person again from another address: the CRM warns about the duplicate.
    await pane.getByRole('button', { name: 'Back to people' }).click();
    await open(/Partnership inquiry from Tailspin Toys/);
    await h.pane().getByRole('button', { name: 'Add Elena Vasquez as contact or lead' }).click();
    await h.pane().getByRole('textbox', { name: 'First name' }).fill('Marcus');
    await h
      .pane()
      .getByRole('textbox', { name: /Last name/ })
      .fill('Owusu');
    await h.pane().getByRole('textbox', { name: 'Email' }).fill('marcus@wingtip.example');
    await h.pane().getByRole('button', { name: 'Add' }).click();
    await h.pane().getByText('This person may already be in the CRM').waitFor();
    await h.pane().getByRole('button', { name: 'Use Marcus Owusu' }).waitFor();
    expect(await violations()).toEqual([]);

    await open(/Question about Northwind onboarding/);
    await h.pane().getByRole('status', { name: 'Tracking status' }).getByText('Not tracked').waitFor();
    await h.emulatorApi('PUT', '/emulator/api/faults', { crm: { unreachable: true } });
    await h.pane().getByRole('button', { name: 'Track' }).click();
    await h.pane().getByText('Pending — will sync').waitFor({ timeout: 30_000 });
    expect(await violations()).toEqual([]);
    await h.emulatorApi('PUT', '/emulator/api/faults', { crm: { unreachable: false } });

    await open(/Fabrikam contract review/, 'Calendar');
    await h
      .pane()
      .getByText(/You organize this meeting/)
      .waitFor();
    expect(await violations()).toEqual([]);
  });

  it('mobile: narrow pane, no categories, status from the marker and the server', async () => {
    await h.signIn(ALEX, 'mobile');
    await h.host.selectItem(/Forecast for West region/);
    await h.host.openPane();
    const pane = h.pane();
    await pane.getByText(/Outlook mobile does not show the "Tracked to Regarding" category/).waitFor();
    await pane.getByRole('status', { name: 'Tracking status' }).getByText('Not tracked').waitFor();
    await pane.getByRole('button', { name: 'Track' }).click();
    await pane
      .getByRole('status', { name: 'Tracking status' })
      .getByText(/^Tracked$/)
      .waitFor();
    expect(await violations()).toEqual([]);
    const items = await h.emulatorApi<
      { subject: string; categories: string[]; marker: { state: string } | null }[]
    >('GET', `/emulator/api/mailboxes/${ALEX}/folders/inbox/items`);
    const forecast = items.find((i) => i.subject === 'Forecast for West region')!;
    expect(forecast.marker).toMatchObject({ state: 'tracked' });
    expect(forecast.categories).not.toContain('Tracked to Regarding');
  });
});
