import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { EmulatorContext, EmulatorOptions } from './context';
import { asGraphError, GraphError, sendGraphError } from './errors';
import { Faults } from './faults/faults';
import { createTokenVerifier } from './graph/auth';
import { GRAPH_PREFIX } from './graph/pipeline';
import { createIdentityProvider, type IdentityProvider } from './identity/provider';
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
export type { IdentityOptions, IdentityProvider } from './identity/provider';

export type RunningEmulator = {
  /** e.g. `https://localhost:3100` */
  url: string;
  /** `<url>/graph/v1.0` */
  graphUrl: string;
  close(): Promise<void>;
  store: MailboxStore;
  faults: Faults;
  /** The emulated Entra ID (directory, issuers) at `<url>/{tenant}/...`. */
  identity: IdentityProvider;
};

/**
 * The local Exchange + Outlook emulator: Graph v1.0 under `/graph/v1.0`, Entra ID's v2.0
 * endpoints under `/{tenant}/`, the internal API under `/emulator/api`, the CRM proxy under
 * `/crm`, and the host page routes.
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

  app.setErrorHandler((err, req, reply) => {
    const error = asGraphError(err);
    if (error.status === 500) req.log.error({ err }, 'emulator request failed');
    return sendGraphError(reply, error);
  });

  acceptJsonBodies(app);

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? req.url;
    return sendGraphError(
      reply,
      new GraphError(404, 'ResourceNotFound', `No route for ${req.method} ${path}.`),
    );
  });

  const identity = createIdentityProvider({ ...opts.identity, https: !!opts.tls, crmUrl: opts.crmUrl });
  await app.register(async (idp) => identity.routes(idp));
  const verify = createTokenVerifier(opts.jwks, identity);
  const graphDeps = { store, faults, verify, https: !!opts.tls, root: app };
  await app.register(async (graph) => graphRoutes(graph, graphDeps), { prefix: GRAPH_PREFIX });
  await app.register(async (api) => internalApiRoutes(api, ctx));
  await app.register(async (proxy) =>
    crmProxyRoutes(proxy, { crmUrl: opts.crmUrl, crmCa: opts.crmCa, faults }),
  );
  await app.register(async (host) => hostRoutes(host, ctx));

  await app.listen({ port: opts.port, host: opts.host ?? '127.0.0.1' });
  const address = app.server.address();
  const url = urlOf(opts, typeof address === 'object' && address ? address.port : opts.port);
  identity.listening(url);
  return {
    url,
    graphUrl: `${url}${GRAPH_PREFIX}`,
    close: async () => {
      await app.close();
    },
    store,
    faults,
    identity,
  };
}

/**
 * JSON bodies; an empty body reads as "no body" (browsers send `POST .../send` with a JSON
 * content type and nothing in it).
 */
function acceptJsonBodies(app: FastifyInstance): void {
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
}

/** Without an explicit host the URLs say `localhost` (what the dev certificate is issued for). */
function urlOf(opts: EmulatorOptions, port: number): string {
  const host = opts.host ?? '127.0.0.1';
  const urlHost =
    opts.host === undefined || host === '0.0.0.0' || host === '::'
      ? 'localhost'
      : host.includes(':')
        ? `[${host}]`
        : host;
  return `${opts.tls ? 'https' : 'http'}://${urlHost}:${port}`;
}
