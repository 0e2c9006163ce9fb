import { AppError } from '../errors';

/** Every failure sync can meet, as a stable code (recorded on mailbox and item rows). */
export type SyncErrorCode =
  | 'graph_throttled'
  | 'graph_unavailable'
  | 'graph_timeout'
  | 'graph_network'
  | 'graph_unauthorized'
  | 'graph_forbidden'
  | 'graph_mailbox_not_found'
  | 'graph_item_not_found'
  | 'graph_delta_expired'
  | 'graph_bad_request'
  | 'graph_server_error'
  | 'graph_bad_response'
  | 'graph_token'
  | 'crm_validation'
  | 'crm_forbidden'
  | 'crm_not_found'
  | 'crm_conflict'
  | 'crm_unavailable'
  | 'crm_internal'
  | 'owner_unknown'
  | 'lease_lost'
  | 'internal';

/** What to do about a failure: the one decision every catch site delegates to `classify`. */
export type SyncAction =
  /** Transient: try again at a later cycle (the item) or back off (the mailbox). */
  | 'retry'
  /** Permanent for this item: mark it undeliverable now. */
  | 'fail'
  /** Permanent for the mailbox: disable it with an alert. */
  | 'disable'
  /** The folder's delta token is gone: resync the folder from a full listing. */
  | 'resync'
  /** The item vanished (deleted or moved) between listing and fetching: nothing to do. */
  | 'ignore'
  /** This worker no longer holds the mailbox: stop, another worker owns it. */
  | 'abandon';

export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    message: string,
    /** Seconds the remote asked us to wait (429/503). */
    readonly retryAfterSeconds?: number,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

export type Classified = {
  code: SyncErrorCode;
  action: SyncAction;
  message: string;
  retryAfterSeconds?: number;
};

/** Where the failure happened: a mailbox-level call (delta, batch as a whole) or one item. */
export type FailureScope = 'mailbox' | 'item';

const crmCodeOf: Record<AppError['code'], SyncErrorCode> = {
  validation_failed: 'crm_validation',
  malformed_json: 'crm_validation',
  payload_too_large: 'crm_validation',
  unsupported_media_type: 'crm_validation',
  unauthenticated: 'crm_forbidden',
  token_expired: 'crm_forbidden',
  forbidden: 'crm_forbidden',
  not_found: 'crm_not_found',
  conflict: 'crm_conflict',
  duplicate_candidates: 'crm_conflict',
  rate_limited: 'crm_unavailable',
  unavailable: 'crm_unavailable',
  internal: 'crm_internal',
};

/** Maps an HTTP status from Graph to a code; `scope` tells a missing mailbox from a missing item. */
export function graphCodeForStatus(status: number, scope: FailureScope, graphCode?: string): SyncErrorCode {
  if (status === 429) return 'graph_throttled';
  if (status === 503 || status === 502 || status === 504) return 'graph_unavailable';
  if (status === 401) return 'graph_unauthorized';
  if (status === 403) return 'graph_forbidden';
  if (status === 404) return scope === 'mailbox' ? 'graph_mailbox_not_found' : 'graph_item_not_found';
  if (status === 410) return 'graph_delta_expired';
  // Graph answers an unusable delta token with 400 and one of these codes.
  if (
    status === 400 &&
    (graphCode === 'SyncStateNotFound' || graphCode === 'syncStateNotFound' || graphCode === 'resyncRequired')
  )
    return 'graph_delta_expired';
  if (status >= 500) return 'graph_server_error';
  return 'graph_bad_request';
}

const actionOf: Record<SyncErrorCode, { mailbox: SyncAction; item: SyncAction }> = {
  graph_throttled: { mailbox: 'retry', item: 'retry' },
  graph_unavailable: { mailbox: 'retry', item: 'retry' },
  graph_timeout: { mailbox: 'retry', item: 'retry' },
  graph_network: { mailbox: 'retry', item: 'retry' },
  graph_server_error: { mailbox: 'retry', item: 'retry' },
  graph_bad_response: { mailbox: 'retry', item: 'retry' },
  graph_token: { mailbox: 'retry', item: 'retry' },
  // Revoked consent or an access policy that no longer covers the mailbox.
  graph_unauthorized: { mailbox: 'disable', item: 'disable' },
  graph_forbidden: { mailbox: 'disable', item: 'disable' },
  graph_mailbox_not_found: { mailbox: 'disable', item: 'ignore' },
  graph_item_not_found: { mailbox: 'disable', item: 'ignore' },
  graph_delta_expired: { mailbox: 'resync', item: 'retry' },
  graph_bad_request: { mailbox: 'retry', item: 'fail' },
  crm_validation: { mailbox: 'retry', item: 'fail' },
  crm_forbidden: { mailbox: 'retry', item: 'fail' },
  crm_not_found: { mailbox: 'retry', item: 'fail' },
  crm_conflict: { mailbox: 'retry', item: 'retry' },
  crm_unavailable: { mailbox: 'retry', item: 'retry' },
  crm_internal: { mailbox: 'retry', item: 'retry' },
  owner_unknown: { mailbox: 'disable', item: 'disable' },
  lease_lost: { mailbox: 'abandon', item: 'abandon' },
  internal: { mailbox: 'retry', item: 'retry' },
};

/** The one classifier: any thrown value -> a stable code and what to do about it. */
export function classify(error: unknown, scope: FailureScope): Classified {
  let code: SyncErrorCode;
  let message: string;
  let retryAfterSeconds: number | undefined;
  if (error instanceof SyncError) {
    code = error.code;
    message = error.message;
    retryAfterSeconds = error.retryAfterSeconds;
  } else if (error instanceof AppError) {
    code = crmCodeOf[error.code];
    message = error.message;
    retryAfterSeconds = error.retryAfter;
  } else {
    code = 'internal';
    message = error instanceof Error ? error.message : String(error);
  }
  const action = actionOf[code][scope];
  return retryAfterSeconds === undefined
    ? { code, action, message }
    : { code, action, message, retryAfterSeconds };
}

/** Sentences a sales rep reads in the pane for an undeliverable item (marker `reason`). */
export function reasonForUser(c: Classified): string {
  switch (c.code) {
    case 'crm_validation':
      return 'The CRM could not accept this item; it has data the CRM rejects.';
    case 'crm_forbidden':
      return 'You do not have the privilege to track this item regarding the chosen record.';
    case 'crm_not_found':
      return 'The record this item was to be tracked regarding no longer exists or is not visible to you.';
    case 'graph_bad_request':
      return 'The mailbox could not return this item in a form the CRM can read.';
    default:
      return `Server-side sync could not track this item after repeated attempts (${c.code}).`;
  }
}
