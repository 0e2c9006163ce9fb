export type BackoffPolicy = { baseMs: number; maxMs: number };

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000 };

/**
 * Delay before retry number `attempt` (1 = the first retry): exponential with jitter between
 * half and the whole step, so many panes do not retry in lockstep; never sooner than the
 * server's Retry-After.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterSeconds: number | null,
  random: () => number = Math.random,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(step / 2 + (random() * step) / 2);
  const floor = retryAfterSeconds !== null ? retryAfterSeconds * 1000 : 0;
  return Math.max(jittered, floor);
}
