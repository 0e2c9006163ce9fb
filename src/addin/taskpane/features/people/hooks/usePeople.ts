import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CompactCard } from '#contract';
import { RESOLVE_ADDRESSES_MAX } from '#contract/limits';
import type { ApiError } from '#browser/api/types';
import type { ItemContext } from '#addin/office/types';
import { useServices } from '#addin/taskpane/app/services.tsx';
import { applyChoice, applyCreated, distinctPeople, matchPeople, type Person } from '../model/people';

export type PeopleState =
  { status: 'loading' } | { status: 'ready'; people: Person[] } | { status: 'error'; error: ApiError };

export type ChoiceOutcome = { ok: true } | { ok: false; error: ApiError };

export type PeopleModel = {
  state: PeopleState;
  /** Remembers which record an ambiguous address means (PUT /resolve/choice). */
  choose(person: Person, record: CompactCard): Promise<ChoiceOutcome>;
  /** Marks an unknown address as matched to a record just created for it. */
  created(person: Person, record: CompactCard): void;
  reload(): void;
};

/** Resolves every address on the item with one `resolve` call; cancelled when the item goes away. */
export function usePeople(item: ItemContext, signal: AbortSignal): PeopleModel {
  const { api } = useServices();
  const candidates = useMemo(() => distinctPeople(item.people, item.userAddress), [item]);
  const [attempt, setAttempt] = useState(0);
  // Settled state of the current attempt; anything else (an earlier attempt) reads as loading.
  const [settled, setSettled] = useState<{ attempt: number; state: PeopleState } | null>(null);
  const setState = useCallback(
    (update: (s: PeopleState) => PeopleState) =>
      setSettled((prev) => (prev ? { attempt: prev.attempt, state: update(prev.state) } : prev)),
    [],
  );

  useEffect(() => {
    if (candidates.length === 0) return;
    const controller = new AbortController();
    const abort = () => controller.abort();
    signal.addEventListener('abort', abort);
    void api
      .call(
        'resolve',
        { body: { addresses: candidates.slice(0, RESOLVE_ADDRESSES_MAX).map((p) => p.address) } },
        { signal: controller.signal },
      )
      .then((result) => {
        if (controller.signal.aborted) return;
        if (result.ok)
          setSettled({
            attempt,
            state: { status: 'ready', people: matchPeople(candidates, result.value.results) },
          });
        else if (result.error.kind !== 'cancelled')
          setSettled({ attempt, state: { status: 'error', error: result.error } });
      });
    return () => {
      signal.removeEventListener('abort', abort);
      controller.abort();
    };
  }, [api, candidates, signal, attempt]);

  const choose = useCallback(
    async (person: Person, record: CompactCard): Promise<ChoiceOutcome> => {
      const result = await api.call(
        'resolveChoice',
        { body: { address: person.address, record: { type: record.type, id: record.id } } },
        { signal },
      );
      if (!result.ok) return { ok: false, error: result.error };
      setState((s) =>
        s.status === 'ready' ? { status: 'ready', people: applyChoice(s.people, person.address, record) } : s,
      );
      return { ok: true };
    },
    [api, signal, setState],
  );

  const created = useCallback(
    (person: Person, record: CompactCard) => {
      setState((s) =>
        s.status === 'ready'
          ? { status: 'ready', people: applyCreated(s.people, person.address, record) }
          : s,
      );
    },
    [setState],
  );

  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  const state: PeopleState =
    candidates.length === 0
      ? { status: 'ready', people: [] }
      : settled?.attempt === attempt
        ? settled.state
        : { status: 'loading' };
  return { state, choose, created, reload };
}
