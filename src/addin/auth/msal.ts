import { err, ok, type Result } from '#browser/result';
import type { OfficeAdapter } from '../office/types';
import type { AuthError, TokenProvider, TokenRequest } from '#browser/api/tokens';

/** The part of `@azure/msal-browser` this module uses (so tests can hand in a fake). */
export type TokenAnswer = { accessToken: string; expiresOn: Date | null };
export type NestableClient = {
  acquireTokenSilent(request: {
    scopes: string[];
    forceRefresh?: boolean;
    loginHint?: string;
  }): Promise<TokenAnswer>;
  acquireTokenPopup(request: { scopes: string[]; loginHint?: string }): Promise<TokenAnswer>;
};
export type MsalModule = {
  createNestablePublicClientApplication(configuration: {
    auth: { clientId: string; authority: string };
  }): Promise<NestableClient>;
};

export type MsalTokenProviderOptions = {
  clientId: string;
  authority: string;
  scopes: string[];
  office: Pick<OfficeAdapter, 'openDialog' | 'userProfile'>;
  /**
   * The page opened in an Office dialog when nested app authentication cannot get a token
   * (older Outlook). It signs in with MSAL redirect and sends back, via messageParent,
   * `{"accessToken": "...", "expiresOn": "<ISO>"}` or `{"error": "..."}`.
   */
  dialogUrl: string;
  /** Loads MSAL lazily (its own chunk), only when a token is first needed. */
  loadMsal?: () => Promise<MsalModule>;
  now?: () => number;
};

const authError = (code: AuthError['code'], message: string): AuthError => ({ kind: 'auth', code, message });
const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** Without an expiry from MSAL, reuse a token this long. */
const DEFAULT_LIFETIME_MS = 10 * 60 * 1000;

const defaultLoadMsal = () =>
  import(/* webpackChunkName: "msal" */ '@azure/msal-browser') as Promise<unknown> as Promise<MsalModule>;

/**
 * Outlook sign-in with MSAL nested app authentication: silent first, then a popup, then an
 * Office dialog as the last fallback. MSAL keeps its own cache; this module only remembers the
 * current access token in memory.
 */
export function createMsalTokenProvider(options: MsalTokenProviderOptions): TokenProvider {
  const loadMsal = options.loadMsal ?? defaultLoadMsal;
  const now = options.now ?? Date.now;
  let client: Promise<NestableClient> | null = null;
  let cached: { token: string; expiresAt: number } | null = null;
  let inFlight: Promise<Result<string, AuthError>> | null = null;

  function getClient(): Promise<NestableClient> {
    client ??= loadMsal()
      .then((msal) =>
        msal.createNestablePublicClientApplication({
          auth: { clientId: options.clientId, authority: options.authority },
        }),
      )
      .catch((e: unknown) => {
        client = null; // let the next call try to load again
        throw e;
      });
    return client;
  }

  function remember(answer: TokenAnswer): string {
    const expiresAt = answer.expiresOn ? answer.expiresOn.getTime() : now() + DEFAULT_LIFETIME_MS;
    cached = { token: answer.accessToken, expiresAt };
    return answer.accessToken;
  }

  async function viaDialog(): Promise<Result<string, AuthError>> {
    const answer = await signInViaDialog(options.office, options.dialogUrl);
    return answer.ok ? ok(remember(answer.value)) : answer;
  }

  async function acquire(forceRefresh: boolean): Promise<Result<string, AuthError>> {
    const address = options.office.userProfile.emailAddress;
    const hint = address ? { loginHint: address } : {};
    let app: NestableClient | null = null;
    try {
      app = await getClient();
    } catch {
      // MSAL could not load (e.g. offline chunk load): the dialog may still work.
    }
    if (app) {
      try {
        return ok(remember(await app.acquireTokenSilent({ scopes: options.scopes, forceRefresh, ...hint })));
      } catch {
        // Interaction required (consent, MFA, no account yet): try a popup.
      }
      try {
        return ok(remember(await app.acquireTokenPopup({ scopes: options.scopes, ...hint })));
      } catch {
        // Popup blocked or nested app authentication unsupported by this Outlook: use the dialog.
      }
    }
    return viaDialog();
  }

  async function getToken(req: TokenRequest = {}): Promise<Result<string, AuthError>> {
    if (req.signal?.aborted) return err(authError('cancelled', 'Sign-in was cancelled.'));
    if (req.forceRefresh) cached = null;
    if (cached && cached.expiresAt - REFRESH_MARGIN_MS > now()) return ok(cached.token);
    inFlight ??= acquire(!!req.forceRefresh).finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  return { getToken };
}

/** The last fallback: the sign-in dialog (auth/dialog.ts), which answers with a token or why not. */
async function signInViaDialog(
  office: MsalTokenProviderOptions['office'],
  dialogUrl: string,
): Promise<Result<TokenAnswer, AuthError>> {
  const answer = await office.openDialog(dialogUrl, { width: 35, height: 60 });
  if (!answer.ok) {
    return err(
      answer.error.code === 'dialog_closed'
        ? authError('cancelled', 'The sign-in window was closed before signing in.')
        : authError('sign_in_required', `Sign-in could not be completed: ${answer.error.message}`),
    );
  }
  let message: { accessToken?: unknown; expiresOn?: unknown; error?: unknown };
  try {
    message = JSON.parse(answer.value) as typeof message;
  } catch {
    return err(authError('sign_in_required', 'The sign-in window answered something unexpected.'));
  }
  if (typeof message.accessToken === 'string' && message.accessToken) {
    const expiresOn = typeof message.expiresOn === 'string' ? new Date(message.expiresOn) : null;
    const valid = expiresOn && !Number.isNaN(expiresOn.getTime()) ? expiresOn : null;
    return ok({ accessToken: message.accessToken, expiresOn: valid });
  }
  const reason = typeof message.error === 'string' ? message.error : 'no token';
  return err(authError('sign_in_required', `Sign-in failed: ${reason}`));
}
