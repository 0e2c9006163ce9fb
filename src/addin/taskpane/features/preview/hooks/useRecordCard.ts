import { useEffect, useState } from 'react';
import type { FullCard, RecordRef } from '#contract';
import type { ApiError } from '#browser/api/types';
import type { CardLoader } from '#addin/taskpane/common/cardLoader';

export type CardState =
  { status: 'loading' } | { status: 'ready'; card: FullCard } | { status: 'error'; error: ApiError };

type Settled = { key: string; state: CardState };

export function useRecordCard(loadCard: CardLoader, ref: RecordRef): { state: CardState; retry(): void } {
  const [settled, setSettled] = useState<Settled | null>(null);
  const [attempt, setAttempt] = useState(0);
  const { type, id } = ref;
  const key = `${type}:${id}:${attempt}`;
  useEffect(() => {
    let current = true;
    void loadCard({ type, id }).then((r) => {
      if (!current) return;
      if (r.ok) setSettled({ key, state: { status: 'ready', card: r.value } });
      else if (r.error.kind !== 'cancelled') setSettled({ key, state: { status: 'error', error: r.error } });
    });
    return () => {
      current = false;
    };
  }, [loadCard, type, id, key]);
  // Anything settled for another record or attempt is stale: show loading until this one settles.
  const state: CardState = settled?.key === key ? settled.state : { status: 'loading' };
  return { state, retry: () => setAttempt((n) => n + 1) };
}
