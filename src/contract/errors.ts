import * as z from 'zod/mini';
import './zod-messages';

/** Stable error codes of the HTTP API. Clients branch on these, never on messages. */
export const errorCodes = [
  'validation_failed',
  'malformed_json',
  'payload_too_large',
  'unsupported_media_type',
  'unauthenticated',
  'token_expired',
  'forbidden',
  'not_found',
  'conflict',
  'duplicate_candidates',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const ErrorBody = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    details: z.optional(z.unknown()),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Which codes a client may retry (with backoff, honouring Retry-After). */
export function isRetryableCode(code: ErrorCode): boolean {
  return code === 'rate_limited' || code === 'unavailable' || code === 'internal';
}
