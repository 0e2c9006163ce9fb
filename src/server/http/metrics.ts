/** Upper bounds (seconds) of the request duration histogram. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

type Series = { count: number; sum: number; buckets: number[] };

/** Extra metrics in Prometheus text format from other parts (the sync worker). */
export type MetricsCollector = () => string | Promise<string>;

export type Metrics = {
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  addCollector(collector: MetricsCollector): void;
  render(): Promise<string>;
};

/** Request counts and durations by route and status, in the Prometheus text exposition format. */
export function createMetrics(): Metrics {
  const series = new Map<string, Series>();
  const collectors: MetricsCollector[] = [];
  const startedAt = Date.now() / 1000;

  return {
    observeRequest(method, route, status, seconds) {
      const key = `method="${escapeLabel(method)}",route="${escapeLabel(route)}",status="${status}"`;
      let s = series.get(key);
      if (!s) {
        s = { count: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
        series.set(key, s);
      }
      s.count += 1;
      s.sum += seconds;
      BUCKETS.forEach((le, i) => {
        if (seconds <= le) s.buckets[i]! += 1;
      });
    },
    addCollector(collector) {
      collectors.push(collector);
    },
    async render() {
      const lines = [
        '# HELP regarding_http_requests_total HTTP requests by route and status.',
        '# TYPE regarding_http_requests_total counter',
      ];
      for (const [labels, s] of series) lines.push(`regarding_http_requests_total{${labels}} ${s.count}`);
      lines.push(
        '# HELP regarding_http_request_duration_seconds HTTP request duration by route and status.',
        '# TYPE regarding_http_request_duration_seconds histogram',
      );
      for (const [labels, s] of series) {
        BUCKETS.forEach((le, i) =>
          lines.push(`regarding_http_request_duration_seconds_bucket{${labels},le="${le}"} ${s.buckets[i]}`),
        );
        lines.push(`regarding_http_request_duration_seconds_bucket{${labels},le="+Inf"} ${s.count}`);
        lines.push(`regarding_http_request_duration_seconds_sum{${labels}} ${s.sum}`);
        lines.push(`regarding_http_request_duration_seconds_count{${labels}} ${s.count}`);
      }
      lines.push(
        '# HELP regarding_process_start_time_seconds Start time of the process since the Unix epoch.',
        '# TYPE regarding_process_start_time_seconds gauge',
        `regarding_process_start_time_seconds ${startedAt}`,
      );
      const extra = await Promise.all(collectors.map(async (c) => (await c()).trimEnd()));
      return [...lines, ...extra.filter(Boolean)].join('\n') + '\n';
    },
  };
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
