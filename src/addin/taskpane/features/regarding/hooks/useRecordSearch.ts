import { useEffect, useState } from 'react';
import type { ApiError } from '#browser/api/types';
import { useServices } from '#addin/taskpane/app/services.tsx';
import { toOptions, type RegardingOption } from '../model/options';

export type SearchState =
  | { status: 'idle' }
  | { status: 'searching'; query: string }
  | { status: 'ready'; query: string; results: RegardingOption[] }
  | { status: 'error'; query: string; error: ApiError };

export const SEARCH_DEBOUNCE_MS = 250;
export const MIN_QUERY_LENGTH = 2;

/** Type-ahead search: waits for a pause in typing, and cancels the previous request when the query changes. */
export function useRecordSearch(query: string, signal: AbortSignal): SearchState {
  const { api } = useServices();
  const [settled, setState] = useState<SearchState>({ status: 'idle' });
  const q = query.trim();

  useEffect(() => {
    if (q.length < MIN_QUERY_LENGTH) return;
    const controller = new AbortController();
    const abort = () => controller.abort();
    signal.addEventListener('abort', abort);
    const timer = setTimeout(() => {
      void api.call('search', { query: { q, limit: 15 } }, { signal: controller.signal }).then((r) => {
        if (controller.signal.aborted) return;
        if (r.ok) setState({ status: 'ready', query: q, results: toOptions(r.value.results) });
        else if (r.error.kind !== 'cancelled') setState({ status: 'error', query: q, error: r.error });
      });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
      controller.abort();
    };
  }, [api, q, signal]);

  if (q.length < MIN_QUERY_LENGTH) return { status: 'idle' };
  // Results of an earlier query are never shown for the current one.
  if (settled.status === 'idle' || settled.query !== q) return { status: 'searching', query: q };
  return settled;
}
