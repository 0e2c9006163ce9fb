import { createHash, randomBytes } from 'node:crypto';
import { servicePrincipalId, type AppRegistration, type DirectoryUser } from './directory';
import { canonicalScope, type ResolvedScopes } from './scopes';
import { issuerV1, issuerV2, type IdentityState, type RefreshGrant } from './state';

/** `azpacr` / `appidacr`: how the client proved itself (0 public, 1 secret, 2 certificate). */
export type ClientAuthMethod = '0' | '1' | '2';

/** Entra back-dates `iat` and `nbf` by five minutes against clock skew. */
const SKEW_SECONDS = 300;
/** App-only tokens live an hour (`expires_in: 3599`). */
const APP_TOKEN_SECONDS = 3599;
/** Delegated access tokens live 60 to 90 minutes, chosen at random (access-tokens: token lifetime). */
const MIN_USER_TOKEN_SECONDS = 3600;
const USER_TOKEN_SPREAD_SECONDS = 1800;
const SPA_REFRESH_MS = 24 * 3600 * 1000;
const REFRESH_MS = 90 * 24 * 3600 * 1000;

type Times = { iat: number; nbf: number; exp: number };

function times(state: IdentityState, lifetime: number): Times {
  const now = Math.floor(state.now() / 1000);
  return { iat: now - SKEW_SECONDS, nbf: now - SKEW_SECONDS, exp: now + lifetime };
}

/** `sub` is pairwise: the same user has a different `sub` for each app. */
function pairwiseSubject(user: DirectoryUser, appId: string): string {
  return createHash('sha256').update(`${user.objectId} ${appId}`).digest('base64url').slice(0, 43);
}

function tokenId(): string {
  return randomBytes(16).toString('base64url');
}

export type AppTokenRequest = {
  tenantId: string;
  client: AppRegistration;
  resolved: ResolvedScopes;
  roles: string[];
  auth: ClientAuthMethod;
};

/** An app-only access token (client credentials) in the resource's token version. */
export async function issueAppToken(state: IdentityState, req: AppTokenRequest) {
  const oid = servicePrincipalId(req.client.appId, req.tenantId);
  const t = times(state, APP_TOKEN_SECONDS);
  const common = { ...t, tid: req.tenantId, oid, sub: oid, idtyp: 'app', uti: tokenId() };
  const roles = req.roles.length ? { roles: req.roles } : {};
  const claims =
    req.resolved.resource.accessTokenVersion === 1
      ? {
          aud: req.resolved.resourceName,
          iss: issuerV1(state, req.tenantId),
          appid: req.client.appId,
          appidacr: req.auth,
          ...common,
          ...roles,
          ver: '1.0',
        }
      : {
          aud: req.resolved.resource.appId,
          iss: issuerV2(state, req.tenantId),
          azp: req.client.appId,
          azpacr: req.auth,
          ...common,
          ...roles,
          ver: '2.0',
        };
  return { access_token: await state.signer.sign(claims), expires_in: APP_TOKEN_SECONDS };
}

export type UserTokenRequest = {
  client: AppRegistration;
  user: DirectoryUser;
  resolved: ResolvedScopes;
  auth: ClientAuthMethod;
};

/** A delegated access token with `scp`, for the user's own tenant. */
async function issueUserAccessToken(state: IdentityState, req: UserTokenRequest) {
  const lifetime = MIN_USER_TOKEN_SECONDS + Math.floor(Math.random() * USER_TOKEN_SPREAD_SECONDS);
  const { user, resolved } = req;
  const t = times(state, lifetime);
  const scp = resolved.permissions.join(' ');
  const common = {
    ...t,
    tid: user.tenantId,
    oid: user.objectId,
    name: user.displayName,
    scp,
    uti: tokenId(),
  };
  const claims =
    resolved.resource.accessTokenVersion === 1
      ? {
          aud: resolved.resourceName,
          iss: issuerV1(state, user.tenantId),
          appid: req.client.appId,
          appidacr: req.auth,
          idtyp: 'user',
          sub: pairwiseSubject(user, resolved.resource.appId),
          upn: user.userPrincipalName,
          unique_name: user.userPrincipalName,
          ...common,
          ver: '1.0',
        }
      : {
          aud: resolved.resource.appId,
          iss: issuerV2(state, user.tenantId),
          azp: req.client.appId,
          azpacr: req.auth,
          sub: pairwiseSubject(user, resolved.resource.appId),
          preferred_username: user.userPrincipalName,
          ...common,
          ver: '2.0',
        };
  return { access_token: await state.signer.sign(claims), expires_in: lifetime };
}

export type IdTokenRequest = {
  client: AppRegistration;
  user: DirectoryUser;
  nonce: string | undefined;
  authTime: number;
  email: boolean;
};

/** The OpenID Connect ID token (id-token-claims-reference, v2.0). */
function issueIdToken(state: IdentityState, req: IdTokenRequest): Promise<string> {
  const { user } = req;
  return state.signer.sign({
    aud: req.client.appId,
    iss: issuerV2(state, user.tenantId),
    ...times(state, 3600),
    auth_time: Math.floor(req.authTime / 1000),
    name: user.displayName,
    ...(req.nonce !== undefined ? { nonce: req.nonce } : {}),
    oid: user.objectId,
    preferred_username: user.userPrincipalName,
    ...(req.email ? { email: user.userPrincipalName } : {}),
    sub: pairwiseSubject(user, req.client.appId),
    tid: user.tenantId,
    uti: tokenId(),
    ver: '2.0',
  });
}

/** `client_info`: what MSAL builds its account id from (`uid`.`utid`). */
export function clientInfo(user: DirectoryUser): string {
  return Buffer.from(JSON.stringify({ uid: user.objectId, utid: user.tenantId })).toString('base64url');
}

/** A new opaque refresh token; an SPA's keeps the 24-hour limit of the sign-in it descends from. */
function issueRefreshToken(
  state: IdentityState,
  grant: Omit<RefreshGrant, 'expiresAt'> & { expiresAt?: number },
): string {
  const token = `0.${randomBytes(48).toString('base64url')}`;
  const expiresAt = grant.expiresAt ?? state.now() + (grant.spa ? SPA_REFRESH_MS : REFRESH_MS);
  state.refreshTokens.set(token, { ...grant, expiresAt });
  return token;
}

export type UserTokenResponse = {
  token_type: 'Bearer';
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  id_token?: string;
  client_info?: string;
};

export type UserGrant = {
  client: AppRegistration;
  user: DirectoryUser;
  resolved: ResolvedScopes;
  auth: ClientAuthMethod;
  nonce: string | undefined;
  authTime: number;
  spa: boolean;
  clientInfo: boolean;
  /** A redeemed refresh token's expiry, which an SPA's new refresh token keeps. */
  refreshExpiresAt?: number;
};

/** The token endpoint's answer to a user grant: access token, and ID and refresh tokens as asked. */
export async function userTokenResponse(state: IdentityState, grant: UserGrant): Promise<UserTokenResponse> {
  const access = await issueUserAccessToken(state, grant);
  const { oidc, resource, permissions } = grant.resolved;
  const response: UserTokenResponse = {
    token_type: 'Bearer',
    scope: [
      ...permissions.map((p) => canonicalScope(resource, p)),
      ...oidc.filter((s) => s !== 'offline_access'),
    ].join(' '),
    expires_in: access.expires_in,
    ext_expires_in: access.expires_in,
    access_token: access.access_token,
  };
  if (oidc.includes('offline_access')) {
    response.refresh_token = issueRefreshToken(state, {
      clientId: grant.client.appId,
      user: grant.user,
      tenantId: grant.user.tenantId,
      spa: grant.spa,
      authTime: grant.authTime,
      ...(grant.refreshExpiresAt !== undefined ? { expiresAt: grant.refreshExpiresAt } : {}),
    });
    if (grant.spa)
      response.refresh_token_expires_in = Math.floor(
        ((state.refreshTokens.get(response.refresh_token)?.expiresAt ?? 0) - state.now()) / 1000,
      );
  }
  if (oidc.includes('openid'))
    response.id_token = await issueIdToken(state, { ...grant, email: oidc.includes('email') });
  if (grant.clientInfo) response.client_info = clientInfo(grant.user);
  return response;
}
