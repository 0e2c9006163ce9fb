/**
 * Counters and gauges of server-side sync, read by the HTTP `/metrics` route
 * (`syncMetrics.renderPrometheus()`). One registry per process; workers in the same process share it.
 */
export type Labels = Record<string, string>;

type Series = { name: string; labels: Labels; value: number };

const help: Record<string, { type: 'counter' | 'gauge'; text: string }> = {
  regarding_sync_claims_total: { type: 'counter', text: 'Mailboxes claimed by sync workers' },
  regarding_sync_cycles_total: { type: 'counter', text: 'Mailbox sync cycles by result' },
  regarding_sync_items_total: { type: 'counter', text: 'Mailbox items acted on by outcome' },
  regarding_sync_graph_requests_total: { type: 'counter', text: 'Graph requests by HTTP status' },
  regarding_sync_mailboxes_disabled_total: { type: 'counter', text: 'Mailboxes disabled by sync' },
  regarding_sync_cycle_seconds_sum: { type: 'counter', text: 'Total seconds spent in sync cycles' },
  regarding_sync_active_cycles: { type: 'gauge', text: 'Sync cycles running now' },
};

function keyOf(name: string, labels: Labels): string {
  const parts = Object.keys(labels)
    .sort()
    .map(
      (k) => `${k}="${String(labels[k]).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
    );
  return parts.length ? `${name}{${parts.join(',')}}` : name;
}

export type SyncMetrics = ReturnType<typeof createSyncMetrics>;

export function createSyncMetrics() {
  const series = new Map<string, Series>();
  function add(name: string, labels: Labels, delta: number) {
    const key = keyOf(name, labels);
    const s = series.get(key);
    if (s) s.value += delta;
    else series.set(key, { name, labels, value: delta });
  }
  return {
    inc(name: string, labels: Labels = {}, by = 1) {
      add(name, labels, by);
    },
    set(name: string, labels: Labels, value: number) {
      series.set(keyOf(name, labels), { name, labels, value });
    },
    /** Current value of one series (0 when never touched). */
    get(name: string, labels: Labels = {}): number {
      return series.get(keyOf(name, labels))?.value ?? 0;
    },
    /** The Prometheus text exposition of every series. */
    renderPrometheus(): string {
      const byName = new Map<string, string[]>();
      for (const [key, s] of series) {
        const lines = byName.get(s.name) ?? [];
        lines.push(`${key} ${s.value}`);
        byName.set(s.name, lines);
      }
      const out: string[] = [];
      for (const [name, lines] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
        const h = help[name];
        if (h) out.push(`# HELP ${name} ${h.text}`, `# TYPE ${name} ${h.type}`);
        out.push(...lines.sort());
      }
      return out.length ? `${out.join('\n')}\n` : '';
    },
    reset() {
      series.clear();
    },
  };
}

/** The process-wide registry `/metrics` exposes. */
export const syncMetrics = createSyncMetrics();
