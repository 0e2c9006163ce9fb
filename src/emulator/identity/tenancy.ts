import {
  appInTenant,
  findApp,
  findTenant,
  type AppRegistration,
  type DirectoryUser,
  type Tenant,
} from './directory';
import { appNotFound, EntraError, missingParameter, notMultiTenant, tenantNotFound } from './entra-error';
import type { IdentityState, TenantPath } from './state';

/** The multi-tenant segments Entra serves for work and school accounts. */
const MULTI_TENANT = ['common', 'organizations'];

/**
 * The `{tenant}` of a path: a tenant id or domain of the directory, `common` or `organizations`.
 * `consumers` names personal Microsoft accounts, which this directory has none of.
 */
export function resolveTenantPath(
  state: IdentityState,
  segment: string,
  errorCode: 'invalid_request' | 'invalid_tenant' = 'invalid_request',
): TenantPath & { tenant: Tenant | null } {
  const lower = segment.toLowerCase();
  if (MULTI_TENANT.includes(lower)) return { segment: lower, tenantId: null, tenant: null };
  const tenant = findTenant(state.directory, lower);
  if (!tenant) throw tenantNotFound(segment, errorCode);
  return { segment: lower, tenantId: tenant.id, tenant };
}

/** The client app a request names, present in the tenant it addresses. */
export function resolveClient(
  state: IdentityState,
  path: TenantPath & { tenant: Tenant | null },
  clientId: string | undefined,
): AppRegistration {
  if (!clientId) throw missingParameter('client_id');
  const app = findApp(state.directory, clientId);
  if (path.tenant === null) {
    if (!app) throw appNotFound(clientId, 'common');
    if (app.signInAudience !== 'AzureADMultipleOrgs') throw notMultiTenant(app.appId, app.displayName);
    return app;
  }
  if (!app || !appInTenant(app, path.tenant.id)) throw appNotFound(clientId, path.tenant.displayName);
  return app;
}

/**
 * A user may sign in to an app at this tenant segment: their own tenant (or a multi-tenant
 * segment), where the app exists. Otherwise AADSTS50020, as Entra answers a user of another
 * organization.
 */
export function checkUserAllowed(
  state: IdentityState,
  path: TenantPath,
  app: AppRegistration,
  user: DirectoryUser,
): void {
  const homeTenant = state.directory.tenants.find((t) => t.id === user.tenantId);
  const resourceTenant = path.tenantId ?? user.tenantId;
  if (user.tenantId === resourceTenant && appInTenant(app, user.tenantId)) return;
  const tenantName =
    state.directory.tenants.find((t) => t.id === resourceTenant)?.displayName ?? resourceTenant;
  throw new EntraError(
    400,
    'invalid_request',
    50020,
    `User account '${user.userPrincipalName}' from identity provider '${issuerHost(state, homeTenant?.id ?? user.tenantId)}' does not exist in tenant '${tenantName}' and cannot access the application '${app.appId}'(${app.displayName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.`,
  );
}

function issuerHost(state: IdentityState, tenantId: string): string {
  return `${state.origin()}/${tenantId}/`;
}
