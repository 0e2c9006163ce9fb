import {
  createLocalJWKSet,
  decodeJwt,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { DEV_ISSUER, GRAPH_AUDIENCE } from '#contract/dev';
import { GraphError } from '../errors';
import type { IdentityProvider } from '../identity/provider';
import type { Mailbox } from '../mailbox/types';

/** Graph's resource app id: tokens for Graph may name it instead of the URL as audience. */
const GRAPH_APP_ID_AUDIENCE = '00000003-0000-0000-c000-000000000000';

export type GraphPrincipal =
  | { kind: 'app'; appId: string; roles: string[] }
  | { kind: 'user'; objectId: string; email: string; scopes: string[] };

export type TokenVerifier = (authorization: string | undefined) => Promise<GraphPrincipal>;

/** Where a token must come from: the dev issuer's key, or the emulated Entra ID's v1.0 issuers. */
type Trust = { keys: JWTVerifyGetKey; issuer: string };

/**
 * Verifies Graph bearer tokens: the emulated identity provider's (v1.0, as Entra issues them for
 * Graph) and the dev issuer's, against the JWKS the emulator was started with.
 */
export function createTokenVerifier(
  jwks: JSONWebKeySet,
  identity: Pick<IdentityProvider, 'isGraphIssuer' | 'publicKey'>,
): TokenVerifier {
  const devKeys = createLocalJWKSet(jwks);
  const identityKeys: JWTVerifyGetKey = () => identity.publicKey();
  /** The issuer named by an (unverified) token decides the key it is checked against. */
  const trustFor = (token: string): Trust => {
    let iss: unknown;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      iss = undefined;
    }
    return identity.isGraphIssuer(iss)
      ? { keys: identityKeys, issuer: iss as string }
      : { keys: devKeys, issuer: DEV_ISSUER };
  };
  // Verified tokens, until they expire: every sub-request of a `$batch` carries the same token,
  // and re-checking its signature each time cost more than serving the request.
  const verified = new Map<string, { principal: GraphPrincipal; expiresAt: number }>();
  const MAX_CACHED = 1000;
  return async (authorization) => {
    if (!authorization || !/^Bearer\s+\S+/i.test(authorization))
      throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    const token = authorization.replace(/^Bearer\s+/i, '').trim();
    const cached = verified.get(token);
    if (cached && cached.expiresAt > Date.now()) return cached.principal;
    verified.delete(token);
    const principal = await verify(token);
    if (verified.size >= MAX_CACHED) verified.delete(verified.keys().next().value as string);
    verified.set(token, { principal: principal.principal, expiresAt: principal.expiresAt });
    return principal.principal;
  };

  async function verify(token: string): Promise<{ principal: GraphPrincipal; expiresAt: number }> {
    let payload;
    const trust = trustFor(token);
    try {
      ({ payload } = await jwtVerify(token, trust.keys, {
        issuer: trust.issuer,
        algorithms: ['RS256'],
        audience: [GRAPH_AUDIENCE, GRAPH_AUDIENCE + '/', GRAPH_APP_ID_AUDIENCE],
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired)
        throw new GraphError(
          401,
          'InvalidAuthenticationToken',
          'Lifetime validation failed, the token is expired.',
        );
      if (err instanceof joseErrors.JWTClaimValidationFailed)
        throw new GraphError(
          401,
          'InvalidAuthenticationToken',
          `Access token validation failure: invalid ${err.claim}.`,
        );
      throw new GraphError(
        401,
        'InvalidAuthenticationToken',
        'Access token validation failure. Invalid audience or signature.',
      );
    }
    return principalOf(payload);
  }
}

/** Who a verified token speaks for, and until when it may be trusted without checking again. */
function principalOf(payload: JWTPayload): { principal: GraphPrincipal; expiresAt: number } {
  const roles = Array.isArray(payload.roles)
    ? payload.roles.filter((r): r is string => typeof r === 'string')
    : [];
  const scp = typeof payload.scp === 'string' ? payload.scp.split(' ').filter(Boolean) : [];
  // A token without `exp` is kept for five minutes at most.
  const expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 : Date.now() + 300_000;
  if (payload.idtyp === 'app' || (scp.length === 0 && roles.length > 0)) {
    // The app's id: `appid` in v1.0 tokens, `azp` in v2.0 ones (`oid` is its service principal).
    const appId = String(payload.appid ?? payload.azp ?? payload.oid ?? '');
    return { principal: { kind: 'app', appId, roles }, expiresAt };
  }
  // v2.0 tokens name the user in `preferred_username`, v1.0 ones (Graph's) in `upn`.
  const username = payload.preferred_username ?? payload.upn;
  const email = typeof username === 'string' ? username : '';
  const objectId = typeof payload.oid === 'string' ? payload.oid : '';
  if (!objectId && !email)
    throw new GraphError(
      401,
      'InvalidAuthenticationToken',
      'Access token validation failure: no user claims.',
    );
  return { principal: { kind: 'user', objectId, email, scopes: scp }, expiresAt };
}

export type Access = { resource: 'mail' | 'calendar' | 'settings'; write: boolean };

const APP_ROLES: Record<Access['resource'], { read: string[]; write: string[] }> = {
  mail: { read: ['Mail.Read', 'Mail.ReadWrite', 'Mail.ReadBasic.All'], write: ['Mail.ReadWrite'] },
  calendar: {
    read: ['Calendars.Read', 'Calendars.ReadWrite', 'Mail.ReadWrite'],
    write: ['Calendars.ReadWrite', 'Mail.ReadWrite'],
  },
  settings: {
    read: ['MailboxSettings.Read', 'MailboxSettings.ReadWrite', 'Mail.ReadWrite'],
    write: ['MailboxSettings.ReadWrite', 'Mail.ReadWrite'],
  },
};

/**
 * App tokens reach any mailbox with the right application role; delegated tokens reach only the
 * signed-in user's own mailbox (Graph answers 403 ErrorAccessDenied otherwise).
 */
export function authorize(principal: GraphPrincipal, mailbox: Mailbox, access: Access): void {
  if (principal.kind === 'app') {
    const allowed = access.write ? APP_ROLES[access.resource].write : APP_ROLES[access.resource].read;
    if (!principal.roles.some((r) => allowed.includes(r)))
      throw new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    return;
  }
  const own =
    (principal.objectId && principal.objectId.toLowerCase() === mailbox.user.objectId.toLowerCase()) ||
    (principal.email && principal.email.toLowerCase() === mailbox.user.email.toLowerCase());
  if (!own)
    throw new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
}
