import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { CrmService } from '#server/crm/crm-service';
import type { Database } from '#server/db/types';
import { runCycle } from '../cycle/run-cycle';
import { classify } from '../errors';
import { createGraphClient, type TokenProvider } from '../graph/client';
import { syncMetrics as processMetrics, type SyncMetrics } from '../monitoring/metrics';
import {
  backOff,
  claimDueMailboxes,
  completeCycle,
  disableMailbox,
  ensureMailboxes,
  renewLeases,
  type MailboxRow,
} from '../store/mailboxes';
import { backoffSeconds, nextInterval, resolveSchedule, type ScheduleConfig } from './schedule';

export type SyncLogger = {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
};

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

export type SyncWorker = {
  readonly workerId: string;
  /** Claims and syncs every mailbox due now (up to the concurrency limit at once) and returns. */
  runOnce(): Promise<RunSummary>;
  /** Stops polling, waits for running cycles, releases nothing (leases expire by themselves). */
  stop(): Promise<void>;
};

const silent: SyncLogger = { info: () => undefined, warn: () => undefined };

export function startSyncWorker(opts: SyncWorkerOptions): SyncWorker {
  const schedule = resolveSchedule(opts.schedule);
  const workerId = opts.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const metrics = opts.metrics ?? processMetrics;
  const log = opts.logger ?? silent;
  const graph = createGraphClient({ ...opts.graph, metrics });
  const deps = { db: opts.db, crm: opts.crm, graph, schedule, owner: workerId, metrics };

  const active = new Map<string, Promise<void>>();
  let stopping = false;
  let wake: (() => void) | null = null;

  async function settle(mb: MailboxRow, summary: RunSummary): Promise<CycleOutcome> {
    const started = Date.now();
    metrics.inc('regarding_sync_claims_total');
    metrics.inc('regarding_sync_active_cycles', {}, 1);
    try {
      const r = await runCycle(deps, mb);
      summary.itemsTracked += r.tracked;
      summary.itemsFailed += r.failed;
      const interval = nextInterval(mb.intervalSeconds, r.tracked + r.failed, schedule);
      await completeCycle(opts.db, mb.id, workerId, interval, r.deferredLinks);
      return 'synced';
    } catch (e) {
      const c = classify(e, 'mailbox');
      try {
        if (c.action === 'abandon') {
          log.warn('sync: lease lost, another worker continues', { mailbox: mb.address });
          return 'abandoned';
        }
        // Throttling is Graph pacing us and a missing token is the app's problem, not the
        // mailbox's: neither counts towards disabling it.
        const counts = c.code !== 'graph_throttled' && c.code !== 'graph_token';
        const failures = mb.failureCount + (counts ? 1 : 0);
        if (c.action === 'disable' || (counts && failures >= schedule.maxMailboxFailures)) {
          const reason =
            c.action === 'disable'
              ? c.message
              : `Disabled after ${failures} consecutive failures; last: ${c.message}`;
          await disableMailbox(opts.db, mb.id, workerId, { code: c.code, reason });
          metrics.inc('regarding_sync_mailboxes_disabled_total', { code: c.code });
          log.warn('sync: mailbox disabled', { mailbox: mb.address, code: c.code, reason });
          return 'disabled';
        }
        const delaySeconds = backoffSeconds(Math.max(1, failures), schedule, c.retryAfterSeconds);
        await backOff(opts.db, mb.id, workerId, {
          delaySeconds,
          ...(c.retryAfterSeconds !== undefined ? { retryAfterSeconds: c.retryAfterSeconds } : {}),
          countsAsFailure: counts,
          code: c.code,
          message: c.message,
        });
        log.info('sync: mailbox backs off', { mailbox: mb.address, code: c.code, delaySeconds });
        return 'backoff';
      } catch (e2) {
        if (classify(e2, 'mailbox').action === 'abandon') return 'abandoned';
        throw e2;
      }
    } finally {
      metrics.inc('regarding_sync_active_cycles', {}, -1);
      metrics.inc('regarding_sync_cycle_seconds_sum', {}, (Date.now() - started) / 1000);
    }
  }

  function launch(mb: MailboxRow, summary: RunSummary): Promise<void> {
    const p = settle(mb, summary)
      .then((outcome) => {
        summary[outcome]++;
        metrics.inc('regarding_sync_cycles_total', { result: outcome });
      })
      .catch((e: unknown) => {
        // Only a database failure gets here; the lease expires and the mailbox is retried.
        log.warn('sync: cycle bookkeeping failed', { mailbox: mb.address, error: String(e) });
      })
      .finally(() => {
        active.delete(mb.id);
        wake?.();
      });
    active.set(mb.id, p);
    return p;
  }

  async function claim(n: number): Promise<MailboxRow[]> {
    return claimDueMailboxes(opts.db, workerId, n, schedule.leaseSeconds);
  }

  const renewTimer = setInterval(
    () => {
      renewLeases(opts.db, workerId, [...active.keys()], schedule.leaseSeconds).catch((e: unknown) =>
        log.warn('sync: lease renewal failed', { error: String(e) }),
      );
    },
    Math.max(200, (schedule.leaseSeconds * 1000) / 3),
  );
  renewTimer.unref();

  function emptySummary(): RunSummary {
    return { claimed: 0, synced: 0, backoff: 0, disabled: 0, abandoned: 0, itemsTracked: 0, itemsFailed: 0 };
  }

  async function runOnce(): Promise<RunSummary> {
    const summary = emptySummary();
    const seen = new Set<string>();
    const running: Promise<void>[] = [];
    for (;;) {
      const free = schedule.concurrentMailboxes - active.size;
      if (free <= 0) {
        await Promise.race(active.values());
        continue;
      }
      const claimed = await claim(free);
      const fresh = claimed.filter((m) => !seen.has(m.id));
      for (const mb of claimed) {
        seen.add(mb.id);
        summary.claimed++;
        running.push(launch(mb, summary));
      }
      // Stop when nothing is due, or when only mailboxes synced in this run are due again.
      if (claimed.length === 0 || fresh.length === 0) break;
    }
    await Promise.all(running);
    return summary;
  }

  let loopDone: Promise<void> = Promise.resolve();
  if (opts.autoStart !== false) {
    const background = emptySummary();
    const ensureEveryMs = (opts.ensureMailboxesEverySeconds ?? 300) * 1000;
    let lastEnsure = Date.now();
    loopDone = (async () => {
      while (!stopping) {
        if (ensureEveryMs > 0 && Date.now() - lastEnsure >= ensureEveryMs) {
          lastEnsure = Date.now();
          await ensureMailboxes(opts.db).catch((e: unknown) =>
            log.warn('sync: ensuring mailbox rows failed', { error: String(e) }),
          );
        }
        let claimedAll = false;
        const free = schedule.concurrentMailboxes - active.size;
        if (free > 0) {
          try {
            const claimed = await claim(free);
            for (const mb of claimed) launch(mb, background);
            claimedAll = claimed.length === free && claimed.length > 0;
          } catch (e) {
            log.warn('sync: claim failed', { error: String(e) });
          }
        }
        if (stopping) break;
        if (claimedAll) {
          // More may be due: continue once a slot frees up.
          if (active.size >= schedule.concurrentMailboxes) await Promise.race(active.values());
          continue;
        }
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, schedule.pollSeconds * 1000);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        wake = null;
      }
    })();
  }

  return {
    workerId,
    runOnce,
    async stop() {
      stopping = true;
      wake?.();
      await loopDone;
      await Promise.allSettled(active.values());
      clearInterval(renewTimer);
      await graph.close();
    },
  };
}
