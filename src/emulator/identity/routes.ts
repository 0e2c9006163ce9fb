import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answerConsent, chooseAccount, startAuthorize, type Outcome } from './authorize';
import { instanceDiscovery, openIdConfiguration, signingKeys } from './discovery';
import { EntraError, sendEntraError } from './entra-error';
import { logout } from './logout';
import { sweepExpired, type IdentityState } from './state';
import { resolveTenantPath } from './tenancy';
import { handleTokenRequest, type TokenForm } from './token-endpoint';

/** The browser session cookie, named as Entra names its own. */
const SESSION_COOKIE = 'ESTSAUTH';

type TenantParams = { Params: { tenant: string } };
type Fields = Record<string, string | undefined>;

/**
 * Entra ID's v2.0 endpoints on the emulator's origin, per `{tenant}` (an id, a domain, `common`
 * or `organizations`): discovery, keys, token, authorize (with the sign-in pages) and logout.
 * Bodies are `application/x-www-form-urlencoded`, as OAuth 2.0 has them.
 */
export async function identityRoutes(app: FastifyInstance, state: IdentityState): Promise<void> {
  await app.register(fastifyCookie);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(
      null,
      Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))),
    );
  });
  app.setErrorHandler((error, _req, reply) => {
    if (error instanceof EntraError) return sendEntraError(reply, error, state.now());
    throw error;
  });
  app.addHook('onRequest', async () => sweepExpired(state));

  app.get<{ Querystring: Fields }>('/common/discovery/instance', async (req, reply) =>
    json(reply, instanceDiscovery(state, req.query.authorization_endpoint)),
  );
  app.get<TenantParams>('/:tenant/v2.0/.well-known/openid-configuration', async (req, reply) =>
    json(reply, openIdConfiguration(state, resolveTenantPath(state, req.params.tenant, 'invalid_tenant'))),
  );
  app.get<TenantParams>('/:tenant/discovery/v2.0/keys', async (req, reply) =>
    json(reply, await signingKeys(state, resolveTenantPath(state, req.params.tenant, 'invalid_tenant'))),
  );

  tokenRoutes(app, state);
  signInRoutes(app, state);
}

function tokenRoutes(app: FastifyInstance, state: IdentityState): void {
  const path = '/:tenant/oauth2/v2.0/token';
  app.post<TenantParams>(path, async (req, reply) => {
    const answer = await handleTokenRequest(state, {
      tenantSegment: req.params.tenant,
      form: { ...formOf(req), ...basicCredentials(req) } as TokenForm,
      origin: typeof req.headers.origin === 'string' ? req.headers.origin : undefined,
    });
    return json(reply, answer);
  });
  app.options(path, async (_req, reply) =>
    reply
      .code(204)
      .header('access-control-allow-origin', '*')
      .header('access-control-allow-methods', 'POST, OPTIONS')
      .header('access-control-allow-headers', 'content-type, client-request-id, x-client-sku, x-client-ver')
      .header('access-control-max-age', '86400')
      .send(),
  );
  app.get(path, async () => {
    throw new EntraError(
      400,
      'invalid_request',
      900561,
      'The endpoint only accepts POST, OPTIONS requests. Received a GET request.',
    );
  });
}

function signInRoutes(app: FastifyInstance, state: IdentityState): void {
  const authorize = async (req: FastifyRequest<TenantParams>, reply: FastifyReply) =>
    send(reply, state, startAuthorize(state, req.params.tenant, paramsOf(req), req.cookies[SESSION_COOKIE]));
  app.get('/:tenant/oauth2/v2.0/authorize', authorize);
  app.post('/:tenant/oauth2/v2.0/authorize', authorize);
  app.post<TenantParams>('/:tenant/login', async (req, reply) =>
    send(reply, state, chooseAccount(state, formOf(req), req.cookies[SESSION_COOKIE])),
  );
  app.post<TenantParams>('/:tenant/consent', async (req, reply) =>
    send(reply, state, answerConsent(state, formOf(req), req.cookies[SESSION_COOKIE])),
  );
  const signOut = async (req: FastifyRequest<TenantParams>, reply: FastifyReply) =>
    send(reply, state, logout(state, paramsOf(req), req.cookies[SESSION_COOKIE]));
  app.get('/:tenant/oauth2/v2.0/logout', signOut);
  app.post('/:tenant/oauth2/v2.0/logout', signOut);
}

function formOf(req: FastifyRequest): Fields {
  const body = req.body;
  if (!body || typeof body !== 'object' || req.headers['content-type']?.startsWith('application/json'))
    return {};
  return body as Fields;
}

/** `client_secret_basic`: the client id and secret in `Authorization: Basic`, form-encoded (RFC 6749). */
function basicCredentials(req: FastifyRequest): Fields {
  const match = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!match) return {};
  const [id, ...secret] = Buffer.from(match[1]!, 'base64').toString('utf8').split(':');
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s; // not form-encoded: taken as it is
    }
  };
  return { client_id: decode(id ?? ''), client_secret: decode(secret.join(':')) };
}

/** Authorize takes its parameters from the query string (GET) or the form (POST). */
function paramsOf(req: FastifyRequest): Fields {
  return req.method === 'POST' ? formOf(req) : (req.query as Fields);
}

function json(reply: FastifyReply, body: unknown): FastifyReply {
  return reply
    .header('access-control-allow-origin', '*')
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send(body);
}

function send(reply: FastifyReply, state: IdentityState, outcome: Outcome): FastifyReply {
  if (outcome.session)
    reply.setCookie(SESSION_COOKIE, outcome.session, {
      path: '/',
      httpOnly: true,
      secure: state.https,
      // A silent sign-in runs in a hidden frame of the app's page: a third-party context.
      sameSite: state.https ? 'none' : 'lax',
    });
  reply.header('cache-control', 'no-store').header('x-frame-options', 'DENY');
  if (outcome.kind === 'redirect') return reply.redirect(outcome.location, 302);
  return reply
    .code(outcome.status)
    .header('content-security-policy', outcome.page.csp)
    .type('text/html; charset=utf-8')
    .send(outcome.page.html);
}
