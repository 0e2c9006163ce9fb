import { startHarness, type Harness } from './harness';

/**
 * The durable fallback with the pane open: the CRM is unreachable when the rep tracks, the pane
 * says "Pending — will sync" and the message carries a pending marker; when the CRM is back, the
 * pane's outbox finishes the job and exactly one activity exists. In production the pane's chunks
 * come from the CRM service too, so a CRM that is down also fails every chunk not yet loaded:
 * marking the item pending must need none of them.
 */
type ListItem = { id: string; subject: string; categories: string[]; marker: { state: string } | null };

const ALEX = 'alex.morgan@contoso.example';
const NORTHWIND = 'Question about Northwind onboarding';
const PIPELINE = 'Q4 pipeline review';

describe('task pane fallback', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ user: ALEX, client: 'desktop', sync: 'off' });
  });
  // Each harness has its own emulator, so its faults end with it.
  afterAll(() => h?.close());

  async function item(subject = NORTHWIND): Promise<ListItem> {
    const items = await h.emulatorApi<ListItem[]>(
      'GET',
      `/emulator/api/mailboxes/${ALEX}/folders/inbox/items`,
    );
    return items.find((i) => i.subject === subject)!;
  }

  it('keeps the item pending while the CRM is unreachable and completes it once it is back', async () => {
    await h.host.selectItem(NORTHWIND);
    await h.host.openPane();
    const pane = h.pane();
    const status = pane.getByRole('status', { name: 'Tracking status' });
    await status.getByText('Not tracked').waitFor();

    await h.emulatorApi('PUT', '/emulator/api/faults', { crm: { unreachable: true } });
    await pane.getByRole('button', { name: 'Track' }).click();
    await status.getByText('Pending — will sync').waitFor({ timeout: 30_000 });
    await status.getByText(/We will try again at/).waitFor();
    expect((await item()).marker).toMatchObject({ state: 'pending' });

    await h.emulatorApi('PUT', '/emulator/api/faults', { crm: { unreachable: false } });
    // The outbox retries with backoff (seconds at first) while the pane stays open.
    await status.getByText(/^Tracked$/).waitFor({ timeout: 60_000 });
    const tracked = await item();
    expect(tracked.marker).toMatchObject({ state: 'tracked' });

    const full = await h.emulatorApi<{ internetMessageId: string }>(
      'GET',
      `/emulator/api/mailboxes/${ALEX}/items/${tracked.id}`,
    );
    const activities = await h.server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM activities WHERE kind = 'email' AND key = $1`,
      [full.internetMessageId],
    );
    expect(activities.rows[0]?.n).toBe(1);
  });

  it('still marks the item pending when the CRM is down and a chunk the pane has not loaded fails', async () => {
    await h.host.selectItem(PIPELINE);
    await h.host.openPane();
    const pane = h.pane();
    const status = pane.getByRole('status', { name: 'Tracking status' });
    await status.getByText('Not tracked').waitFor();

    // The CRM goes down, and with it every chunk of the pane not fetched yet.
    await h.emulatorApi('PUT', '/emulator/api/faults', { crm: { unreachable: true } });
    const failedChunks: string[] = [];
    await h.page.route(/\/pane\/(?!office\/|config\.js)[^/]+\.js$/, async (route) => {
      failedChunks.push(route.request().url());
      await route.abort('connectionrefused');
    });
    try {
      // The regarding picker is such a chunk: it says it could not load, and the pane goes on.
      await pane.getByRole('button', { name: 'Set regarding' }).click();
      await pane
        .getByRole('alert')
        .getByText(/couldn't be loaded/)
        .waitFor();
      expect(failedChunks.length).toBeGreaterThan(0);

      await pane.getByRole('button', { name: 'Track' }).click();
      await status.getByText('Pending — will sync').waitFor({ timeout: 30_000 });
      expect((await item(PIPELINE)).marker).toMatchObject({ state: 'pending' });
    } finally {
      await h.page.unroute(/\/pane\/(?!office\/|config\.js)[^/]+\.js$/);
      await h.emulatorApi('PUT', '/emulator/api/faults', { crm: { unreachable: false } });
    }
  });
});
