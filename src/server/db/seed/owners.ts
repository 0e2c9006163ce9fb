import { DEMO_USERS } from '#contract';
import type { Column } from './bulk';
import type { BusinessUnitIds, UserIds } from './context';
import type { Random } from './random';
import type { TeamOf } from './teams';

/** Who owns a record: a user or a team, and the business unit that owns it through them. */
export type Owner = { userId: string | null; teamId: string | null; buId: string };

/** The owner columns every owned table has, in the order `Owners.columns` gives their values. */
export const ownedColumns: Column[] = [
  { name: 'owner_user_id', type: 'uuid' },
  { name: 'owner_team_id', type: 'uuid' },
  { name: 'owning_business_unit_id', type: 'uuid' },
];

export type Owners = ReturnType<typeof createOwners>;

export function createOwners(rnd: Random, businessUnits: BusinessUnitIds, userIds: UserIds, teamOf: TeamOf) {
  const salesUsers = DEMO_USERS.filter((u) => u.businessUnit !== 'Contoso');
  return {
    /** The demo user with this email. */
    byEmail(email: string): Owner {
      const u = DEMO_USERS.find((x) => x.email === email)!;
      return { userId: userIds.get(email)!, teamId: null, buId: businessUnits[u.businessUnit] };
    },
    /** A sales user, or about one time in ten their team. */
    random(): Owner {
      const u = rnd.pick(salesUsers);
      if (rnd.next() < 0.1) return { userId: null, teamId: teamOf(u), buId: businessUnits[u.businessUnit] };
      return { userId: userIds.get(u.email)!, teamId: null, buId: businessUnits[u.businessUnit] };
    },
    /** The values of `ownedColumns`. */
    columns: (o: Owner) => [o.userId, o.teamId, o.buId],
  };
}
