import {
  backoffSeconds,
  defaultSchedule,
  nextInterval,
  resolveSchedule,
} from '#server/sync/scheduler/schedule';

describe('adaptive interval', () => {
  const s = defaultSchedule;

  it('defaults to 5 minutes, 2 while busy, 12 at most', () => {
    expect(s.defaultIntervalSeconds).toBe(300);
    expect(s.busyIntervalSeconds).toBe(120);
    expect(s.maxIntervalSeconds).toBe(720);
  });

  it('drops to the busy interval after a cycle that processed items', () => {
    expect(nextInterval(300, 3, s)).toBe(120);
    expect(nextInterval(720, 1, s)).toBe(120);
  });

  it('returns to the default after being busy, then grows while idle up to the maximum and stays there', () => {
    let interval = nextInterval(300, 5, s);
    expect(interval).toBe(120);
    interval = nextInterval(interval, 0, s);
    expect(interval).toBe(300);
    const seen: number[] = [];
    for (let i = 0; i < 10; i++) {
      interval = nextInterval(interval, 0, s);
      seen.push(interval);
    }
    expect(seen[0]).toBeGreaterThan(300);
    expect(Math.max(...seen)).toBe(720);
    expect(seen.at(-1)).toBe(720);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]!);
  });

  it('scales to seconds for tests without changing the rule', () => {
    const fast = resolveSchedule({
      defaultIntervalSeconds: 5,
      busyIntervalSeconds: 2,
      maxIntervalSeconds: 12,
    });
    expect(nextInterval(5, 1, fast)).toBe(2);
    expect(nextInterval(2, 0, fast)).toBe(5);
    expect(nextInterval(nextInterval(nextInterval(5, 0, fast), 0, fast), 0, fast)).toBe(12);
  });

  it('rejects a schedule whose intervals exceed the maximum or are not positive', () => {
    expect(() => resolveSchedule({ busyIntervalSeconds: 800 })).toThrow(/must not exceed/);
    expect(() => resolveSchedule({ leaseSeconds: 0 })).toThrow(/leaseSeconds/);
    expect(() => resolveSchedule({ pollSeconds: Number.NaN })).toThrow(/pollSeconds/);
  });
});

describe('failure backoff', () => {
  const s = defaultSchedule;

  it('doubles per consecutive failure and never exceeds the maximum interval', () => {
    expect(backoffSeconds(1, s)).toBe(30);
    expect(backoffSeconds(2, s)).toBe(60);
    expect(backoffSeconds(3, s)).toBe(120);
    expect(backoffSeconds(9, s)).toBe(720);
  });

  it("honours a server's Retry-After instead", () => {
    expect(backoffSeconds(4, s, 7)).toBe(7);
    expect(backoffSeconds(1, s, 3600)).toBe(3600);
  });
});
