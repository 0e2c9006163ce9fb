import type { ItemContext } from '../office/types';
import { buildTrackRequest, callTrack, recordTracked } from './call';
import type { WorkflowDeps } from './deps';
import { dropEntry, entryIdOf, fallBack } from './fallback';
import { mark } from './mark';
import { notice } from './notices';
import type { Retries } from './retries';
import { emit, type Slot, type SnapshotPatch } from './slots';
import type { RegardingTarget } from './types';

/**
 * Tracking an item along the protocol's stages: mark, call, then record the answer or fall back.
 * The snapshot says `tracking` meanwhile; the returned patch is where it ends.
 */
export async function track(
  deps: WorkflowDeps,
  retries: Retries,
  slot: Slot,
  item: ItemContext,
  regarding: RegardingTarget | null,
  signal?: AbortSignal,
): Promise<SnapshotPatch> {
  const before = slot.snapshot.state;
  emit(slot, { state: { status: 'tracking', regarding } });
  const marked = await mark(deps, item, regarding, before);
  if (marked.next === 'done') return marked.patch;

  const request = await buildTrackRequest(deps.office, marked.item, regarding);
  const response = await callTrack(deps, marked.item, request, signal);
  if (!response.ok)
    return fallBack(deps, retries, marked.item, request, regarding, response.error, marked.notice);
  await dropEntry(deps, entryIdOf(deps, marked.item));
  const done = await recordTracked(deps, marked.item, response.value, regarding);
  return { state: done.state, notice: done.problem ? notice('tracking', done.problem) : marked.notice };
}
