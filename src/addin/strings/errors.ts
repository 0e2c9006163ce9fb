import type { ApiError } from '../api/types';
import type { OfficeError } from '../office/types';
import { strings } from './index';

/** Any failure the pane or the commands may have to put into words. */
export type DescribableError = ApiError | OfficeError | { kind: 'office'; code: string; message: string };

/** A cancelled call (the pane moved to another item) is never shown to the user. */
export function isCancelled(error: DescribableError): boolean {
  return error.kind === 'cancelled' || (error.kind === 'auth' && error.code === 'cancelled');
}

/**
 * The one place where error codes become sentences a sales rep understands. Server messages are
 * for developers and never shown.
 */
export function describeError(error: DescribableError): string {
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
      switch (error.code) {
        case 'unavailable':
          return e.signInUnavailable;
        case 'not_configured':
          return e.notConfigured;
        case 'sign_in_required':
        case 'dev_token_failed':
        case 'cancelled':
          return e.signInRequired;
      }
      return e.signInRequired;
    case 'office':
      switch (error.code) {
        case 'unsupported':
          return e.unsupported;
        case 'marker_too_large':
          return e.markerTooLarge;
        case 'no_item':
        case 'item_changed':
          return e.itemChanged;
        default:
          return e.mailbox;
      }
    case 'http':
      switch (error.code) {
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
}
