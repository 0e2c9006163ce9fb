import { Pool } from 'undici';

export type LatencySummary = {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  requestsPerSecond: number;
  errors: number;
};

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const index = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[index]!;
}

export type BenchRequest = { method: 'GET' | 'POST' | 'PUT'; path: string; body?: string };

/**
 * Sends `total` requests through `concurrency` keep-alive connections (each worker waits for its
 * answer before the next request) and summarizes the latencies. Any non-2xx answer counts as an
 * error and is reported, never silently timed.
 */
export async function measure(
  baseUrl: string,
  headers: Record<string, string>,
  options: { concurrency: number; total: number; warmup: number; next: (i: number) => BenchRequest },
): Promise<LatencySummary & { firstError?: string }> {
  const pool = new Pool(baseUrl, { connections: options.concurrency, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let issued = 0;
  const send = async (i: number) => {
    const request = options.next(i);
    const started = process.hrtime.bigint();
    const res = await pool.request({
      origin: baseUrl,
      method: request.method,
      path: request.path,
      headers: request.body ? { ...headers, 'content-type': 'application/json' } : headers,
      ...(request.body ? { body: request.body } : {}),
    });
    const text = await res.body.text();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (res.statusCode >= 300) {
      errors += 1;
      firstError ??= `${request.method} ${request.path} -> ${res.statusCode} ${text.slice(0, 300)}`;
    }
    return ms;
  };
  try {
    const worker = async (count: number, record: boolean) => {
      for (;;) {
        const i = issued++;
        if (i >= count) return;
        const ms = await send(i);
        if (record) latencies.push(ms);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, () => worker(options.warmup, false)));
    issued = 0;
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: options.concurrency }, () => worker(options.total, true)));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    latencies.sort((a, b) => a - b);
    return {
      requests: latencies.length,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      meanMs: latencies.reduce((a, b) => a + b, 0) / latencies.length,
      requestsPerSecond: latencies.length / seconds,
      errors,
      ...(firstError ? { firstError } : {}),
    };
  } finally {
    await pool.close();
  }
}

/** A one-line progress bar on stderr (a line per 10 % when not a terminal). */
export function progressBar(label: string): (done: number, total: number) => void {
  const started = Date.now();
  let lastDecile = -1;
  return (done, total) => {
    const fraction = total ? done / total : 1;
    const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
    const text = `${label} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${rate.toLocaleString('en-US')}/s)`;
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(fraction * 100)}% ${text}`,
      );
      if (done >= total) process.stderr.write('\n');
    } else {
      const decile = Math.floor(fraction * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        process.stderr.write(`${Math.floor(fraction * 100)}% ${text}\n`);
      }
    }
  };
}
