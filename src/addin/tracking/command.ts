import type { ItemContext, NotificationKind, OfficeAdapter, OfficeError } from '../office/types';
import type { ItemTrackingSnapshot, TrackingService } from './types';

export type TrackCommandDeps = {
  office: Pick<OfficeAdapter, 'getItem' | 'notify'>;
  tracking: Pick<TrackingService, 'reconcile' | 'track'>;
  /** Completes the item's tracking key where Outlook has none (appointments: `completeItemKey`). */
  completeKey?: (item: ItemContext) => Promise<ItemContext>;
  /** Words for the info bar, from the pane's string catalogue. */
  describe: (snapshot: ItemTrackingSnapshot) => { kind: NotificationKind; message: string };
};

export type TrackCommandOutcome =
  | { outcome: 'no_item' }
  | { outcome: 'office_error'; error: OfficeError }
  | { outcome: 'done'; item: ItemContext; snapshot: ItemTrackingSnapshot; notified: boolean };

/**
 * The ribbon's one-click Track: tracks the selected item without regarding (an item already
 * tracked or pending keeps what it has) and reports the outcome in the item's info bar.
 */
export async function trackSelectedItem(deps: TrackCommandDeps): Promise<TrackCommandOutcome> {
  const read = await deps.office.getItem();
  if (!read.ok) return { outcome: 'office_error', error: read.error };
  if (!read.value) return { outcome: 'no_item' };
  const item = deps.completeKey ? await deps.completeKey(read.value) : read.value;
  let snapshot = await deps.tracking.reconcile(item);
  const status = snapshot.state.status;
  if (status === 'not_tracked' || status === 'failed') {
    const regarding = snapshot.state.status === 'failed' ? snapshot.state.regarding : null;
    snapshot = await deps.tracking.track(item, regarding);
  }
  const { kind, message } = deps.describe(snapshot);
  const shown = await deps.office.notify(item, kind, message);
  return { outcome: 'done', item, snapshot, notified: shown.ok };
}
