import type { Database } from '#server/db/types';
import type { CycleDeps } from '../cycle/context';
import type { SyncMetrics } from '../monitoring/metrics';
import type { ScheduleConfig } from './schedule';

export type SyncLogger = {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
};

/** What happened to a claimed mailbox, as `regarding_sync_cycles_total{result}` counts it. */
export type CycleOutcome = 'synced' | 'backoff' | 'disabled' | 'abandoned';

export type RunSummary = {
  claimed: number;
  synced: number;
  backoff: number;
  disabled: number;
  abandoned: number;
  itemsTracked: number;
  itemsFailed: number;
};

export function emptySummary(): RunSummary {
  return { claimed: 0, synced: 0, backoff: 0, disabled: 0, abandoned: 0, itemsTracked: 0, itemsFailed: 0 };
}

/** One worker, as its parts (claim, run, record outcome, renew leases, poll) share it. */
export type WorkerContext = {
  db: Database;
  workerId: string;
  schedule: ScheduleConfig;
  metrics: SyncMetrics;
  log: SyncLogger;
  /** What each cycle gets. */
  cycle: CycleDeps;
};
