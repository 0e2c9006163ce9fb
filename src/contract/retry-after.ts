/**
 * An HTTP `Retry-After` value (RFC 9110 10.2.3) as seconds from `now`: delta-seconds, or an HTTP
 * date (a date in the past is 0). `null` when absent or unreadable. The CRM API and Graph both send
 * it with 429 and 503. Pure TypeScript, no zod.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
