import type { TrackRequest } from '#contract';
import { isRetryable } from '#browser/api/client';
import type { ApiError } from '#browser/api/types';
import type { ItemContext } from '../office/types';
import { retryDelayMs } from './backoff';
import type { WorkflowDeps } from './deps';
import { failureCodeOf, failureReasons } from './failures';
import { applyMarker, markerFor } from './markers';
import { notice } from './notices';
import { outboxId, type OutboxEntry } from './outbox';
import type { Retries } from './retries';
import type { SnapshotPatch } from './slots';
import { failedState, pendingState } from './states';
import type {
  FailureCode,
  KeyedItem,
  PendingReason,
  RegardingTarget,
  TrackingNotice,
  TrackingState,
} from './types';

/*
 * The fall back (tracking protocol, step 3): a call that may succeed later keeps the marker
 * `pending` and goes to the outbox, retried with backoff and Retry-After while the pane is open; a
 * permanent failure writes `failed` with a code and a sentence.
 */

/** After a failed track call: the outbox, sync, or a failure for good. `carried`: an earlier notice. */
export async function fallBack(
  deps: WorkflowDeps,
  retries: Retries,
  item: KeyedItem,
  request: TrackRequest,
  regarding: RegardingTarget | null,
  error: ApiError,
  carried: TrackingNotice | null,
): Promise<SnapshotPatch> {
  if (error.kind === 'cancelled' || isRetryable(error)) {
    // Cancelled (the pane moved on) is finished by the outbox like any retry: never lost.
    const queued = await enqueue(
      deps,
      retries,
      item,
      request,
      regarding,
      error.kind === 'cancelled' ? null : error,
    );
    return { state: queued.state, notice: queued.notice ?? carried };
  }
  // The user could not sign in here; the pending marker lets server-side sync finish the job.
  if (error.kind === 'auth')
    return { state: pendingState(regarding, 'sync_only'), notice: notice('tracking', error) };
  return markFailed(deps, item, failureCodeOf(error), regarding);
}

/** Puts the call in the outbox (again, after `error`: one more attempt, later), pending meanwhile. */
export async function enqueue(
  deps: WorkflowDeps,
  retries: Retries,
  item: KeyedItem,
  request: TrackRequest,
  regarding: RegardingTarget | null,
  error: ApiError | null,
): Promise<{ state: TrackingState; notice: TrackingNotice | null }> {
  const id = entryIdOf(deps, item);
  const existing = await findEntry(deps, id);
  const attempts = (existing?.attempts ?? 0) + (error ? 1 : 0);
  const entry: OutboxEntry = {
    id,
    user: deps.office.userProfile.emailAddress,
    kind: item.kind,
    key: item.key,
    request,
    regarding,
    attempts,
    nextAttemptAt: error ? nextAttemptAfter(deps, attempts, error) : deps.now(),
    createdAt: existing?.createdAt ?? deps.now(),
    lastError: error ? describeApiError(error) : null,
  };
  let problem: TrackingNotice | null = null;
  try {
    await deps.outbox.put(entry);
    retries.scheduleNext();
  } catch (e) {
    // No durable retry in this browser; the pending marker still lets server-side sync finish.
    problem = notice('tracking', { kind: 'outbox', message: e instanceof Error ? e.message : String(e) });
  }
  const reason: PendingReason = error ? pendingReasonOf(error) : 'marked';
  return {
    state: pendingState(regarding, reason, retries.nextAttemptIso(entry.nextAttemptAt)),
    notice: problem,
  };
}

/** A permanent failure: the `failed` marker with its code and sentence, and no category. */
export async function markFailed(
  deps: WorkflowDeps,
  item: ItemContext | null,
  code: FailureCode,
  regarding: RegardingTarget | null,
): Promise<SnapshotPatch> {
  const state = failedState(code, regarding);
  if (!item) return { state, notice: null };
  const marker = markerFor(deps, item, 'failed', regarding, {
    failure: { code, reason: failureReasons[code] },
  });
  // A failed item is not tracked: the category would say otherwise in the mailbox.
  const step = await applyMarker(deps.office, item, { marker, category: 'remove' });
  return { state, notice: step.problem ? notice('tracking', step.problem) : null };
}

/** When to try an entry again after its `attempts`-th failure: backoff, never before Retry-After. */
export function nextAttemptAfter(
  deps: Pick<WorkflowDeps, 'now' | 'random' | 'backoff'>,
  attempts: number,
  error: ApiError,
): number {
  const retryAfter = error.kind === 'http' ? error.retryAfterSeconds : null;
  return deps.now() + retryDelayMs(attempts, retryAfter, deps.random, deps.backoff);
}

export function pendingReasonOf(error: ApiError): PendingReason {
  return error.kind === 'http' ? 'crm_busy' : 'crm_unreachable';
}

/** The outbox entry of this user's track of `item`. */
export function entryIdOf(deps: Pick<WorkflowDeps, 'office'>, item: Pick<KeyedItem, 'kind' | 'key'>): string {
  return outboxId(deps.office.userProfile.emailAddress, item.kind, item.key);
}

/** The entry, if any. An outbox this browser cannot read holds none: the marker still says pending. */
export function findEntry(deps: Pick<WorkflowDeps, 'outbox'>, id: string): Promise<OutboxEntry | null> {
  return deps.outbox.get(id).catch(() => null);
}

/**
 * Drops the entry. An outbox that cannot delete is one the retry loop cannot list either (IndexedDB
 * gone, as in some private modes), so there is nothing better to do than carry on.
 */
export function dropEntry(deps: Pick<WorkflowDeps, 'outbox'>, id: string): Promise<void> {
  return deps.outbox.delete(id).catch(() => undefined);
}

/** The entry's `lastError`, for support: what the last attempt ran into. */
export function describeApiError(error: ApiError): string {
  switch (error.kind) {
    case 'http':
      return `HTTP ${error.status} ${error.code}`;
    case 'network':
    case 'invalid_request':
    case 'invalid_response':
    case 'auth':
      return `${error.kind}: ${error.message}`;
    case 'timeout':
      return `timeout after ${error.timeoutMs} ms`;
    case 'cancelled':
      return 'cancelled';
  }
}
