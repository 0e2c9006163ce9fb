import type { ItemContext } from '../office/types';
import type { WorkflowDeps } from './deps';
import { dropEntry, entryIdOf } from './fallback';
import { applyMarker } from './markers';
import { notice } from './notices';
import type { Slot, SnapshotPatch } from './slots';

/**
 * Untracks for this user: the server first, then the marker goes (rather than saying "not
 * tracked"), so server-side sync, which acts on markers, has nothing left to act on.
 */
export async function untrack(
  deps: WorkflowDeps,
  slot: Slot,
  item: ItemContext,
  signal?: AbortSignal,
): Promise<SnapshotPatch> {
  const state = slot.snapshot.state;
  if ((state.status === 'tracked' || state.status === 'pending') && item.key) {
    const keyed = { kind: item.kind, key: item.key };
    await dropEntry(deps, entryIdOf(deps, keyed));
    const response = await deps.api.call('untrack', { params: keyed }, signal ? { signal } : {});
    // not_found: it never reached the server (still pending), which is what we want.
    const fine = response.ok || (response.error.kind === 'http' && response.error.code === 'not_found');
    if (!response.ok && !fine) {
      if (response.error.kind === 'cancelled') return {};
      if (state.status === 'tracked') return { notice: notice('untracking', response.error) };
    }
  }
  const step = await applyMarker(deps.office, item, { marker: null, category: 'remove', essential: true });
  if (!step.marked.ok && step.problem) return { notice: notice('untracking', step.problem) };
  return {
    state: { status: 'not_tracked' },
    notice: step.problem ? notice('untracking', step.problem) : null,
  };
}
