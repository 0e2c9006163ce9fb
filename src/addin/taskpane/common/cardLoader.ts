import type { FullCard, RecordRef } from '#contract';
import type { Result } from '#browser/result';
import type { ApiClient, ApiError } from '#browser/api/types';

/** Loads full record cards for one item, each at most once (the preview and the suggestions share them). */
export type CardLoader = (ref: RecordRef) => Promise<Result<FullCard, ApiError>>;

export function createCardLoader(api: ApiClient, signal: AbortSignal): CardLoader {
  const cache = new Map<string, Promise<Result<FullCard, ApiError>>>();
  return (ref) => {
    const key = `${ref.type}:${ref.id}`;
    let pending = cache.get(key);
    if (!pending) {
      // Only the reference: callers may hand a whole card, which the strict params would refuse.
      const params = { type: ref.type, id: ref.id };
      pending = api.call('record', { params }, { signal }).then((r) => {
        // A failure is not remembered, so opening the card again retries.
        if (!r.ok) cache.delete(key);
        return r.ok ? { ok: true as const, value: r.value.record } : r;
      });
      cache.set(key, pending);
    }
    return pending;
  };
}
