import { DEMO_USERS } from '#contract/demo-org';
import { DEV_API_APP_ID, DEV_SYNC_APP_ID, DEV_TENANT_ID } from '#contract/dev';
import {
  createDirectory,
  findApp,
  findTenant,
  findUser,
  servicePrincipalId,
  UNPROVISIONED_USERS,
  WOODGROVE_TENANT_ID,
} from '#emulator/identity/directory';

describe('the emulated directory', () => {
  const directory = createDirectory({ clientRedirectUris: ['https://crm.example/'] });

  it('holds every mailbox user, and tenant users who are not CRM users, in the emulator tenant', () => {
    for (const user of DEMO_USERS) expect(findUser(directory, user.email)?.objectId).toBe(user.objectId);
    const crmAddresses = new Set(DEMO_USERS.map((u) => u.email));
    expect(UNPROVISIONED_USERS.length).toBeGreaterThan(0);
    for (const user of UNPROVISIONED_USERS) {
      expect(user.tenantId).toBe(DEV_TENANT_ID);
      expect(crmAddresses.has(user.userPrincipalName)).toBe(false);
      expect(findUser(directory, user.userPrincipalName.toUpperCase())).toEqual(user);
    }
  });

  it('finds tenants by id or domain, and keeps the second tenant apart', () => {
    expect(findTenant(directory, 'Contoso.Example')?.id).toBe(DEV_TENANT_ID);
    expect(findTenant(directory, 'woodgrove.example')?.id).toBe(WOODGROVE_TENANT_ID);
    expect(findTenant(directory, 'fabrikam.example')).toBeNull();
    expect(findUser(directory, 'jamie.reed@woodgrove.example')?.tenantId).toBe(WOODGROVE_TENANT_ID);
  });

  it('registers Regarding as a public SPA app and the sync app as a confidential single-tenant app', () => {
    expect(findApp(directory, DEV_API_APP_ID)).toMatchObject({
      spaRedirectUris: ['https://crm.example/'],
      secrets: [],
      signInAudience: 'AzureADMultipleOrgs',
    });
    expect(findApp(directory, DEV_SYNC_APP_ID)).toMatchObject({
      signInAudience: 'AzureADMyOrg',
      grantedRoles: {
        '00000003-0000-0000-c000-000000000000': expect.arrayContaining(['MailboxSettings.ReadWrite']),
      },
    });
  });

  it('gives each app a service principal id per tenant, distinct from its app id', () => {
    const contoso = servicePrincipalId(DEV_SYNC_APP_ID, DEV_TENANT_ID);
    expect(contoso).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(contoso).toBe(servicePrincipalId(DEV_SYNC_APP_ID, DEV_TENANT_ID));
    expect(contoso).not.toBe(servicePrincipalId(DEV_SYNC_APP_ID, WOODGROVE_TENANT_ID));
    expect(contoso).not.toBe(DEV_SYNC_APP_ID);
  });
});
