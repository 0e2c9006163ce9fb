import type { Action } from '#contract';
import { AppError } from '../errors';
import type { Queryable } from '../db/types';
import type { Actor } from './crm-service';
import { raw, sql, type Sql } from './sql';

/**
 * The security model: roles grant privileges per table and action at
 * a depth; records are owned by a user or a team and belong to a business unit. `accessPredicate`
 * is THE security predicate: every read and every privilege check in the domain goes through it.
 */
export type SecuredTable = 'contact' | 'lead' | 'account' | 'opportunity' | 'case' | 'user' | 'activity';
export type Depth = 'user' | 'business_unit' | 'organization';

export const securedTables: readonly SecuredTable[] = [
  'contact',
  'lead',
  'account',
  'opportunity',
  'case',
  'user',
  'activity',
];
export const actions: readonly Action[] = ['read', 'create', 'write', 'append', 'append_to', 'delete'];

const depthRank: Record<Depth, number> = { user: 1, business_unit: 2, organization: 3 };

/** Fields hidden unless a field-security profile of the user grants them. */
export const securedFields: Partial<Record<SecuredTable, readonly string[]>> = {
  contact: ['mobile_phone'],
};

/** What one request knows about its actor: loaded once per domain call. */
export type AccessContext = {
  actor: Actor;
  userId: string;
  organizationId: string;
  businessUnitId: string;
  teamIds: string[];
  privileges: Map<string, Depth>;
  grantedFields: Set<string>;
};

export const tableOf: Record<SecuredTable, string> = {
  contact: 'contacts',
  lead: 'leads',
  account: 'accounts',
  opportunity: 'opportunities',
  case: 'cases',
  user: 'users',
  activity: 'activities',
};

export type ContextRow = {
  organization_id: string;
  business_unit_id: string;
  team_ids: string[];
  privileges: { t: SecuredTable; a: Action; d: Depth }[];
  fields: string[];
};

/** The columns of a `ContextRow`, selected from `users u`. */
export const contextColumns = `u.organization_id, u.business_unit_id,
       coalesce((SELECT json_agg(tm.team_id) FROM team_members tm WHERE tm.user_id = u.id), '[]') AS team_ids,
       coalesce((SELECT json_agg(json_build_object('t', p.table_name, 'a', p.action, 'd', p.depth))
                 FROM role_privileges p
                 WHERE p.role_id IN (SELECT ur.role_id FROM user_roles ur WHERE ur.user_id = u.id
                                     UNION
                                     SELECT tr.role_id FROM team_roles tr
                                     JOIN team_members tm ON tm.team_id = tr.team_id
                                     WHERE tm.user_id = u.id)), '[]') AS privileges,
       coalesce((SELECT json_agg(f.table_name || '.' || f.field_name)
                 FROM field_security_profile_fields f
                 JOIN field_security_profile_users pu ON pu.profile_id = f.profile_id
                 WHERE pu.user_id = u.id AND f.can_read), '[]') AS fields`;

export async function loadAccessContext(q: Queryable, actor: Actor): Promise<AccessContext> {
  const { rows } = await q.query<ContextRow>(
    `SELECT ${contextColumns} FROM users u WHERE u.id = $1 AND NOT u.disabled`,
    [actor.userId],
  );
  const row = rows[0];
  if (!row) throw new AppError('unauthenticated', 'Your CRM user no longer exists or is disabled.');
  return accessContextOf(actor, row);
}

export function accessContextOf(actor: Actor, row: ContextRow): AccessContext {
  const privileges = new Map<string, Depth>();
  for (const p of row.privileges) {
    const k = `${p.t}.${p.a}`;
    const current = privileges.get(k);
    if (!current || depthRank[p.d] > depthRank[current]) privileges.set(k, p.d);
  }
  return {
    actor,
    userId: actor.userId,
    organizationId: row.organization_id,
    businessUnitId: row.business_unit_id,
    teamIds: row.team_ids,
    privileges,
    grantedFields: new Set(row.fields),
  };
}

export function depthOf(ctx: AccessContext, table: SecuredTable, action: Action): Depth | null {
  return ctx.privileges.get(`${table}.${action}`) ?? null;
}

/** Whether the actor holds the privilege at any depth (create checks, `me.can`). */
export function can(ctx: AccessContext, table: SecuredTable, action: Action): boolean {
  return depthOf(ctx, table, action) !== null;
}

/**
 * THE security predicate: a parameterized SQL condition on `alias` (a row of `table`) that holds
 * exactly when the actor may perform `action` on that row.
 * - user depth: owned by the actor or by a team they belong to (activities: also tracked by them,
 *   since tracking an item makes the tracker a co-owner of its activity);
 * - business-unit depth: owned within the actor's business unit (or as above);
 * - organization depth: every row of the organization.
 */
export function accessPredicate(
  ctx: AccessContext,
  table: SecuredTable,
  alias: string,
  action: Action = 'read',
): Sql {
  const depth = depthOf(ctx, table, action);
  const a = raw(alias);
  if (depth === null) return raw('FALSE');
  if (table === 'user') {
    if (depth === 'organization')
      return sql`(${a}.organization_id = ${ctx.organizationId} AND NOT ${a}.disabled)`;
    if (depth === 'business_unit')
      return sql`(${a}.business_unit_id = ${ctx.businessUnitId} AND NOT ${a}.disabled)`;
    return sql`(${a}.id = ${ctx.userId})`;
  }
  if (depth === 'organization') return sql`(${a}.organization_id = ${ctx.organizationId})`;
  const owned =
    table === 'activity'
      ? sql`(${a}.owner_user_id = ${ctx.userId} OR ${a}.owner_team_id = ANY(${ctx.teamIds}::uuid[])
             OR EXISTS (SELECT 1 FROM activity_tracking own_t WHERE own_t.activity_id = ${a}.id
                        AND own_t.user_id = ${ctx.userId} AND own_t.untracked_at IS NULL))`
      : sql`(${a}.owner_user_id = ${ctx.userId} OR ${a}.owner_team_id = ANY(${ctx.teamIds}::uuid[]))`;
  if (depth === 'business_unit') {
    return sql`(${a}.organization_id = ${ctx.organizationId} AND (${a}.owning_business_unit_id = ${ctx.businessUnitId} OR ${owned}))`;
  }
  return owned;
}

export function fieldVisible(ctx: AccessContext, table: SecuredTable, field: string): boolean {
  return !securedFields[table]?.includes(field) || ctx.grantedFields.has(`${table}.${field}`);
}

export function isSecuredField(table: SecuredTable, field: string): boolean {
  return securedFields[table]?.includes(field) ?? false;
}
