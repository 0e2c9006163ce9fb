import { createSyncMetrics } from '#server/sync/index';

describe('sync metrics', () => {
  it('renders counters in the Prometheus text format with help, type and escaped labels', async () => {
    const m = createSyncMetrics();
    m.inc('regarding_sync_cycles_total', { result: 'synced' });
    m.inc('regarding_sync_cycles_total', { result: 'synced' });
    m.inc('regarding_sync_cycles_total', { result: 'backoff' });
    m.inc('regarding_sync_items_total', { outcome: 'skipped', reason: 'say "no"' });
    const text = await m.renderPrometheus();
    expect(text).toContain('# TYPE regarding_sync_cycles_total counter');
    expect(text).toContain('regarding_sync_cycles_total{result="synced"} 2');
    expect(text).toContain('regarding_sync_cycles_total{result="backoff"} 1');
    expect(text).toContain('regarding_sync_items_total{outcome="skipped",reason="say \\"no\\""} 1');
    expect(text.endsWith('\n')).toBe(true);
    expect(await m.get('regarding_sync_cycles_total', { result: 'synced' })).toBe(2);
  });

  it('renders nothing before anything happened', async () => {
    expect(await createSyncMetrics().renderPrometheus()).toBe('');
  });
});
