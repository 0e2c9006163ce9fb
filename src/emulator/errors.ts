/**
 * Errors of the emulator, in Microsoft Graph's own shape: `{"error":{"code","message"}}`. The
 * internal API (`/emulator/api`) uses the same shape so there is one error handler.
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

export function errorBody(code: string, message: string, requestId: string): GraphErrorBody {
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
