import type { TrackingMarker, TrackingStatus } from '#contract';
import type { ItemContext } from '../office/types';
import { buildTrackRequest } from './call';
import type { WorkflowDeps } from './deps';
import { dropEntry, enqueue, entryIdOf, findEntry } from './fallback';
import { failureReasons, isFailureCode } from './failures';
import { awaitsSendOrSave } from './mark';
import { applyMarker, isItemChanged, markerFor } from './markers';
import { notice } from './notices';
import type { OutboxEntry } from './outbox';
import type { Retries } from './retries';
import type { SnapshotPatch } from './slots';
import { failedState, pendingState, regardingFromCard, regardingFromMarker } from './states';
import type { KeyedItem, TrackingNotice, TrackingState } from './types';

/**
 * The reconcile (tracking protocol, step 4): makes pane, marker, category and server agree for
 * an item shown (`POST /api/v1/tracked/status`). What the server says wins; without an answer,
 * the outbox and the marker tell what is known.
 */
export async function reconcile(
  deps: WorkflowDeps,
  retries: Retries,
  item: ItemContext,
  signal?: AbortSignal,
): Promise<SnapshotPatch> {
  const read = await deps.office.readMarker(item);
  if (!read.ok && isItemChanged(read.error)) return {};
  const marker = read.ok ? read.value : null;
  const readNotice = read.ok ? null : notice('reconciling', read.error);
  if (awaitsSendOrSave(item) || !item.key)
    return { state: stateFromMarker(item, marker), notice: readNotice };

  const keyed: KeyedItem = { ...item, key: item.key };
  const queued = await findEntry(deps, entryIdOf(deps, keyed));
  const body = { items: [{ kind: item.kind, key: keyed.key }] };
  const status = await deps.api.call('trackedStatus', { body }, signal ? { signal } : {});
  if (!status.ok) {
    if (status.error.kind === 'cancelled') return {};
    const state = queued ? queuedState(retries, queued) : stateFromMarker(item, marker);
    return { state, notice: readNotice ?? notice('reconciling', status.error) };
  }
  const server = status.value.items.find((s) => s.key === keyed.key && s.kind === item.kind);
  // An answer without this item says nothing about it: trust the marker rather than clear it.
  if (!server) return { state: stateFromMarker(item, marker), notice: readNotice };
  const known = { marker, queued, readNotice };
  if (server.tracked && server.activityId)
    return trackedOnServer(deps, keyed, server, server.activityId, known);
  return untrackedOnServer(deps, retries, keyed, known);
}

/** What reconciling knew before the server's answer. */
type Known = { marker: TrackingMarker | null; queued: OutboxEntry | null; readNotice: TrackingNotice | null };

/** Tracked by this user: e.g. by server-side sync while the pane was closed, or regarding changed elsewhere. */
async function trackedOnServer(
  deps: WorkflowDeps,
  item: KeyedItem,
  server: TrackingStatus,
  activityId: string,
  { marker, queued, readNotice }: Known,
): Promise<SnapshotPatch> {
  const regarding = regardingFromCard(server.regarding);
  if (queued) await dropEntry(deps, queued.id);
  const state: TrackingState = { status: 'tracked', regarding, activityId };
  const agrees =
    marker?.state === 'tracked' &&
    marker.activityId === activityId &&
    (marker.regarding?.id ?? null) === (regarding?.id ?? null);
  if (agrees) return { state, notice: readNotice };
  const written = markerFor(deps, item, 'tracked', regarding, { activityId });
  const step = await applyMarker(deps.office, item, { marker: written, category: 'add' });
  return { state, notice: step.problem ? notice('reconciling', step.problem) : readNotice };
}

/** The server has no tracking by this user for the item. */
async function untrackedOnServer(
  deps: WorkflowDeps,
  retries: Retries,
  item: KeyedItem,
  { marker, queued, readNotice }: Known,
): Promise<SnapshotPatch> {
  if (queued) return { state: queuedState(retries, queued), notice: readNotice };
  switch (marker?.state) {
    case 'pending': {
      // Marked earlier (pane closed, or written while composing): finish it now from this pane.
      const regarding = regardingFromMarker(marker);
      const request = await buildTrackRequest(deps.office, item, regarding);
      const queuedNow = await enqueue(deps, retries, item, request, regarding, null);
      void retries.processDue();
      return { state: queuedNow.state, notice: queuedNow.notice ?? readNotice };
    }
    case 'failed':
      return { state: stateFromMarker(item, marker), notice: readNotice };
    case 'tracked': {
      // Untracked elsewhere: the mailbox should not claim otherwise.
      const step = await applyMarker(deps.office, item, { marker: null, category: 'remove' });
      return {
        state: { status: 'not_tracked' },
        notice: step.problem ? notice('reconciling', step.problem) : readNotice,
      };
    }
    default:
      return { state: { status: 'not_tracked' }, notice: readNotice };
  }
}

/** An item waiting in the outbox: pending, the CRM out of reach so far. */
function queuedState(retries: Retries, queued: OutboxEntry): TrackingState {
  return pendingState(queued.regarding, 'crm_unreachable', retries.nextAttemptIso(queued.nextAttemptAt));
}

/** What the marker alone says about the item. */
function stateFromMarker(item: ItemContext, marker: TrackingMarker | null): TrackingState {
  if (!marker) return { status: 'not_tracked' };
  const regarding = regardingFromMarker(marker);
  if (marker.compose && awaitsSendOrSave(item)) return { status: 'compose_pending', regarding };
  if (marker.state === 'tracked' && marker.activityId)
    return { status: 'tracked', regarding, activityId: marker.activityId };
  if (marker.state === 'failed') {
    const code = marker.code && isFailureCode(marker.code) ? marker.code : 'unknown';
    return failedState(code, regarding, marker.reason ?? failureReasons.unknown);
  }
  return pendingState(regarding, 'marked');
}
