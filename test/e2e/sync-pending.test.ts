import { DEMO_RECORDS } from '#contract';
import { startHarness, type Harness } from './harness';

/**
 * The lossless fallback end to end: the CRM is unreachable while a sales rep tracks in the pane,
 * the item keeps a pending marker, the pane is closed, the CRM comes back, and the next sync cycle
 * tracks the item; the reopened pane shows it tracked regarding the chosen record.
 */
type ListItem = {
  id: string;
  subject: string;
  categories: string[];
  marker: { state: string; regarding?: { type: string; id: string } | null; activityId?: string } | null;
};
type FullItem = { id: string; internetMessageId: string };

const ALEX = 'alex.morgan@contoso.example';
const PRICING = 'Fabrikam 500 seats: pricing proposal';
const OPPORTUNITY = DEMO_RECORDS.fabrikamOpportunity.name;

describe('tracking while the CRM is unreachable', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ user: ALEX, client: 'desktop', sync: 'manual' });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function pricingItem(): Promise<ListItem> {
    const items = await h.emulatorApi<ListItem[]>(
      'GET',
      `/emulator/api/mailboxes/${ALEX}/folders/inbox/items`,
    );
    const item = items.find((i) => i.subject === PRICING);
    if (!item) throw new Error(`no "${PRICING}" in the inbox`);
    return item;
  }

  it('is tracked by the next sync cycle with the pane closed, and the reopened pane says so', async () => {
    // A first cycle, as the server would have run long before: the mailbox has its delta links.
    await h.sync!.runOnce();

    await h.host.selectItem(PRICING);
    await h.host.openPane();
    const pane = h.pane();
    await pane.getByRole('button', { name: 'Set regarding' }).click();
    await pane.getByLabel('Search contacts, leads, accounts, opportunities and cases').fill('Fabrikam 500');
    const choice = pane.getByRole('button', { name: `Set regarding ${OPPORTUNITY}` }).first();
    await choice.waitFor();

    // The CRM goes away just as the rep picks the opportunity.
    await h.emulatorApi('PUT', '/emulator/api/faults', { crm: { unreachable: true } });
    await choice.click();
    await pane.getByText('Pending — will sync').waitFor({ timeout: 30_000 });
    const pending = await pricingItem();
    expect(pending.marker).toMatchObject({ state: 'pending', regarding: { type: 'opportunity' } });

    // The rep closes the pane; later the CRM is back and the mailbox's next cycle runs.
    await h.host.closePane();
    await h.emulatorApi('PUT', '/emulator/api/faults', { crm: { unreachable: false } });
    await h.server.db.query(`UPDATE mailboxes SET next_sync_at = now() WHERE address = $1`, [ALEX]);
    const summary = await h.sync!.runOnce();
    expect(summary.itemsTracked).toBeGreaterThanOrEqual(1);

    const tracked = await pricingItem();
    expect(tracked.marker).toMatchObject({ state: 'tracked', regarding: pending.marker!.regarding });
    expect(tracked.categories).toContain('Tracked to Regarding');
    const full = await h.emulatorApi<FullItem>('GET', `/emulator/api/mailboxes/${ALEX}/items/${pending.id}`);
    const status = await h.api(ALEX).call('trackedStatus', {
      body: { items: [{ kind: 'email', key: full.internetMessageId }] },
    });
    expect(status.items[0]).toMatchObject({
      tracked: true,
      source: 'sync_marker',
      activityId: tracked.marker!.activityId,
    });

    await h.host.openPane();
    await h.pane().getByText(`Tracked regarding ${OPPORTUNITY}`).waitFor({ timeout: 30_000 });
  });
});
