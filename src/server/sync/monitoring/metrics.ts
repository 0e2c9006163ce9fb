/**
 * Counters and gauges of server-side sync, as prom-client metrics in a registry the caller gives
 * (the server's, which `/metrics` exposes alongside the HTTP metrics) or one of their own.
 */
import { Counter, Gauge, Registry } from 'prom-client';

export type Labels = Record<string, string>;

type Definition = { type: 'counter' | 'gauge'; help: string; labelNames: readonly string[] };

/** Every sync metric, with the labels its series may carry (each series uses some of them). */
const definitions = {
  regarding_sync_claims_total: { type: 'counter', help: 'Mailboxes claimed by sync workers', labelNames: [] },
  regarding_sync_cycles_total: {
    type: 'counter',
    help: 'Mailbox sync cycles by result',
    labelNames: ['result'],
  },
  regarding_sync_items_total: {
    type: 'counter',
    help: 'Mailbox items acted on by outcome',
    labelNames: ['outcome', 'reason', 'source'],
  },
  regarding_sync_graph_requests_total: {
    type: 'counter',
    help: 'Graph requests by HTTP status',
    labelNames: ['status'],
  },
  regarding_sync_mailboxes_disabled_total: {
    type: 'counter',
    help: 'Mailboxes disabled by sync',
    labelNames: ['code'],
  },
  regarding_sync_resyncs_total: {
    type: 'counter',
    help: 'Folders listed again from scratch after Graph dropped their delta token',
    labelNames: ['folder'],
  },
  regarding_sync_cycle_seconds_sum: {
    type: 'counter',
    help: 'Total seconds spent in sync cycles',
    labelNames: [],
  },
  regarding_sync_active_cycles: { type: 'gauge', help: 'Sync cycles running now', labelNames: [] },
} satisfies Record<string, Definition>;

export type SyncMetricName = keyof typeof definitions;

export type SyncMetrics = ReturnType<typeof createSyncMetrics>;

export function createSyncMetrics(registry: Registry = new Registry()) {
  // A metric joins the registry when first touched, so a server without sync exposes none.
  const created = new Map<SyncMetricName, Counter | Gauge>();
  function metric(name: SyncMetricName): Counter | Gauge {
    let m = created.get(name);
    if (!m) {
      const { type, help, labelNames } = definitions[name];
      const config = { name, help, labelNames: [...labelNames], registers: [registry] };
      m = type === 'counter' ? new Counter(config) : new Gauge(config);
      created.set(name, m);
    }
    return m;
  }
  return {
    inc(name: SyncMetricName, labels: Labels = {}, by = 1): void {
      metric(name).inc(labels, by);
    },
    set(name: SyncMetricName, labels: Labels, value: number): void {
      const m = metric(name);
      if (!(m instanceof Gauge)) throw new Error(`${name} is a counter; only gauges can be set.`);
      m.set(labels, value);
    },
    /** Current value of one series (0 when never touched). */
    async get(name: SyncMetricName, labels: Labels = {}): Promise<number> {
      const m = created.get(name);
      if (!m) return 0;
      const { values } = await m.get();
      return values.find((v) => sameLabels(v.labels, labels))?.value ?? 0;
    },
    /** The Prometheus text exposition of the sync metrics touched so far, by name. */
    async renderPrometheus(): Promise<string> {
      const names = [...created.keys()].sort();
      const texts = await Promise.all(names.map((name) => registry.getSingleMetricAsString(name)));
      return texts.length ? `${texts.join('\n')}\n` : '';
    },
  };
}

function sameLabels(a: Partial<Record<string, string | number>>, b: Labels): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => String(a[k]) === b[k]);
}

/** The metrics of workers started without a registry of their own (the standalone worker). */
export const syncMetrics = createSyncMetrics();
