import { claimDueMailboxes, ensureMailboxes, type MailboxRow } from '../store/mailboxes';
import { emptySummary, type RunSummary, type WorkerContext } from './context';
import type { RunningCycles } from './running';

/** Claims up to `n` due mailboxes under this worker's lease. */
function claim(w: WorkerContext, n: number): Promise<MailboxRow[]> {
  return claimDueMailboxes(w.db, w.workerId, n, w.schedule.leaseSeconds);
}

/** Claims and syncs every mailbox due now (up to the concurrency limit at once) and returns. */
export async function runDue(w: WorkerContext, running: RunningCycles): Promise<RunSummary> {
  const summary = emptySummary();
  const seen = new Set<string>();
  const launched: Promise<void>[] = [];
  for (;;) {
    const free = w.schedule.concurrentMailboxes - running.size;
    if (free <= 0) {
      await running.oneEnds();
      continue;
    }
    const claimed = await claim(w, free);
    const fresh = claimed.filter((m) => !seen.has(m.id));
    for (const mb of claimed) {
      seen.add(mb.id);
      summary.claimed++;
      launched.push(running.launch(mb, summary));
    }
    // Stop when nothing is due, or when only mailboxes synced in this run are due again.
    if (claimed.length === 0 || fresh.length === 0) break;
  }
  await Promise.all(launched);
  return summary;
}

export type Poller = {
  /** Ends the current wait early (a slot freed up, or the worker stops). */
  wake(): void;
  /** Stops polling; resolves once the loop has left (running cycles go on). */
  stop(): Promise<void>;
};

/**
 * The background loop: claim into free slots; when every slot was filled, more may be due, so
 * go on as soon as one frees up; otherwise wait a poll interval. Every `ensureEverySeconds` it
 * also creates the mailbox rows of users added to the CRM (0 turns that off).
 */
export function startPolling(w: WorkerContext, running: RunningCycles, ensureEverySeconds: number): Poller {
  const background = emptySummary();
  let stopping = false;
  let wake: (() => void) | null = null;
  const ensureEveryMs = ensureEverySeconds * 1000;
  let lastEnsure = Date.now();
  const done = (async () => {
    while (!stopping) {
      if (ensureEveryMs > 0 && Date.now() - lastEnsure >= ensureEveryMs) {
        lastEnsure = Date.now();
        await ensureMailboxes(w.db).catch((e: unknown) =>
          w.log.warn('sync: ensuring mailbox rows failed', { error: String(e) }),
        );
      }
      const filledAll = await claimIntoFreeSlots(w, running, background);
      if (stopping) break;
      if (filledAll) {
        if (running.size >= w.schedule.concurrentMailboxes) await running.oneEnds();
        continue;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, w.schedule.pollSeconds * 1000);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      wake = null;
    }
  })();
  return {
    wake: () => wake?.(),
    async stop() {
      stopping = true;
      wake?.();
      await done;
    },
  };
}

/** Claims as many mailboxes as there are free slots; answers whether it filled them all. */
async function claimIntoFreeSlots(
  w: WorkerContext,
  running: RunningCycles,
  summary: RunSummary,
): Promise<boolean> {
  const free = w.schedule.concurrentMailboxes - running.size;
  if (free <= 0) return false;
  try {
    const claimed = await claim(w, free);
    for (const mb of claimed) void running.launch(mb, summary);
    return claimed.length === free && claimed.length > 0;
  } catch (e) {
    w.log.warn('sync: claim failed', { error: String(e) });
    return false;
  }
}
