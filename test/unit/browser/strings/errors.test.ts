import { describeError } from '#browser/strings/errors';
import { httpError } from '#test/unit/browser/fakes';

describe('error wording', () => {
  it('maps every kind of failure to words a sales rep understands', () => {
    expect(describeError({ kind: 'network', message: 'ECONNREFUSED' })).toBe(
      'We cannot reach the CRM right now. Check your connection; we will keep trying.',
    );
    expect(describeError(httpError(429, 'rate_limited', 5))).toBe(
      'The CRM is busy. We will try again shortly.',
    );
    expect(describeError(httpError(401, 'token_expired'))).toMatch(/sign-in has expired/);
    expect(describeError({ kind: 'auth', code: 'not_configured', message: 'x' })).toMatch(/not set up/);
    expect(describeError(httpError(500, 'internal'))).not.toMatch(/internal/);
  });
});
