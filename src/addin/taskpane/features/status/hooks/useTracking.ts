import { useCallback, useEffect, useState } from 'react';
import type { ItemContext } from '../../../../office/types';
import type { ItemTrackingSnapshot, RegardingTarget } from '../../../../tracking/types';
import { useServices } from '../../../app/services';

export type TrackingModel = {
  snapshot: ItemTrackingSnapshot;
  track(regarding?: RegardingTarget | null): Promise<ItemTrackingSnapshot>;
  changeRegarding(regarding: RegardingTarget | null): Promise<ItemTrackingSnapshot>;
  untrack(): Promise<ItemTrackingSnapshot>;
};

/**
 * The item's tracking snapshot, kept current by the workflow's listener, reconciled with the
 * server once when the item is shown. Tracking calls are not cancelled when the item changes:
 * the workflow finishes them (or leaves the pending marker for sync); the listener is gone, so
 * nothing of them reaches the next item's pane.
 */
export function useTracking(item: ItemContext, signal: AbortSignal): TrackingModel {
  const { tracking } = useServices();
  const [snapshot, setSnapshot] = useState(() => tracking.snapshot(item));

  useEffect(() => {
    const unsubscribe = tracking.subscribe(item, setSnapshot);
    const controller = new AbortController();
    const abort = () => controller.abort();
    signal.addEventListener('abort', abort);
    void tracking.reconcile(item, controller.signal).then(
      (s) => {
        if (!controller.signal.aborted) setSnapshot(s);
      },
      () => undefined,
    );
    return () => {
      unsubscribe();
      signal.removeEventListener('abort', abort);
      controller.abort();
    };
  }, [tracking, item, signal]);

  // The outcome is applied only while this item is still shown.
  const settle = useCallback(
    (s: ItemTrackingSnapshot) => {
      if (!signal.aborted) setSnapshot(s);
      return s;
    },
    [signal],
  );
  const track = useCallback(
    (regarding?: RegardingTarget | null) => tracking.track(item, regarding ?? null).then(settle),
    [tracking, item, settle],
  );
  const changeRegarding = useCallback(
    (regarding: RegardingTarget | null) => tracking.changeRegarding(item, regarding).then(settle),
    [tracking, item, settle],
  );
  const untrack = useCallback(() => tracking.untrack(item).then(settle), [tracking, item, settle]);
  return { snapshot, track, changeRegarding, untrack };
}
