import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/**
 * Failures of the identity endpoints in Microsoft Entra ID's shape (reference-error-codes):
 * `{error, error_description: "AADSTS<n>: ...\r\nTrace ID: ...\r\nCorrelation ID: ...\r\nTimestamp: ...",
 * error_codes, timestamp, trace_id, correlation_id}`.
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_grant'
  | 'invalid_client'
  | 'invalid_scope'
  | 'invalid_resource'
  | 'invalid_tenant'
  | 'invalid_instance'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'access_denied'
  | 'login_required'
  | 'consent_required'
  | 'interaction_required';

export class EntraError extends Error {
  constructor(
    readonly status: number,
    readonly error: OAuthErrorCode,
    /** The AADSTS number. */
    readonly aadsts: number,
    readonly detail: string,
    /** `suberror`, as MSAL reads it (e.g. `consent_required` beside `invalid_grant`). */
    readonly suberror?: string,
  ) {
    super(`AADSTS${aadsts}: ${detail}`);
    this.name = 'EntraError';
  }
}

export type EntraErrorBody = {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  suberror?: string;
};

/** Entra's timestamp format: `2016-01-09 02:02:12Z`. */
export function entraTimestamp(now: number): string {
  return new Date(now)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

export function entraErrorBody(error: EntraError, now: number, correlationId?: string): EntraErrorBody {
  const traceId = randomUUID();
  const correlation = correlationId || randomUUID();
  const timestamp = entraTimestamp(now);
  return {
    error: error.error,
    error_description: `${error.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
    error_codes: [error.aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlation,
    ...(error.suberror ? { suberror: error.suberror } : {}),
  };
}

/** Answers a JSON endpoint's failure; MSAL's `client-request-id` becomes the correlation id. */
export function sendEntraError(reply: FastifyReply, error: EntraError, now: number): FastifyReply {
  const header = reply.request.headers['client-request-id'];
  const query = (reply.request.query ?? {}) as Record<string, unknown>;
  const correlation =
    (typeof header === 'string' && header) ||
    (typeof query['client-request-id'] === 'string' ? query['client-request-id'] : undefined);
  return reply
    .code(error.status)
    .header('cache-control', 'no-store')
    .send(entraErrorBody(error, now, correlation));
}

// The failures the emulator reproduces, each with Entra's status, OAuth error and AADSTS number.

export const tenantNotFound = (tenant: string, error: OAuthErrorCode = 'invalid_request') =>
  new EntraError(
    400,
    error,
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );

export const missingParameter = (name: string) =>
  new EntraError(
    400,
    'invalid_request',
    900144,
    `The request body must contain the following parameter: '${name}'.`,
  );

export const appNotFound = (appId: string, tenantName: string) =>
  new EntraError(
    400,
    'unauthorized_client',
    700016,
    `Application with identifier '${appId}' was not found in the directory '${tenantName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  );

export const notMultiTenant = (appId: string, appName: string) =>
  new EntraError(
    400,
    'invalid_request',
    50194,
    `Application '${appId}'(${appName}) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications. Use a tenant-specific endpoint or configure the application to be multi-tenant.`,
  );

export const malformed = () =>
  new EntraError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
