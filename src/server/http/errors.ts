import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import type { ErrorBody, ErrorCode } from '#contract';
import { AppError } from '../errors';

/** Where a request part failed validation. */
export type RequestPart = 'params' | 'query' | 'body';

export type ValidationIssue = { in: RequestPart; path: (string | number)[]; message: string; code: string };

const partNames: Record<RequestPart, string> = {
  params: 'path',
  query: 'query string',
  body: 'request body',
};

/** A zod failure of one request part as the API's `validation_failed`, naming each bad field. */
export function validationError(part: RequestPart, error: z.core.$ZodError): AppError {
  const issues: ValidationIssue[] = error.issues.map((issue) => ({
    in: part,
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
    code: issue.code,
  }));
  const summary = issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(whole value)'}: ${i.message}`)
    .join('; ');
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return new AppError('validation_failed', `The ${partNames[part]} is invalid: ${summary}${more}.`, {
    issues,
  });
}

/** Parses one request part, throwing `validation_failed` with the issue paths. */
export function parsePart<S extends z.core.$ZodType>(
  part: RequestPart,
  schema: S,
  value: unknown,
): z.output<S> {
  const result = z.safeParse(schema, value);
  if (!result.success) throw validationError(part, result.error);
  return result.data;
}

const fastifyCodes: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'malformed_json',
    message: 'The request body is not valid JSON; check quoting, commas and brackets.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'malformed_json',
    message: 'The request body is empty; send a JSON object.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'malformed_json',
    message: 'The request body length does not match its Content-Length header.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'payload_too_large',
    message: 'The request body is larger than the 1 MB limit; send less (e.g. a shorter email body).',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    message: 'The request body must be JSON: send it with "Content-Type: application/json".',
  },
};

/** Database and network failures that mean "try again shortly", not "the server is broken". */
const transientCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P01',
  '57P03',
  '53300',
  '08006',
]);

/** Any thrown value -> the API's error body and status. Unknown errors become a bare `internal`. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof z.core.$ZodError) return validationError('body', error);
  const fastifyError = error as Partial<FastifyError> | null;
  const known = fastifyError?.code ? fastifyCodes[fastifyError.code] : undefined;
  if (known) return new AppError(known.code, known.message);
  if (fastifyError?.code && transientCodes.has(fastifyError.code)) {
    return new AppError('unavailable', 'The database is unavailable; retry shortly.', undefined, 5);
  }
  const status = fastifyError?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code: ErrorCode =
      status === 404
        ? 'not_found'
        : status === 413
          ? 'payload_too_large'
          : status === 415
            ? 'unsupported_media_type'
            : 'validation_failed';
    return new AppError(code, fastifyError?.message || 'The request is invalid.');
  }
  return new AppError('internal', 'Something went wrong on the server; retry, and report it if it persists.');
}

const DEFAULT_RETRY_AFTER: Partial<Record<ErrorCode, number>> = { rate_limited: 1, unavailable: 5 };

export function sendError(reply: FastifyReply, error: AppError, requestId?: string): FastifyReply {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.details !== undefined) body.error.details = error.details;
  if (error.code === 'internal' && requestId) body.error.details = { requestId };
  const retryAfter = error.retryAfter ?? DEFAULT_RETRY_AFTER[error.code];
  if (retryAfter !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
  if (error.status === 401) {
    reply.header(
      'www-authenticate',
      error.code === 'token_expired' ? 'Bearer error="invalid_token", error_description="expired"' : 'Bearer',
    );
  }
  return reply.code(error.status).type('application/json; charset=utf-8').send(body);
}

/** The one error handler and the 404 handler: every failure leaves as `{"error": {...}}`. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error);
    if (appError.code === 'internal') request.log.error({ err: error }, 'unhandled error');
    else if (appError.status >= 500) request.log.warn({ err: error }, appError.message);
    return sendError(reply, appError, request.id);
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? request.url;
    const hint = path.startsWith('/api/') ? ' The API is described at /api/v1/openapi.json.' : '';
    return sendError(reply, new AppError('not_found', `There is no ${request.method} ${path}.${hint}`));
  });
}
