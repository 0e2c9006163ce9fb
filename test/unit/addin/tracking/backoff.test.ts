import { retryDelayMs } from '#addin/tracking/backoff';

describe('retry backoff', () => {
  it('doubles per attempt up to the cap, with jitter between half and the whole step', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, null, () => 1))).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(retryDelayMs(3, null, () => 0)).toBe(4_000);
    expect(retryDelayMs(30, null, () => 1)).toBe(300_000);
  });

  it('never retries sooner than Retry-After', () => {
    expect(retryDelayMs(1, 120, () => 0)).toBe(120_000);
    expect(retryDelayMs(5, 1, () => 1)).toBe(32_000);
  });
});
