import {
  ConfidentialClientApplication,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { Agent, fetch } from 'undici';
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
  /** Default `https://login.microsoftonline.com`; another host (the emulator) is a known authority. */
  authorityHost?: string;
  /** PEM of a CA to trust for the authority (the emulator's self-signed certificate). */
  ca?: string;
};

const ENTRA_AUTHORITY_HOST = 'https://login.microsoftonline.com';

/**
 * Production: app-only client credentials for `https://graph.microsoft.com/.default`. MSAL caches
 * the token and renews it shortly before it expires.
 */
export function clientCredentialsTokenProvider(c: ClientCredentials): TokenProvider {
  if (!c.clientSecret && !c.certificate)
    throw new Error('Graph client credentials need a client secret or a certificate');
  const host = (c.authorityHost ?? ENTRA_AUTHORITY_HOST).replace(/\/+$/, '');
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: c.clientId,
      authority: `${host}/${c.tenantId}`,
      // MSAL trusts only Microsoft's hosts unless told otherwise; it then reads the authority's
      // own OpenID configuration instead of asking Microsoft's instance discovery.
      ...(host === ENTRA_AUTHORITY_HOST ? {} : { knownAuthorities: [new URL(host).host] }),
      ...(c.certificate ? { clientCertificate: c.certificate } : { clientSecret: c.clientSecret! }),
    },
    ...(c.ca ? { system: { networkClient: trustingNetworkClient(c.ca) } } : {}),
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

/** MSAL's HTTP client, trusting `ca` (MSAL's own client has no way to add a CA). */
function trustingNetworkClient(ca: string): INetworkModule {
  const dispatcher = new Agent({ connect: { ca } });
  const send = async <T>(
    url: string,
    method: 'GET' | 'POST',
    options?: NetworkRequestOptions,
    timeout?: number,
  ): Promise<NetworkResponse<T>> => {
    const response = await fetch(url, {
      method,
      headers: options?.headers ?? {},
      ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
      dispatcher,
      ...(timeout ? { signal: AbortSignal.timeout(timeout) } : {}),
    });
    return {
      headers: Object.fromEntries(response.headers),
      body: (await response.json()) as T,
      status: response.status,
    };
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => send(url, 'GET', options, timeout),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  };
}
