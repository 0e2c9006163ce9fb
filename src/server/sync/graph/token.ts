import { ConfidentialClientApplication } from '@azure/msal-node';
import { SyncError } from '../errors';
import type { TokenProvider } from './client';

/** A fixed token (tests and the emulator: a dev-issuer app token). */
export function staticTokenProvider(token: string): TokenProvider {
  return async () => token;
}

export type ClientCredentials = {
  tenantId: string;
  clientId: string;
  /** A client secret, or a certificate (preferred in production). */
  clientSecret?: string;
  certificate?: { thumbprintSha256: string; privateKey: string; x5c?: string };
  /** Default `https://login.microsoftonline.com`. */
  authorityHost?: string;
};

/**
 * Production: app-only client credentials for `https://graph.microsoft.com/.default`. MSAL caches
 * the token and renews it shortly before it expires.
 */
export function clientCredentialsTokenProvider(c: ClientCredentials): TokenProvider {
  if (!c.clientSecret && !c.certificate)
    throw new Error('Graph client credentials need a client secret or a certificate');
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: c.clientId,
      authority: `${(c.authorityHost ?? 'https://login.microsoftonline.com').replace(/\/+$/, '')}/${c.tenantId}`,
      ...(c.certificate ? { clientCertificate: c.certificate } : { clientSecret: c.clientSecret! }),
    },
  });
  return async () => {
    let result;
    try {
      result = await app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    } catch (e) {
      // Bad secret or a deleted app registration: nothing a retry fixes, but also nothing the
      // mailbox did; the worker logs it and every mailbox backs off.
      throw new SyncError('graph_token', `could not acquire a Graph token: ${(e as Error).message}`);
    }
    if (!result?.accessToken)
      throw new SyncError('graph_token', 'the identity platform returned no Graph token');
    return result.accessToken;
  };
}
