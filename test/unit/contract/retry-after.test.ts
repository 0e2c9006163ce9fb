import { parseRetryAfter } from '#contract/retry-after';

const NOW = Date.parse('2026-11-21T10:00:00Z');

describe('Retry-After', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
  });

  it('reads an HTTP date as the seconds until then, rounded up, and a past date as now', () => {
    expect(parseRetryAfter('Sat, 21 Nov 2026 10:00:45 GMT', NOW)).toBe(45);
    expect(parseRetryAfter('Sat, 21 Nov 2026 10:00:00 GMT', NOW + 500)).toBe(0);
    expect(parseRetryAfter('Sat, 21 Nov 2026 09:00:00 GMT', NOW)).toBe(0);
  });

  it('is null when the header is absent or unreadable', () => {
    expect(parseRetryAfter(null, NOW)).toBeNull();
    expect(parseRetryAfter(undefined, NOW)).toBeNull();
    expect(parseRetryAfter('', NOW)).toBeNull();
    expect(parseRetryAfter('soon', NOW)).toBeNull();
  });
});
