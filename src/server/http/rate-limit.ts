export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export type RateLimiter = { take(key: string): RateLimitDecision; readonly size: number };

type Bucket = { tokens: number; updatedAt: number };

/**
 * In-memory token bucket per key (the user): `burst` requests at once, refilled at `perMinute`.
 * One process holds its own buckets; behind several instances the limit applies per instance.
 */
export function createRateLimiter(options: {
  perMinute: number;
  burst: number;
  now?: () => number;
}): RateLimiter {
  const now = options.now ?? Date.now;
  const refillPerMs = options.perMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  let lastSweep = now();

  /** Buckets that have refilled completely carry no state worth keeping. */
  function sweep(t: number) {
    if (t - lastSweep < 60_000) return;
    lastSweep = t;
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + (t - bucket.updatedAt) * refillPerMs >= options.burst) buckets.delete(key);
    }
  }

  return {
    take(key) {
      const t = now();
      sweep(t);
      const bucket = buckets.get(key) ?? { tokens: options.burst, updatedAt: t };
      bucket.tokens = Math.min(options.burst, bucket.tokens + (t - bucket.updatedAt) * refillPerMs);
      bucket.updatedAt = t;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000)),
      };
    },
    get size() {
      return buckets.size;
    },
  };
}
