import type { AddinConfig } from '../config';
import type { OfficeAdapter } from '../office/types';
import { createDevTokenProvider } from './dev';
import { createMsalTokenProvider } from './msal';
import type { TokenProvider } from '#browser/api/tokens';

/**
 * The token provider the configuration asks for. `dialogUrl` defaults to `auth-dialog.html` next
 * to the page (the Office dialog fallback of MSAL mode).
 */
export function createTokenProvider(
  config: AddinConfig,
  office: Pick<OfficeAdapter, 'openDialog' | 'userProfile'>,
  dialogUrl: string = new URL('auth-dialog.html', globalThis.location?.href ?? 'https://localhost/').href,
): TokenProvider {
  if (config.auth.mode === 'dev') {
    return createDevTokenProvider({
      apiBaseUrl: config.apiBaseUrl,
      email: () => office.userProfile.emailAddress,
    });
  }
  return createMsalTokenProvider({
    clientId: config.auth.clientId,
    authority: config.auth.authority,
    scopes: config.auth.scopes,
    office,
    dialogUrl,
  });
}
