import type { ApiError } from '../api/types';
import type { FailureCode } from './types';

/**
 * Permanent tracking failures as the marker records them: a stable code and a sentence a sales
 * rep understands. The sentence is stored in the mailbox (the marker), so it is written here in
 * English; the pane may word it from its own catalogue by `code`.
 */
export const failureReasons: Record<FailureCode, string> = {
  validation_failed:
    "Regarding could not accept this item's details, so it was not tracked. Try again; if it keeps failing, tell your administrator.",
  forbidden:
    "You don't have permission to track this item regarding that record. Choose another record or ask your administrator for access.",
  not_found:
    "The record you chose no longer exists or you can't see it. Choose another record and track again.",
  conflict: 'This item changed while it was being tracked. Try again.',
  unauthenticated: 'Regarding could not confirm who you are. Sign in again, then retry.',
  invalid_response:
    'Regarding answered in an unexpected way. Try again later; if it keeps happening, tell your administrator.',
  marker_write_failed: 'Outlook could not mark this item for tracking. Try again.',
  unknown:
    'Tracking failed for an unexpected reason. Try again; if it keeps failing, tell your administrator.',
};

export function failureCodeOf(error: ApiError): FailureCode {
  switch (error.kind) {
    case 'invalid_request':
      return 'validation_failed';
    case 'invalid_response':
      return 'invalid_response';
    case 'auth':
      return 'unauthenticated';
    case 'http':
      switch (error.code) {
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
    default:
      return 'unknown';
  }
}
