import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { DEMO_USERS } from '#contract/demo-org';
import {
  DEV_API_APP_ID,
  DEV_SYNC_APP_ID,
  DEV_TENANT_ID,
  GRAPH_APP_ROLES,
  GRAPH_AUDIENCE,
  API_SCOPE,
} from '#contract/dev';

/**
 * The emulated Entra ID directory: tenants, their users, and the app registrations (with their
 * service principals and consents). Plain data with lookups; the protocol lives elsewhere.
 */
export type Tenant = { id: string; displayName: string; domains: string[] };

export type DirectoryUser = {
  objectId: string;
  tenantId: string;
  userPrincipalName: string;
  displayName: string;
};

export type AppCertificate = { sha1Thumbprint: string; sha256Thumbprint: string; publicKey: KeyObject };

/** An app registration: a client, a resource (an API with scopes and app roles), or both. */
export type AppRegistration = {
  appId: string;
  displayName: string;
  homeTenantId: string;
  signInAudience: 'AzureADMyOrg' | 'AzureADMultipleOrgs';
  /** Redirect URIs of the "Single-page application" platform (PKCE, cross-origin redemption). */
  spaRedirectUris: string[];
  /** Redirect URIs of the "Web" platform (confidential clients). */
  webRedirectUris: string[];
  secrets: string[];
  certificates: AppCertificate[];
  /** Application ID URIs (`api://...`) accepted as the resource part of a scope. */
  identifierUris: string[];
  /** Delegated permissions it exposes (`oauth2PermissionScopes`). */
  scopes: string[];
  /** Application permissions it exposes (`appRoles`). */
  appRoles: string[];
  /** The `requestedAccessTokenVersion` of its manifest (Microsoft Graph takes v1 tokens). */
  accessTokenVersion: 1 | 2;
  /** Application permissions granted to this app, by resource app id (admin-consented). */
  grantedRoles: Record<string, string[]>;
};

/** Microsoft Graph's well-known application id. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** A second organization, whose users the Regarding deployment does not allow. */
export const WOODGROVE_TENANT_ID = '5e7b0000-0000-4000-8000-00000000d00d';

/**
 * Users of the emulator's tenant who have no CRM user yet: their first sign-in is what
 * just-in-time provisioning sees. They have no mailbox.
 */
export const UNPROVISIONED_USERS: readonly DirectoryUser[] = [
  {
    objectId: '0a1e0000-0000-4000-8000-000000000101',
    tenantId: DEV_TENANT_ID,
    userPrincipalName: 'robin.okafor@contoso.example',
    displayName: 'Robin Okafor',
  },
  {
    objectId: '0a1e0000-0000-4000-8000-000000000102',
    tenantId: DEV_TENANT_ID,
    userPrincipalName: 'emery.walsh@contoso.example',
    displayName: 'Emery Walsh',
  },
];

/** The second tenant's users. */
export const WOODGROVE_USERS: readonly DirectoryUser[] = [
  {
    objectId: '3b0d0000-0000-4000-8000-000000000201',
    tenantId: WOODGROVE_TENANT_ID,
    userPrincipalName: 'jamie.reed@woodgrove.example',
    displayName: 'Jamie Reed',
  },
];

/**
 * The sync app's client secret in the emulator. Known to anyone who reads this file: it opens
 * nothing but the emulator's own Graph.
 */
export const DEV_SYNC_APP_SECRET = 'emulator-only~sync-app-secret';

/** Delegated Graph permissions the emulated Graph knows. */
const GRAPH_SCOPES = [
  'User.Read',
  'Mail.Read',
  'Mail.ReadWrite',
  'Calendars.Read',
  'Calendars.ReadWrite',
  'MailboxSettings.Read',
  'MailboxSettings.ReadWrite',
];
const GRAPH_ROLES = [...GRAPH_SCOPES.filter((s) => s !== 'User.Read'), 'User.Read.All'];

export type DirectoryOptions = {
  /** SPA redirect URIs of the Regarding registration (the pane's dialog page, the web client's page). */
  clientRedirectUris: string[];
  /** Public certificates (PEM) registered on the sync app besides its secret. */
  syncAppCertificates?: string[];
  /** Sign-in audience of the Regarding registration (default: any organization). */
  signInAudience?: AppRegistration['signInAudience'];
};

export type Directory = {
  tenants: Tenant[];
  users: DirectoryUser[];
  apps: AppRegistration[];
  /** Consents an administrator granted for the whole tenant: `${tenantId} ${clientAppId}` -> scopes. */
  adminConsents: Map<string, Set<string>>;
  /** Consents users granted for themselves: `${userObjectId} ${clientAppId}` -> scopes. */
  userConsents: Map<string, Set<string>>;
};

/** The directory: Contoso (the emulator's tenant, its mailbox users and unprovisioned users) and Woodgrove. */
export function createDirectory(options: DirectoryOptions): Directory {
  const tenants: Tenant[] = [
    { id: DEV_TENANT_ID, displayName: 'Contoso', domains: ['contoso.example', 'contoso.onmicrosoft.com'] },
    {
      id: WOODGROVE_TENANT_ID,
      displayName: 'Woodgrove',
      domains: ['woodgrove.example', 'woodgrove.onmicrosoft.com'],
    },
  ];
  const users: DirectoryUser[] = [
    ...DEMO_USERS.map((u) => ({
      objectId: u.objectId,
      tenantId: DEV_TENANT_ID,
      userPrincipalName: u.email,
      displayName: u.name,
    })),
    ...UNPROVISIONED_USERS,
    ...WOODGROVE_USERS,
  ];
  const apps = registrations(options);
  const adminConsents = new Map<string, Set<string>>([
    [
      `${DEV_TENANT_ID} ${DEV_API_APP_ID}`,
      new Set([
        'openid',
        'profile',
        'email',
        'offline_access',
        `api://${DEV_API_APP_ID}/${API_SCOPE}`,
        `${GRAPH_AUDIENCE}/User.Read`,
      ]),
    ],
  ]);
  return { tenants, users, apps, adminConsents, userConsents: new Map() };
}

/** Microsoft Graph, Regarding (the API and its SPA client) and the sync app. */
function registrations(options: DirectoryOptions): AppRegistration[] {
  const audience = options.signInAudience ?? 'AzureADMultipleOrgs';
  return [
    registration({
      appId: GRAPH_APP_ID,
      displayName: 'Microsoft Graph',
      signInAudience: 'AzureADMultipleOrgs',
      identifierUris: [GRAPH_AUDIENCE],
      scopes: GRAPH_SCOPES,
      appRoles: GRAPH_ROLES,
      accessTokenVersion: 1,
    }),
    // One registration is both the API and its public SPA client, as docs/identity.md sets it up.
    registration({
      appId: DEV_API_APP_ID,
      displayName: 'Regarding',
      signInAudience: audience,
      spaRedirectUris: options.clientRedirectUris,
      identifierUris: [`api://${DEV_API_APP_ID}`],
      scopes: [API_SCOPE],
      accessTokenVersion: 2,
    }),
    registration({
      appId: DEV_SYNC_APP_ID,
      displayName: 'Regarding sync',
      signInAudience: 'AzureADMyOrg',
      secrets: [DEV_SYNC_APP_SECRET],
      certificates: (options.syncAppCertificates ?? []).map(appCertificate),
      grantedRoles: { [GRAPH_APP_ID]: [...GRAPH_APP_ROLES] },
    }),
  ];
}

function registration(
  fields: Pick<AppRegistration, 'appId' | 'displayName' | 'signInAudience'> & Partial<AppRegistration>,
): AppRegistration {
  return {
    homeTenantId: DEV_TENANT_ID,
    spaRedirectUris: [],
    webRedirectUris: [],
    secrets: [],
    certificates: [],
    identifierUris: [],
    scopes: [],
    appRoles: [],
    accessTokenVersion: 2,
    grantedRoles: {},
    ...fields,
  };
}

/** A registered certificate, known by its SHA-1 and SHA-256 thumbprints as Entra knows it. */
function appCertificate(pem: string): AppCertificate {
  const cert = new X509Certificate(pem);
  return {
    sha1Thumbprint: createHash('sha1').update(cert.raw).digest('hex'),
    sha256Thumbprint: createHash('sha256').update(cert.raw).digest('hex'),
    publicKey: cert.publicKey,
  };
}

/** `{tenant}` of a path: a tenant id or one of its domains; `null` when the directory has none. */
export function findTenant(directory: Directory, idOrDomain: string): Tenant | null {
  const key = idOrDomain.toLowerCase();
  return directory.tenants.find((t) => t.id === key || t.domains.includes(key)) ?? null;
}

export function findApp(directory: Directory, appId: string): AppRegistration | null {
  return directory.apps.find((a) => a.appId === appId.toLowerCase()) ?? null;
}

/** An app is present in a tenant when it is registered there or is multi-tenant. */
export function appInTenant(app: AppRegistration, tenantId: string): boolean {
  return app.homeTenantId === tenantId || app.signInAudience === 'AzureADMultipleOrgs';
}

export function findUser(directory: Directory, objectIdOrUpn: string): DirectoryUser | null {
  const key = objectIdOrUpn.toLowerCase();
  return directory.users.find((u) => u.objectId === key || u.userPrincipalName.toLowerCase() === key) ?? null;
}

/** The resource app a scope's prefix names: an application ID URI or the app id itself. */
export function findResource(directory: Directory, prefix: string): AppRegistration | null {
  const key = prefix.replace(/\/+$/, '').toLowerCase();
  return (
    directory.apps.find(
      (a) => a.appId === key || a.identifierUris.some((uri) => uri.toLowerCase() === key),
    ) ?? null
  );
}

/** Scopes consented for this user and client, by the tenant's administrator or the user. */
export function consentedScopes(directory: Directory, user: DirectoryUser, clientAppId: string): Set<string> {
  return new Set([
    ...(directory.adminConsents.get(`${user.tenantId} ${clientAppId}`) ?? []),
    ...(directory.userConsents.get(`${user.objectId} ${clientAppId}`) ?? []),
  ]);
}

export function grantUserConsent(
  directory: Directory,
  user: DirectoryUser,
  clientAppId: string,
  scopes: Iterable<string>,
): void {
  const key = `${user.objectId} ${clientAppId}`;
  const granted = directory.userConsents.get(key) ?? new Set<string>();
  for (const scope of scopes) granted.add(scope);
  directory.userConsents.set(key, granted);
}

/** The service principal's object id of an app in a tenant (stable, distinct from the app id). */
export function servicePrincipalId(appId: string, tenantId: string): string {
  const hex = createHash('sha256').update(`sp ${appId} ${tenantId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
