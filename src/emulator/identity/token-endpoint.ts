import { createHash } from 'node:crypto';
import { authenticateClient, type ClientCredentialsForm } from './client-auth';
import { consentedScopes, type AppRegistration, type Tenant } from './directory';
import { EntraError, malformed, missingParameter } from './entra-error';
import { canonicalScope, resolveScopes, type ResolvedScopes } from './scopes';
import type { IdentityState, TenantPath } from './state';
import { resolveClient, resolveTenantPath } from './tenancy';
import { issueAppToken, userTokenResponse, type ClientAuthMethod } from './tokens';

export type TokenForm = ClientCredentialsForm & {
  grant_type?: string;
  client_id?: string;
  scope?: string;
  code?: string;
  redirect_uri?: string;
  code_verifier?: string;
  refresh_token?: string;
  client_info?: string;
};

/** What the endpoint knows of the HTTP request besides its form: the browser's `Origin`. */
export type TokenRequest = { tenantSegment: string; form: TokenForm; origin: string | undefined };

type Resolved = { state: IdentityState; path: TenantPath & { tenant: Tenant | null }; app: AppRegistration };

/** `POST /{tenant}/oauth2/v2.0/token`: client credentials, authorization code (PKCE), refresh token. */
export async function handleTokenRequest(state: IdentityState, req: TokenRequest): Promise<object> {
  const path = resolveTenantPath(state, req.tenantSegment);
  if (!req.form.grant_type) throw missingParameter('grant_type');
  const app = resolveClient(state, path, req.form.client_id);
  const ctx: Resolved = { state, path, app };
  switch (req.form.grant_type) {
    case 'client_credentials':
      return clientCredentials(ctx, req.form);
    case 'authorization_code':
      return authorizationCode(ctx, req);
    case 'refresh_token':
      return refreshToken(ctx, req);
    default:
      throw new EntraError(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${req.form.grant_type}'.`,
      );
  }
}

/** Audiences a client assertion may name: this tenant's token endpoint, as discovery lists it. */
function assertionAudiences(ctx: Resolved): string[] {
  const origin = ctx.state.origin();
  return [ctx.path.segment, ctx.path.tenantId]
    .filter((t): t is string => !!t)
    .flatMap((t) => [`${origin}/${t}/oauth2/v2.0/token`, `${origin}/${t}/v2.0`]);
}

async function clientCredentials(ctx: Resolved, form: TokenForm) {
  const { path, app, state } = ctx;
  if (path.tenant === null)
    throw path.segment === 'common'
      ? new EntraError(
          400,
          'invalid_request',
          9001023,
          'The grant type is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.',
        )
      : new EntraError(
          400,
          'invalid_request',
          50059,
          'No tenant-identifying information found in either the request or implied by any provided credentials.',
        );
  const auth = await authenticateClient(state, app, form, {
    required: true,
    audiences: assertionAudiences(ctx),
  });
  if (!form.scope) throw missingParameter('scope');
  const resolved = resolveScopes(state.directory, path.tenant, form.scope);
  if (resolved.oidc.length > 0 || resolved.permissions.some((p) => p !== '.default'))
    throw new EntraError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${form.scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  const roles = app.grantedRoles[resolved.resource.appId] ?? [];
  const token = await issueAppToken(state, { tenantId: path.tenant.id, client: app, resolved, roles, auth });
  return {
    token_type: 'Bearer',
    expires_in: token.expires_in,
    ext_expires_in: token.expires_in,
    access_token: token.access_token,
  };
}

/**
 * Cross-origin rules of the SPA platform (v2-oauth2-auth-code-flow): a code for an SPA redirect
 * URI is redeemed only by a browser (an `Origin` header) and only with PKCE; a code for a web
 * redirect URI never from a browser.
 */
function checkRedemptionOrigin(spa: boolean, origin: string | undefined, pkce: boolean): void {
  if (spa && !origin)
    throw new EntraError(
      400,
      'invalid_request',
      9002327,
      "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
    );
  if (!spa && origin)
    throw new EntraError(
      400,
      'invalid_request',
      9002326,
      `Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '${origin}'.`,
    );
  if (spa && !pkce)
    throw new EntraError(
      400,
      'invalid_request',
      9002325,
      'Proof Key for Code Exchange is required for cross-origin authorization code redemption.',
    );
}

async function authorizationCode(ctx: Resolved, req: TokenRequest) {
  const { state, app, path } = ctx;
  const { form } = req;
  if (!form.code) throw missingParameter('code');
  const code = state.codes.get(form.code);
  if (!code || code.clientId !== app.appId) throw malformed();
  if (path.tenantId !== null && code.tenant.tenantId !== null && code.tenant.tenantId !== path.tenantId)
    throw new EntraError(
      400,
      'invalid_grant',
      700005,
      'Provided Authorization Code is intended to use against other tenant, thus rejected.',
    );
  if (code.redeemed)
    throw new EntraError(
      400,
      'invalid_grant',
      54005,
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
    );
  if (code.expiresAt <= state.now()) throw expiredGrant();
  if (!form.redirect_uri) throw missingParameter('redirect_uri');
  if (form.redirect_uri !== code.redirectUri)
    throw new EntraError(
      400,
      'invalid_grant',
      500112,
      `The reply address '${form.redirect_uri}' does not match the reply address '${code.redirectUri}' provided when requesting Authorization code.`,
    );
  const spa = app.spaRedirectUris.includes(code.redirectUri);
  checkRedemptionOrigin(spa, req.origin, code.codeChallenge !== undefined);
  const auth = await authenticateClient(state, app, form, {
    required: !spa,
    audiences: assertionAudiences(ctx),
  });
  if (code.codeChallenge && !verifierMatches(code.codeChallenge, form.code_verifier))
    throw new EntraError(
      400,
      'invalid_grant',
      501481,
      'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
    );
  code.redeemed = true;
  const resolved = resolveScopes(state.directory, path.tenant, code.scopes.join(' '));
  return userTokenResponse(state, {
    client: app,
    user: code.user,
    resolved,
    auth,
    nonce: code.nonce,
    authTime: code.authTime,
    spa,
    clientInfo: form.client_info === '1',
  });
}

function verifierMatches(
  challenge: { value: string; method: 'S256' | 'plain' },
  verifier: string | undefined,
): boolean {
  if (!verifier) return false;
  const computed =
    challenge.method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return computed === challenge.value;
}

function expiredGrant(): EntraError {
  return new EntraError(
    400,
    'invalid_grant',
    70008,
    'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
  );
}

async function refreshToken(ctx: Resolved, req: TokenRequest) {
  const { state, app, path } = ctx;
  const { form } = req;
  if (!form.refresh_token) throw missingParameter('refresh_token');
  const grant = state.refreshTokens.get(form.refresh_token);
  if (!grant || grant.clientId !== app.appId) throw malformed();
  if (grant.expiresAt <= state.now()) {
    if (!grant.spa) throw expiredGrant();
    throw new EntraError(
      400,
      'invalid_grant',
      700084,
      `The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page. The token was issued on ${new Date(grant.authTime).toISOString()}.`,
    );
  }
  if (path.tenantId !== null && path.tenantId !== grant.tenantId) throw malformed();
  checkRedemptionOrigin(grant.spa, req.origin, true);
  const auth: ClientAuthMethod = await authenticateClient(state, app, form, {
    required: !grant.spa,
    audiences: assertionAudiences(ctx),
  });
  const requested = resolveScopes(
    state.directory,
    path.tenant,
    form.scope ?? 'openid profile offline_access',
  );
  const consented = consentedScopes(state.directory, grant.user, app.appId);
  const resolved = expandDefault(consented, requested);
  requireConsent(ctx, consented, resolved);
  return userTokenResponse(state, {
    client: app,
    user: grant.user,
    resolved,
    auth,
    nonce: undefined,
    authTime: grant.authTime,
    spa: grant.spa,
    clientInfo: form.client_info === '1',
    ...(grant.spa ? { refreshExpiresAt: grant.expiresAt } : {}),
  });
}

/** A refresh token reaches only what the user (or an administrator) consented to. */
function requireConsent(ctx: Resolved, consented: Set<string>, resolved: ResolvedScopes): void {
  const missing = missingConsent(consented, resolved);
  if (missing.length)
    throw new EntraError(
      400,
      'invalid_grant',
      65001,
      `The user or administrator has not consented to use the application with ID '${ctx.app.appId}' named '${ctx.app.displayName}'. Send an interactive authorization request for this user and resource.`,
      'consent_required',
    );
}

/** Requested scopes without consent. */
export function missingConsent(consented: Set<string>, resolved: ResolvedScopes): string[] {
  const wanted = [...resolved.oidc, ...resolved.permissions.map((p) => canonicalScope(resolved.resource, p))];
  return wanted.filter((s) => !consented.has(s));
}

/**
 * A delegated `.default` stands for every permission of the resource consented so far (static
 * consent); without any, it asks for none beyond the OIDC scopes.
 */
export function expandDefault(consented: Set<string>, resolved: ResolvedScopes): ResolvedScopes {
  if (!resolved.permissions.includes('.default')) return resolved;
  const prefix = canonicalScope(resolved.resource, '');
  const granted = [...consented].filter((s) => s.startsWith(prefix)).map((s) => s.slice(prefix.length));
  const others = resolved.permissions.filter((p) => p !== '.default');
  return { ...resolved, permissions: [...new Set([...others, ...granted])] };
}
