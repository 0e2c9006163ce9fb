/**
 * Constants of the local development identity: the dev issuer signs tokens
 * for seeded users (the CRM API audience) and for the sync app (the Graph audience), and the
 * emulator validates the latter. They never apply in production mode.
 */
export const DEV_ISSUER = 'https://login.regarding.dev/dev-issuer/v2.0';
export const DEV_TENANT_ID = '7f1c0de5-0000-4000-8000-00000000c0de';
export const DEFAULT_API_AUDIENCE = 'api://regarding';
export const API_SCOPE = 'access_as_user';
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
/** Object id of the sync worker's app identity in the dev tenant. */
export const DEV_SYNC_APP_ID = '5a5e0000-0000-4000-8000-00000000a990';
export const GRAPH_APP_ROLES = ['Mail.ReadWrite', 'Calendars.ReadWrite'] as const;
