import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Upper bounds (seconds) of the request duration histogram. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const REQUEST_LABELS = ['method', 'route', 'status'] as const;

export type Metrics = {
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** Every metric of the registry (the sync worker's too) in the Prometheus text format. */
  render(): Promise<string>;
  readonly contentType: string;
};

/**
 * Request counts and durations by route and status, and the start time, in `registry`: the one
 * the server's sync worker counts in, so `/metrics` renders both.
 */
export function createMetrics(registry: Registry = new Registry()): Metrics {
  const requests = new Counter({
    name: 'regarding_http_requests_total',
    help: 'HTTP requests by route and status.',
    labelNames: REQUEST_LABELS,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'regarding_http_request_duration_seconds',
    help: 'HTTP request duration by route and status.',
    labelNames: REQUEST_LABELS,
    buckets: BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'regarding_process_start_time_seconds',
    help: 'Start time of the process since the Unix epoch.',
    registers: [registry],
  }).set(Date.now() / 1000);

  return {
    observeRequest(method, route, status, seconds) {
      const labels = { method, route, status };
      requests.inc(labels);
      durations.observe(labels, seconds);
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
