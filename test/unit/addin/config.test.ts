import { ConfigError, loadConfig, parseConfig } from '../../../src/addin/config';

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
});
