import { DEMO_USERS } from '#contract';
import { insertRows } from './bulk';
import type { SeedContext, UserIds } from './context';
import { rolePrivileges } from './role-privileges';

/** One security role per role the demo users hold, its privileges, and each user's role. */
export async function seedSecurityRoles(ctx: SeedContext, userIds: UserIds): Promise<void> {
  const roleNames = [...new Set(DEMO_USERS.map((u) => u.role))];
  const roleId = new Map(roleNames.map((r) => [r, ctx.rnd.uuid()]));
  await insertRows(
    ctx.q,
    'security_roles',
    [
      { name: 'id', type: 'uuid' },
      { name: 'organization_id', type: 'uuid' },
      { name: 'name', type: 'text' },
      { name: 'is_system_administrator', type: 'boolean' },
    ],
    roleNames.map((r) => [roleId.get(r), ctx.orgId, r, r === 'System Administrator']),
  );
  await insertRows(
    ctx.q,
    'role_privileges',
    [
      { name: 'role_id', type: 'uuid' },
      { name: 'table_name', type: 'text' },
      { name: 'action', type: 'text' },
      { name: 'depth', type: 'text' },
    ],
    roleNames.flatMap((r) => rolePrivileges(r).map(([t, a, d]) => [roleId.get(r), t, a, d])),
  );
  await insertRows(
    ctx.q,
    'user_roles',
    [
      { name: 'user_id', type: 'uuid' },
      { name: 'role_id', type: 'uuid' },
    ],
    DEMO_USERS.map((u) => [userIds.get(u.email), roleId.get(u.role)]),
  );
}

/** Field security: the contact mobile phone, granted to the administrator only. */
export async function seedFieldSecurity(ctx: SeedContext, userIds: UserIds): Promise<void> {
  const profileId = ctx.rnd.uuid();
  await ctx.q.query('INSERT INTO field_security_profiles (id, organization_id, name) VALUES ($1, $2, $3)', [
    profileId,
    ctx.orgId,
    'Contact mobile phone',
  ]);
  await ctx.q.query(
    "INSERT INTO field_security_profile_fields (profile_id, table_name, field_name) VALUES ($1, 'contact', 'mobile_phone')",
    [profileId],
  );
  const adminUser = DEMO_USERS.find((u) => u.role === 'System Administrator')!;
  await ctx.q.query('INSERT INTO field_security_profile_users (profile_id, user_id) VALUES ($1, $2)', [
    profileId,
    userIds.get(adminUser.email),
  ]);
}
