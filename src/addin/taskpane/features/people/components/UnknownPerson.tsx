import { Button } from '@fluentui/react-components';
import { PersonAddRegular } from '@fluentui/react-icons';
import { format, strings } from '#browser/strings/index';
import { personName, type Person } from '../model/people';
import { Initials } from '#addin/taskpane/common/ui.tsx';
import { usePersonStyles } from './personStyles';
import { RolesLine } from './RolesLine';

export type UnknownPersonProps = { person: Person; onAdd: (person: Person) => void };

export function UnknownPerson({ person, onAdd }: UnknownPersonProps) {
  const styles = usePersonStyles();
  const name = personName(person);
  return (
    <div className={styles.header}>
      <Initials name={name} />
      <span className={styles.text}>
        <span className={styles.name}>{name}</span>
        <RolesLine person={person} />
        {person.normalized === null && (
          <span className={styles.secondary}>{strings.people.invalidAddress}</span>
        )}
      </span>
      {person.normalized !== null && (
        <Button
          className={styles.add}
          icon={<PersonAddRegular />}
          aria-label={format(strings.people.addContact, { name })}
          title={format(strings.people.addContact, { name })}
          onClick={() => onAdd(person)}
        >
          {strings.people.addShort}
        </Button>
      )}
    </div>
  );
}
