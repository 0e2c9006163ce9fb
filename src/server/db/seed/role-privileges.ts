import type { DemoUser } from '#contract';

/** Whose records a privilege covers: the user's own, their business unit's, or the organization's. */
type Depth = 'user' | 'business_unit' | 'organization';
export type Privilege = [table: string, action: string, depth: Depth];
const RECORD_TABLES = ['contact', 'lead', 'account', 'opportunity', 'case'] as const;
const ACTIONS = ['read', 'create', 'write', 'append', 'append_to', 'delete'] as const;

/** The privileges of each demo security role, as the CRM's security predicate reads them. */
export function rolePrivileges(role: DemoUser['role']): Privilege[] {
  const all = (tables: readonly string[], depth: Depth): Privilege[] =>
    tables.flatMap((t) => ACTIONS.map((a): Privilege => [t, a, depth]));
  switch (role) {
    case 'System Administrator':
      return [...all([...RECORD_TABLES, 'activity', 'user'], 'organization')];
    case 'Sales Manager':
      return [...all([...RECORD_TABLES, 'activity'], 'business_unit'), ['user', 'read', 'organization']];
    case 'Salesperson':
      return [
        ...(['contact', 'lead', 'account', 'opportunity'] as const).flatMap((t): Privilege[] => [
          [t, 'read', 'business_unit'],
          [t, 'create', 'user'],
          [t, 'write', 'user'],
          [t, 'append', 'user'],
          [t, 'append_to', 'business_unit'],
          [t, 'delete', 'user'],
        ]),
        ['case', 'read', 'business_unit'],
        ['case', 'append_to', 'business_unit'],
        ['activity', 'read', 'business_unit'],
        ['activity', 'create', 'user'],
        ['activity', 'write', 'user'],
        ['activity', 'append', 'user'],
        ['activity', 'append_to', 'user'],
        ['user', 'read', 'organization'],
      ];
    case 'Customer Service Representative':
      return [
        ['contact', 'read', 'organization'],
        ['contact', 'append_to', 'organization'],
        ['account', 'read', 'organization'],
        ['account', 'append_to', 'organization'],
        ['case', 'read', 'organization'],
        ['case', 'create', 'user'],
        ['case', 'write', 'business_unit'],
        ['case', 'append', 'business_unit'],
        ['case', 'append_to', 'organization'],
        ['activity', 'read', 'user'],
        ['activity', 'create', 'user'],
        ['activity', 'write', 'user'],
        ['activity', 'append', 'user'],
        ['activity', 'append_to', 'user'],
        ['user', 'read', 'organization'],
      ];
  }
}
