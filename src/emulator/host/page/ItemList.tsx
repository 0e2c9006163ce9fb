import { Badge, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useRef, type KeyboardEvent } from 'react';
import type { ItemSummary } from '#emulator/api/types';
import { formatDateTime, formatRange, markerLabel } from './format';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, overflowY: 'auto', height: '100%' },
  option: {
    display: 'grid',
    gap: '2px',
    padding: '8px 12px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    cursor: 'pointer',
    outlineOffset: '-2px',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  selected: {
    backgroundColor: tokens.colorBrandBackground2,
    ':hover': { backgroundColor: tokens.colorBrandBackground2 },
  },
  unread: { fontWeight: tokens.fontWeightSemibold },
  line: { display: 'flex', justifyContent: 'space-between', gap: '8px' },
  chips: { display: 'flex', flexWrap: 'wrap', gap: '4px' },
  empty: { padding: '16px' },
});

export function ItemList(props: {
  label: string;
  items: ItemSummary[] | null;
  selectedId: string | null;
  onSelect: (id: string) => void;
  showCategories: boolean;
}) {
  const styles = useStyles();
  const listRef = useRef<HTMLUListElement>(null);
  const { items, selectedId, onSelect } = props;

  if (!items) return <Spinner label="Loading items" />;
  if (items.length === 0) {
    return (
      <Text as="p" className={styles.empty}>
        Nothing in this folder.
      </Text>
    );
  }

  // Arrow keys move the selection, as in Outlook's message list.
  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const index = items.findIndex((i) => i.id === selectedId);
    let next: number;
    if (event.key === 'ArrowDown') next = Math.min(items.length - 1, index + 1);
    else if (event.key === 'ArrowUp') next = Math.max(0, index - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = items.length - 1;
    else return;
    event.preventDefault();
    const item = items[next];
    if (!item) return;
    onSelect(item.id);
    listRef.current?.querySelector<HTMLElement>(`[data-item-id="${CSS.escape(item.id)}"]`)?.focus();
  };

  const focusable = selectedId && items.some((i) => i.id === selectedId) ? selectedId : items[0]?.id;

  return (
    <ul role="listbox" aria-label={props.label} className={styles.list} ref={listRef} onKeyDown={onKeyDown}>
      {items.map((item) => {
        const marker = markerLabel(item.marker);
        const selected = item.id === selectedId;
        const when =
          item.kind === 'event' ? formatRange(item.start, item.end) : formatDateTime(item.receivedAt);
        return (
          <li
            key={item.id}
            role="option"
            aria-selected={selected}
            tabIndex={item.id === focusable ? 0 : -1}
            data-item-id={item.id}
            className={`${styles.option} ${selected ? styles.selected : ''}`}
            onClick={() => onSelect(item.id)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onSelect(item.id);
              }
            }}
          >
            <span className={styles.line}>
              <span className={item.isRead ? undefined : styles.unread}>
                {item.kind === 'event'
                  ? item.subject || '(no subject)'
                  : (item.from?.name ?? item.from?.address ?? '')}
              </span>
              <Text size={200}>{when}</Text>
            </span>
            {item.kind === 'message' && (
              <span className={item.isRead ? undefined : styles.unread}>
                {item.subject || '(no subject)'}
              </span>
            )}
            {!item.isRead && <span className="visually-hidden">Unread</span>}
            {(marker || (props.showCategories && item.categories.length > 0)) && (
              <span className={styles.chips}>
                {props.showCategories &&
                  item.categories.map((c) => (
                    <Badge key={c} appearance="tint" color="brand" size="small">
                      {c}
                    </Badge>
                  ))}
                {marker && (
                  <Badge
                    appearance="outline"
                    size="small"
                    color={
                      item.marker?.state === 'failed'
                        ? 'danger'
                        : item.marker?.state === 'tracked'
                          ? 'success'
                          : 'warning'
                    }
                  >
                    {marker}
                  </Badge>
                )}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
