import * as z from 'zod/mini';
import { err, ok, type Result } from '#browser/result';
import type { AuthError, TokenProvider, TokenRequest } from '#browser/api/tokens';

const DevTokenResponse = z.object({
  access_token: z.string().check(z.minLength(1)),
  expires_in: z.number().check(z.positive()),
});

export type DevTokenProviderOptions = {
  apiBaseUrl: string;
  /** The Office user's address, the identity the dev issuer signs for. */
  email: () => string;
  fetch?: typeof fetch;
  now?: () => number;
  /** Renew this long before expiry, so a token never expires in flight. */
  refreshMarginSeconds?: number;
  timeoutMs?: number;
};

const authError = (code: AuthError['code'], message: string): AuthError => ({ kind: 'auth', code, message });

/**
 * Local development sign-in: asks the CRM server's dev issuer (`POST /api/v1/dev/token`) for a
 * token for the Office user. Tokens live in memory only (never localStorage) until shortly
 * before they expire; concurrent callers share one request.
 */
export function createDevTokenProvider(options: DevTokenProviderOptions): TokenProvider {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const now = options.now ?? Date.now;
  const margin = (options.refreshMarginSeconds ?? 60) * 1000;
  const url = `${options.apiBaseUrl.replace(/\/+$/, '')}/api/v1/dev/token`;
  let cached: { token: string; expiresAt: number } | null = null;
  let inFlight: Promise<Result<string, AuthError>> | null = null;

  async function request(): Promise<Result<string, AuthError>> {
    const email = options.email().trim();
    if (!email) return err(authError('not_configured', 'Outlook did not tell us who is signed in.'));
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 10_000);
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ email }),
        signal: controller.signal,
      });
    } catch (e) {
      return err(
        authError(
          'unavailable',
          `The sign-in service could not be reached: ${e instanceof Error ? e.message : String(e)}`,
        ),
      );
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 429 || response.status >= 500)
      return err(authError('unavailable', `The sign-in service is unavailable (HTTP ${response.status}).`));
    if (!response.ok)
      return err(
        authError('dev_token_failed', `Dev sign-in was refused for ${email} (HTTP ${response.status}).`),
      );
    const body = DevTokenResponse.safeParse(await response.json().catch(() => null));
    if (!body.success)
      return err(authError('dev_token_failed', 'The dev sign-in answer was not understood.'));
    cached = { token: body.data.access_token, expiresAt: now() + body.data.expires_in * 1000 };
    return ok(cached.token);
  }

  async function getToken(req: TokenRequest = {}): Promise<Result<string, AuthError>> {
    if (req.signal?.aborted) return err(authError('cancelled', 'Sign-in was cancelled.'));
    if (req.forceRefresh) cached = null;
    if (cached && cached.expiresAt - margin > now()) return ok(cached.token);
    inFlight ??= request().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  return { getToken };
}
