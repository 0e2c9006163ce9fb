import { renewLeases } from '../store/mailboxes';
import type { WorkerContext } from './context';

/**
 * Renews the leases of the mailboxes `running()` names every third of the lease, so a cycle that
 * outlasts its lease keeps its mailbox. Returns the function that stops renewing.
 */
export function renewLeasesWhileRunning(w: WorkerContext, running: () => string[]): () => void {
  const timer = setInterval(
    () => {
      renewLeases(w.db, w.workerId, running(), w.schedule.leaseSeconds).catch((e: unknown) =>
        w.log.warn('sync: lease renewal failed', { error: String(e) }),
      );
    },
    Math.max(200, (w.schedule.leaseSeconds * 1000) / 3),
  );
  timer.unref();
  return () => clearInterval(timer);
}
