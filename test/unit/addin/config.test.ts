import { ConfigError, loadConfig, parseConfig } from '#addin/config';

describe('add-in configuration', () => {
  it('reads dev and msal configurations', () => {
    expect(
      loadConfig({
        __REGARDING_CONFIG__: {
          apiBaseUrl: 'https://localhost:3100/crm/',
          auth: { mode: 'dev' },
          crmWebUrl: 'https://localhost:3000',
        },
      }),
    ).toEqual({
      apiBaseUrl: 'https://localhost:3100/crm',
      auth: { mode: 'dev' },
      crmWebUrl: 'https://localhost:3000',
    });
    const msal = parseConfig({
      apiBaseUrl: 'https://crm.example.com',
      auth: {
        mode: 'msal',
        clientId: 'c',
        authority: 'https://login.microsoftonline.com/common',
        scopes: ['api://regarding/access_as_user'],
      },
      crmWebUrl: 'https://crm.example.com',
    });
    expect(msal.auth.mode).toBe('msal');
  });

  it('says clearly when config.js did not load', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({})).toThrow(/__REGARDING_CONFIG__ is missing/);
  });

  it('names what is wrong', () => {
    expect(() =>
      parseConfig({ apiBaseUrl: 'nope', auth: { mode: 'msal' }, crmWebUrl: 'https://x.example' }),
    ).toThrow(/apiBaseUrl.*auth\.clientId|auth\.clientId.*apiBaseUrl/s);
  });

  it('names a wrong sign-in mode and empty scopes', () => {
    const base = { apiBaseUrl: 'https://crm.example.com', crmWebUrl: 'https://crm.example.com' };
    expect(() => parseConfig({ ...base, auth: { mode: 'saml' } })).toThrow(
      /auth\.mode: expected "dev" or "msal"/,
    );
    expect(() =>
      parseConfig({
        ...base,
        auth: { mode: 'msal', clientId: 'c', authority: 'https://login.example.com', scopes: [] },
      }),
    ).toThrow(/auth\.scopes: expected a non-empty list/);
    expect(() => parseConfig('https://crm.example.com')).toThrow(ConfigError);
  });
});
