import type { ApiError } from '#browser/api/types';
import { strings } from '#browser/strings/index';
import type { FailureCode } from './types';

/**
 * Permanent tracking failures as the marker records them: a stable code and the catalogue's
 * sentence for it. The pane words a failed state by its code, so a marker written in another
 * language or by an older version still reads right.
 */
export const failureReasons: Readonly<Record<FailureCode, string>> = strings.failures;

export function isFailureCode(code: string): code is FailureCode {
  return Object.hasOwn(failureReasons, code);
}

export function failureCodeOf(error: ApiError): FailureCode {
  switch (error.kind) {
    case 'invalid_request':
      return 'validation_failed';
    case 'invalid_response':
      return 'invalid_response';
    case 'auth':
      return 'unauthenticated';
    case 'http':
      return failureCodeOfHttp(error.code);
    default:
      return 'unknown';
  }
}

function failureCodeOfHttp(code: Extract<ApiError, { kind: 'http' }>['code']): FailureCode {
  switch (code) {
    case 'validation_failed':
    case 'malformed_json':
    case 'payload_too_large':
    case 'unsupported_media_type':
      return 'validation_failed';
    case 'forbidden':
      return 'forbidden';
    case 'not_found':
      return 'not_found';
    case 'conflict':
    case 'duplicate_candidates':
      return 'conflict';
    case 'unauthenticated':
    case 'token_expired':
      return 'unauthenticated';
    default:
      return 'unknown';
  }
}
