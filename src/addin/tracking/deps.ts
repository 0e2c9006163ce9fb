import type { ApiClient } from '#browser/api/types';
import type { OfficeAdapter } from '../office/types';
import type { BackoffPolicy } from './backoff';
import type { Outbox } from './outbox';

/** The part of the Office adapter the workflow uses. */
export type TrackingOffice = Pick<
  OfficeAdapter,
  'userProfile' | 'getBody' | 'readMarker' | 'writeMarker' | 'removeMarker' | 'addCategory' | 'removeCategory'
>;

export type Timers = { set(callback: () => void, ms: number): unknown; clear(handle: unknown): void };

export const browserTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** What every stage of the workflow works with: its two ports (Office, the API), the outbox, time. */
export type WorkflowDeps = {
  office: TrackingOffice;
  api: ApiClient;
  outbox: Outbox;
  now: () => number;
  random: () => number;
  timers: Timers;
  backoff: BackoffPolicy;
};
