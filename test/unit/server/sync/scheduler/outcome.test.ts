import { SyncError, classify } from '#server/sync/errors';
import { failureVerdict } from '#server/sync/scheduler/outcome';
import { defaultSchedule } from '#server/sync/scheduler/schedule';

const verdict = (error: SyncError, priorFailures: number) =>
  failureVerdict(classify(error, 'mailbox'), priorFailures, defaultSchedule);

describe('what a failed cycle means for its mailbox', () => {
  it('abandons the mailbox to the worker that took its lease over', () => {
    expect(verdict(new SyncError('lease_lost', 'taken over'), 0)).toEqual({ action: 'abandon' });
  });

  it('disables at once when Graph refuses access', () => {
    expect(verdict(new SyncError('graph_forbidden', 'Graph 403'), 0)).toEqual({
      action: 'disable',
      reason: 'Graph 403',
    });
  });

  it('backs off exponentially on an outage, counting it, and disables at the 10th in a row', () => {
    const outage = new SyncError('graph_unavailable', 'Graph 503');
    expect(verdict(outage, 0)).toEqual({ action: 'backoff', delaySeconds: 30, countsAsFailure: true });
    expect(verdict(outage, 2)).toEqual({ action: 'backoff', delaySeconds: 120, countsAsFailure: true });
    expect(verdict(outage, 9)).toEqual({
      action: 'disable',
      reason: 'Disabled after 10 consecutive failures; last: Graph 503',
    });
  });

  it('waits out Retry-After when throttled, without counting it towards disabling', () => {
    const throttled = new SyncError('graph_throttled', 'Graph 429', 42);
    expect(verdict(throttled, 9)).toEqual({ action: 'backoff', delaySeconds: 42, countsAsFailure: false });
  });
});
