import { DEV_API_APP_ID, DEV_TENANT_ID } from '#contract/dev';
import { createDirectory, findTenant } from '#emulator/identity/directory';
import { EntraError } from '#emulator/identity/entra-error';
import { canonicalScope, resolveScopes } from '#emulator/identity/scopes';
import { expandDefault, missingConsent } from '#emulator/identity/token-endpoint';

describe('scope resolution', () => {
  const directory = createDirectory({ clientRedirectUris: [] });
  const tenant = findTenant(directory, DEV_TENANT_ID);
  const resolve = (scope: string) => resolveScopes(directory, tenant, scope);
  const aadsts = (scope: string) => {
    try {
      resolve(scope);
      return null;
    } catch (error) {
      return error instanceof EntraError ? [error.error, error.aadsts] : error;
    }
  };

  it('takes a bare permission as Microsoft Graph, and only OIDC scopes as Graph User.Read', () => {
    expect(resolve('mail.read openid')).toMatchObject({
      oidc: ['openid'],
      resource: { displayName: 'Microsoft Graph' },
      permissions: ['Mail.Read'],
    });
    expect(resolve('openid profile offline_access')).toMatchObject({ permissions: ['User.Read'] });
  });

  it('names a resource by its application ID URI or its app id', () => {
    const byUri = resolve(`api://${DEV_API_APP_ID}/access_as_user`);
    const byId = resolve(`${DEV_API_APP_ID}/access_as_user`);
    expect(byUri.resource.appId).toBe(DEV_API_APP_ID);
    expect(byId.resource.appId).toBe(DEV_API_APP_ID);
    expect(canonicalScope(byId.resource, 'access_as_user')).toBe(`api://${DEV_API_APP_ID}/access_as_user`);
  });

  it('refuses two resources, an unknown permission and an unknown resource with their AADSTS codes', () => {
    expect(aadsts(`User.Read api://${DEV_API_APP_ID}/access_as_user`)).toEqual(['invalid_scope', 700022]);
    expect(aadsts(`api://${DEV_API_APP_ID}/write_everything`)).toEqual(['invalid_scope', 70011]);
    expect(aadsts('api://unknown/read')).toEqual(['invalid_resource', 500011]);
  });

  it('expands a delegated .default to what was consented, and lists what still needs consent', () => {
    const consented = new Set([`api://${DEV_API_APP_ID}/access_as_user`, 'openid']);
    const expanded = expandDefault(consented, resolve(`api://${DEV_API_APP_ID}/.default openid`));
    expect(expanded.permissions).toEqual(['access_as_user']);
    expect(missingConsent(consented, resolve('Mail.Read openid profile'))).toEqual([
      'profile',
      'https://graph.microsoft.com/Mail.Read',
    ]);
    expect(directory.adminConsents.has(`${DEV_TENANT_ID} ${DEV_API_APP_ID}`)).toBe(true);
  });
});
