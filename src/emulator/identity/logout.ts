import { decodeJwt } from 'jose';
import type { Outcome } from './authorize';
import { findApp, findUser } from './directory';
import { signedOutPage } from './pages';
import type { IdentityState } from './state';

type Params = Record<string, string | undefined>;

/**
 * `/{tenant}/oauth2/v2.0/logout`: signs the hinted account (`logout_hint`, or the ID token's
 * user) out of the browser's session, or every account without a hint. It returns to
 * `post_logout_redirect_uri` only when that is a redirect URI registered on the app the request
 * names (`client_id`, or the ID token's audience); otherwise it shows "You signed out".
 */
export function logout(state: IdentityState, params: Params, sessionId: string | undefined): Outcome {
  const hint = params.id_token_hint ? claimsOf(params.id_token_hint) : {};
  const session = sessionId ? state.sessions.get(sessionId) : undefined;
  const who = params.logout_hint ?? hint.oid;
  const user = who ? findUser(state.directory, who) : null;
  if (session && user) session.userIds.delete(user.objectId);
  else if (session) session.userIds.clear();
  const app = findApp(state.directory, params.client_id ?? hint.aud ?? '');
  const target = params.post_logout_redirect_uri;
  const registered = app ? [...app.spaRedirectUris, ...app.webRedirectUris] : [];
  if (target && registered.includes(target)) {
    const url = new URL(target);
    if (params.state !== undefined) url.searchParams.set('state', params.state);
    return { kind: 'redirect', location: url.toString() };
  }
  return { kind: 'page', status: 200, page: signedOutPage() };
}

function claimsOf(idToken: string): { oid?: string; aud?: string } {
  try {
    const claims = decodeJwt(idToken);
    return {
      ...(typeof claims.oid === 'string' ? { oid: claims.oid } : {}),
      ...(typeof claims.aud === 'string' ? { aud: claims.aud } : {}),
    };
  } catch {
    return {};
  }
}
