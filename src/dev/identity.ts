/**
 * How `npm start` signs in: with the CRM's dev issuer (the default), or with
 * `REGARDING_AUTH=entra` against the emulated Entra ID exactly as production runs against
 * Microsoft's: the same variables, pointing at the emulator's origin and trusting its certificate.
 */
import { DEV_API_APP_ID, DEV_SYNC_APP_ID, DEV_TENANT_ID } from '#contract/dev';
import { DEV_SYNC_APP_SECRET } from '#emulator/identity/directory';

export type DevAuthMode = 'dev' | 'entra';

export function authModeOf(value: string | undefined): DevAuthMode | null {
  if (!value || value === 'dev') return 'dev';
  return value === 'entra' ? 'entra' : null;
}

/** The server's Entra ID and sync credential settings for the emulated identity provider. */
export function entraEnvironment(emulatorUrl: string, caFile: string): Record<string, string> {
  return {
    REGARDING_AUTH: 'entra',
    ENTRA_CLIENT_ID: DEV_API_APP_ID,
    ENTRA_ALLOWED_TENANTS: DEV_TENANT_ID,
    ENTRA_AUTHORITY_HOST: emulatorUrl,
    ENTRA_CA_FILE: caFile,
    GRAPH_TENANT_ID: DEV_TENANT_ID,
    GRAPH_CLIENT_ID: DEV_SYNC_APP_ID,
    GRAPH_CLIENT_SECRET: DEV_SYNC_APP_SECRET,
    GRAPH_AUTHORITY_HOST: emulatorUrl,
  };
}

/**
 * One line for a shell that puts an app-only Graph token into `$TOKEN` (client credentials of
 * the sync app); `caFile` is the certificate curl must trust.
 */
export function graphTokenCommand(emulatorUrl: string, caFile: string): string {
  return (
    `TOKEN=$(curl -s --cacert ${caFile} ${emulatorUrl}/${DEV_TENANT_ID}/oauth2/v2.0/token ` +
    `-d grant_type=client_credentials -d client_id=${DEV_SYNC_APP_ID} -d client_secret=${DEV_SYNC_APP_SECRET} ` +
    `-d scope=https://graph.microsoft.com/.default | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`
  );
}
