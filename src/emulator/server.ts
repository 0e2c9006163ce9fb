import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { EmulatorContext, EmulatorOptions } from './context';
import { errorBody, GraphError } from './errors';
import { Faults } from './faults/faults';
import { createTokenVerifier } from './graph/auth';
import { batchRoute } from './graph/batch';
import { graphRoutes } from './graph/routes';
import { hostRoutes } from './host/routes';
import { seedDemoMailboxes } from './mailbox/seed';
import { MailboxStore } from './mailbox/store';
import { internalApiRoutes } from './api/routes';
import { crmProxyRoutes } from './proxy/crm-proxy';

export type { EmulatorContext, EmulatorOptions } from './context';
export { SEEDED, seedDemoMailboxes } from './mailbox/seed';
export { generateMailboxes, type GenerateOptions } from './mailbox/generate';
export { MailboxStore } from './mailbox/store';
export { createDraft, receiveMessage, sendDraft, type IncomingMessage } from './mailbox/compose';
export { Faults, type FaultsSnapshot } from './faults/faults';

export type RunningEmulator = {
  /** e.g. `https://localhost:3100` */
  url: string;
  /** `<url>/graph/v1.0` */
  graphUrl: string;
  close(): Promise<void>;
  store: MailboxStore;
  faults: Faults;
};

const GRAPH_PREFIX = '/graph/v1.0';
const GRAPH_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/**
 * The local Exchange + Outlook emulator: Graph v1.0 under `/graph/v1.0`,
 * the internal API under `/emulator/api`, the CRM proxy under `/crm`, and the host page routes.
 */
export async function startEmulator(opts: EmulatorOptions): Promise<RunningEmulator> {
  const store = new MailboxStore();
  const faults = new Faults();
  const reseed = () => {
    store.clear();
    if (opts.seed !== false) seedDemoMailboxes(store, opts.seed ?? {});
  };
  reseed();
  const ctx: EmulatorContext = { store, faults, opts, reseed };

  const app = Fastify({
    logger: opts.logger ?? false,
    genReqId: () => randomUUID(),
    // Exchange ids are long (REST ids here run to ~200 characters).
    routerOptions: { maxParamLength: 2000 },
    ...(opts.tls ? { https: { key: opts.tls.key, cert: opts.tls.cert } } : {}),
  }) as unknown as FastifyInstance;

  app.setErrorHandler((err: FastifyError | GraphError, req, reply) => {
    if (err instanceof GraphError) {
      for (const [name, value] of Object.entries(err.headers)) reply.header(name, value);
      return reply.code(err.status).send(errorBody(err.code, err.message, req.id));
    }
    const status =
      typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500
        ? err.statusCode
        : 500;
    if (status === 500) req.log.error({ err }, 'emulator request failed');
    const code = status === 500 ? 'UnknownError' : status === 413 ? 'RequestEntityTooLarge' : 'BadRequest';
    const message = status === 500 ? 'An internal server error occurred.' : err.message;
    return reply.code(status).send(errorBody(code, message, req.id));
  });

  // JSON bodies; an empty body reads as "no body" (browsers send `POST .../send` with a JSON
  // content type and nothing in it).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new GraphError(400, 'BadRequest', 'Invalid JSON in the request body.'), undefined);
    }
  });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? req.url;
    if (path.startsWith(`${GRAPH_PREFIX}/`)) {
      const segment =
        path
          .slice(GRAPH_PREFIX.length + 1)
          .split('/')
          .pop() ?? '';
      return reply
        .code(400)
        .send(
          errorBody('BadRequest', `Resource not found for the segment '${safeDecode(segment)}'.`, req.id),
        );
    }
    return reply.code(404).send(errorBody('ResourceNotFound', `No route for ${req.method} ${path}.`, req.id));
  });

  // Graph's response headers, and its content type on JSON answers.
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.startsWith('/graph/')) return payload;
    reply.header('request-id', req.id);
    reply.header('client-request-id', String(req.headers['client-request-id'] ?? req.id));
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('application/json'))
      reply.header('content-type', GRAPH_JSON);
    return payload;
  });

  // Fault injection for Graph: latency, 429 and 503, optionally for one mailbox or N requests.
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith(`${GRAPH_PREFIX}/`)) return;
    if (/^\/graph\/v1\.0\/\$batch(\?|$)/.test(req.url)) {
      // The batch envelope only waits; its inner requests meet the faults one by one.
      const g = faults.snapshot().graph;
      if (g.latencyMs > 0 && g.mailbox === undefined) await sleep(g.latencyMs);
      return;
    }
    const segment = /^\/graph\/v1\.0\/users\/([^/?]+)/.exec(req.url)?.[1];
    const named = segment ? safeDecode(segment).toLowerCase() : null;
    const decision = faults.decideGraph((target) => {
      if (!named) return false;
      if (named === target) return true;
      const mailbox = store.findMailbox(named);
      return (
        !!mailbox &&
        (mailbox.user.email.toLowerCase() === target || mailbox.user.objectId.toLowerCase() === target)
      );
    });
    if (!decision) return;
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    const retryAfter = { 'Retry-After': String(decision.retryAfterSeconds) };
    if (decision.mode === 'throttle')
      throw decision.scoped
        ? new GraphError(
            429,
            'ApplicationThrottled',
            'Application is over its MailboxConcurrency limit.',
            retryAfter,
          )
        : new GraphError(
            429,
            'TooManyRequests',
            'Too many requests. Please retry after the time in Retry-After.',
            retryAfter,
          );
    if (decision.mode === 'unavailable')
      throw new GraphError(
        503,
        'ServiceUnavailable',
        'The service is temporarily unavailable. Please retry later.',
        retryAfter,
      );
  });

  const verify = createTokenVerifier(opts.jwks);
  await app.register(
    async (graph) => {
      await graphRoutes(graph, { store, verify, https: !!opts.tls });
      await batchRoute(graph, app);
    },
    { prefix: GRAPH_PREFIX },
  );
  await app.register(async (api) => internalApiRoutes(api, ctx));
  await app.register(async (proxy) =>
    crmProxyRoutes(proxy, { crmUrl: opts.crmUrl, crmCa: opts.crmCa, faults }),
  );
  await app.register(async (host) => hostRoutes(host, ctx));

  const host = opts.host ?? '127.0.0.1';
  await app.listen({ port: opts.port, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  // Without an explicit host the URLs say `localhost` (what the dev certificate is issued for).
  const urlHost =
    opts.host === undefined || host === '0.0.0.0' || host === '::'
      ? 'localhost'
      : host.includes(':')
        ? `[${host}]`
        : host;
  const url = `${opts.tls ? 'https' : 'http'}://${urlHost}:${port}`;
  return {
    url,
    graphUrl: `${url}${GRAPH_PREFIX}`,
    close: async () => {
      await app.close();
    },
    store,
    faults,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
