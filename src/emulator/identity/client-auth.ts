import { timingSafeEqual } from 'node:crypto';
import { decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import type { AppCertificate, AppRegistration } from './directory';
import { EntraError, entraTimestamp, missingParameter } from './entra-error';
import type { IdentityState } from './state';
import type { ClientAuthMethod } from './tokens';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export type ClientCredentialsForm = {
  client_secret?: string;
  client_assertion?: string;
  client_assertion_type?: string;
};

/** A public client has no credential at all (an SPA registration). */
function isPublicClient(app: AppRegistration): boolean {
  return app.secrets.length === 0 && app.certificates.length === 0;
}

/**
 * Client authentication at the token endpoint: a client secret (`client_secret_post`) or a
 * certificate's signed assertion (`private_key_jwt`, as msal-node sends it: RS256 with `x5t`, or
 * PS256 with `x5t#S256`). `required` is false where a public client may redeem without one.
 */
export async function authenticateClient(
  state: IdentityState,
  app: AppRegistration,
  form: ClientCredentialsForm,
  options: { required: boolean; audiences: string[] },
): Promise<ClientAuthMethod> {
  const presented = form.client_secret !== undefined || form.client_assertion !== undefined;
  if (presented && isPublicClient(app))
    throw new EntraError(
      401,
      'invalid_client',
      700025,
      "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
    );
  if (form.client_secret !== undefined) return checkSecret(app, form.client_secret);
  if (form.client_assertion !== undefined) {
    if (form.client_assertion_type !== JWT_BEARER) throw missingParameter('client_assertion_type');
    await checkAssertion(state, app, form.client_assertion, options.audiences);
    return '2';
  }
  if (options.required)
    throw new EntraError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  return '0';
}

function checkSecret(app: AppRegistration, secret: string): ClientAuthMethod {
  const given = Buffer.from(secret);
  const match = app.secrets.some((s) => {
    const known = Buffer.from(s);
    return known.length === given.length && timingSafeEqual(known, given);
  });
  if (!match)
    throw new EntraError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`,
    );
  return '1';
}

async function checkAssertion(
  state: IdentityState,
  app: AppRegistration,
  assertion: string,
  audiences: string[],
): Promise<void> {
  let header;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    throw invalidJwt('The client assertion is not a JWT.');
  }
  const certificate = registeredCertificate(app, header);
  if (!certificate.cert)
    throw new EntraError(
      401,
      'invalid_client',
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${certificate.thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${app.appId}'.]`,
    );
  let payload;
  try {
    ({ payload } = await jwtVerify(assertion, certificate.cert.publicKey, {
      algorithms: ['RS256', 'PS256'],
      currentDate: new Date(state.now()),
      // Entra tolerates five minutes of clock skew between the client and itself.
      clockTolerance: 300,
      requiredClaims: ['exp', 'nbf', 'aud', 'iss', 'sub'],
    }));
  } catch (error) {
    throw assertionFailure(error, state.now());
  }
  if (payload.iss !== app.appId || payload.sub !== app.appId)
    throw new EntraError(
      401,
      'invalid_client',
      700021,
      "Client assertion application identifier doesn't match 'client_id' parameter.",
    );
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!aud.some((a) => typeof a === 'string' && audiences.includes(a)))
    throw invalidJwt(`Unexpected audience: the assertion's aud must be the token endpoint, ${audiences[0]}.`);
}

function registeredCertificate(
  app: AppRegistration,
  header: { x5t?: unknown; 'x5t#S256'?: unknown },
): { cert: AppCertificate | undefined; thumbprint: string } {
  const sha256 = typeof header['x5t#S256'] === 'string' ? hexOf(header['x5t#S256']) : null;
  const sha1 = typeof header.x5t === 'string' ? hexOf(header.x5t) : null;
  const cert = app.certificates.find(
    (c) => (sha256 !== null && c.sha256Thumbprint === sha256) || (sha1 !== null && c.sha1Thumbprint === sha1),
  );
  return { cert, thumbprint: (sha256 ?? sha1 ?? '').toUpperCase() };
}

function hexOf(base64url: string): string {
  return Buffer.from(base64url, 'base64url').toString('hex');
}

function invalidJwt(reason: string): EntraError {
  return new EntraError(400, 'invalid_request', 50027, `JWT token is invalid or malformed. ${reason}`);
}

function assertionFailure(error: unknown, now: number): EntraError {
  if (
    error instanceof joseErrors.JWTExpired ||
    (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'nbf')
  )
    return new EntraError(
      401,
      'invalid_client',
      700024,
      `Client assertion is not within its valid time range. Current time: ${entraTimestamp(now)}.`,
    );
  if (
    error instanceof joseErrors.JWSSignatureVerificationFailed ||
    error instanceof joseErrors.JOSEAlgNotAllowed
  )
    return new EntraError(401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return invalidJwt(`The "${error.claim}" claim is missing or invalid.`);
  return invalidJwt('The client assertion could not be read.');
}
