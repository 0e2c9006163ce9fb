import {
  TRACKED_CATEGORY,
  UNDELIVERABLE_CATEGORY,
  buildMarker,
  writeCecpValue,
  type RegardingRef,
  type TrackedKind,
} from '#contract';
import { reasonForUser, type Classified } from '../errors';
import type { ItemOutcome } from '../store/items';
import type { Candidate, Folder } from './candidate';
import type { CycleContext } from './context';

/**
 * What a cycle records about an item: its row (`ItemOutcome`) and, for items it tracked or gave up
 * on, the patch of the marker and category it writes back to the mailbox.
 */
export type Writeback = {
  candidate: Candidate;
  /** The item's row, saved once the patch has been tried. */
  outcome: ItemOutcome;
  patch: { categories: string[]; cecp: string };
};

export function kindOf(folder: Folder): TrackedKind {
  return folder === 'calendar' ? 'appointment' : 'email';
}

export function outcomeFor(
  c: Candidate,
  p: Partial<ItemOutcome> & Pick<ItemOutcome, 'state' | 'attempts'>,
): ItemOutcome {
  return {
    itemId: c.itemId,
    folder: c.folder,
    kind: c.kind,
    key: c.key,
    conversationId: c.conversationId,
    subject: c.subject,
    trackedNow: false,
    activityId: null,
    regarding: null,
    markerAt: c.marker?.at ?? null,
    errorCode: null,
    error: null,
    ...p,
  };
}

/** The item's categories with `category` as sync's one tracking category. */
function withCategory(c: Candidate, category: string): string[] {
  return [...c.categories.filter((x) => x !== TRACKED_CATEGORY && x !== UNDELIVERABLE_CATEGORY), category];
}

/** An item sync tracked: marker `tracked` with the activity, the tracked category, a `done` row. */
export function trackedWriteback(
  ctx: CycleContext,
  c: Candidate,
  activity: { id: string; regarding: RegardingRef | null; regardingName: string | null },
  attempts: number,
): Writeback {
  const marker = buildMarker({
    state: 'tracked',
    kind: c.kind,
    regarding: activity.regarding && { ...activity.regarding, name: activity.regardingName },
    by: c.marker?.by ?? ctx.actor.userId,
    at: new Date(),
    activityId: activity.id,
  });
  return {
    candidate: c,
    outcome: outcomeFor(c, {
      state: 'done',
      attempts,
      trackedNow: true,
      activityId: activity.id,
      regarding: activity.regarding,
    }),
    patch: { categories: withCategory(c, TRACKED_CATEGORY), cecp: writeCecpValue(c.cecpRaw, marker) },
  };
}

/** An item sync gave up on: marker `failed` with a reason for the user, the undeliverable category. */
export function failedWriteback(
  ctx: CycleContext,
  c: Candidate,
  error: Classified,
  attempts: number,
): Writeback {
  const regarding = c.marker?.regarding;
  const marker = buildMarker({
    state: 'failed',
    kind: c.kind,
    regarding: regarding && { ...regarding, name: c.marker?.regardingName },
    by: c.marker?.by ?? ctx.actor.userId,
    at: new Date(),
    failure: { code: error.code, reason: reasonForUser(error) },
  });
  return {
    candidate: c,
    outcome: outcomeFor(c, { state: 'undeliverable', attempts, errorCode: error.code, error: error.message }),
    patch: { categories: withCategory(c, UNDELIVERABLE_CATEGORY), cecp: writeCecpValue(c.cecpRaw, marker) },
  };
}
