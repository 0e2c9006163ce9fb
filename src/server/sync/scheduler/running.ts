import { runCycle } from '../cycle/run-cycle';
import type { MailboxRow } from '../store/mailboxes';
import type { CycleOutcome, RunSummary, WorkerContext } from './context';
import { recordFailure, recordSuccess } from './outcome';

/** The cycles a worker is running now, by mailbox id. */
export type RunningCycles = ReturnType<typeof createRunningCycles>;

/** `onFinished` is told whenever a cycle ends, so a waiting poll can claim into the free slot. */
export function createRunningCycles(w: WorkerContext, onFinished: () => void) {
  const active = new Map<string, Promise<void>>();
  return {
    get size(): number {
      return active.size;
    },
    ids: (): string[] => [...active.keys()],
    /** Runs the cycle of a claimed mailbox in the background; the promise never rejects. */
    launch(mb: MailboxRow, summary: RunSummary): Promise<void> {
      const p = runClaimed(w, mb, summary)
        .then((outcome) => {
          summary[outcome]++;
          w.metrics.inc('regarding_sync_cycles_total', { result: outcome });
        })
        .catch((e: unknown) => {
          // Only a database failure gets here; the lease expires and the mailbox is retried.
          w.log.warn('sync: cycle bookkeeping failed', { mailbox: mb.address, error: String(e) });
        })
        .finally(() => {
          active.delete(mb.id);
          onFinished();
        });
      active.set(mb.id, p);
      return p;
    },
    /** Resolves when one of the running cycles ends (never, when none runs). */
    oneEnds: (): Promise<void> => Promise.race(active.values()),
    allEnd: async (): Promise<void> => {
      await Promise.allSettled(active.values());
    },
  };
}

/** Runs one claimed mailbox's cycle and records its outcome on the row. */
async function runClaimed(w: WorkerContext, mb: MailboxRow, summary: RunSummary): Promise<CycleOutcome> {
  const started = Date.now();
  w.metrics.inc('regarding_sync_claims_total');
  w.metrics.inc('regarding_sync_active_cycles', {}, 1);
  try {
    const r = await runCycle(w.cycle, mb);
    summary.itemsTracked += r.tracked;
    summary.itemsFailed += r.failed;
    return await recordSuccess(w, mb, r);
  } catch (e) {
    return await recordFailure(w, mb, e);
  } finally {
    w.metrics.inc('regarding_sync_active_cycles', {}, -1);
    w.metrics.inc('regarding_sync_cycle_seconds_sum', {}, (Date.now() - started) / 1000);
  }
}
