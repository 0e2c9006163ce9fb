import { DEMO_USERS, type DemoUser } from '#contract';
import { insertRows } from './bulk';
import type { BusinessUnitIds, SeedContext, UserIds } from './context';

/** The team id of a sales user (the team of their business unit). */
export type TeamOf = (user: DemoUser) => string;

/** One owner team per sales business unit, with that unit's users as members. */
export async function seedTeams(
  ctx: SeedContext,
  businessUnits: BusinessUnitIds,
  userIds: UserIds,
): Promise<TeamOf> {
  const team = { west: ctx.rnd.uuid(), east: ctx.rnd.uuid() };
  await ctx.q.query(
    `INSERT INTO teams (id, organization_id, name, business_unit_id) VALUES
     ($1, $3, 'West Coast Deals', $4), ($2, $3, 'East Enterprise', $5)`,
    [team.west, team.east, ctx.orgId, businessUnits['Sales West'], businessUnits['Sales East']],
  );
  const teamOf: TeamOf = (u) => (u.businessUnit === 'Sales West' ? team.west : team.east);
  await insertRows(
    ctx.q,
    'team_members',
    [
      { name: 'team_id', type: 'uuid' },
      { name: 'user_id', type: 'uuid' },
    ],
    DEMO_USERS.filter((u) => u.businessUnit !== 'Contoso').map((u) => [teamOf(u), userIds.get(u.email)]),
  );
  return teamOf;
}
