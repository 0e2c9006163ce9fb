import { findResource, GRAPH_APP_ID, type AppRegistration, type Directory, type Tenant } from './directory';
import { EntraError } from './entra-error';

/** The OpenID Connect scopes, which name no resource. */
const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

/**
 * A `scope` parameter resolved as Entra resolves it: OIDC scopes, plus permissions of exactly one
 * resource, named by its application ID URI or app id (a bare name means Microsoft Graph).
 */
export type ResolvedScopes = {
  oidc: string[];
  resource: AppRegistration;
  /** The resource as the request named it (v1 tokens carry it as `aud`). */
  resourceName: string;
  /** Permission names without the resource prefix; `.default` stays as it is. */
  permissions: string[];
};

function splitScopes(scope: string): string[] {
  return [...new Set(scope.split(/\s+/).filter(Boolean))];
}

export function resolveScopes(directory: Directory, tenant: Tenant | null, scope: string): ResolvedScopes {
  const oidc: string[] = [];
  const named = new Map<string, { resource: AppRegistration; name: string; permissions: string[] }>();
  for (const item of splitScopes(scope)) {
    if ((OIDC_SCOPES as readonly string[]).includes(item.toLowerCase())) {
      oidc.push(item.toLowerCase());
      continue;
    }
    const slash = item.lastIndexOf('/');
    const prefix = slash > 0 ? item.slice(0, slash) : 'https://graph.microsoft.com';
    const permission = slash > 0 ? item.slice(slash + 1) : item;
    const resource = findResource(directory, prefix);
    if (!resource) throw resourceNotFound(prefix, tenant);
    if (
      permission !== '.default' &&
      !resource.scopes.some((s) => s.toLowerCase() === permission.toLowerCase())
    )
      throw invalidScope(item);
    const entry = named.get(resource.appId) ?? { resource, name: prefix, permissions: [] };
    const canonical = resource.scopes.find((s) => s.toLowerCase() === permission.toLowerCase()) ?? permission;
    entry.permissions.push(canonical);
    named.set(resource.appId, entry);
  }
  if (named.size > 1)
    throw new EntraError(
      400,
      'invalid_scope',
      700022,
      `The provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scope} is not valid.`,
    );
  const only = [...named.values()][0];
  if (only) return { oidc, resource: only.resource, resourceName: only.name, permissions: only.permissions };
  // Only OIDC scopes: the access token is for Microsoft Graph, to read the signed-in user.
  const graph = directory.apps.find((a) => a.appId === GRAPH_APP_ID)!;
  return { oidc, resource: graph, resourceName: graph.identifierUris[0]!, permissions: ['User.Read'] };
}

/** The form consents are recorded in: `{application ID URI or app id}/{permission}`. */
export function canonicalScope(resource: AppRegistration, permission: string): string {
  return `${resource.identifierUris[0] ?? resource.appId}/${permission}`;
}

function invalidScope(scope: string): EntraError {
  return new EntraError(
    400,
    'invalid_scope',
    70011,
    `The provided value for the input parameter 'scope' is not valid. The scope '${scope}' is not valid.`,
  );
}

function resourceNotFound(name: string, tenant: Tenant | null): EntraError {
  return new EntraError(
    400,
    'invalid_resource',
    500011,
    `The resource principal named ${name} was not found in the tenant named ${tenant?.displayName ?? 'common'}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  );
}
