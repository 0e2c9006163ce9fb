import type { KeyObject } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createDirectory, findApp, type Directory, type DirectoryOptions } from './directory';
import { DEV_API_APP_ID } from '#contract/dev';
import { identityRoutes } from './routes';
import { TokenSigner } from './signing';
import { issuerV1, issuerV2, type IdentityState } from './state';

/** Options of the emulated identity provider (`startEmulator({ identity })`). */
export type IdentityOptions = Partial<Omit<DirectoryOptions, 'clientRedirectUris'>> & {
  /**
   * SPA redirect URIs of the Regarding client. Default: the pane's dialog page on the emulator
   * and on the CRM (`/pane/auth-dialog.html`, `/addin/auth-dialog.html`), nested app
   * authentication's `brk-multihub://` URI of both hosts, and the web client at the CRM's root.
   */
  clientRedirectUris?: string[];
  /** The clock of tokens, codes and sessions (tests); default `Date.now`. */
  now?: () => number;
};

export type IdentityProvider = {
  readonly directory: Directory;
  /** The v2.0 issuer of a tenant's tokens, `{origin}/{tid}/v2.0`. */
  issuer(tenantId: string): string;
  /** Whether `iss` is one of this provider's v1.0 issuers (the tokens Microsoft Graph receives). */
  isGraphIssuer(iss: unknown): boolean;
  /** The public key of the tokens it signs. */
  publicKey(): Promise<KeyObject>;
  routes(app: FastifyInstance): Promise<void>;
  /** Called once the emulator listens: issuers and endpoints carry its origin from then on. */
  listening(origin: string): void;
};

/** The one emulated Microsoft Entra ID: its directory, its keys and its endpoints. */
export function createIdentityProvider(
  options: IdentityOptions & { https: boolean; crmUrl: string },
): IdentityProvider {
  const directory = createDirectory({ ...options, clientRedirectUris: options.clientRedirectUris ?? [] });
  let origin: string | null = null;
  const state: IdentityState = {
    directory,
    signer: new TokenSigner(),
    now: options.now ?? Date.now,
    origin: () => {
      if (origin === null)
        throw new Error('The identity provider has no origin before the emulator listens.');
      return origin;
    },
    https: options.https,
    codes: new Map(),
    refreshTokens: new Map(),
    sessions: new Map(),
    flows: new Map(),
  };
  return {
    directory,
    issuer: (tenantId) => issuerV2(state, tenantId),
    isGraphIssuer: (iss) =>
      origin !== null &&
      typeof iss === 'string' &&
      directory.tenants.some((t) => issuerV1(state, t.id) === iss),
    publicKey: () => state.signer.publicKey(),
    routes: (app) => identityRoutes(app, state),
    listening(url) {
      origin = url.replace(/\/+$/, '');
      const client = findApp(directory, DEV_API_APP_ID);
      if (client && !options.clientRedirectUris)
        client.spaRedirectUris = defaultRedirectUris(origin, options.crmUrl.replace(/\/+$/, ''));
    },
  };
}

function defaultRedirectUris(emulator: string, crm: string): string[] {
  return [
    `${emulator}/pane/auth-dialog.html`,
    `${crm}/addin/auth-dialog.html`,
    `brk-multihub://${new URL(emulator).host}`,
    `brk-multihub://${new URL(crm).host}`,
    `${crm}/`,
  ];
}
