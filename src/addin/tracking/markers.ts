import { buildMarker, type MarkerFields, type TrackingMarker } from '#contract';
import type { Result } from '#browser/result';
import type { ItemContext, OfficeError } from '../office/types';
import type { TrackingOffice, WorkflowDeps } from './deps';
import type { RegardingTarget } from './types';

export const isItemChanged = (error: OfficeError) => error.code === 'item_changed';

/**
 * A marker for `item` by the Office user. The marker's `by` is the user's Office address: the
 * pending marker is written before any call to the CRM, and no answer the pane gets carries the
 * CRM user id (server-side sync, which processes this user's mailbox, reads either).
 */
export function markerFor(
  deps: Pick<WorkflowDeps, 'office' | 'now'>,
  item: ItemContext,
  state: TrackingMarker['state'],
  regarding: RegardingTarget | null,
  extra: Pick<MarkerFields, 'activityId' | 'failure' | 'compose'> = {},
): TrackingMarker {
  const by = deps.office.userProfile.emailAddress;
  return buildMarker({ state, kind: item.kind, by, at: new Date(deps.now()), regarding, ...extra });
}

export type MarkerChange = {
  /** The marker to write, or `null` to remove it. */
  marker: TrackingMarker | null;
  /** What the "Tracked to Regarding" category does next (nothing on clients without categories). */
  category: 'add' | 'remove' | 'keep';
  /** Without the marker the operation means nothing: when it fails, leave the category alone. */
  essential?: boolean;
};

export type MarkerOutcome = {
  /** Whether the marker itself was written (or removed). */
  marked: Result<void, OfficeError>;
  /** The first failure worth telling the user; Outlook moving to another item is not one. */
  problem: OfficeError | null;
};

/** The marker-and-category step every part of the workflow takes: the marker first, then the category. */
export async function applyMarker(
  office: TrackingOffice,
  item: ItemContext,
  change: MarkerChange,
): Promise<MarkerOutcome> {
  const marked = change.marker
    ? await office.writeMarker(item, change.marker)
    : await office.removeMarker(item);
  if (!marked.ok && change.essential) return { marked, problem: worthTelling(marked.error) };
  const categorized =
    change.category === 'add'
      ? await office.addCategory(item)
      : change.category === 'remove'
        ? await office.removeCategory(item)
        : null;
  const first = !marked.ok ? marked.error : categorized && !categorized.ok ? categorized.error : null;
  return { marked, problem: first && worthTelling(first) };
}

function worthTelling(error: OfficeError): OfficeError | null {
  return isItemChanged(error) ? null : error;
}
