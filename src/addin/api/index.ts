export { createApiClient, isRetryable, parseRetryAfter, type ApiClientOptions } from './client';
export { ok, err, type Result } from './result';
export type { ApiClient, ApiError, CallOptions, CallRequest } from './types';
