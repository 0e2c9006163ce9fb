import { AppError } from '#server/errors';
import { SyncError, classify, graphCodeForStatus } from '#server/sync/errors';
import { batchResponseError, graphErrorFrom } from '#server/sync/graph/client';
import type { BatchResponse } from '#server/sync/graph/types';
import { fixture } from './fixtures';

describe('error classification', () => {
  it('backs a mailbox off on throttling and outages, keeping Retry-After', () => {
    const throttled = classify(
      graphErrorFrom(429, { error: { code: 'ApplicationThrottled' } }, '12', 'mailbox'),
      'mailbox',
    );
    expect(throttled).toMatchObject({ code: 'graph_throttled', action: 'retry', retryAfterSeconds: 12 });
    expect(classify(graphErrorFrom(503, undefined, null, 'mailbox'), 'mailbox')).toMatchObject({
      code: 'graph_unavailable',
      action: 'retry',
    });
    expect(classify(new SyncError('graph_network', 'ECONNRESET'), 'mailbox').action).toBe('retry');
  });

  it('disables a mailbox at once on revoked consent or a mailbox that is gone', () => {
    expect(classify(graphErrorFrom(401, undefined, null, 'mailbox'), 'mailbox').action).toBe('disable');
    expect(
      classify(graphErrorFrom(403, { error: { code: 'ErrorAccessDenied' } }, null, 'mailbox'), 'mailbox'),
    ).toMatchObject({
      code: 'graph_forbidden',
      action: 'disable',
    });
    expect(
      classify(
        graphErrorFrom(404, { error: { code: 'MailboxNotEnabledForRESTAPI' } }, null, 'mailbox'),
        'mailbox',
      ),
    ).toMatchObject({
      code: 'graph_mailbox_not_found',
      action: 'disable',
    });
    expect(classify(new SyncError('owner_unknown', 'no CRM user'), 'mailbox').action).toBe('disable');
  });

  it('resyncs a folder when the delta token expired (410 or SyncStateNotFound)', () => {
    const body = fixture('error-sync-state-not-found.json');
    expect(classify(graphErrorFrom(410, body, null, 'mailbox'), 'mailbox')).toMatchObject({
      code: 'graph_delta_expired',
      action: 'resync',
    });
    expect(graphCodeForStatus(400, 'mailbox', 'SyncStateNotFound')).toBe('graph_delta_expired');
    expect(graphCodeForStatus(400, 'mailbox', 'ErrorInvalidUrlQueryFilter')).toBe('graph_bad_request');
  });

  it('ignores an item that vanished, retries transient CRM failures, fails permanent ones', () => {
    const responses = fixture<{ responses: BatchResponse[] }>('batch-mixed.json').responses;
    expect(classify(batchResponseError(responses[0]!), 'item').action).toBe('ignore');
    expect(classify(batchResponseError(responses[2]!), 'item')).toMatchObject({
      code: 'graph_throttled',
      retryAfterSeconds: 7,
    });
    expect(classify(new AppError('unavailable', 'db down', undefined, 5), 'item')).toMatchObject({
      code: 'crm_unavailable',
      action: 'retry',
      retryAfterSeconds: 5,
    });
    expect(classify(new AppError('internal', 'boom'), 'item').action).toBe('retry');
    expect(classify(new AppError('validation_failed', 'bad subject'), 'item')).toMatchObject({
      code: 'crm_validation',
      action: 'fail',
    });
    expect(classify(new AppError('forbidden', 'no append-to'), 'item').action).toBe('fail');
    expect(classify(new AppError('not_found', 'regarding gone'), 'item').action).toBe('fail');
  });

  it('treats an unknown thrown value as a transient internal error and a lost lease as abandon', () => {
    expect(classify(new TypeError('x is undefined'), 'item')).toMatchObject({
      code: 'internal',
      action: 'retry',
    });
    expect(classify('weird', 'mailbox')).toMatchObject({ code: 'internal', message: 'weird' });
    expect(classify(new SyncError('lease_lost', 'taken over'), 'mailbox').action).toBe('abandon');
  });
});
