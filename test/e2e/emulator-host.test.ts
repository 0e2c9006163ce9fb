import AxeBuilder from '@axe-core/playwright';
import { parseCecpValue } from '#contract';
import { startHarness, type Harness } from './harness';

/**
 * The Outlook host page in Chromium: the seeded inbox, reading, compose and send, the client
 * switch as the Office.js shim reports it inside the real pane frame, pinning, and the fault panel.
 */
type ListItem = { id: string; subject: string; categories: string[]; marker: { state: string } | null };
type FullItem = { id: string; subject: string; customProperties: string | null; categories: string[] };
type Faults = { graph: { mode: string; retryAfterSeconds: number }; crm: { unreachable: boolean } };

const ALEX = 'alex.morgan@contoso.example';
const PRICING = 'Fabrikam 500 seats: pricing proposal';
const ADATUM = 'Adatum renewal question';

/** What the pane's Office.js says, evaluated inside the pane frame. */
type ShimReport = {
  platform: string;
  hostName: string;
  mailbox113: boolean;
  mailbox18: boolean;
  mailbox15: boolean;
  subject: string;
  categories: { status: string; code: number | null; name: string | null };
};

function reportFromPane(): Promise<ShimReport> {
  const office = (window as unknown as { Office: typeof Office }).Office;
  return office.onReady().then(
    () =>
      new Promise<ShimReport>((resolve) => {
        const item = office.context.mailbox.item as Office.MessageRead;
        item.categories.getAsync((result) =>
          resolve({
            platform: String(office.context.diagnostics.platform),
            hostName: office.context.mailbox.diagnostics.hostName,
            mailbox113: office.context.requirements.isSetSupported('Mailbox', '1.13'),
            mailbox18: office.context.requirements.isSetSupported('Mailbox', '1.8'),
            mailbox15: office.context.requirements.isSetSupported('Mailbox', '1.5'),
            subject: item.subject,
            categories: {
              status: String(result.status),
              code: result.error?.code ?? null,
              name: result.error?.name ?? null,
            },
          }),
        );
      }),
  );
}

// One browser and emulator for the file, shared by all cases on purpose; each case signs in afresh.
describe('emulator host page', () => {
  const harness = useHostPage();
  mailOnTheHostPage(harness);
  clientAndTheme(harness);
  categoriesAndPinning(harness);
  commandsAccessibilityAndFaults(harness);
});

/** Starts the harness once for the suite and signs Alex in on the desktop client before each case. */
function useHostPage(): () => Harness {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ user: ALEX, client: 'desktop', sync: 'off' });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    await h.signIn(ALEX, 'desktop');
  });
  return () => h;
}

/** The mailbox on the host page: inbox, reading pane, compose and send. */
function mailOnTheHostPage(harness: () => Harness) {
  it("shows Alex's seeded inbox", async () => {
    const h = harness();
    const list = h.host.list();
    await list.getByRole('option', { name: new RegExp(PRICING) }).waitFor();
    expect(await list.getByRole('option', { name: new RegExp(ADATUM) }).count()).toBe(1);
    expect(await h.page.getByRole('button', { name: /^Inbox, \d+ unread$/ }).count()).toBe(1);
  });

  it('shows the selected message in the reading pane, body sandboxed', async () => {
    const h = harness();
    await h.host.selectItem(new RegExp(PRICING));
    const reading = h.page.getByRole('main', { name: 'Reading pane' });
    await reading.getByRole('heading', { name: PRICING }).waitFor();
    expect(await reading.getByText('Nora Fischer <nora.fischer@fabrikam.example>').count()).toBe(1);
    const body = h.page.locator('iframe[title="Message body"]');
    expect(await body.getAttribute('sandbox')).toBe('');
    await h.page
      .frameLocator('iframe[title="Message body"]')
      .getByText(/12% volume discount/)
      .waitFor();
  });

  it('sends a composed message to Sent Items with the custom properties the pane wrote', async () => {
    const h = harness();
    await h.page.getByRole('button', { name: 'New message' }).click();
    const form = h.page.getByRole('form', { name: 'New message' });
    await form.getByLabel('To').fill('Nora Fischer <nora.fischer@fabrikam.example>');
    await form.getByLabel('Subject').fill('Pilot group for January');
    await form.getByLabel('Message body').fill('Hi Nora,\nhere is the pilot group.');
    await h.host.openPane();

    // The pane writes a marker while composing, as the add-in does (Office.js custom properties).
    const saved = await h.host.evaluateInPane(async () => {
      const office = (window as unknown as { Office: typeof Office }).Office;
      await office.onReady();
      const item = office.context.mailbox.item as Office.MessageCompose;
      const subject = await new Promise<string>((resolve) => item.subject.getAsync((r) => resolve(r.value)));
      return new Promise<{ subject: string; status: string }>((resolve) =>
        item.loadCustomPropertiesAsync((loaded) => {
          const props = loaded.value;
          props.set(
            'regarding',
            JSON.stringify({
              v: 1,
              state: 'pending',
              kind: 'email',
              by: 'e2e',
              at: '2026-01-05T10:00:00.000Z',
              compose: true,
            }),
          );
          props.saveAsync((result) => resolve({ subject, status: String(result.status) }));
        }),
      );
    });
    expect(saved).toEqual({ subject: 'Pilot group for January', status: 'succeeded' });

    await form.getByRole('button', { name: 'Send' }).click();
    await h.page.getByRole('status').filter({ hasText: 'Sent “Pilot group for January”.' }).waitFor();

    const sent = await h.emulatorApi<ListItem[]>(
      'GET',
      `/emulator/api/mailboxes/${ALEX}/folders/sentitems/items`,
    );
    const copy = sent.find((i) => i.subject === 'Pilot group for January');
    expect(copy?.marker?.state).toBe('pending');
    const full = await h.emulatorApi<FullItem>('GET', `/emulator/api/mailboxes/${ALEX}/items/${copy!.id}`);
    expect(parseCecpValue(full.customProperties)?.compose).toBe(true);

    // The recipient's view of the delivered copy, and the Sent Items list with its marker.
    await h.host.openFolder('Sent Items');
    await h.host
      .list()
      .getByRole('option', { name: /Pilot group for January.*Regarding: pending/ })
      .waitFor();
  });
}

/** The Office.js shim inside the pane: the simulated client and the theme. */
function clientAndTheme(harness: () => Harness) {
  it('reports the simulated client through the shim inside the pane', async () => {
    const h = harness();
    await h.host.selectItem(new RegExp(ADATUM));
    await h.host.openPane();
    const desktop = await h.host.evaluateInPane(reportFromPane);
    expect(desktop).toMatchObject({
      platform: 'PC',
      hostName: 'Outlook',
      mailbox113: true,
      mailbox18: true,
      subject: ADATUM,
      categories: { status: 'succeeded', code: null },
    });
    expect(await h.page.getByRole('button', { name: 'Pin the Regarding pane' }).count()).toBe(1);

    // The same item stays open on the phone; the pane opens full width over it.
    await h.host.setClient('mobile');
    await h.page.getByRole('heading', { name: ADATUM }).waitFor();
    await h.host.openPane();
    const mobile = await h.host.evaluateInPane(reportFromPane);
    expect(mobile).toMatchObject({
      platform: 'Android',
      hostName: 'OutlookAndroid',
      mailbox113: false,
      mailbox18: false,
      mailbox15: true,
      categories: { status: 'failed', code: 5000, name: 'Host Error' },
    });
    expect(await h.page.getByRole('button', { name: 'Pin the Regarding pane' }).count()).toBe(0);
    // Narrow, full width: the pane replaces the item on the phone.
    expect(await h.page.getByRole('heading', { name: ADATUM }).count()).toBe(0);
  });

  it('tells the pane the Office theme chosen on the host page', async () => {
    const h = harness();
    await h.host.selectItem(new RegExp(ADATUM));
    await h.page.getByRole('switch', { name: 'Dark theme' }).check();
    await h.page.waitForURL(/theme=dark/);
    await h.host.openPane();
    const theme = await h.host.evaluateInPane(async () => {
      const office = (window as unknown as { Office: typeof Office }).Office;
      await office.onReady();
      return office.context.officeTheme.bodyBackgroundColor;
    });
    expect(theme).toBe('#1f1f1f');
    await h.page.getByRole('switch', { name: 'Dark theme' }).uncheck();
  });
}

/** Categories through the shim, and ItemChanged in a pinned pane. */
function categoriesAndPinning(harness: () => Harness) {
  it('writes categories through the shim and refuses ones outside the master list', async () => {
    const h = harness();
    await h.host.selectItem(new RegExp(ADATUM));
    await h.host.openPane();
    const results = await h.host.evaluateInPane(async () => {
      const office = (window as unknown as { Office: typeof Office }).Office;
      await office.onReady();
      const item = office.context.mailbox.item as Office.MessageRead;
      const run = (fn: (cb: (r: Office.AsyncResult<void>) => void) => void) =>
        new Promise<string>((resolve) =>
          fn((r) => resolve(r.error ? `${String(r.status)}:${r.error.name}` : String(r.status))),
        );
      const unknown = await run((cb) => item.categories.addAsync(['Tracked to Regarding'], cb));
      const master = await run((cb) =>
        office.context.mailbox.masterCategories.addAsync(
          [
            {
              displayName: 'Tracked to Regarding',
              color: 'Preset4' as unknown as Office.MailboxEnums.CategoryColor,
            },
          ],
          cb,
        ),
      );
      const again = await run((cb) =>
        office.context.mailbox.masterCategories.addAsync(
          [
            {
              displayName: 'Tracked to Regarding',
              color: 'Preset4' as unknown as Office.MailboxEnums.CategoryColor,
            },
          ],
          cb,
        ),
      );
      const added = await run((cb) => item.categories.addAsync(['Tracked to Regarding'], cb));
      return { unknown, master, again, added };
    });
    expect(results).toEqual({
      unknown: 'failed:InvalidCategory',
      master: 'succeeded',
      again: 'failed:DuplicateCategory',
      added: 'succeeded',
    });
    await h.host
      .list()
      .getByRole('option', { name: new RegExp(`${ADATUM}.*Tracked to Regarding`) })
      .waitFor();
  });

  it('fires ItemChanged in a pinned pane and closes an unpinned one on selection', async () => {
    const h = harness();
    await h.host.selectItem(new RegExp(PRICING));
    await h.host.openPane();
    await h.host.setPinned(true);
    await h.host.evaluateInPane(async () => {
      const office = (window as unknown as { Office: typeof Office }).Office;
      await office.onReady();
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      await new Promise((resolve) =>
        office.context.mailbox.addHandlerAsync(
          office.EventType.ItemChanged,
          () => seen.push((office.context.mailbox.item as Office.MessageRead | null)?.subject ?? '(none)'),
          resolve,
        ),
      );
    });

    await h.host.selectItem(new RegExp(ADATUM));
    await expect
      .poll(() => h.host.evaluateInPane(() => (window as unknown as { seen: string[] }).seen))
      .toEqual([ADATUM]);

    await h.host.setPinned(false);
    await h.host.selectItem(new RegExp(PRICING));
    await expect.poll(() => h.page.locator('iframe[title="Regarding task pane"]').count()).toBe(0);
  });
}

/** The Track command, the host page's accessibility, and the fault panel. */
function commandsAccessibilityAndFaults(harness: () => Harness) {
  it("runs the add-in's one-click Track command from the item toolbar", async () => {
    const h = harness();
    await h.host.selectItem(/Partnership inquiry from Tailspin Toys/);
    await h.page.getByRole('group', { name: 'Item actions' }).getByRole('button', { name: 'Track' }).click();
    // The function file marks the item (pending or tracked) through the shim, in the mailbox.
    await h.host
      .list()
      .getByRole('option', { name: /Partnership inquiry from Tailspin Toys.*Regarding: (pending|tracked)/ })
      .waitFor();
    await expect
      .poll(() => h.page.getByRole('button', { name: 'Track' }).isEnabled(), { timeout: 30_000 })
      .toBe(true);
    expect(await h.page.locator('iframe[title="Regarding commands"]').count()).toBe(0);
  });

  it('has no serious or critical accessibility violations on the host page', async () => {
    const h = harness();
    await h.host.selectItem(new RegExp(PRICING));
    await h.page.getByRole('button', { name: /^Faults/ }).click();
    await h.page
      .getByRole('region', { name: 'Fault injection' })
      .getByRole('button', { name: 'Apply faults' })
      .waitFor();
    const result = await new AxeBuilder({ page: h.page })
      // The pane's own accessibility is the add-in's test (pane-a11y); mail bodies are mail.
      .exclude('iframe[title="Regarding task pane"]')
      .exclude('iframe[title="Message body"]')
      .analyze();
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('switches faults from the fault panel', async () => {
    const h = harness();
    await h.page.getByRole('button', { name: /^Faults/ }).click();
    const panel = h.page.getByRole('region', { name: 'Fault injection' });
    await panel.getByRole('button', { name: 'Apply faults' }).waitFor();
    await panel.getByRole('radio', { name: 'Throttle (429)' }).check();
    await panel.getByLabel('Retry-After (seconds)').fill('7');
    await panel.getByRole('switch', { name: 'CRM unreachable' }).check();
    await panel.getByRole('button', { name: 'Apply faults' }).click();
    await panel.getByText(/Now: Graph throttled \(429, Retry-After 7 s\), CRM unreachable/).waitFor();

    const faults = await h.emulatorApi<Faults>('GET', '/emulator/api/faults');
    expect(faults).toMatchObject({
      graph: { mode: 'throttle', retryAfterSeconds: 7 },
      crm: { unreachable: true },
    });
    const throttled = await h.graph.request('GET', `/users/${ALEX}/mailFolders/inbox/messages?$top=1`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');

    await panel.getByRole('button', { name: 'Clear faults' }).click();
    await panel.getByText('Now: No faults').waitFor();
    expect(await h.emulatorApi<Faults>('GET', '/emulator/api/faults')).toMatchObject({
      graph: { mode: 'none' },
      crm: { unreachable: false },
    });
  });
}
