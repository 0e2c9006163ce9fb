import type { ErrorCode } from '#contract';

const statusOf: Record<ErrorCode, number> = {
  validation_failed: 400,
  malformed_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthenticated: 401,
  token_expired: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  duplicate_candidates: 409,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** The one error type the domain and HTTP layers throw; mapped to the API's error body centrally. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Seconds, for rate_limited and unavailable. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = statusOf[code];
  }
}
