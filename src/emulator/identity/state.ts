import type { AppRegistration, Directory, DirectoryUser, Tenant } from './directory';
import type { TokenSigner } from './signing';

/** A tenant segment of a path: a tenant of the directory, or `common` / `organizations`. */
export type TenantPath = { segment: string; tenantId: string | null };

/** An authorization code: single use, ten minutes (v2-oauth2-auth-code-flow). */
export type AuthorizationCode = {
  clientId: string;
  redirectUri: string;
  user: DirectoryUser;
  /** The tenant segment of the authorize request (a code is redeemed there or at /common). */
  tenant: TenantPath;
  scopes: string[];
  nonce: string | undefined;
  codeChallenge: { value: string; method: 'S256' | 'plain' } | undefined;
  authTime: number;
  expiresAt: number;
  redeemed: boolean;
};

/** What a refresh token stands for; SPA tokens keep the expiry of the sign-in that started them. */
export type RefreshGrant = {
  clientId: string;
  user: DirectoryUser;
  tenantId: string;
  spa: boolean;
  authTime: number;
  expiresAt: number;
};

/** A browser's sign-in session (the `ESTSAUTH` cookie): the accounts signed in there. */
export type Session = { userIds: Set<string> };

/** An authorize request between its pages (account picker, consent), known by a random id. */
export type PendingSignIn = { request: AuthorizeRequest; user: DirectoryUser | null; expiresAt: number };

/** A validated authorize request. */
export type AuthorizeRequest = {
  tenant: TenantPath & { tenant: Tenant | null };
  app: AppRegistration;
  redirectUri: string;
  responseMode: 'query' | 'fragment' | 'form_post';
  state: string | undefined;
  nonce: string | undefined;
  scope: string;
  codeChallenge: { value: string; method: 'S256' | 'plain' } | undefined;
  prompt: 'none' | 'login' | 'consent' | 'select_account' | undefined;
  loginHint: string | undefined;
  clientInfo: boolean;
};

/** Everything the identity endpoints share; one per emulator. */
export type IdentityState = {
  directory: Directory;
  signer: TokenSigner;
  now(): number;
  /** The emulator's public origin, e.g. `https://localhost:3100` (known once it listens). */
  origin(): string;
  https: boolean;
  codes: Map<string, AuthorizationCode>;
  refreshTokens: Map<string, RefreshGrant>;
  sessions: Map<string, Session>;
  flows: Map<string, PendingSignIn>;
};

/** Issuer of v2.0 tokens for a tenant: `{origin}/{tid}/v2.0`, as `login.microsoftonline.com/{tid}/v2.0`. */
export function issuerV2(state: IdentityState, tenantId: string): string {
  return `${state.origin()}/${tenantId}/v2.0`;
}

/** Issuer of v1.0 tokens (what Graph receives), `{origin}/{tid}/` as `sts.windows.net/{tid}/`. */
export function issuerV1(state: IdentityState, tenantId: string): string {
  return `${state.origin()}/${tenantId}/`;
}

const HOUR_MS = 3_600_000;

/**
 * Forgets codes an hour and refresh tokens a week past their expiry (until then they answer
 * "expired", as Entra does), and abandoned sign-ins.
 */
export function sweepExpired(state: IdentityState): void {
  const now = state.now();
  for (const [key, code] of state.codes) if (code.expiresAt < now - HOUR_MS) state.codes.delete(key);
  for (const [key, grant] of state.refreshTokens)
    if (grant.expiresAt < now - 7 * 24 * HOUR_MS) state.refreshTokens.delete(key);
  for (const [key, flow] of state.flows) if (flow.expiresAt < now) state.flows.delete(key);
}
