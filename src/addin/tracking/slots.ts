import type { ItemContext } from '../office/types';
import type { ItemTrackingSnapshot, TrackingListener } from './types';

/** A change to an item's snapshot (its slot never changes). */
export type SnapshotPatch = Partial<Omit<ItemTrackingSnapshot, 'slot'>>;

/** One item's tracking: its snapshot, who listens to it, and the work on it. */
export type Slot = {
  snapshot: ItemTrackingSnapshot;
  listeners: Set<TrackingListener>;
  /** The latest context the pane showed for this slot (to update the marker after a retry). */
  context: ItemContext | null;
  /** Serializes work on one item (a user action and an outbox retry never interleave). */
  lock: Promise<unknown>;
};

/**
 * Which item a snapshot belongs to: the tracking key when there is one (so the outbox, the pane
 * and reconciliation agree), else the mailbox item id, else this selection of an unsaved draft.
 */
export function trackingSlot(item: Pick<ItemContext, 'kind' | 'key' | 'itemId' | 'handle'>): string {
  if (item.key) return `${item.kind}:${item.key}`;
  if (item.itemId) return `item:${item.itemId}`;
  return `draft:${item.handle}`;
}

/** The slots of the items seen so far, created on first use. */
export function createSlots(): (id: string) => Slot {
  const slots = new Map<string, Slot>();
  return (id) => {
    let slot = slots.get(id);
    if (!slot) {
      slot = {
        snapshot: { slot: id, state: { status: 'not_tracked' }, operation: null, notice: null },
        listeners: new Set(),
        context: null,
        lock: Promise.resolve(),
      };
      slots.set(id, slot);
    }
    return slot;
  };
}

/** Applies a patch to the slot's snapshot and tells its listeners. */
export function emit(slot: Slot, patch: SnapshotPatch): ItemTrackingSnapshot {
  slot.snapshot = { ...slot.snapshot, ...patch };
  for (const listener of [...slot.listeners]) listener(slot.snapshot);
  return slot.snapshot;
}

/** Runs `work` after whatever runs on the slot already, whether that succeeded or not. */
export function exclusive<T>(slot: Slot, work: () => Promise<T>): Promise<T> {
  const run = slot.lock.then(work, work);
  // The lock only orders work; each caller sees its own outcome through `run`.
  slot.lock = run.catch(() => undefined);
  return run;
}
