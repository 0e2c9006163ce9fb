import { DEMO_USERS, DEV_TENANT_ID, normalizeAddress } from '#contract';
import { insertRows } from './bulk';
import type { BusinessUnitIds, SeedContext, UserIds } from './context';

/** The DEMO_USERS, each in their business unit, signing in under the dev tenant. */
export async function seedUsers(ctx: SeedContext, businessUnits: BusinessUnitIds): Promise<UserIds> {
  const userIds = new Map<string, string>();
  for (const u of DEMO_USERS) userIds.set(u.email, ctx.rnd.uuid());
  await insertRows(
    ctx.q,
    'users',
    [
      { name: 'id', type: 'uuid' },
      { name: 'organization_id', type: 'uuid' },
      { name: 'tenant_id', type: 'text' },
      { name: 'object_id', type: 'text' },
      { name: 'email', type: 'text' },
      { name: 'email_normalized', type: 'text' },
      { name: 'name', type: 'text' },
      { name: 'job_title', type: 'text' },
      { name: 'business_unit_id', type: 'uuid' },
    ],
    DEMO_USERS.map((u) => [
      userIds.get(u.email),
      ctx.orgId,
      DEV_TENANT_ID,
      u.objectId,
      u.email,
      normalizeAddress(u.email),
      u.name,
      u.jobTitle,
      businessUnits[u.businessUnit],
    ]),
  );
  return userIds;
}
