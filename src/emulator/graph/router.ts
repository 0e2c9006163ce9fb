import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../errors';
import type { MailboxStore } from '../mailbox/store';
import type { Mailbox } from '../mailbox/types';
import { authorize, type Access } from './auth';
import { applyPreferences, graphBase, preferences, query, type Preferences, type Query } from './http';
import { principalOf } from './pipeline';

/** One request to a mailbox's resource, as its route sees it (after authentication and faults). */
export type GraphCall<P extends string = never> = {
  req: FastifyRequest;
  mailbox: Mailbox;
  params: Record<P, string>;
  /** The query string, option names lower-cased. */
  query: Query;
  prefs: Preferences;
  /** Graph's base URL as the client addressed it (`https://host/graph/v1.0`), for links. */
  base: string;
};

export type GraphAnswer = {
  /** 200 with a body, 204 without. */
  status?: number;
  body?: Record<string, unknown>;
  /** The answer honoured `Prefer: odata.maxpagesize` and says so in `Preference-Applied`. */
  pageSizeApplied?: boolean;
};

export type MailboxRoute<P extends string> = (call: GraphCall<P>) => GraphAnswer;

type Register = <P extends string = never>(path: string, access: Access, route: MailboxRoute<P>) => void;

/**
 * Registers the routes of a mailbox's resources, each under `/users/{id|address}` and `/me`:
 * resolves the mailbox (404 `ErrorInvalidUser`), checks that the principal may reach it with the
 * access the route declares (403 `ErrorAccessDenied`), and writes the route's answer with
 * `Preference-Applied`.
 */
export type MailboxRouter = {
  store: MailboxStore;
  get: Register;
  post: Register;
  patch: Register;
  delete: Register;
};

export function mailboxRouter(
  app: FastifyInstance,
  deps: { store: MailboxStore; https: boolean },
): MailboxRouter {
  const register =
    (method: 'GET' | 'POST' | 'PATCH' | 'DELETE'): Register =>
    (path, access, route) => {
      for (const prefix of ['/users/:user', '/me']) {
        app.route({
          method,
          url: `${prefix}${path}`,
          handler: async (req, reply) => {
            const call = {
              req,
              mailbox: mailboxOf(req, deps.store, access),
              params: req.params as Record<string, string>,
              query: query(req),
              prefs: preferences(req),
              base: graphBase(req, deps.https),
            };
            return send(reply, call.prefs, route(call));
          },
        });
      }
    };
  return {
    store: deps.store,
    get: register('GET'),
    post: register('POST'),
    patch: register('PATCH'),
    delete: register('DELETE'),
  };
}

/** `@odata.context` of a resource of the call's mailbox, e.g. `contextUrl(call, 'messages/$entity')`. */
export function contextUrl(call: Pick<GraphCall, 'base' | 'mailbox'>, path: string): string {
  return `${call.base}/$metadata#users('${encodeURIComponent(call.mailbox.user.email)}')/${path}`;
}

function mailboxOf(req: FastifyRequest, store: MailboxStore, access: Access): Mailbox {
  const principal = principalOf(req);
  let user = (req.params as { user?: string }).user;
  if (user === undefined) {
    if (principal.kind !== 'user')
      throw badRequest('/me request is only valid with delegated authentication flow.');
    user = principal.objectId || principal.email;
  }
  const mailbox = store.mailbox(user);
  authorize(principal, mailbox, access);
  return mailbox;
}

function send(reply: FastifyReply, prefs: Preferences, answer: GraphAnswer): FastifyReply {
  if (answer.body === undefined) return reply.code(answer.status ?? 204).send();
  applyPreferences(reply, prefs, answer.pageSizeApplied ?? false);
  return reply.code(answer.status ?? 200).send(answer.body);
}
