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
/** Application (client) id of the sync app: the dev issuer's app tokens and the emulator's directory. */
export const DEV_SYNC_APP_ID = '5a5e0000-0000-4000-8000-00000000a990';
/**
 * Application (client) id of the Regarding registration in the emulator's directory: the API
 * (`api://<id>/access_as_user`) and its own SPA client (pane and web client), as in production.
 */
export const DEV_API_APP_ID = '4e6a0000-0000-4000-8000-0000000000a1';
/**
 * Graph application permissions of the sync app: mail and calendar items are read and patched
 * (marker and category), and the master categories are created (MailboxSettings.ReadWrite).
 */
export const GRAPH_APP_ROLES = [
  'Mail.ReadWrite',
  'MailboxSettings.ReadWrite',
  'Calendars.ReadWrite',
] as const;
