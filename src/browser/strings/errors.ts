import type { ApiError } from '../api/types';
import { strings } from './index';

/**
 * Where API and sign-in failures become sentences a sales rep understands. Server messages are for
 * developers and never shown.
 */
export function describeError(error: ApiError): string {
  const e = strings.errors;
  switch (error.kind) {
    case 'network':
      return e.network;
    case 'timeout':
      return e.timeout;
    case 'cancelled':
      return e.unknown;
    case 'invalid_response':
      return e.internal;
    case 'invalid_request':
      return e.validationPlain;
    case 'auth':
      return describeSignIn(error.code);
    case 'http':
      return describeHttp(error.code);
  }
}

function describeSignIn(code: Extract<ApiError, { kind: 'auth' }>['code']): string {
  const e = strings.errors;
  switch (code) {
    case 'unavailable':
      return e.signInUnavailable;
    case 'not_configured':
      return e.notConfigured;
    case 'sign_in_required':
    case 'dev_token_failed':
    case 'cancelled':
      return e.signInRequired;
  }
}

function describeHttp(code: Extract<ApiError, { kind: 'http' }>['code']): string {
  const e = strings.errors;
  switch (code) {
    case 'unauthenticated':
    case 'token_expired':
      return e.unauthenticated;
    case 'forbidden':
      return e.forbidden;
    case 'not_found':
      return e.notFound;
    case 'validation_failed':
    case 'malformed_json':
    case 'unsupported_media_type':
      return e.validationPlain;
    case 'payload_too_large':
      return e.tooLarge;
    case 'conflict':
      return e.conflict;
    case 'duplicate_candidates':
      return e.duplicate;
    case 'rate_limited':
      return e.rateLimited;
    case 'unavailable':
      return e.unavailable;
    case 'internal':
      return e.internal;
  }
}
