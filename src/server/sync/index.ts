/**
 * Server-side sync: the public surface the server composition, the HTTP
 * monitoring routes and `/metrics` use.
 */
export { startSyncWorker } from './scheduler/worker';
export type { SyncWorker, SyncWorkerOptions } from './scheduler/worker';
export type { RunSummary, SyncLogger } from './scheduler/context';
export { defaultSchedule, resolveSchedule, nextInterval, backoffSeconds } from './scheduler/schedule';
export type { ScheduleConfig } from './scheduler/schedule';
export { ensureMailboxes, enableMailbox } from './store/mailboxes';
export { listSyncMailboxes, listSyncItemFailures } from './monitoring/list';
export { syncMetrics, createSyncMetrics } from './monitoring/metrics';
export type { SyncMetrics } from './monitoring/metrics';
export { staticTokenProvider, clientCredentialsTokenProvider } from './graph/token';
export type { TokenProvider } from './graph/client';
export { classify, SyncError } from './errors';
export type { SyncErrorCode, SyncAction } from './errors';
export { createMailboxLookup } from './lookup';
export type { MailboxLookup } from './lookup';
