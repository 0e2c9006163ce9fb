import { statusText } from '#addin/taskpane/features/status/model/statusText';
import { FABRIKAM_DEAL } from '#test/unit/addin/taskpane/fixtures.tsx';

describe('status wording', () => {
  const snap = (state: Parameters<typeof statusText>[0]['state']) => ({
    slot: 's',
    state,
    operation: null,
    notice: null,
  });
  it('names the regarding record and the time of the next try', () => {
    expect(
      statusText(
        snap({
          status: 'tracked',
          regarding: { type: 'opportunity', id: FABRIKAM_DEAL.id, name: FABRIKAM_DEAL.name },
          activityId: 'x',
        }),
      ).headline,
    ).toBe('Tracked regarding Fabrikam 500 seats');
    const pending = statusText(
      snap({
        status: 'pending',
        regarding: null,
        nextAttemptAt: '2026-11-20T12:00:30.000Z',
        reason: 'crm_unreachable',
      }),
      'email',
      new Date('2026-11-20T12:00:00.000Z'),
    );
    expect(pending.headline).toBe('Pending — will sync');
    expect(pending.detail).toMatch(/^The CRM cannot be reached right now\. We will try again at .+\./);
    expect(
      statusText(snap({ status: 'pending', regarding: null, nextAttemptAt: null, reason: 'sync_only' }))
        .detail,
    ).toContain('The CRM server picks it up within a few minutes');
  });
  it('words failures from the catalogue by code', () => {
    const failed = statusText(
      snap({
        status: 'failed',
        regarding: null,
        code: 'not_found',
        reason: 'server words',
        retryable: false,
      }),
    );
    expect(failed.detail).toBe(
      'The record you chose no longer exists or you cannot see it. Choose another record and try again.',
    );
  });
});
