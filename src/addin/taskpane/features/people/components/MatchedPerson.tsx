import { Button, makeStyles, tokens } from '@fluentui/react-components';
import type { CompactCard } from '#contract';
import { format, strings } from '#browser/strings/index';
import type { Person } from '../model/people';
import { Initials, Tag } from '#addin/taskpane/common/ui.tsx';
import { RolesLine } from './RolesLine';

export const usePersonStyles = makeStyles({
  row: {
    width: '100%',
    justifyContent: 'flex-start',
    textAlign: 'start',
    columnGap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalXS}`,
    fontWeight: tokens.fontWeightRegular,
    minWidth: 0,
  },
  text: { display: 'flex', flexDirection: 'column', minWidth: 0, flexGrow: 1 },
  nameLine: {
    display: 'flex',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalXS,
    flexWrap: 'wrap',
  },
  name: {
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: 'anywhere',
    color: tokens.colorNeutralForeground1,
  },
  secondary: {
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    overflowWrap: 'anywhere',
  },
  box: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  header: { display: 'flex', columnGap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  // As narrow as its word, so the address beside it keeps its room.
  add: { minWidth: 'auto', flexShrink: 0 },
});

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
