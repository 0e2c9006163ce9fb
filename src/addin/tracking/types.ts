import type { RegardingType } from '#contract';
import type { ApiError } from '#browser/api/types';
import type { ItemContext, OfficeError } from '../office/types';

/** A record the item is (to be) tracked regarding, with the name the pane shows. */
export type RegardingTarget = { type: RegardingType; id: string; name: string };

/** An item with its tracking key: what the CRM can be called about. */
export type KeyedItem = ItemContext & { key: string };

/** Why a track is pending rather than done. */
export type PendingReason =
  /** The CRM could not be reached (network error or timeout). */
  | 'crm_unreachable'
  /** The CRM is busy or briefly unavailable (429 / 5xx). */
  | 'crm_busy'
  /** The pane cannot call the CRM for this item (no key available); server-side sync finishes it. */
  | 'sync_only'
  /** A pending marker was found on the item (written earlier, e.g. with the pane closed). */
  | 'marked';

export type FailureCode =
  | 'validation_failed'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unauthenticated'
  | 'invalid_response'
  | 'marker_write_failed'
  | 'unknown';

/** The tracking status of one item: what the pane shows. */
export type TrackingState =
  | { status: 'not_tracked' }
  | { status: 'tracking'; regarding: RegardingTarget | null }
  | { status: 'tracked'; regarding: RegardingTarget | null; activityId: string }
  | {
      status: 'pending';
      regarding: RegardingTarget | null;
      /** When the pane retries next (ISO), `null` when only server-side sync will. */
      nextAttemptAt: string | null;
      reason: PendingReason;
    }
  | {
      status: 'failed';
      regarding: RegardingTarget | null;
      code: FailureCode;
      /** A sentence a sales rep understands: what went wrong and what to do. */
      reason: string;
      retryable: false;
    }
  /** Compose: the marker is written; the item is tracked after it is sent. */
  | { status: 'compose_pending'; regarding: RegardingTarget | null };

export type TrackingStatusName = TrackingState['status'];

/** An operation in flight for the item (the pane disables its controls meanwhile). */
export type TrackingOperation = 'reconciling' | 'tracking' | 'changing_regarding' | 'untracking';

/** What went wrong for a notice: the CRM, Outlook, this browser's outbox, or a bug in the pane. */
export type NoticeError = ApiError | OfficeError | { kind: 'outbox' | 'unexpected'; message: string };

/** A failed change that left the state as it was (e.g. change regarding while offline). */
export type TrackingNotice = {
  operation: TrackingOperation;
  /** A sentence a sales rep understands, from the catalogue. */
  message: string;
  error: NoticeError;
};

export type ItemTrackingSnapshot = {
  /** `trackingSlot(item)`: the identity listeners subscribe to. */
  slot: string;
  state: TrackingState;
  operation: TrackingOperation | null;
  notice: TrackingNotice | null;
};

export type TrackingListener = (snapshot: ItemTrackingSnapshot) => void;

export interface TrackingService {
  /** The last known snapshot of an item (`not_tracked`, no operation, before the first reconcile). */
  snapshot(item: ItemContext): ItemTrackingSnapshot;
  /** Listens to one item's snapshots; returns an unsubscribe. */
  subscribe(item: ItemContext, listener: TrackingListener): () => void;
  /** Makes pane, marker, category and server agree (POST tracked/status). */
  reconcile(item: ItemContext, signal?: AbortSignal): Promise<ItemTrackingSnapshot>;
  /** Marker first, then PUT; falls back to the outbox on a retryable failure. */
  track(
    item: ItemContext,
    regarding?: RegardingTarget | null,
    signal?: AbortSignal,
  ): Promise<ItemTrackingSnapshot>;
  changeRegarding(
    item: ItemContext,
    regarding: RegardingTarget | null,
    signal?: AbortSignal,
  ): Promise<ItemTrackingSnapshot>;
  untrack(item: ItemContext, signal?: AbortSignal): Promise<ItemTrackingSnapshot>;
  /** Starts retrying outbox entries while the pane is open. */
  start(): void;
  /** Stops the retry timer (pane closing); entries stay in IndexedDB. */
  stop(): void;
}
