import { Button } from '@fluentui/react-components';
import type { CompactCard } from '#contract';
import { format, strings } from '#browser/strings/index';
import type { Person } from '../model/people';
import { Initials, Tag } from '#addin/taskpane/common/ui.tsx';
import { usePersonStyles } from './personStyles';
import { RolesLine } from './RolesLine';

export type MatchedPersonProps = {
  person: Person;
  record: CompactCard;
  onOpen: (person: Person, record: CompactCard) => void;
};

export function MatchedPerson({ person, record, onOpen }: MatchedPersonProps) {
  const styles = usePersonStyles();
  const detail = [record.subtitle, record.account?.name].filter(Boolean).join(' · ');
  return (
    <Button
      appearance="subtle"
      className={styles.row}
      aria-label={format(strings.people.openCard, { name: record.name })}
      onClick={() => onOpen(person, record)}
    >
      <Initials name={record.name} />
      <span className={styles.text}>
        <span className={styles.nameLine}>
          <span className={styles.name}>{record.name}</span>
          <Tag brand={record.type !== 'user'}>{strings.people.types[record.type]}</Tag>
        </span>
        {detail && <span className={styles.secondary}>{detail}</span>}
        <RolesLine person={person} />
      </span>
    </Button>
  );
}
