import { parseRetryAfter } from '#contract/retry-after';
import { createApiClient, isRetryable } from '#browser/api/client';
import { err, ok } from '#browser/result';
import type { TokenProvider } from '#browser/api/tokens';
import { OPPORTUNITY, USER_EMAIL, USER_ID, trackResponse } from '#test/unit/browser/fakes';

const me = {
  user: { id: USER_ID, name: 'Alex Morgan', email: USER_EMAIL, businessUnit: 'Sales West', isAdmin: false },
  settings: { autoTrack: 'none', neverLog: [] },
  can: {},
  crmWebUrl: 'https://localhost:3000',
};

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

function tokens(...values: string[]): TokenProvider & { requests: { forceRefresh?: boolean | undefined }[] } {
  const requests: { forceRefresh?: boolean | undefined }[] = [];
  let i = 0;
  return {
    requests,
    async getToken(request = {}) {
      requests.push({ forceRefresh: request.forceRefresh });
      return ok(values[Math.min(i++, values.length - 1)]!);
    },
  };
}

type Sent = { url: string; method: string; headers: Record<string, string>; body: unknown };

function client(
  responses: ((sent: Sent, signal: AbortSignal) => Response | Promise<Response>)[],
  provider = tokens('t1', 't2'),
) {
  const sent: Sent[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    const s: Sent = {
      url: String(url),
      method: init?.method ?? 'GET',
      headers: init?.headers as Record<string, string>,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    sent.push(s);
    const next = responses[Math.min(sent.length - 1, responses.length - 1)]!;
    return next(s, init!.signal!);
  };
  const api = createApiClient({
    baseUrl: 'https://crm.test/',
    tokens: provider,
    fetch: fetch as typeof globalThis.fetch,
    timeoutMs: 200,
  });
  return { api, sent, provider };
}

describe('api client', () => {
  it('builds the request from the endpoint table and returns the validated response', async () => {
    const key = '<abc/def@fabrikam.example>';
    const { api, sent } = client([() => json(200, trackResponse(key, OPPORTUNITY))]);

    const result = await api.call('track', {
      params: { kind: 'email', key },
      body: { item: { subject: 'Hi', people: [] }, regarding: { type: 'opportunity', id: OPPORTUNITY.id } },
    });

    expect(result.ok && result.value.activity.regarding?.name).toBe('Fabrikam 500 seats');
    expect(sent[0]).toMatchObject({
      method: 'PUT',
      url: `https://crm.test/api/v1/tracked/email/${encodeURIComponent(key)}`,
      headers: { Authorization: 'Bearer t1', 'Content-Type': 'application/json' },
      body: { item: { subject: 'Hi', people: [] } },
    });
  });

  it('sends the query string as given', async () => {
    const { api, sent } = client([() => json(200, { results: [OPPORTUNITY] })]);
    const result = await api.call('search', { query: { q: 'fab', types: 'opportunity,account' } });
    expect(result.ok).toBe(true);
    expect(sent[0]!.url).toBe('https://crm.test/api/v1/search?q=fab&types=opportunity%2Caccount');
  });

  it('refuses an invalid request without sending it', async () => {
    const { api, sent } = client([() => json(200, {})]);
    const result = await api.call('resolve', { body: { addresses: [] } });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    expect(sent).toHaveLength(0);
  });

  it('reports a response that does not match the contract', async () => {
    const { api } = client([() => json(200, { user: { id: 'not-a-uuid' } })]);
    expect(await api.call('me', {})).toMatchObject({
      ok: false,
      error: { kind: 'invalid_response', status: 200 },
    });
  });

  it('turns error bodies into typed http errors with Retry-After', async () => {
    const { api } = client([
      () => json(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'Retry-After': '7' }),
    ]);
    const result = await api.call('me', {});
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'http',
        status: 429,
        code: 'rate_limited',
        message: 'slow down',
        details: undefined,
        retryAfterSeconds: 7,
      },
    });
    expect(!result.ok && isRetryable(result.error)).toBe(true);
  });

  it('maps a gateway error without our body from its status', async () => {
    const { api } = client([
      () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    ]);
    expect(await api.call('me', {})).toMatchObject({
      ok: false,
      error: { kind: 'http', status: 502, code: 'unavailable' },
    });
  });

  it('refreshes the token once on 401 token_expired', async () => {
    const { api, sent, provider } = client([
      () => json(401, { error: { code: 'token_expired', message: 'expired' } }),
      () => json(200, me),
    ]);
    const result = await api.call('me', {});
    expect(result.ok).toBe(true);
    expect(sent.map((s) => s.headers.Authorization)).toEqual(['Bearer t1', 'Bearer t2']);
    expect(provider.requests).toEqual([{ forceRefresh: false }, { forceRefresh: true }]);
  });

  it('does not loop on a second 401', async () => {
    const { api, sent } = client([() => json(401, { error: { code: 'token_expired', message: 'expired' } })]);
    expect(await api.call('me', {})).toMatchObject({ ok: false, error: { code: 'token_expired' } });
    expect(sent).toHaveLength(2);
  });

  it('returns the auth error when no token can be had', async () => {
    const provider: TokenProvider = {
      getToken: async () => err({ kind: 'auth', code: 'unavailable', message: 'offline' }),
    };
    const { api, sent } = client([() => json(200, me)], provider as ReturnType<typeof tokens>);
    const result = await api.call('me', {});
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth', code: 'unavailable' } });
    expect(!result.ok && isRetryable(result.error)).toBe(true);
    expect(sent).toHaveLength(0);
  });

  it('times out a hanging call', async () => {
    const hang = (_: Sent, signal: AbortSignal) =>
      new Promise<Response>((_, reject) =>
        signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    const { api } = client([hang]);
    expect(await api.call('me', {})).toEqual({ ok: false, error: { kind: 'timeout', timeoutMs: 200 } });
  });

  it('reports cancellation by the caller as cancelled, not as a failure to retry', async () => {
    const hang = (_: Sent, signal: AbortSignal) =>
      new Promise<Response>((_, reject) =>
        signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    const { api } = client([hang]);
    const controller = new AbortController();
    const pending = api.call('me', {}, { signal: controller.signal });
    controller.abort();
    const result = await pending;
    expect(result).toEqual({ ok: false, error: { kind: 'cancelled' } });
    expect(!result.ok && isRetryable(result.error)).toBe(false);
  });

  it('reports a dropped connection as a retryable network error', async () => {
    const { api } = client([() => Promise.reject(new TypeError('fetch failed'))]);
    const result = await api.call('me', {});
    expect(result).toMatchObject({ ok: false, error: { kind: 'network' } });
    expect(!result.ok && isRetryable(result.error)).toBe(true);
  });
});

describe('isRetryable', () => {
  const http = (status: number, code: 'forbidden' | 'unavailable' | 'validation_failed' | 'internal') => ({
    kind: 'http' as const,
    status,
    code,
    message: '',
    details: undefined,
    retryAfterSeconds: null,
  });
  it('retries 5xx and 429 but not permanent failures', () => {
    expect(isRetryable(http(503, 'unavailable'))).toBe(true);
    expect(isRetryable(http(500, 'internal'))).toBe(true);
    expect(isRetryable(http(403, 'forbidden'))).toBe(false);
    expect(isRetryable(http(400, 'validation_failed'))).toBe(false);
    expect(isRetryable({ kind: 'invalid_response', status: 200, message: '' })).toBe(false);
    expect(isRetryable({ kind: 'auth', code: 'sign_in_required', message: '' })).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter('Fri, 20 Nov 2026 12:00:30 GMT', Date.parse('2026-11-20T12:00:00Z'))).toBe(30);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});
