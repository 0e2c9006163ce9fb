import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type * as z from 'zod/mini';
import { endpoints, type EndpointName, type Endpoints, type Endpoint, type ResponseOf } from '#contract';
import type { Actor, CrmService } from '../crm/crm-service';
import { AppError } from '../errors';
import type { Authenticator } from './authenticate';
import { parsePart } from './errors';
import type { RateLimiter } from './rate-limit';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated CRM user of an API request; set by the route's onRequest hook. */
    actor: Actor | null;
  }
}

type Out<S> = S extends z.ZodMiniType ? z.output<S> : undefined;
type Part<N extends EndpointName, K extends 'params' | 'query' | 'body'> = Out<
  Endpoints[N] extends Record<K, infer X> ? X : undefined
>;

export type HandlerContext<N extends EndpointName> = {
  actor: Actor;
  params: Part<N, 'params'>;
  query: Part<N, 'query'>;
  body: Part<N, 'body'>;
};

export type Handlers = { [N in EndpointName]: (ctx: HandlerContext<N>) => Promise<ResponseOf<N>> };

/** Sync monitoring reads and mailbox lookups, provided by the sync engine. */
export type SyncMonitoring = {
  mailboxes(actor: Actor): Promise<ResponseOf<'syncMailboxes'>>;
  items(actor: Actor): Promise<ResponseOf<'syncItems'>>;
  appointmentKey(actor: Actor, itemId: string): Promise<ResponseOf<'appointmentKey'>>;
};

/** Every endpoint of the contract mapped to the domain call that answers it. */
export function createHandlers(crm: CrmService, sync: SyncMonitoring): Handlers {
  return {
    me: ({ actor }) => crm.me(actor),
    updateSettings: ({ actor, body }) => crm.updateSettings(actor, body),
    resolve: ({ actor, body }) => crm.resolve(actor, body.addresses),
    resolveChoice: ({ actor, body }) => crm.setResolveChoice(actor, body),
    search: ({ actor, query }) => crm.search(actor, query),
    record: ({ actor, params }) => crm.getRecord(actor, params.type, params.id),
    pins: ({ actor }) => crm.listPins(actor),
    pin: ({ actor, params }) => crm.pin(actor, params),
    unpin: ({ actor, params }) => crm.unpin(actor, params),
    recent: ({ actor }) => crm.recent(actor),
    createContact: ({ actor, body }) => crm.createContact(actor, body),
    createLead: ({ actor, body }) => crm.createLead(actor, body),
    track: ({ actor, params, body }) => crm.track(actor, params.kind, params.key, body, 'addin'),
    changeRegarding: ({ actor, params, body }) =>
      crm.changeRegarding(actor, params.kind, params.key, body.regarding),
    untrack: ({ actor, params }) => crm.untrack(actor, params.kind, params.key),
    trackedStatus: ({ actor, body }) => crm.status(actor, body.items),
    appointmentKey: ({ actor, body }) => sync.appointmentKey(actor, body.itemId),
    syncMailboxes: ({ actor }) => sync.mailboxes(actor),
    syncItems: ({ actor }) => sync.items(actor),
  };
}

export type ApiRouteOptions = {
  handlers: Handlers;
  authenticate: Authenticator;
  rateLimiter: RateLimiter | undefined;
  /** Check each response against the endpoint's schema (development and tests). */
  validateResponses: boolean;
};

/**
 * Registers every endpoint of the contract table the same way: authenticate and rate-limit before
 * the body is read, parse params, query and body with the endpoint's schemas, call the handler,
 * answer with the table's status.
 */
export function registerApiRoutes(app: FastifyInstance, options: ApiRouteOptions): void {
  app.decorateRequest('actor', null);
  const table: Record<string, Endpoint> = endpoints;
  for (const [name, endpoint] of Object.entries(table)) {
    const handler = options.handlers[name as EndpointName] as (ctx: {
      actor: Actor;
      params: unknown;
      query: unknown;
      body: unknown;
    }) => Promise<unknown>;
    app.route({
      method: endpoint.method,
      url: endpoint.path,
      onRequest: async (request: FastifyRequest) => {
        const actor = await options.authenticate(request.headers.authorization);
        const decision = options.rateLimiter?.take(actor.userId);
        if (decision && !decision.allowed) {
          throw new AppError(
            'rate_limited',
            `Too many requests; retry in ${decision.retryAfterSeconds} s.`,
            undefined,
            decision.retryAfterSeconds,
          );
        }
        request.actor = actor;
      },
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const params = endpoint.params ? parsePart('params', endpoint.params, request.params) : undefined;
        const query = endpoint.query ? parsePart('query', endpoint.query, request.query) : undefined;
        let body: unknown;
        if (endpoint.body) body = parsePart('body', endpoint.body, request.body);
        else if (request.body !== undefined && request.body !== null && request.body !== '') {
          throw new AppError(
            'validation_failed',
            `${endpoint.method} ${endpoint.path} takes no request body.`,
          );
        }
        const result = await handler({ actor: request.actor as Actor, params, query, body });
        if (options.validateResponses) {
          const checked = endpoint.response.safeParse(result);
          if (!checked.success) {
            request.log.error(
              { issues: checked.error.issues, endpoint: name },
              'response does not match its schema',
            );
            throw new AppError('internal', `The server produced an invalid ${name} response.`);
          }
        }
        return reply.code(endpoint.status ?? 200).send(result);
      },
    });
  }
}
