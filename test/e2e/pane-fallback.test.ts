import { startHarness, type Harness } from './harness';

/**
 * The durable fallback with the pane open: the CRM is unreachable when the rep tracks, the pane
 * says "Pending — will sync" and the message carries a pending marker; when the CRM is back, the
 * pane's outbox finishes the job and exactly one activity exists.
 */
type ListItem = { id: string; subject: string; categories: string[]; marker: { state: string } | null };

const ALEX = 'alex.morgan@contoso.example';
const NORTHWIND = 'Question about Northwind onboarding';

describe('task pane fallback', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ user: ALEX, client: 'desktop', sync: 'off' });
  });
  // Each harness has its own emulator, so its faults end with it.
  afterAll(() => h?.close());

  async function item(): Promise<ListItem> {
    const items = await h.emulatorApi<ListItem[]>(
      'GET',
      `/emulator/api/mailboxes/${ALEX}/folders/inbox/items`,
    );
    return items.find((i) => i.subject === NORTHWIND)!;
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
});
