export {
  createTrackingService,
  trackingSlot,
  regardingFromCard,
  type TrackingServiceOptions,
  type Timers,
} from './service';
export { completeItemKey } from './item-key';
export { trackSelectedItem, type TrackCommandDeps, type TrackCommandOutcome } from './command';
export {
  createOutbox,
  createIndexedDbOutbox,
  createMemoryOutbox,
  outboxId,
  type Outbox,
  type OutboxEntry,
} from './outbox';
export { retryDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
export { failureReasons, failureCodeOf, isFailureCode } from './failures';
export type * from './types';
