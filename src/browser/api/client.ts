import type * as z from 'zod/mini';
import {
  buildPath,
  endpoints,
  ErrorBody,
  errorCodes,
  isRetryableCode,
  type Endpoint,
  type EndpointName,
  type ErrorCode,
  type ResponseOf,
} from '#contract';
import { parseRetryAfter } from '#contract/retry-after';
import { err, ok, type Result } from '../result';
import type { TokenProvider } from './tokens';
import type { ApiClient, ApiError, CallOptions, CallRequest } from './types';

export type ApiClientOptions = {
  /** e.g. `https://localhost:3000` (no trailing slash needed). */
  baseUrl: string;
  tokens: TokenProvider;
  /** Default timeout per attempt; 15 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
};

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * The typed client of API v1. All calls go through the contract's one endpoint table: requests
 * are validated before sending, responses after receiving, and every failure is a value.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function call<N extends EndpointName>(
    name: N,
    request: CallRequest<N>,
    callOptions: CallOptions = {},
  ): Promise<Result<ResponseOf<N>, ApiError>> {
    const endpoint: Endpoint = endpoints[name];
    const parts = request as { params?: unknown; query?: unknown; body?: unknown };
    const checked = checkRequest(endpoint, parts);
    if (!checked.ok) return checked;
    const url = baseUrl + checked.value.path + checked.value.search;
    const timeoutMs = callOptions.timeoutMs ?? defaultTimeout;

    let forceRefresh = false;
    for (let attempt = 0; ; attempt++) {
      if (callOptions.signal?.aborted) return err({ kind: 'cancelled' });
      const token = await options.tokens.getToken({ forceRefresh, signal: callOptions.signal });
      if (!token.ok) return token;
      const outgoing = { method: endpoint.method, body: checked.value.body, token: token.value };
      const sent = await send(fetchImpl, url, outgoing, timeoutMs, callOptions.signal);
      if (!sent.ok) return sent;
      const response = sent.value;
      if (response.ok)
        return readSuccess(response, endpoint.response) as Promise<Result<ResponseOf<N>, ApiError>>;
      const error = await readError(response);
      // An expired token is refreshed once; any other 401 is final.
      if (attempt === 0 && error.kind === 'http' && error.code === 'token_expired') {
        forceRefresh = true;
        continue;
      }
      return err(error);
    }
  }

  return { call };
}

/** One HTTP exchange within the timeout; an abort by the caller is `cancelled`, not a failure. */
async function send(
  fetchImpl: typeof fetch,
  url: string,
  outgoing: { method: string; body: unknown; token: string },
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Result<Response, ApiError>> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Authorization: `Bearer ${outgoing.token}`,
  };
  const init: RequestInit = { method: outgoing.method, headers, signal: controller.signal };
  if (outgoing.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(outgoing.body);
  }
  try {
    return ok(await fetchImpl(url, init));
  } catch (e) {
    if (signal?.aborted) return err({ kind: 'cancelled' });
    if (timedOut) return err({ kind: 'timeout', timeoutMs });
    return err({ kind: 'network', message: e instanceof Error ? e.message : String(e) });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

type CheckedRequest = { path: string; search: string; body: unknown };

function checkRequest(
  endpoint: Endpoint,
  parts: { params?: unknown; query?: unknown; body?: unknown },
): Result<CheckedRequest, ApiError> {
  const problems: string[] = [];
  const check = (label: string, schema: z.ZodMiniType | undefined, value: unknown): unknown => {
    if (!schema) return undefined;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues)
      problems.push(`${label}.${issue.path.join('.')}: ${issue.message}`);
    return undefined;
  };
  check('params', endpoint.params, parts.params);
  check('query', endpoint.query, parts.query);
  const body = check('body', endpoint.body, parts.body);
  if (problems.length > 0) return err({ kind: 'invalid_request', message: problems.join('; ') });
  // Path and query go out as given (the schemas may transform them, e.g. `types` into an array).
  const path = buildPath(endpoint.path, (parts.params ?? {}) as Record<string, string>);
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries((parts.query ?? {}) as Record<string, unknown>)) {
    if (value !== undefined && value !== null) query.set(key, String(value));
  }
  const search = query.size > 0 ? `?${query.toString()}` : '';
  return ok({ path, search, body });
}

async function readSuccess(response: Response, schema: z.ZodMiniType): Promise<Result<unknown, ApiError>> {
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    return err({ kind: 'invalid_response', status: response.status, message: 'response is not JSON' });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return err({
      kind: 'invalid_response',
      status: response.status,
      message: first ? `${first.path.join('.')}: ${first.message}` : 'response does not match the contract',
    });
  }
  return ok(parsed.data);
}

async function readError(response: Response): Promise<ApiError> {
  const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'));
  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    // A proxy or gateway answered without our error body; the status still says what happened.
  }
  const body = ErrorBody.safeParse(json);
  if (body.success) {
    const { code, message, details } = body.data.error;
    return { kind: 'http', status: response.status, code, message, details, retryAfterSeconds };
  }
  return {
    kind: 'http',
    status: response.status,
    code: codeForStatus(response.status),
    message: response.statusText || `HTTP ${response.status}`,
    details: undefined,
    retryAfterSeconds,
  };
}

function codeForStatus(status: number): ErrorCode {
  const byStatus: Record<number, ErrorCode> = {
    400: 'validation_failed',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
    502: 'unavailable',
    503: 'unavailable',
    504: 'unavailable',
  };
  const code = byStatus[status] ?? (status >= 500 ? 'internal' : 'validation_failed');
  return errorCodes.includes(code) ? code : 'internal';
}

/** Whether trying the same call again later may succeed: network, timeout, 429, 5xx, an unreachable token endpoint. */
export function isRetryable(error: ApiError): boolean {
  switch (error.kind) {
    case 'network':
    case 'timeout':
      return true;
    case 'http':
      return (
        error.status === 429 || error.status === 408 || error.status >= 500 || isRetryableCode(error.code)
      );
    case 'auth':
      return error.code === 'unavailable';
    default:
      return false;
  }
}
