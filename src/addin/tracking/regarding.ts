import type { ItemContext } from '../office/types';
import { recordTracked } from './call';
import type { WorkflowDeps } from './deps';
import { entryIdOf, findEntry } from './fallback';
import { applyMarker, markerFor } from './markers';
import { notice } from './notices';
import type { Retries } from './retries';
import type { Slot, SnapshotPatch } from './slots';
import type { RegardingTarget, TrackingState } from './types';

type Track = (slot: Slot, item: ItemContext, regarding: RegardingTarget | null) => Promise<SnapshotPatch>;

/**
 * Sets what the item is regarding, whatever its state: an item not tracked yet (or failed) is
 * tracked regarding it; a pending one changes its marker and outbox entry; a tracked one asks the
 * CRM (`PATCH`), then updates the marker.
 */
export async function changeRegarding(
  deps: WorkflowDeps,
  retries: Retries,
  track: Track,
  slot: Slot,
  item: ItemContext,
  regarding: RegardingTarget | null,
  signal?: AbortSignal,
): Promise<SnapshotPatch> {
  const state = slot.snapshot.state;
  switch (state.status) {
    case 'not_tracked':
    case 'failed':
    case 'tracking':
      return track(slot, item, regarding);
    case 'compose_pending': {
      const marker = markerFor(deps, item, 'pending', regarding, { compose: true });
      const step = await applyMarker(deps.office, item, { marker, category: 'keep' });
      if (!step.marked.ok) return { notice: notice('changing_regarding', step.marked.error) };
      return { state: { status: 'compose_pending', regarding } };
    }
    case 'pending':
      return changePending(deps, retries, item, { ...state, regarding });
    case 'tracked':
      return changeTracked(deps, item, regarding, signal);
  }
}

/** A pending item: its outbox entry (retried at once) and its marker name the new record. */
async function changePending(
  deps: WorkflowDeps,
  retries: Retries,
  item: ItemContext,
  changed: Extract<TrackingState, { status: 'pending' }>,
): Promise<SnapshotPatch> {
  const { regarding } = changed;
  const entry = item.key ? await findEntry(deps, entryIdOf(deps, { kind: item.kind, key: item.key })) : null;
  if (entry) {
    entry.regarding = regarding;
    entry.request = {
      ...entry.request,
      regarding: regarding ? { type: regarding.type, id: regarding.id } : null,
    };
    entry.nextAttemptAt = Math.min(entry.nextAttemptAt, deps.now());
    // An outbox that cannot be written is one the retry loop cannot list either (see dropEntry).
    await deps.outbox.put(entry).catch(() => undefined);
  }
  const marker = markerFor(deps, item, 'pending', regarding);
  const step = await applyMarker(deps.office, item, { marker, category: 'keep' });
  if (!step.marked.ok) return { notice: notice('changing_regarding', step.marked.error) };
  if (entry) void retries.processDue();
  return { state: changed };
}

/** A tracked item: the CRM changes the regarding record (`PATCH`), then the marker follows. */
async function changeTracked(
  deps: WorkflowDeps,
  item: ItemContext,
  regarding: RegardingTarget | null,
  signal?: AbortSignal,
): Promise<SnapshotPatch> {
  if (!item.key)
    return { notice: notice('changing_regarding', { kind: 'invalid_request', message: 'no key' }) };
  const response = await deps.api.call(
    'changeRegarding',
    {
      params: { kind: item.kind, key: item.key },
      body: { regarding: regarding ? { type: regarding.type, id: regarding.id } : null },
    },
    signal ? { signal } : {},
  );
  if (!response.ok) {
    if (response.error.kind === 'cancelled') return {};
    return { notice: notice('changing_regarding', response.error) };
  }
  const done = await recordTracked(deps, item, response.value, regarding);
  return { state: done.state, notice: done.problem ? notice('changing_regarding', done.problem) : null };
}
