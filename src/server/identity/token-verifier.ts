import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AppError } from '../errors';

/** The identity an access token proves: a user of a tenant, keyed by (tenant id, object id). */
export type VerifiedIdentity = {
  tenantId: string;
  objectId: string;
  /** `preferred_username` (usually the sign-in address), for messages and logs only. */
  username: string | null;
  name: string | null;
  scopes: string[];
};

export type TokenVerifierOptions = {
  /** Key lookup: a cached remote JWKS for Entra ID, a local JWKS for the dev issuer. */
  keys: JWTVerifyGetKey;
  /**
   * The issuer a token must carry given its tenant (`tid`), or `null` when that tenant is not
   * accepted. Entra ID issues per tenant, so the issuer cannot be one fixed string.
   */
  issuerForTenant: (tenantId: string) => string | null;
  /** Accepted `aud` values (Entra v2 tokens carry the client id; v1 the application id URI). */
  audiences: string[];
  /** The delegated scope a token must carry in `scp`. */
  requiredScope: string;
  algorithms: string[];
  clockToleranceSeconds: number;
};

export type TokenVerifier = (token: string) => Promise<VerifiedIdentity>;

/**
 * The one verification code path for every access token the API accepts, Entra ID's and the
 * dev issuer's alike. Failures throw AppError `token_expired` or `unauthenticated`, or
 * `unavailable` when the signing keys cannot be fetched.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const verified = createVerifiedTokenCache();
  return async (token) => {
    const cached = verified.get(token);
    if (cached) return cached;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, options.keys, {
        algorithms: options.algorithms,
        audience: options.audiences,
        clockTolerance: options.clockToleranceSeconds,
        requiredClaims: ['exp', 'iss', 'aud'],
      }));
    } catch (error) {
      throw mapJoseError(error, options);
    }
    const tenantId = stringClaim(payload, 'tid');
    const objectId = stringClaim(payload, 'oid');
    if (!tenantId || !objectId) {
      throw unauthenticated(
        'The access token has no tenant (tid) or object id (oid): it is not a user token.',
      );
    }
    const expectedIssuer = options.issuerForTenant(tenantId);
    if (expectedIssuer === null) {
      throw unauthenticated(
        `The access token is from tenant ${tenantId}, which this server does not accept.`,
      );
    }
    if (payload.iss !== expectedIssuer) {
      throw unauthenticated(`The access token's issuer is not trusted (expected ${expectedIssuer}).`);
    }
    const scopes = (stringClaim(payload, 'scp') ?? '').split(' ').filter(Boolean);
    if (!scopes.includes(options.requiredScope)) {
      throw unauthenticated(
        `The access token does not carry the delegated scope "${options.requiredScope}"; ` +
          'request a token for this API on behalf of the signed-in user.',
      );
    }
    const identity: VerifiedIdentity = {
      tenantId,
      objectId,
      username: stringClaim(payload, 'preferred_username') ?? stringClaim(payload, 'upn'),
      name: stringClaim(payload, 'name'),
      scopes,
    };
    verified.set(token, identity, (payload.exp ?? 0) * 1000);
    return identity;
  };
}

const CACHE_ENTRIES = 10_000;
/** A verified token is trusted again without verification for at most this long. */
const CACHE_TTL_MS = 5 * 60 * 1000;

/**
 * Clients reuse one token for many requests; remembering a verified token (keyed by the whole
 * token, signature included) saves a signature check per request. An entry ends at the token's
 * `exp` (so expiry is reported exactly as without the cache) or after 5 minutes, whichever is
 * first, which also bounds how long a withdrawn signing key keeps working.
 */
function createVerifiedTokenCache() {
  const entries = new Map<string, { identity: VerifiedIdentity; validUntil: number }>();
  return {
    get(token: string): VerifiedIdentity | undefined {
      const entry = entries.get(token);
      if (!entry) return undefined;
      if (entry.validUntil > Date.now()) return entry.identity;
      entries.delete(token);
      return undefined;
    },
    set(token: string, identity: VerifiedIdentity, expiresAt: number) {
      const validUntil = Math.min(expiresAt, Date.now() + CACHE_TTL_MS);
      if (validUntil <= Date.now()) return;
      // Oldest first out; a Map iterates in insertion order.
      if (entries.size >= CACHE_ENTRIES) entries.delete(entries.keys().next().value as string);
      entries.set(token, { identity, validUntil });
    },
  };
}

function stringClaim(payload: JWTPayload, name: string): string | null {
  const value = payload[name];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function unauthenticated(message: string): AppError {
  return new AppError('unauthenticated', message);
}

function mapJoseError(error: unknown, options: TokenVerifierOptions): AppError {
  if (error instanceof errors.JWTExpired) {
    return new AppError('token_expired', 'The access token has expired; get a new token and retry.');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'nbf':
      case 'iat':
        return unauthenticated('The access token is not valid yet; check the clock of the issuing machine.');
      case 'aud':
        return unauthenticated(
          `The access token was issued for another API (expected audience ${options.audiences.join(' or ')}).`,
        );
      default:
        return unauthenticated(`The access token's "${error.claim}" claim is missing or invalid.`);
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return unauthenticated(
      `The access token's signing algorithm is not accepted (use ${options.algorithms.join(', ')}).`,
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return unauthenticated('The access token signature is invalid.');
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return unauthenticated('The access token was signed with a key this server does not trust.');
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || isFetchFailure(error)) {
    return new AppError(
      'unavailable',
      'The identity provider signing keys could not be fetched; retry shortly.',
      undefined,
      5,
    );
  }
  if (error instanceof errors.JOSEError) {
    return unauthenticated('The access token is malformed.');
  }
  return unauthenticated('The access token could not be verified.');
}

function isFetchFailure(error: unknown): boolean {
  // jose surfaces a network failure of the JWKS fetch as fetch's own TypeError.
  return error instanceof TypeError && /fetch/i.test(error.message);
}
