import { useId, useState } from 'react';
import { Button, Radio, RadioGroup } from '@fluentui/react-components';
import type { CompactCard } from '#contract';
import { format, strings } from '#browser/strings/index';
import { describeError } from '#browser/strings/errors';
import type { ChoiceOutcome } from '../hooks/usePeople';
import { Notice } from '#addin/taskpane/common/ui.tsx';
import { personName, type Person } from '../model/people';
import { usePersonStyles } from './personStyles';
import { RolesLine } from './RolesLine';

export type AmbiguousPersonProps = {
  person: Person;
  onChoose: (person: Person, record: CompactCard) => Promise<ChoiceOutcome>;
};

/** Several records carry this address: every match is shown and the user says which one it is. */
export function AmbiguousPerson({ person, onChoose }: AmbiguousPersonProps) {
  const styles = usePersonStyles();
  const labelId = useId();
  const [selected, setSelected] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const record = person.matches.find((m) => `${m.type}:${m.id}` === selected) ?? null;

  const save = async () => {
    if (!record) return;
    setSaving(true);
    setError(null);
    const outcome = await onChoose(person, record);
    // On success the person moves to the matched group and this component goes away.
    if (!outcome.ok) {
      setSaving(false);
      setError(describeError(outcome.error));
    }
  };

  return (
    <div className={styles.box}>
      <span className={styles.text}>
        <span className={styles.name}>{personName(person)}</span>
        <RolesLine person={person} />
      </span>
      <span id={labelId} className={styles.secondary}>
        {format(strings.people.ambiguousHint, { address: person.address })}
      </span>
      <RadioGroup
        aria-label={format(strings.people.ambiguousPickLabel, { address: person.address })}
        aria-describedby={labelId}
        value={selected ?? ''}
        onChange={(_, data) => setSelected(data.value)}
      >
        {person.matches.map((m) => (
          <Radio key={`${m.type}:${m.id}`} value={`${m.type}:${m.id}`} label={matchLabel(m)} />
        ))}
      </RadioGroup>
      {error && <Notice intent="error">{error}</Notice>}
      <div>
        <Button appearance="primary" disabled={!record || saving} onClick={() => void save()}>
          {strings.people.useThis}
        </Button>
      </div>
    </div>
  );
}

function matchLabel(m: CompactCard): string {
  return [m.name, strings.people.types[m.type], m.account?.name ?? m.subtitle].filter(Boolean).join(' · ');
}
