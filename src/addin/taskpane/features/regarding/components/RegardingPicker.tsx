import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { Button, Input, Label, makeStyles, tokens } from '@fluentui/react-components';
import { DismissRegular, PinFilled, PinRegular, SearchRegular } from '@fluentui/react-icons';
import { format, strings } from '#browser/strings/index';
import { describeError } from '#browser/strings/errors';
import type { RegardingTarget } from '#addin/tracking/types';
import type { CardLoader } from '#addin/taskpane/common/cardLoader';
import { useSectionStyles } from '#addin/taskpane/common/styles';
import { Busy, Notice, Tag } from '#addin/taskpane/common/ui.tsx';
import { useLifetimeSignal } from '#addin/taskpane/common/useLifetimeSignal';
import type { Person } from '#addin/taskpane/features/people/model/people';
import { MIN_QUERY_LENGTH, useRecordSearch } from '../hooks/useRecordSearch';
import { useRegardingSources } from '../hooks/useRegardingSources';
import { optionKey, type RegardingOption } from '../model/options';

const useStyles = makeStyles({
  titleRow: { display: 'flex', alignItems: 'center', justifyContent: 'space-between' },
  option: { display: 'flex', alignItems: 'center', columnGap: tokens.spacingHorizontalXXS },
  choose: {
    flexGrow: 1,
    justifyContent: 'flex-start',
    textAlign: 'start',
    fontWeight: tokens.fontWeightRegular,
    minWidth: 0,
  },
  optionText: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  optionName: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  optionSub: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  search: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXXS },
});

export type RegardingPickerProps = {
  people: Person[];
  loadCard: CardLoader;
  onChoose: (target: RegardingTarget) => void;
  onClose: () => void;
};

/** "Set regarding": type-ahead search, with suggestions, pinned and recent records before typing. */
export default function RegardingPicker({ people, loadCard, onChoose, onClose }: RegardingPickerProps) {
  const styles = useStyles();
  const section = useSectionStyles();
  const signal = useLifetimeSignal();
  const headingId = useId();
  const inputId = useId();
  const listRef = useRef<HTMLDivElement>(null);
  const [query, setQuery] = useState('');
  const [pinError, setPinError] = useState<string | null>(null);
  const search = useRecordSearch(query, signal);
  const sources = useRegardingSources(people, loadCard, signal);
  const pinnedKeys = new Set(sources.pinned.map(optionKey));

  const togglePin = async (o: RegardingOption) => {
    const error = await sources.togglePin(o);
    setPinError(error ? describeError(error) : null);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    }
  };
  // Arrow keys move between the choices, as in any list.
  const onListKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button[data-choice]') ?? [])];
    if (buttons.length === 0) return;
    e.preventDefault();
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = e.key === 'ArrowDown' ? Math.min(at + 1, buttons.length - 1) : at - 1;
    if (next < 0) document.getElementById(inputId)?.focus();
    else buttons[next]?.focus();
  };

  const list = (title: string, options: RegardingOption[]) =>
    options.length > 0 && (
      <OptionGroup
        key={title}
        title={title}
        options={options}
        pinnedKeys={pinnedKeys}
        onChoose={onChoose}
        onTogglePin={(o) => void togglePin(o)}
      />
    );

  const searching = query.trim().length >= MIN_QUERY_LENGTH;
  return (
    <section className={section.section} aria-labelledby={headingId} onKeyDown={onKeyDown}>
      <div className={styles.titleRow}>
        <h2 id={headingId} className={section.heading}>
          {strings.regarding.dialogTitle}
        </h2>
        <Button
          appearance="subtle"
          icon={<DismissRegular />}
          aria-label={strings.regarding.close}
          onClick={onClose}
        />
      </div>
      <div className={styles.search}>
        <Label htmlFor={inputId}>{strings.regarding.searchLabel}</Label>
        <Input
          id={inputId}
          type="search"
          autoFocus
          contentBefore={<SearchRegular aria-hidden />}
          placeholder={strings.regarding.searchPlaceholder}
          value={query}
          onChange={(_, data) => setQuery(data.value)}
          onKeyDown={onListKeyDown}
        />
      </div>
      {pinError && <Notice intent="error">{pinError}</Notice>}
      <div ref={listRef} onKeyDown={onListKeyDown} className={section.section}>
        <div role="status" aria-live="polite">
          {query.trim().length > 0 && !searching && strings.regarding.tooShort}
          {search.status === 'searching' && <Busy label={strings.regarding.searching} />}
          {search.status === 'ready' &&
            (search.results.length === 0
              ? format(strings.regarding.noResults, { query: search.query })
              : search.results.length === 1
                ? strings.regarding.resultCountOne
                : format(strings.regarding.resultCount, { count: search.results.length }))}
        </div>
        {search.status === 'error' && <Notice intent="error">{describeError(search.error)}</Notice>}
        {search.status === 'ready' && list(strings.regarding.results, search.results)}
        {!searching && (
          <>
            {sources.loading && <Busy />}
            {list(strings.regarding.suggestions, sources.suggestions)}
            {list(strings.regarding.pinned, sources.pinned)}
            {list(strings.regarding.recent, sources.recent)}
          </>
        )}
      </div>
    </section>
  );
}

type OptionGroupProps = {
  title: string;
  options: RegardingOption[];
  pinnedKeys: Set<string>;
  onChoose: (target: RegardingTarget) => void;
  onTogglePin: (option: RegardingOption) => void;
};

function OptionGroup({ title, options, pinnedKeys, onChoose, onTogglePin }: OptionGroupProps) {
  const styles = useStyles();
  const section = useSectionStyles();
  const id = useId();
  return (
    <div role="group" aria-labelledby={id}>
      <h3 id={id} className={section.subheading}>
        {title}
      </h3>
      <ul className={section.list}>
        {options.map((o) => {
          const pinned = pinnedKeys.has(optionKey(o));
          return (
            <li key={optionKey(o)} className={styles.option}>
              <Button
                data-choice
                appearance="subtle"
                className={styles.choose}
                aria-label={format(strings.regarding.choose, { name: o.name })}
                onClick={() => onChoose({ type: o.type, id: o.id, name: o.name })}
              >
                <span className={styles.optionText}>
                  <span className={styles.optionName}>{o.name}</span>
                  <span className={styles.optionSub}>
                    <Tag>{strings.people.types[o.type]}</Tag> {o.subtitle}
                  </span>
                </span>
              </Button>
              <Button
                appearance="transparent"
                size="small"
                icon={pinned ? <PinFilled /> : <PinRegular />}
                aria-pressed={pinned}
                aria-label={format(pinned ? strings.regarding.unpin : strings.regarding.pin, {
                  name: o.name,
                })}
                onClick={() => onTogglePin(o)}
              />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
