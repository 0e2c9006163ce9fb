import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GraphError, sendGraphError } from '../errors';
import type { Faults, GraphFaultDecision } from '../faults/faults';
import type { MailboxStore } from '../mailbox/store';
import type { GraphPrincipal, TokenVerifier } from './auth';

/** Where Graph lives on the emulator. */
export const GRAPH_PREFIX = '/graph/v1.0';

const GRAPH_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export type PipelineDeps = { store: MailboxStore; faults: Faults; verify: TokenVerifier };

/**
 * Every Graph request passes the same stages, in this order:
 *
 * 1. authentication: the bearer token becomes a principal (401 `InvalidAuthenticationToken`);
 * 2. faults: the latency, 429 or 503 switched on at run time (`/emulator/api/faults`);
 * 3. the route (`router.ts`): the mailbox, whether the principal may reach it, the answer.
 *
 * The `$batch` envelope skips authentication and meets only the latency: its inner requests run
 * the whole pipeline one by one. A path no route knows answers 400, as Graph does, unauthenticated.
 * Failures leave every stage as a `GraphError`, which `sendGraphError` writes in Graph's shape.
 */
export function installPipeline(graph: FastifyInstance, deps: PipelineDeps): void {
  graph.addHook('onRequest', async (req) => {
    if (req.is404 || isBatchEnvelope(req)) return;
    principals.set(req, await deps.verify(req.headers.authorization));
  });
  graph.addHook('onRequest', async (req) => applyFaults(req, deps));

  // Graph's response headers, and its content type on JSON answers.
  graph.addHook('onSend', async (req, reply, payload) => {
    reply.header('request-id', req.id);
    reply.header('client-request-id', String(req.headers['client-request-id'] ?? req.id));
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('application/json'))
      reply.header('content-type', GRAPH_JSON);
    return payload;
  });

  graph.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? req.url;
    const segment = path.split('/').filter(Boolean).pop() ?? '';
    return sendGraphError(
      reply,
      new GraphError(400, 'BadRequest', `Resource not found for the segment '${safeDecode(segment)}'.`),
    );
  });
}

const principals = new WeakMap<FastifyRequest, GraphPrincipal>();

/** Who is calling: set by the authentication stage for every request that reaches a route. */
export function principalOf(req: FastifyRequest): GraphPrincipal {
  const principal = principals.get(req);
  // Only a route outside the pipeline could get here; it must not pass as anyone.
  if (!principal) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  return principal;
}

function isBatchEnvelope(req: FastifyRequest): boolean {
  return req.routeOptions.url === `${GRAPH_PREFIX}/$batch`;
}

async function applyFaults(req: FastifyRequest, { store, faults }: PipelineDeps): Promise<void> {
  if (isBatchEnvelope(req)) {
    const g = faults.snapshot().graph;
    if (g.latencyMs > 0 && g.mailbox === undefined) await sleep(g.latencyMs);
    return;
  }
  // Faults limited to a mailbox apply to requests naming it in the path (`/users/{id|address}`).
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
  const error = faultError(decision);
  if (error) throw error;
}

function faultError(decision: GraphFaultDecision): GraphError | null {
  const retryAfter = { 'Retry-After': String(decision.retryAfterSeconds) };
  if (decision.mode === 'throttle')
    return decision.scoped
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
    return new GraphError(
      503,
      'ServiceUnavailable',
      'The service is temporarily unavailable. Please retry later.',
      retryAfter,
    );
  return null;
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
