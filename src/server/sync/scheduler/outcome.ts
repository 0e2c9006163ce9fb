import { classify, type Classified } from '../errors';
import type { CycleResult } from '../cycle/run-cycle';
import { backOff, completeCycle, disableMailbox, type MailboxRow } from '../store/mailboxes';
import type { CycleOutcome, WorkerContext } from './context';
import { backoffSeconds, nextInterval, type ScheduleConfig } from './schedule';

/** What a failed cycle means for its mailbox. */
export type FailureVerdict =
  /** Another worker holds the mailbox now: write nothing. */
  | { action: 'abandon' }
  | { action: 'disable'; reason: string }
  | { action: 'backoff'; delaySeconds: number; countsAsFailure: boolean };

/** Decides a failed cycle's verdict from the classified error and the failures before it. */
export function failureVerdict(
  c: Classified,
  priorFailures: number,
  schedule: ScheduleConfig,
): FailureVerdict {
  if (c.action === 'abandon') return { action: 'abandon' };
  // Throttling is Graph pacing us and a missing token is the app's problem, not the mailbox's:
  // neither counts towards disabling it.
  const countsAsFailure = c.code !== 'graph_throttled' && c.code !== 'graph_token';
  const failures = priorFailures + (countsAsFailure ? 1 : 0);
  if (c.action === 'disable') return { action: 'disable', reason: c.message };
  if (countsAsFailure && failures >= schedule.maxMailboxFailures)
    return {
      action: 'disable',
      reason: `Disabled after ${failures} consecutive failures; last: ${c.message}`,
    };
  const delaySeconds = backoffSeconds(Math.max(1, failures), schedule, c.retryAfterSeconds);
  return { action: 'backoff', delaySeconds, countsAsFailure };
}

/** A finished cycle: the next one is scheduled by how busy this one was, and the lease released. */
export async function recordSuccess(w: WorkerContext, mb: MailboxRow, r: CycleResult): Promise<CycleOutcome> {
  const interval = nextInterval(mb.intervalSeconds, r.tracked + r.failed, w.schedule);
  await completeCycle(w.db, mb.id, w.workerId, interval, r.deferredLinks);
  return 'synced';
}

/**
 * A failed cycle: abandon, disable with an alert, or back off, as `failureVerdict` decides. A lease
 * lost while writing that down is an abandon too.
 */
export async function recordFailure(w: WorkerContext, mb: MailboxRow, error: unknown): Promise<CycleOutcome> {
  const c = classify(error, 'mailbox');
  const verdict = failureVerdict(c, mb.failureCount, w.schedule);
  try {
    switch (verdict.action) {
      case 'abandon':
        w.log.warn('sync: lease lost, another worker continues', { mailbox: mb.address });
        return 'abandoned';
      case 'disable':
        await disableMailbox(w.db, mb.id, w.workerId, { code: c.code, reason: verdict.reason });
        w.metrics.inc('regarding_sync_mailboxes_disabled_total', { code: c.code });
        w.log.warn('sync: mailbox disabled', { mailbox: mb.address, code: c.code, reason: verdict.reason });
        return 'disabled';
      case 'backoff':
        await backOff(w.db, mb.id, w.workerId, {
          delaySeconds: verdict.delaySeconds,
          ...(c.retryAfterSeconds !== undefined ? { retryAfterSeconds: c.retryAfterSeconds } : {}),
          countsAsFailure: verdict.countsAsFailure,
          code: c.code,
          message: c.message,
        });
        w.log.info('sync: mailbox backs off', {
          mailbox: mb.address,
          code: c.code,
          delaySeconds: verdict.delaySeconds,
        });
        return 'backoff';
    }
  } catch (e) {
    if (classify(e, 'mailbox').action === 'abandon') return 'abandoned';
    throw e;
  }
}
