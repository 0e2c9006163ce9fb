import { startHarness, type Harness } from './harness';
describe('debug', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness({ user: 'alex.morgan@contoso.example', client: 'desktop', sync: 'off' }); });
  afterAll(async () => { await h?.close(); });
  it('dumps', async () => {
    await h.host.openFolder('Calendar');
    await h.host.selectItem(/Fabrikam contract review/);
    await h.host.openPane();
    await h.pane().getByText('You organize this meeting. Tracking saves it with all attendees.').waitFor();
    await new Promise((r) => setTimeout(r, 3000));
    console.log('PANE:', await h.pane().locator('body').innerText());
    const item = await h.host.evaluateInPane(() => { const o = (window as any).Office; const it = o.context.mailbox.item; return JSON.stringify({ type: it.itemType, ical: it.iCalUId, org: it.organizer }); });
    console.log('ITEM:', item);
  });
});
