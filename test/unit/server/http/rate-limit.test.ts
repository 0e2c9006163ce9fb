import { createRateLimiter } from '#server/http/rate-limit';
import { Registry } from 'prom-client';
import { createMetrics } from '#server/http/metrics';
import { createSyncMetrics } from '#server/sync/index';

describe('per-user token bucket', () => {
  it('allows a burst, then refuses with the seconds until the next request is allowed', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 60, burst: 3, now: () => now });
    expect([1, 2, 3].map(() => limiter.take('alex').allowed)).toEqual([true, true, true]);
    expect(limiter.take('alex')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // Other users keep their own budget.
    expect(limiter.take('sam').allowed).toBe(true);
    now += 1000;
    expect(limiter.take('alex').allowed).toBe(true);
    expect(limiter.take('alex').allowed).toBe(false);
  });

  it('computes Retry-After from the refill rate', () => {
    const limiter = createRateLimiter({ perMinute: 6, burst: 1, now: () => 0 });
    limiter.take('alex');
    expect(limiter.take('alex')).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it('forgets users whose bucket has refilled', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 600, burst: 5, now: () => now });
    for (let i = 0; i < 100; i++) limiter.take(`user-${i}`);
    now += 120_000;
    limiter.take('alex');
    expect(limiter.size).toBe(1);
  });
});

describe('metrics', () => {
  it('renders request counts and duration histograms by route and status in Prometheus format', async () => {
    const registry = new Registry();
    const metrics = createMetrics(registry);
    metrics.observeRequest('POST', '/api/v1/resolve', 200, 0.003);
    metrics.observeRequest('POST', '/api/v1/resolve', 200, 0.03);
    metrics.observeRequest('GET', 'unmatched', 404, 0.0001);
    createSyncMetrics(registry).inc('regarding_sync_cycles_total', { result: 'ok' }, 4);
    const text = await metrics.render();
    expect(text).toContain(
      'regarding_http_requests_total{method="POST",route="/api/v1/resolve",status="200"} 2',
    );
    expect(text).toContain(
      'regarding_http_request_duration_seconds_bucket{le="0.005",method="POST",route="/api/v1/resolve",status="200"} 1',
    );
    expect(text).toContain(
      'regarding_http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/api/v1/resolve",status="200"} 2',
    );
    expect(text).toContain('regarding_http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(text).toContain('regarding_sync_cycles_total{result="ok"} 4');
    expect(text.endsWith('\n')).toBe(true);
  });
});
