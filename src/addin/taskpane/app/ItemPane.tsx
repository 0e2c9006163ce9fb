import { lazy, Suspense, useMemo, useState } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import type { CompactCard, RecordRef } from '../../../contract';
import type { ItemContext } from '../../office/types';
import { strings } from '../../strings';
import type { RegardingTarget } from '../../tracking/types';
import { PeopleSection } from '../features/people/components/PeopleSection';
import { usePeople } from '../features/people/hooks/usePeople';
import type { Person } from '../features/people/model/people';
import { PreviewCard } from '../features/preview/components/PreviewCard';
import { isRegardingType } from '../features/regarding/model/options';
import { StatusSection } from '../features/status/components/StatusSection';
import { useTracking } from '../features/status/hooks/useTracking';
import { createCardLoader } from '../shared/cardLoader';
import { useLifetimeSignal } from '../shared/useLifetimeSignal';
import { Busy, Rule } from '../shared/ui';
import { useServices } from './services';

// Opened on demand: kept out of the initial bundle.
const RegardingPicker = lazy(() => import('../features/regarding/components/RegardingPicker'));
const AddContactForm = lazy(() => import('../features/add-contact/components/AddContactForm'));

/** What the lower part of the pane shows; `null` is the default for the item (see `defaultView`). */
type View =
  | { name: 'people' }
  | { name: 'card'; record: RecordRef }
  | { name: 'regarding' }
  | { name: 'add'; address: string };

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalL },
});

export type ItemPaneProps = { item: ItemContext; mobile: boolean };

/**
 * Everything about one item. The app mounts it keyed by the item's handle, so when Outlook moves
 * to another item, this pane (its state, its requests) goes away and a fresh one starts.
 */
export function ItemPane({ item, mobile }: ItemPaneProps) {
  const styles = useStyles();
  const { api } = useServices();
  const signal = useLifetimeSignal();
  const loadCard = useMemo(() => createCardLoader(api, signal), [api, signal]);
  const people = usePeople(item, signal);
  const tracking = useTracking(item, signal);
  const [view, setView] = useState<View | null>(null);

  const ready = people.state.status === 'ready' ? people.state.people : [];
  const only = ready.length === 1 ? ready[0] : undefined;
  // One other person on the item, and the CRM knows them: open straight on their card.
  const current: View =
    view ??
    (only?.state === 'matched' && only.record ? { name: 'card', record: only.record } : { name: 'people' });

  const state = tracking.snapshot.state.status;
  const applyRegarding = (target: RegardingTarget) =>
    state === 'not_tracked' || state === 'failed' ? tracking.track(target) : tracking.changeRegarding(target);

  const onChooseRegarding = (target: RegardingTarget) => {
    setView({ name: 'people' });
    void applyRegarding(target);
  };

  const onAdded = (person: Person, record: CompactCard, trackRegarding: boolean) => {
    people.created(person, record);
    setView({ name: 'card', record });
    if (trackRegarding && isRegardingType(record.type))
      void applyRegarding({ type: record.type, id: record.id, name: record.name });
  };

  const adding = current.name === 'add' ? ready.find((p) => p.address === current.address) : undefined;
  return (
    <div className={styles.stack}>
      <StatusSection
        item={item}
        tracking={tracking}
        mobile={mobile}
        onSetRegarding={() => setView({ name: 'regarding' })}
      />
      <Rule />
      <Suspense fallback={<Busy label={strings.app.loading} />}>
        {current.name === 'people' && (
          <PeopleSection
            people={people}
            onOpenCard={(_, record) => setView({ name: 'card', record })}
            onAddContact={(person) => setView({ name: 'add', address: person.address })}
          />
        )}
        {current.name === 'card' && (
          <PreviewCard
            key={`${current.record.type}:${current.record.id}`}
            record={current.record}
            loadCard={loadCard}
            onBack={() => setView({ name: 'people' })}
          />
        )}
        {current.name === 'regarding' && (
          <RegardingPicker
            people={ready}
            loadCard={loadCard}
            onChoose={onChooseRegarding}
            onClose={() => setView({ name: 'people' })}
          />
        )}
        {current.name === 'add' && adding && (
          <AddContactForm
            person={adding}
            canTrack={state !== 'tracking'}
            onDone={(record, trackRegarding) => onAdded(adding, record, trackRegarding)}
            onCancel={() => setView({ name: 'people' })}
          />
        )}
      </Suspense>
    </div>
  );
}
