import { entraErrorBody, entraTimestamp, EntraError } from '#emulator/identity/entra-error';
import { accountPickerPage, formPostPage } from '#emulator/identity/pages';

describe('sign-in pages', () => {
  const picker = (loginHint: string) =>
    accountPickerPage({
      action: 'https://localhost:3100/common/login',
      flow: 'f1',
      appName: 'Regarding',
      accounts: [{ objectId: 'o1', name: 'Alex <Morgan>', username: 'alex@contoso.example', signedIn: true }],
      loginHint,
      error: undefined,
      redirectUri: 'https://crm.example/app/',
    });

  it('escapes what the request and the directory put on the page', () => {
    const { html } = picker('"><script>alert(1)</script>');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('Alex &#60;Morgan&#62;');
    expect(html).toContain('· Signed in');
  });

  it('lets forms lead only to itself and the redirect URI, runs no script, and refuses framing', () => {
    const { csp } = picker('');
    expect(csp).toContain("form-action 'self' https://crm.example");
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('posts form_post answers with one nonce-allowed script', () => {
    const page = formPostPage('https://crm.example/app/', { code: 'c"1', state: 's' });
    const nonce = /script-src 'nonce-([^']+)'/.exec(page.csp)?.[1];
    expect(page.html).toContain(`<script nonce="${nonce}">`);
    expect(page.html).toContain('name="code" value="c&#34;1"');
  });
});

describe('Entra error bodies', () => {
  it("carry the AADSTS code, trace and correlation ids and Entra's timestamp format", () => {
    const now = Date.UTC(2016, 0, 9, 2, 2, 12, 345);
    const body = entraErrorBody(
      new EntraError(400, 'invalid_scope', 70011, 'The scope x is not valid.'),
      now,
      'corr',
    );
    expect(entraTimestamp(now)).toBe('2016-01-09 02:02:12Z');
    expect(body).toMatchObject({
      error: 'invalid_scope',
      error_codes: [70011],
      timestamp: '2016-01-09 02:02:12Z',
      correlation_id: 'corr',
    });
    expect(body.error_description).toBe(
      `AADSTS70011: The scope x is not valid.\r\nTrace ID: ${body.trace_id}\r\nCorrelation ID: corr\r\nTimestamp: 2016-01-09 02:02:12Z`,
    );
  });
});
