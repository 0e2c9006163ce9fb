import { useEffect, useState } from 'react';
import type { ItemContext, OfficeError } from '#addin/office/types';
import { useServices } from './services';

export type SelectedItem =
  | { status: 'loading' }
  | { status: 'none' }
  | { status: 'item'; item: ItemContext }
  | { status: 'error'; error: OfficeError };

/**
 * The item Outlook shows, following the selection of a pinned pane (ItemChanged), including
 * "nothing selected". A slow read for an earlier selection never overwrites a later one.
 */
export function useSelectedItem(): SelectedItem {
  const { office } = useServices();
  const [selected, setSelected] = useState<SelectedItem>({ status: 'loading' });

  useEffect(() => {
    let generation = 0;
    let active = true;
    const read = () => {
      const mine = ++generation;
      setSelected({ status: 'loading' });
      void office.getItem().then((r) => {
        if (!active || mine !== generation) return;
        if (!r.ok)
          setSelected(r.error.code === 'no_item' ? { status: 'none' } : { status: 'error', error: r.error });
        else setSelected(r.value ? { status: 'item', item: r.value } : { status: 'none' });
      });
    };
    read();
    const unsubscribe = office.onItemChanged(read);
    return () => {
      active = false;
      unsubscribe();
    };
  }, [office]);

  return selected;
}
