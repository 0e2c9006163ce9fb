import { useCallback, useEffect, useState } from 'react';
import type { FullCard } from '#contract';
import type { ApiError } from '#browser/api/types';
import { useServices } from '#addin/taskpane/app/services.tsx';
import type { CardLoader } from '#addin/taskpane/common/cardLoader';
import type { Person } from '#addin/taskpane/features/people/model/people';
import { suggestionsFrom, toOptions, type RegardingOption } from '../model/options';

export type RegardingSources = {
  suggestions: RegardingOption[];
  pinned: RegardingOption[];
  recent: RegardingOption[];
  /** Whether the first loads are still running. */
  loading: boolean;
  /** Resolves with the error when the pin could not be changed. */
  togglePin(option: RegardingOption): Promise<ApiError | null>;
};

/** At most this many people's cards are fetched for suggestions (a big meeting has many). */
const MAX_SUGGESTION_PEOPLE = 5;

/** What the picker offers before anything is typed: suggestions from the item's people, pins, recent records. */
export function useRegardingSources(
  people: Person[],
  loadCard: CardLoader,
  signal: AbortSignal,
): RegardingSources {
  const { api } = useServices();
  const [cards, setCards] = useState<FullCard[]>([]);
  const [pinned, setPinned] = useState<RegardingOption[]>([]);
  const [recent, setRecent] = useState<RegardingOption[]>([]);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let current = true;
    const persons = people
      .filter((p) => p.record && p.record.type !== 'user')
      .slice(0, MAX_SUGGESTION_PEOPLE);
    const loads = [
      Promise.all(persons.map((p) => loadCard({ type: p.record!.type, id: p.record!.id }))).then(
        (results) => {
          if (current) setCards(results.flatMap((r) => (r.ok ? [r.value] : [])));
        },
      ),
      api.call('pins', {}, { signal }).then((r) => {
        if (current && r.ok) setPinned(toOptions(r.value.pins));
      }),
      api.call('recent', {}, { signal }).then((r) => {
        if (current && r.ok) setRecent(toOptions(r.value.records));
      }),
    ];
    void Promise.all(loads).then(() => {
      if (current) setLoading(false);
    });
    return () => {
      current = false;
    };
  }, [api, people, loadCard, signal]);

  const togglePin = useCallback(
    async (option: RegardingOption) => {
      const isPinned = pinned.some((p) => p.type === option.type && p.id === option.id);
      const r = await api.call(
        isPinned ? 'unpin' : 'pin',
        { params: { type: option.type, id: option.id } },
        { signal },
      );
      if (!r.ok) return r.error;
      if (!signal.aborted) setPinned(toOptions(r.value.pins));
      return null;
    },
    [api, pinned, signal],
  );

  return { suggestions: suggestionsFrom(people, cards), pinned, recent, loading, togglePin };
}
