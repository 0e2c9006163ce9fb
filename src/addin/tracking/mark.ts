import type { ItemContext } from '../office/types';
import type { WorkflowDeps } from './deps';
import { applyMarker, isItemChanged, markerFor } from './markers';
import { notice } from './notices';
import type { SnapshotPatch } from './slots';
import { failedState, pendingState } from './states';
import type { KeyedItem, RegardingTarget, TrackingNotice, TrackingState } from './types';

/**
 * A message being written, or a meeting not saved yet: tracking completes after it is sent (or
 * saved), from the marker. A meeting the organizer has open that is already saved has its key
 * and is tracked at once, like a meeting read by an attendee.
 */
export function awaitsSendOrSave(item: Pick<ItemContext, 'mode' | 'kind' | 'key'>): boolean {
  return item.mode === 'compose' && !(item.kind === 'appointment' && item.key !== null);
}

/** Where tracking goes after the mark: done for now (`patch`), or on to the CRM with the keyed item. */
export type MarkOutcome =
  { next: 'done'; patch: SnapshotPatch } | { next: 'call'; item: KeyedItem; notice: TrackingNotice | null };

/**
 * The mark (tracking protocol, step 1): the pending marker in the item's custom properties, then
 * the category where the client supports it. Marking first is what makes tracking safe: whatever
 * happens next, server-side sync finishes from the marker. Items the pane cannot call the CRM
 * about (a message being written, a meeting without its key) stop here.
 */
export async function mark(
  deps: WorkflowDeps,
  item: ItemContext,
  regarding: RegardingTarget | null,
  before: TrackingState,
): Promise<MarkOutcome> {
  const compose = awaitsSendOrSave(item);
  const marker = markerFor(deps, item, 'pending', regarding, compose ? { compose: true } : {});
  // Without a key, the marker is all that will ever finish the job.
  const essential = compose || !item.key;
  const step = await applyMarker(deps.office, item, { marker, category: 'add', essential });
  if (!step.marked.ok) {
    if (isItemChanged(step.marked.error)) return done({ state: before }); // the item is gone; nothing was done
    if (essential)
      return done({
        state: failedState('marker_write_failed', regarding),
        notice: notice('tracking', step.marked.error),
      });
  }
  const officeNotice = step.problem ? notice('tracking', step.problem) : null;
  if (compose) return done({ state: { status: 'compose_pending', regarding }, notice: officeNotice });
  if (!item.key) return done({ state: pendingState(regarding, 'sync_only'), notice: officeNotice });
  return { next: 'call', item: { ...item, key: item.key }, notice: officeNotice };
}

function done(patch: SnapshotPatch): MarkOutcome {
  return { next: 'done', patch };
}
