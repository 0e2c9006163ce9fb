import type { FastifyReply } from 'fastify';

/**
 * Errors of the emulator, in Microsoft Graph's own shape:
 * `{"error":{"code","message","innerError":{...}}}`. Graph, the internal API (`/emulator/api`) and
 * the host page's files all answer failures in it, written by `sendGraphError` alone.
 */
export type GraphErrorCode =
  | 'InvalidAuthenticationToken'
  | 'ErrorAccessDenied'
  | 'ErrorItemNotFound'
  | 'ErrorInvalidUser'
  | 'ErrorInvalidIdMalformed'
  | 'BadRequest'
  | 'ErrorInvalidRequest'
  | 'ErrorInvalidProperty'
  | 'ErrorInvalidUrlQuery'
  | 'ErrorInvalidUrlQueryFilter'
  | 'ErrorAlreadyExists'
  | 'SyncStateNotFound'
  | 'ErrorInvalidSyncStateData'
  | 'ResourceNotFound'
  | 'RequestBodyRead'
  | 'ErrorInvalidParameter'
  | 'TooManyRequests'
  | 'ApplicationThrottled'
  | 'ServiceUnavailable'
  | 'RequestEntityTooLarge'
  | 'FailedDependency'
  | 'UnknownError';

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: GraphErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

export function notFound(message = 'The specified object was not found in the store.'): GraphError {
  return new GraphError(404, 'ErrorItemNotFound', message);
}

export function badRequest(message: string, code: GraphErrorCode = 'BadRequest'): GraphError {
  return new GraphError(400, code, message);
}

export type GraphErrorBody = {
  error: {
    code: string;
    message: string;
    innerError: { date: string; 'request-id': string; 'client-request-id': string };
  };
};

export function errorBody(code: GraphErrorCode, message: string, requestId: string): GraphErrorBody {
  return {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().slice(0, 19),
        'request-id': requestId,
        'client-request-id': requestId,
      },
    },
  };
}

const CLIENT_ERROR_CODES: Record<number, GraphErrorCode> = {
  403: 'ErrorAccessDenied',
  404: 'ResourceNotFound',
  413: 'RequestEntityTooLarge',
};

/**
 * Any failure as a GraphError. Fastify's own client errors (malformed body, body too large, ...)
 * keep their status; anything else is a 500 whose details stay in the log.
 */
export function asGraphError(err: unknown): GraphError {
  if (err instanceof GraphError) return err;
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = err instanceof Error ? err.message : 'The request is invalid.';
    return new GraphError(status, CLIENT_ERROR_CODES[status] ?? 'BadRequest', message);
  }
  return new GraphError(500, 'UnknownError', 'An internal server error occurred.');
}

/** Answers `error` in Graph's shape, with its headers (`Retry-After`, ...). */
export function sendGraphError(reply: FastifyReply, error: GraphError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply.code(error.status).send(errorBody(error.code, error.message, reply.request.id));
}
