import type { ApiClient } from '#browser/api/types';
import type { ItemContext } from '../office/types';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { browserTimers, type Timers, type TrackingOffice, type WorkflowDeps } from './deps';
import { unexpectedNotice } from './notices';
import { createOutbox, type Outbox } from './outbox';
import { reconcile } from './reconcile';
import { changeRegarding } from './regarding';
import { createRetries } from './retries';
import { createSlots, emit, exclusive, trackingSlot, type Slot, type SnapshotPatch } from './slots';
import { track } from './track';
import type { ItemTrackingSnapshot, RegardingTarget, TrackingOperation, TrackingService } from './types';
import { untrack } from './untrack';

export type TrackingServiceOptions = {
  office: TrackingOffice;
  api: ApiClient;
  outbox?: Outbox;
  now?: () => number;
  random?: () => number;
  timers?: Timers;
  backoff?: BackoffPolicy;
};

/**
 * The tracking workflow (docs/ARCHITECTURE.md, tracking protocol) as the pane and the ribbon
 * command use it: one item's operations, each serialized on the item and reported through its
 * snapshot. The stages live in their own modules (mark, call, fallback, reconcile), over two
 * ports, the Office adapter and the API client.
 */
export function createTrackingService(options: TrackingServiceOptions): TrackingService {
  const deps: WorkflowDeps = {
    office: options.office,
    api: options.api,
    outbox: options.outbox ?? createOutbox(),
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    timers: options.timers ?? browserTimers,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
  };
  const slotFor = createSlots();
  const retries = createRetries(deps, slotFor);
  const trackOn = (slot: Slot, item: ItemContext, regarding: RegardingTarget | null, signal?: AbortSignal) =>
    track(deps, retries, slot, item, regarding, signal);

  /** Runs a user operation: marks it in flight, clears the last notice, always ends it. */
  function operate(
    item: ItemContext,
    operation: TrackingOperation,
    work: (slot: Slot) => Promise<SnapshotPatch>,
  ): Promise<ItemTrackingSnapshot> {
    const slot = slotFor(trackingSlot(item));
    slot.context = item;
    return exclusive(slot, async () => {
      emit(slot, { operation, notice: null });
      try {
        return emit(slot, { operation: null, ...(await work(slot)) });
      } catch (e) {
        // Only a bug gets here; keep the state and say so rather than leaving a spinner.
        return emit(slot, { operation: null, notice: unexpectedNotice(operation, e) });
      }
    });
  }

  return {
    snapshot: (item) => slotFor(trackingSlot(item)).snapshot,
    subscribe(item, listener) {
      const slot = slotFor(trackingSlot(item));
      slot.listeners.add(listener);
      return () => slot.listeners.delete(listener);
    },
    reconcile: (item, signal) => operate(item, 'reconciling', () => reconcile(deps, retries, item, signal)),
    track: (item, regarding = null, signal) =>
      operate(item, 'tracking', (slot) => trackOn(slot, item, regarding, signal)),
    changeRegarding: (item, regarding, signal) =>
      operate(item, 'changing_regarding', (slot) =>
        changeRegarding(deps, retries, (s, i, r) => trackOn(s, i, r, signal), slot, item, regarding, signal),
      ),
    untrack: (item, signal) => operate(item, 'untracking', (slot) => untrack(deps, slot, item, signal)),
    start: retries.start,
    stop: retries.stop,
  };
}
