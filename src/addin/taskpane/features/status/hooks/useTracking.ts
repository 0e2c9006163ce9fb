import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ItemContext } from '#addin/office/types';
import { completeItemKey } from '#addin/tracking/item-key';
import type { ItemTrackingSnapshot, RegardingTarget } from '#addin/tracking/types';
import { useServices } from '#addin/taskpane/app/services.tsx';

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
export function useTracking(shown: ItemContext, signal: AbortSignal): TrackingModel {
  const { tracking, api } = useServices();
  // Meetings have no iCalUId in Office.js: the CRM looks it up, in parallel with resolving the
  // people (which need no key). Tracking actions wait for it; email passes straight through.
  const keyed = useMemo(() => completeItemKey(shown, api, signal), [shown, api, signal]);
  const [item, setItem] = useState(shown);
  const [snapshot, setSnapshot] = useState(() => tracking.snapshot(shown));

  useEffect(() => {
    let current = true;
    void keyed.then((k) => {
      if (current && !signal.aborted && k !== shown) setItem(k);
    });
    return () => {
      current = false;
    };
  }, [keyed, shown, signal]);

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
    (regarding?: RegardingTarget | null) =>
      keyed.then((k) => tracking.track(k, regarding ?? null)).then(settle),
    [tracking, keyed, settle],
  );
  const changeRegarding = useCallback(
    (regarding: RegardingTarget | null) =>
      keyed.then((k) => tracking.changeRegarding(k, regarding)).then(settle),
    [tracking, keyed, settle],
  );
  const untrack = useCallback(
    () => keyed.then((k) => tracking.untrack(k)).then(settle),
    [tracking, keyed, settle],
  );
  return { snapshot, track, changeRegarding, untrack };
}
