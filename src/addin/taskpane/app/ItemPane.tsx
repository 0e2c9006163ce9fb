import { lazy, useEffect, useMemo, useRef, useState } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import type { CompactCard, RecordRef } from '#contract';
import { isRegardingType } from '#contract/record-types';
import type { ItemContext } from '#addin/office/types';
import { strings } from '#browser/strings/index';
import type { RegardingTarget } from '#addin/tracking/types';
import { PeopleSection } from '../features/people/components/PeopleSection';
import { usePeople } from '../features/people/hooks/usePeople';
import type { Person } from '../features/people/model/people';
import { StatusSection } from '../features/status/components/StatusSection';
import { useTracking } from '../features/status/hooks/useTracking';
import { createCardLoader } from '../common/cardLoader';
import { useLifetimeSignal } from '../common/useLifetimeSignal';
import { LazyFeature } from '../common/LazyFeature';
import { Rule } from '../common/ui';
import { useServices } from './services';

// Opened on demand: kept out of the initial bundle (the first screen is the status and the people).
const PreviewCard = lazy(() =>
  import('../features/preview/components/PreviewCard').then((m) => ({ default: m.PreviewCard })),
);
const RegardingPicker = lazy(() => import('../features/regarding/components/RegardingPicker'));
const AddContactForm = lazy(() => import('../features/add-contact/components/AddContactForm'));

/** What the lower part of the pane shows; `null` is the default for the item (see `defaultView`). */
type View =
  | { name: 'people' }
  | { name: 'card'; record: RecordRef }
  | { name: 'regarding'; returnTo: View | null }
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

  // Back to where the user opened the picker from (for one known person: their card).
  const closePicker = () => setView(current.name === 'regarding' ? current.returnTo : null);
  const onChooseRegarding = (target: RegardingTarget) => {
    closePicker();
    // The workflow decides what it takes: tracking an item not tracked yet, or changing the record.
    void tracking.changeRegarding(target);
  };

  const onAdded = (person: Person, record: CompactCard, trackRegarding: boolean) => {
    people.created(person, record);
    setView({ name: 'card', record });
    if (trackRegarding && isRegardingType(record.type))
      void tracking.changeRegarding({ type: record.type, id: record.id, name: record.name });
  };

  const cardRecord = current.name === 'card' ? current.record : null;
  useEffect(() => {
    // The card's record loads while its chunk does, not after it.
    if (cardRecord) void loadCard(cardRecord);
  }, [cardRecord, loadCard]);

  const rememberOpener = useFocusReturn(current.name === 'regarding' || current.name === 'add');

  const adding = current.name === 'add' ? ready.find((p) => p.address === current.address) : undefined;
  return (
    <div className={styles.stack}>
      <StatusSection
        item={item}
        tracking={tracking}
        mobile={mobile}
        onSetRegarding={() => {
          if (current.name === 'regarding') return;
          rememberOpener();
          setView({ name: 'regarding', returnTo: view });
        }}
      />
      <Rule />
      {current.name === 'people' && (
        <PeopleSection
          people={people}
          onOpenCard={(_, record) => setView({ name: 'card', record })}
          onAddContact={(person) => {
            rememberOpener();
            setView({ name: 'add', address: person.address });
          }}
        />
      )}
      {current.name === 'card' && (
        <LazyFeature key={`${current.record.type}:${current.record.id}`} label={strings.preview.loading}>
          <PreviewCard
            record={current.record}
            loadCard={loadCard}
            onBack={() => setView({ name: 'people' })}
          />
        </LazyFeature>
      )}
      {current.name === 'regarding' && (
        <LazyFeature label={strings.app.loading}>
          <RegardingPicker
            people={ready}
            loadCard={loadCard}
            onChoose={onChooseRegarding}
            onClose={closePicker}
          />
        </LazyFeature>
      )}
      {current.name === 'add' && adding && (
        <LazyFeature label={strings.app.loading}>
          <AddContactForm
            person={adding}
            canTrack={tracking.snapshot.state.status !== 'tracking'}
            onDone={(record, trackRegarding) => onAdded(adding, record, trackRegarding)}
            onCancel={() => setView({ name: 'people' })}
          />
        </LazyFeature>
      )}
    </div>
  );
}

/**
 * Gives focus back to the control that opened an overlay (the regarding picker, the contact
 * form) when it closes. Returns the function that remembers the opener, called as it opens.
 */
function useFocusReturn(overlay: boolean): () => void {
  const opener = useRef<{ element: HTMLElement; label: string | null } | null>(null);
  useEffect(() => {
    if (overlay || !opener.current) return;
    const { element, label } = opener.current;
    opener.current = null;
    // The people list is drawn anew: find its button again by its name.
    const target = element.isConnected
      ? element
      : label
        ? document.querySelector<HTMLElement>(`button[aria-label="${CSS.escape(label)}"]`)
        : null;
    target?.focus();
  }, [overlay]);
  return () => {
    const element = document.activeElement;
    opener.current =
      element instanceof HTMLElement ? { element, label: element.getAttribute('aria-label') } : null;
  };
}
