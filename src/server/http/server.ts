import { timingSafeEqual } from 'node:crypto';
import cors from '@fastify/cors';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { endpoints } from '#contract';
import type { ServerConfig } from '../config';
import type { CrmService } from '../crm/crm-service';
import type { Database } from '../db/types';
import { AppError } from '../errors';
import { createAuthenticator } from './authenticate';
import type { DevIssuer } from '../identity/dev-issuer';
import type { TokenVerifier } from '../identity/token-verifier';
import { registerAddinStatic, type AddinRuntimeConfig } from './addin-static';
import { registerDevRoutes } from './dev-routes';
import { registerErrorHandling } from './errors';
import type { Metrics } from './metrics';
import { buildOpenApiDocument } from './openapi';
import { createRateLimiter } from './rate-limit';
import { createHandlers, registerApiRoutes, type SyncMonitoring } from './routes';
import { registerSecurityHeaders } from './security';

export type HttpAppDeps = {
  config: ServerConfig;
  db: Database;
  crm: CrmService;
  verifyToken: TokenVerifier;
  devIssuer: DevIssuer | undefined;
  sync: SyncMonitoring;
  metrics: Metrics;
  version: string;
};

const READINESS_TIMEOUT_MS = 2000;
const REQUEST_TIMEOUT_MS = 60_000;

/** The Fastify application: API v1 from the contract table, health, metrics, OpenAPI, the add-in. */
export async function buildHttpApp(deps: HttpAppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = createFastify(config);
  registerErrorHandling(app);
  // Before anything that may refuse a request, so every answer carries the headers.
  await registerSecurityHeaders(app, {
    tls: Boolean(config.tls),
    production: config.mode === 'production',
    frameAncestors: config.frameAncestors,
    connectSources: config.auth.mode === 'entra' ? [new URL(config.auth.authority).origin] : [],
  });
  registerShutdownAnswers(app);
  app.addHook('onResponse', async (request, reply) => {
    deps.metrics.observeRequest(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
  const allowedOrigins = new Set(config.corsOrigins);
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowedOrigins.has(origin)),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type'],
    exposedHeaders: ['retry-after'],
    maxAge: 600,
    strictPreflight: true,
  });

  registerOperationRoutes(app, deps);
  registerApiRoutes(app, {
    handlers: createHandlers(deps.crm, deps.sync),
    authenticate: createAuthenticator(deps.verifyToken, deps.crm),
    rateLimiter: config.rateLimit ? createRateLimiter(config.rateLimit) : undefined,
    validateResponses: config.validateResponses,
  });
  if (deps.devIssuer && config.auth.mode === 'dev') {
    registerDevRoutes(app, { devIssuer: deps.devIssuer, crm: deps.crm, audience: config.auth.audience });
  }
  await registerAddinStatic(app, {
    distDir: config.addinDistDir,
    runtimeConfig: (request) => addinRuntimeConfig(config, request),
  });
  return app;
}

/** Fastify with the server's limits, taking JSON bodies only. */
function createFastify(config: ServerConfig): FastifyInstance {
  const app = Fastify({
    ...(config.tls ? { https: { key: config.tls.key, cert: config.tls.cert } } : {}),
    bodyLimit: config.bodyLimitBytes,
    logger: { level: config.logLevel },
    // Our own 503 (registerShutdownAnswers) answers in the API's error format during shutdown.
    return503OnClosing: false,
    // Slow or stalled clients must not hold connections forever.
    requestTimeout: REQUEST_TIMEOUT_MS,
  });
  // JSON only. An empty body is "no body" (clients send Content-Type on DELETE too); the route decides
  // whether a body is required.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') done(null, undefined);
    // The default parser answers through `done`; its return value carries nothing.
    else void parseJson(request, text, done);
  });
  return app;
}

/** While closing: new requests get 503 unavailable, and every answer ends its connection. */
function registerShutdownAnswers(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async () => {
    if (closing)
      throw new AppError('unavailable', 'The server is shutting down; retry in a moment.', undefined, 2);
  });
  // So close() need not wait for clients to drop idle keep-alive connections.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
}

/** The service's description, liveness, readiness, metrics and OpenAPI document. */
function registerOperationRoutes(app: FastifyInstance, deps: HttpAppDeps): void {
  const { config, metrics } = deps;
  app.get('/', async () => ({
    name: 'Regarding',
    version: deps.version,
    api: '/api/v1/openapi.json',
    addin: '/addin/taskpane.html',
  }));
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (request) => {
    await withTimeout(deps.db.query('SELECT 1'), READINESS_TIMEOUT_MS).catch((error: unknown) => {
      request.log.warn({ err: error }, 'readiness: database unreachable');
      throw new AppError('unavailable', 'The database is not reachable; retry shortly.', undefined, 5);
    });
    return { status: 'ready', database: deps.db.kind };
  });
  app.get('/metrics', async (request, reply) => {
    if (config.metricsToken && !bearerMatches(request, config.metricsToken)) {
      throw new AppError(
        'unauthenticated',
        'The metrics endpoint needs "Authorization: Bearer <METRICS_TOKEN>".',
      );
    }
    return reply.type(metrics.contentType).send(await metrics.render());
  });
  let openApi: unknown;
  app.get('/api/v1/openapi.json', async () => {
    openApi ??= buildOpenApiDocument(endpoints, { version: deps.version });
    return openApi;
  });
}

function addinRuntimeConfig(config: ServerConfig, request: FastifyRequest): AddinRuntimeConfig {
  const origin = config.publicUrl ?? `${request.protocol}://${request.host}`;
  return {
    apiBaseUrl: origin,
    auth:
      config.auth.mode === 'dev'
        ? { mode: 'dev' }
        : {
            mode: 'msal',
            clientId: config.auth.entra.clientId,
            authority: config.auth.authority,
            scopes: [
              `${config.auth.entra.audiences[0] ?? `api://${config.auth.entra.clientId}`}/${config.auth.entra.scope}`,
            ],
          },
    crmWebUrl: config.crmWebUrl ?? origin,
  };
}

function bearerMatches(request: FastifyRequest, expected: string): boolean {
  const given = Buffer.from(request.headers.authorization ?? '');
  const wanted = Buffer.from(`Bearer ${expected}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
