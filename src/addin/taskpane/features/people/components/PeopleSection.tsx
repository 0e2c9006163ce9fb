import { lazy, useId, type ReactNode } from 'react';
import { Button } from '@fluentui/react-components';
import type { CompactCard } from '#contract';
import { strings } from '#browser/strings/index';
import { describeError } from '#browser/strings/errors';
import { useSectionStyles } from '#addin/taskpane/common/styles';
import { LazyFeature } from '#addin/taskpane/common/LazyFeature.tsx';
import { Busy, Notice } from '#addin/taskpane/common/ui.tsx';
import type { PeopleModel } from '../hooks/usePeople';
import { groupPeople, type MatchState, type Person } from '../model/people';
import { MatchedPerson } from './MatchedPerson';
import { UnknownPerson } from './UnknownPerson';

// Only items with an ambiguous address need the choice (and Fluent's radio group): loaded on demand.
const AmbiguousPerson = lazy(() => import('./AmbiguousPerson').then((m) => ({ default: m.AmbiguousPerson })));

export type PeopleSectionProps = {
  people: PeopleModel;
  onOpenCard: (person: Person, record: CompactCard) => void;
  onAddContact: (person: Person) => void;
};

/** Everyone on the item, grouped by what the CRM knows about them. */
export function PeopleSection({ people, onOpenCard, onAddContact }: PeopleSectionProps) {
  const section = useSectionStyles();
  const headingId = useId();
  const { state } = people;
  return (
    <section className={section.section} aria-labelledby={headingId} aria-busy={state.status === 'loading'}>
      <h2 id={headingId} className={section.heading}>
        {strings.people.heading}
      </h2>
      {state.status === 'loading' && <Busy label={strings.people.loading} />}
      {state.status === 'error' && (
        <Notice intent="error" actions={<Button onClick={people.reload}>{strings.status.retry}</Button>}>
          {describeError(state.error)}
        </Notice>
      )}
      {state.status === 'ready' && state.people.length === 0 && (
        <p className={section.muted}>{strings.people.none}</p>
      )}
      {state.status === 'ready' && state.people.length > 0 && (
        <Groups people={state.people} model={people} onOpenCard={onOpenCard} onAddContact={onAddContact} />
      )}
    </section>
  );
}

type GroupsProps = {
  people: Person[];
  model: PeopleModel;
  onOpenCard: PeopleSectionProps['onOpenCard'];
  onAddContact: PeopleSectionProps['onAddContact'];
};

const groupOrder: MatchState[] = ['ambiguous', 'matched', 'unknown'];

function Groups({ people, model, onOpenCard, onAddContact }: GroupsProps) {
  const groups = groupPeople(people);
  return (
    <>
      {groupOrder
        .filter((g) => groups[g].length > 0)
        .map((g) => (
          <Group key={g} title={strings.people[g]}>
            {groups[g].map((p) => (
              <li key={p.address}>
                {g === 'matched' && p.record && (
                  <MatchedPerson person={p} record={p.record} onOpen={onOpenCard} />
                )}
                {g === 'ambiguous' && (
                  <LazyFeature label={strings.app.loading}>
                    <AmbiguousPerson person={p} onChoose={model.choose} />
                  </LazyFeature>
                )}
                {g === 'unknown' && <UnknownPerson person={p} onAdd={onAddContact} />}
              </li>
            ))}
          </Group>
        ))}
    </>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  const section = useSectionStyles();
  const id = useId();
  return (
    <div role="group" aria-labelledby={id}>
      <h3 id={id} className={section.subheading}>
        {title}
      </h3>
      <ul className={section.list}>{children}</ul>
    </div>
  );
}
