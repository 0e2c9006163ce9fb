import { strings } from '#browser/strings/index';
import type { Person } from '../model/people';
import { usePersonStyles } from './personStyles';

/** "From · nora@fabrikam.example": how this person is on the item. */
export function RolesLine({ person }: { person: Person }) {
  const styles = usePersonStyles();
  const roles = person.roles.map((r) => strings.people.roles[r]).join(', ');
  return (
    <span className={styles.secondary}>
      {roles} · {person.address}
    </span>
  );
}
