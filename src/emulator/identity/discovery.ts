import { EntraError } from './entra-error';
import type { IdentityState, TenantPath } from './state';

/**
 * The OpenID Provider Configuration of a tenant segment, as Entra's v2.0 endpoint serves it
 * (v2-protocols-oidc): endpoints under the segment, and the issuer with the tenant's id, or the
 * `{tenantid}` placeholder for `common` and `organizations`.
 */
export function openIdConfiguration(state: IdentityState, path: TenantPath) {
  const origin = state.origin();
  const base = `${origin}/${path.tenantId ?? path.segment}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${origin}/${path.tenantId ?? '{tenantid}'}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: path.tenantId ? 'EU' : null,
    cloud_instance_name: new URL(origin).host,
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

/** `/discovery/v2.0/keys`: every tenant's keys are the same set, each naming the issuer it signs for. */
export function signingKeys(state: IdentityState, path: TenantPath) {
  return state.signer.jwks(`${state.origin()}/${path.tenantId ?? '{tenantid}'}/v2.0`);
}

/**
 * `/common/discovery/instance` (Entra's instance discovery), for clients that ask for it: the
 * emulator's host is one cloud of its own, with no aliases.
 */
export function instanceDiscovery(state: IdentityState, authorizationEndpoint: string | undefined) {
  const host = new URL(state.origin()).host;
  const url = parseUrl(authorizationEndpoint);
  if (!url || url.host !== host)
    throw new EntraError(
      400,
      // Instance discovery's own error, which MSAL reads as "not an Entra authority".
      'invalid_instance',
      50049,
      `Unknown or invalid instance. The authorization endpoint '${authorizationEndpoint ?? ''}' is not on ${host}.`,
    );
  const tenant = url.pathname.split('/').filter(Boolean)[0] ?? 'common';
  return {
    tenant_discovery_endpoint: `${state.origin()}/${tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}

function parseUrl(value: string | undefined): URL | null {
  try {
    return value ? new URL(value) : null;
  } catch {
    return null;
  }
}
