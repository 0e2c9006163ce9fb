import { Agent, fetch, type Dispatcher, type Response } from 'undici';
import { parseRetryAfter } from '#contract';
import { SyncError, graphCodeForStatus, type FailureScope } from '../errors';
import type { SyncMetrics } from '../monitoring/metrics';
import type { BatchRequest, BatchResponse, GraphErrorBody, GraphPage } from './types';

/** Returns a bearer token for Graph (app-only in production, a dev app token locally). */
export type TokenProvider = () => Promise<string>;

export type GraphClientOptions = {
  /** e.g. `https://graph.microsoft.com/v1.0` or `<emulator>/graph/v1.0`. */
  baseUrl: string;
  tokenProvider: TokenProvider;
  /** PEM of a CA to trust (the dev launcher's self-signed localhost certificate). */
  ca?: string;
  /** Concurrent requests per mailbox (Graph's documented limit is 4). */
  perMailboxConcurrency?: number;
  /** `Prefer: odata.maxpagesize` for delta and listings. */
  maxPageSize?: number;
  requestTimeoutMs?: number;
  metrics?: SyncMetrics;
};

/** Graph's `$batch` takes at most 20 requests. */
export const BATCH_SIZE = 20;

export type GraphClient = {
  readonly baseUrl: string;
  /** A client bound to one mailbox, with its own concurrency limit. */
  forMailbox(address: string): MailboxGraph;
  close(): Promise<void>;
};

export type MailboxGraph = {
  readonly address: string;
  /** Users path of this mailbox, relative to the base URL (for `$batch` request urls). */
  readonly userPath: string;
  /** GET of a relative path (or an absolute nextLink/deltaLink on the same host). */
  get<T>(pathOrUrl: string, scope: FailureScope, headers?: Record<string, string>): Promise<T>;
  /** All pages of a listing or a delta round; returns the entries and the final deltaLink. */
  pages<T>(firstUrl: string, scope: FailureScope): Promise<{ value: T[]; deltaLink: string | null }>;
  /** Runs requests through `$batch`, 20 per call, at most the concurrency limit at once. */
  batch(requests: BatchRequest[]): Promise<BatchResponse[]>;
};

/** A counting semaphore: at most `limit` holders. */
export function createLimiter(limit: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async function run<T>(fn: () => Promise<T>): Promise<T> {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

function headerOf(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}

/** A Graph error (non-2xx status, whole request or one `$batch` response) as a typed SyncError. */
export function graphErrorFrom(
  status: number,
  body: unknown,
  retryAfterHeader: string | undefined | null,
  scope: FailureScope,
): SyncError {
  const err = (body as GraphErrorBody | undefined)?.error;
  const code = graphCodeForStatus(status, scope, err?.code);
  const message = `Graph ${status}${err?.code ? ` ${err.code}` : ''}${err?.message ? `: ${err.message}` : ''}`;
  return new SyncError(code, message, parseRetryAfter(retryAfterHeader) ?? undefined, status);
}

export function batchResponseError(r: BatchResponse): SyncError {
  return graphErrorFrom(r.status, r.body, headerOf(r.headers, 'retry-after'), 'item');
}

export function createGraphClient(opts: GraphClientOptions): GraphClient {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const dispatcher: Dispatcher | undefined = opts.ca ? new Agent({ connect: { ca: opts.ca } }) : undefined;
  const request = createRequester(opts, baseUrl, dispatcher);
  const concurrency = opts.perMailboxConcurrency ?? 4;
  return {
    baseUrl,
    forMailbox: (address) => mailboxGraph(request, address, createLimiter(concurrency)),
    async close() {
      await dispatcher?.close();
    },
  };
}

type Requester = <T>(
  method: 'GET' | 'POST',
  url: string,
  scope: FailureScope,
  body?: unknown,
  extraHeaders?: Record<string, string>,
) => Promise<T>;

/** One Graph request: token, timeout, metrics, and every failure as a typed SyncError. */
function createRequester(
  opts: GraphClientOptions,
  baseUrl: string,
  dispatcher: Dispatcher | undefined,
): Requester {
  const maxPageSize = opts.maxPageSize ?? 100;
  const timeoutMs = opts.requestTimeoutMs ?? 30_000;

  async function token(): Promise<string> {
    try {
      return await opts.tokenProvider();
    } catch (e) {
      if (e instanceof SyncError) throw e;
      throw new SyncError(
        'graph_token',
        `could not get a Graph token: ${(e as Error)?.message ?? String(e)}`,
      );
    }
  }

  return async function request<T>(
    method: 'GET' | 'POST',
    url: string,
    scope: FailureScope,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await token()}`,
      accept: 'application/json',
      prefer: `IdType="ImmutableId", odata.maxpagesize=${maxPageSize}, outlook.timezone="UTC"`,
      ...extraHeaders,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res;
    try {
      res = await fetch(absoluteUrl(baseUrl, url), {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        ...(dispatcher ? { dispatcher } : {}),
      });
    } catch (e) {
      if (e instanceof SyncError) throw e;
      const name = (e as Error)?.name;
      opts.metrics?.inc('regarding_sync_graph_requests_total', { status: 'network' });
      if (name === 'TimeoutError' || name === 'AbortError')
        throw new SyncError('graph_timeout', `Graph request timed out after ${timeoutMs} ms`);
      throw new SyncError('graph_network', `Graph unreachable: ${(e as Error)?.message ?? String(e)}`);
    }
    opts.metrics?.inc('regarding_sync_graph_requests_total', { status: String(res.status) });
    return readResponse<T>(res, scope);
  };
}

/** A path relative to the base URL, or an absolute nextLink/deltaLink, as the URL to request. */
function absoluteUrl(baseUrl: string, pathOrUrl: string): string {
  if (/^https?:\/\//i.test(pathOrUrl)) {
    // nextLink/deltaLink come back absolute; never send the token to another host.
    if (new URL(pathOrUrl).origin !== new URL(baseUrl).origin)
      throw new SyncError('graph_bad_response', 'Graph link to a foreign host');
    return pathOrUrl;
  }
  return `${baseUrl}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
}

/** A Graph response's JSON body, or its error as a SyncError. */
async function readResponse<T>(res: Response, scope: FailureScope): Promise<T> {
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text.length > 0) {
    try {
      parsed = JSON.parse(text);
    } catch {
      if (res.ok) throw new SyncError('graph_bad_response', `Graph answered ${res.status} with non-JSON`);
    }
  }
  if (!res.ok) throw graphErrorFrom(res.status, parsed, res.headers.get('retry-after'), scope);
  return parsed as T;
}

/** A client bound to one mailbox: every request of it goes through its own concurrency limit. */
function mailboxGraph(
  request: Requester,
  address: string,
  limit: ReturnType<typeof createLimiter>,
): MailboxGraph {
  const get = <T>(pathOrUrl: string, scope: FailureScope, headers?: Record<string, string>) =>
    limit(() => request<T>('GET', pathOrUrl, scope, undefined, headers));
  return {
    address,
    userPath: `/users/${encodeURIComponent(address)}`,
    get,
    async pages<T>(firstUrl: string, scope: FailureScope) {
      const value: T[] = [];
      let url: string | undefined = firstUrl;
      let deltaLink: string | null = null;
      // Pages are sequential by nature (each names the next).
      for (let guard = 0; url; guard++) {
        if (guard > 100_000) throw new SyncError('graph_bad_response', 'Graph paging does not end');
        const page: GraphPage<T> = await get<GraphPage<T>>(url, scope);
        if (!page || !Array.isArray(page.value))
          throw new SyncError('graph_bad_response', 'Graph page without a value array');
        value.push(...page.value);
        url = page['@odata.nextLink'];
        if (!url) deltaLink = page['@odata.deltaLink'] ?? null;
      }
      return { value, deltaLink };
    },
    async batch(requests: BatchRequest[]) {
      const chunks: BatchRequest[][] = [];
      for (let i = 0; i < requests.length; i += BATCH_SIZE) chunks.push(requests.slice(i, i + BATCH_SIZE));
      const results = await Promise.all(
        chunks.map((chunk) =>
          limit(async () => {
            const res = await request<{ responses?: BatchResponse[] }>('POST', '/$batch', 'mailbox', {
              requests: chunk,
            });
            if (!res || !Array.isArray(res.responses))
              throw new SyncError('graph_bad_response', 'Graph $batch without responses');
            return res.responses;
          }),
        ),
      );
      const byId = new Map(results.flat().map((r) => [String(r.id), r]));
      return requests.map(
        (r) =>
          byId.get(r.id) ?? {
            id: r.id,
            status: 502,
            body: { error: { code: 'missingBatchResponse', message: 'no response for this request' } },
          },
      );
    },
  };
}
