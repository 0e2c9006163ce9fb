import { createRemoteJWKSet, customFetch, type FetchImplementation } from 'jose';
import { Agent, fetch } from 'undici';
import { API_SCOPE } from '#contract';
import { createTokenVerifier, type TokenVerifier } from './token-verifier';

export type EntraConfig = {
  /** The API's application (client) id; v2.0 access tokens carry it as `aud`. */
  clientId: string;
  /** Further accepted audiences, e.g. the application id URI `api://<client id>`. */
  audiences: string[];
  /** Tenant ids whose users may sign in; empty accepts every tenant (multi-tenant app). */
  allowedTenants: string[];
  /** The delegated scope the add-in requests (`access_as_user`). */
  scope: string;
  /** Microsoft's signing keys; the common endpoint serves the keys of every tenant. */
  jwksUrl: string;
  /** Base of the per-tenant issuer, `https://login.microsoftonline.com`. */
  authorityHost: string;
  /** PEM of a CA to trust when fetching the keys (an emulated identity provider's certificate). */
  ca?: string;
  clockToleranceSeconds: number;
};

export const ENTRA_AUTHORITY_HOST = 'https://login.microsoftonline.com';
/** The key set every tenant of an authority host signs with. */
export function jwksUrlOf(authorityHost: string): string {
  return `${authorityHost.replace(/\/+$/, '')}/common/discovery/v2.0/keys`;
}

export const ENTRA_JWKS_URL = jwksUrlOf(ENTRA_AUTHORITY_HOST);

export function defaultEntraConfig(clientId: string): EntraConfig {
  return {
    clientId,
    audiences: [`api://${clientId}`],
    allowedTenants: [],
    scope: API_SCOPE,
    jwksUrl: ENTRA_JWKS_URL,
    authorityHost: ENTRA_AUTHORITY_HOST,
    clockToleranceSeconds: 60,
  };
}

/**
 * Validates Entra ID (v2.0) access tokens for the Regarding API: RS256 only, signed by a key of
 * Microsoft's JWKS (fetched once and cached by jose, refetched when an unknown key id appears),
 * issuer `https://login.microsoftonline.com/{tid}/v2.0` for the token's own tenant, which must be
 * allowed, the API's audience, and the `access_as_user` scope.
 */
export function createEntraVerifier(config: EntraConfig): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(config.jwksUrl), {
    cacheMaxAge: 24 * 60 * 60 * 1000,
    cooldownDuration: 30_000,
    timeoutDuration: 5_000,
    ...(config.ca ? { [customFetch]: trustingFetch(config.ca) } : {}),
  });
  const allowed = new Set(config.allowedTenants.map((t) => t.toLowerCase()));
  const host = config.authorityHost.replace(/\/+$/, '');
  return createTokenVerifier({
    keys,
    issuerForTenant: (tenantId) =>
      allowed.size === 0 || allowed.has(tenantId.toLowerCase()) ? `${host}/${tenantId}/v2.0` : null,
    audiences: [...new Set([config.clientId, ...config.audiences])],
    requiredScope: config.scope,
    algorithms: ['RS256'],
    clockToleranceSeconds: config.clockToleranceSeconds,
  });
}

/** jose's key fetch, trusting `ca` besides the system's CAs. */
function trustingFetch(ca: string): FetchImplementation {
  const dispatcher = new Agent({ connect: { ca } });
  return (url, options) =>
    fetch(url, {
      ...options,
      headers: Object.fromEntries(options.headers),
      dispatcher,
    }) as unknown as Promise<Response>;
}
