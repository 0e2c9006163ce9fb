import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createLocalJWKSet, SignJWT, type JWK } from 'jose';
import {
  API_SCOPE,
  DEFAULT_API_AUDIENCE,
  DEV_ISSUER,
  DEV_SYNC_APP_ID,
  DEV_TENANT_ID,
  GRAPH_AUDIENCE,
} from '#contract';
import { createTokenVerifier, type TokenVerifier } from './token-verifier';

/** Who a dev user token is for; an `Actor` fits. */
export type DevTokenUser = { objectId: string; email: string; name?: string; tenantId?: string };

export type UserTokenOptions = {
  audience?: string;
  /** Lifetime; negative values make an already expired token (tests). */
  expiresInSeconds?: number;
  /** Seconds from now before which the token is not valid (tests of `nbf`). */
  notBeforeInSeconds?: number;
  /** `scp`; `null` leaves the claim out. */
  scope?: string | null;
  /** Overrides `iss` (tests of untrusted issuers). */
  issuer?: string;
};

export type AppTokenOptions = { audience?: string; roles: readonly string[]; expiresInSeconds?: number };

export type Jwks = { keys: JWK[] };

export type DevIssuer = {
  readonly issuer: string;
  readonly tenantId: string;
  issueUserToken(user: DevTokenUser, options?: UserTokenOptions): Promise<string>;
  issueAppToken(options: AppTokenOptions): Promise<string>;
  publicJwks(): Jwks;
};

const ALGORITHM = 'RS256';
const DEFAULT_LIFETIME_SECONDS = 3600;

/**
 * The local development identity provider: signs user tokens for seeded
 * users and app tokens for the sync worker, shaped like Entra ID v2.0 tokens. With `keyFile` the
 * key pair is kept in that file so tokens survive a restart; without it the key lives in memory.
 * Never constructed in production mode (see app.ts).
 */
export function createDevIssuer(options: { keyFile?: string } = {}): DevIssuer {
  const privateKey = options.keyFile ? loadOrCreateKey(options.keyFile) : generateKey();
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  const kid = thumbprint(publicJwk);
  const jwk: JWK = { ...publicJwk, kid, alg: ALGORITHM, use: 'sig' };

  async function sign(claims: Record<string, unknown>, audience: string, lifetime: number, nbfIn = 0) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT', kid })
      .setIssuedAt(now + Math.min(nbfIn, 0))
      .setNotBefore(now + nbfIn)
      .setExpirationTime(now + lifetime)
      .setAudience(audience)
      .sign(privateKey);
  }

  return {
    issuer: DEV_ISSUER,
    tenantId: DEV_TENANT_ID,
    issueUserToken(user, opts = {}) {
      const tenantId = user.tenantId ?? DEV_TENANT_ID;
      const claims: Record<string, unknown> = {
        iss: opts.issuer ?? DEV_ISSUER,
        tid: tenantId,
        oid: user.objectId,
        sub: user.objectId,
        preferred_username: user.email,
        name: user.name ?? user.email,
        ver: '2.0',
      };
      const scope = opts.scope === undefined ? API_SCOPE : opts.scope;
      if (scope !== null) claims.scp = scope;
      return sign(
        claims,
        opts.audience ?? DEFAULT_API_AUDIENCE,
        opts.expiresInSeconds ?? DEFAULT_LIFETIME_SECONDS,
        opts.notBeforeInSeconds,
      );
    },
    issueAppToken(opts) {
      return sign(
        {
          iss: DEV_ISSUER,
          tid: DEV_TENANT_ID,
          oid: DEV_SYNC_APP_ID,
          sub: DEV_SYNC_APP_ID,
          azp: DEV_SYNC_APP_ID,
          idtyp: 'app',
          roles: [...opts.roles],
          ver: '2.0',
        },
        opts.audience ?? GRAPH_AUDIENCE,
        opts.expiresInSeconds ?? DEFAULT_LIFETIME_SECONDS,
      );
    },
    publicJwks: () => ({ keys: [{ ...jwk }] }),
  };
}

/** Verifies dev-issuer user tokens through the same code path as Entra ID tokens, with a local JWKS. */
export function createDevVerifier(
  issuer: DevIssuer,
  options: { audience: string; clockToleranceSeconds: number },
): TokenVerifier {
  return createTokenVerifier({
    keys: createLocalJWKSet(issuer.publicJwks()),
    issuerForTenant: (tenantId) => (tenantId === issuer.tenantId ? issuer.issuer : null),
    audiences: [options.audience],
    requiredScope: API_SCOPE,
    algorithms: [ALGORITHM],
    clockToleranceSeconds: options.clockToleranceSeconds,
  });
}

function generateKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

function loadOrCreateKey(file: string): KeyObject {
  if (existsSync(file)) {
    try {
      const jwk = JSON.parse(readFileSync(file, 'utf8')) as JsonWebKey;
      return createPrivateKey({ key: jwk, format: 'jwk' });
    } catch (error) {
      throw new Error(
        `The dev issuer key file ${file} is unreadable (${String(error)}); delete it to create a new key.`,
        { cause: error },
      );
    }
  }
  const key = generateKey();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(key.export({ format: 'jwk' })), { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

/** RFC 7638 thumbprint of an RSA public key, as the key id. */
function thumbprint(jwk: JWK): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}
