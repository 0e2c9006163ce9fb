import type { Result } from '../result';

/*
 * How the API client gets its bearer token. Whoever signs the user in provides it: the add-in
 * (Outlook's nested app authentication or the dev issuer) and the CRM web client alike.
 */

export type AuthErrorCode =
  /** Configuration is missing what the mode needs. */
  | 'not_configured'
  /** The user must sign in interactively and every interactive way failed or was closed. */
  | 'sign_in_required'
  /** The dev token endpoint refused or could not be reached. */
  | 'dev_token_failed'
  /** The identity provider or token endpoint could not be reached or is briefly failing (retryable). */
  | 'unavailable'
  | 'cancelled';

export type AuthError = { kind: 'auth'; code: AuthErrorCode; message: string };

export type TokenRequest = {
  /** Skip any cached token (after the API answered 401 token_expired). */
  forceRefresh?: boolean | undefined;
  signal?: AbortSignal | undefined;
};

export interface TokenProvider {
  getToken(request?: TokenRequest): Promise<Result<string, AuthError>>;
}
