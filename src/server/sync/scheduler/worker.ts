import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { CrmService } from '#server/crm/crm-service';
import type { Database } from '#server/db/types';
import { createGraphClient, type TokenProvider } from '../graph/client';
import { syncMetrics as processMetrics, type SyncMetrics } from '../monitoring/metrics';
import type { RunSummary, SyncLogger, WorkerContext } from './context';
import { renewLeasesWhileRunning } from './leases';
import { runDue, startPolling, type Poller } from './loop';
import { createRunningCycles } from './running';
import { resolveSchedule, type ScheduleConfig } from './schedule';

export type SyncWorkerOptions = {
  db: Database;
  crm: CrmService;
  graph: {
    baseUrl: string;
    tokenProvider: TokenProvider;
    ca?: string;
    perMailboxConcurrency?: number;
    maxPageSize?: number;
    requestTimeoutMs?: number;
  };
  schedule?: Partial<ScheduleConfig>;
  /** Lease owner id; unique per worker. */
  workerId?: string;
  metrics?: SyncMetrics;
  logger?: SyncLogger;
  /** Poll for due mailboxes in the background (default). `false`: only `runOnce()` syncs. */
  autoStart?: boolean;
  /**
   * How often the background loop runs `ensureMailboxes` so users added to the CRM get a mailbox
   * row without a restart (default 300 s; 0 turns it off).
   */
  ensureMailboxesEverySeconds?: number;
};

export type SyncWorker = {
  readonly workerId: string;
  /** Claims and syncs every mailbox due now (up to the concurrency limit at once) and returns. */
  runOnce(): Promise<RunSummary>;
  /** Stops polling, waits for running cycles, releases nothing (leases expire by themselves). */
  stop(): Promise<void>;
};

const silent: SyncLogger = { info: () => undefined, warn: () => undefined };

/**
 * A sync worker: claims due mailboxes, runs their cycles (`runCycle`) a few at a time, records
 * each outcome on the mailbox row, renews the leases of running cycles, and polls for more.
 */
export function startSyncWorker(opts: SyncWorkerOptions): SyncWorker {
  const schedule = resolveSchedule(opts.schedule);
  const workerId = opts.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const metrics = opts.metrics ?? processMetrics;
  const graph = createGraphClient({ ...opts.graph, metrics });
  const w: WorkerContext = {
    db: opts.db,
    workerId,
    schedule,
    metrics,
    log: opts.logger ?? silent,
    cycle: { db: opts.db, crm: opts.crm, graph, schedule, owner: workerId, metrics },
  };
  let poller: Poller | null = null;
  const running = createRunningCycles(w, () => poller?.wake());
  const stopRenewing = renewLeasesWhileRunning(w, running.ids);
  if (opts.autoStart !== false) poller = startPolling(w, running, opts.ensureMailboxesEverySeconds ?? 300);
  return {
    workerId,
    runOnce: () => runDue(w, running),
    async stop() {
      await poller?.stop();
      await running.allEnd();
      stopRenewing();
      await graph.close();
    },
  };
}
