import type { ItemKind } from '#addin/office/types';
import type { ItemTrackingSnapshot, TrackingState } from '#addin/tracking/types';
import { format, strings } from '#browser/strings/index';

export type StatusTone = 'neutral' | 'busy' | 'success' | 'warning' | 'danger';

export type StatusText = { headline: string; detail: string | null; tone: StatusTone };

/** The words of the status line, always in a sales rep's language. */
export function statusText(
  snapshot: ItemTrackingSnapshot,
  kind: ItemKind = 'email',
  now: Date = new Date(),
): StatusText {
  const s = strings.status;
  if (snapshot.operation === 'reconciling' && snapshot.state.status === 'not_tracked') {
    return { headline: s.checking, detail: null, tone: 'busy' };
  }
  const state: TrackingState = snapshot.state;
  switch (state.status) {
    case 'not_tracked':
      return { headline: s.notTracked, detail: null, tone: 'neutral' };
    case 'tracking':
      return { headline: s.tracking, detail: null, tone: 'busy' };
    case 'tracked':
      return {
        headline: state.regarding
          ? format(s.trackedRegarding, { name: state.regarding.name })
          : s.trackedNoRegarding,
        detail: null,
        tone: 'success',
      };
    case 'pending':
      return {
        headline: s.pending,
        detail: `${s.pendingReasons[state.reason]} ${
          state.nextAttemptAt
            ? format(s.pendingWhen, { when: when(state.nextAttemptAt, now) })
            : s.pendingSync
        }`,
        tone: 'warning',
      };
    case 'failed':
      return { headline: s.failed, detail: strings.failures[state.code] ?? state.reason, tone: 'danger' };
    case 'compose_pending':
      if (kind === 'appointment')
        return {
          headline: state.regarding
            ? format(s.meetingWillTrackRegarding, { name: state.regarding.name })
            : s.meetingWillTrack,
          detail: null,
          tone: 'success',
        };
      return {
        headline: state.regarding
          ? format(s.composeWillTrackRegarding, { name: state.regarding.name })
          : s.composeWillTrack,
        detail: null,
        tone: 'success',
      };
  }
}

/**
 * When the next try happens, as a fixed clock time rather than a countdown: a live region that
 * ticks every second would be read out every second.
 */
function when(iso: string, now: Date): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime()) || at.getTime() - now.getTime() < 1000) return strings.status.whenNow;
  return format(strings.status.whenAt, {
    time: at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
  });
}
