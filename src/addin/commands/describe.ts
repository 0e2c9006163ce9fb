import { format, strings } from '#browser/strings/index';
import { fitNotification as fit } from '../office/notifications';
import type { NotificationKind } from '../office/types';
import type { ItemTrackingSnapshot } from '../tracking/types';

/** The info bar message for the outcome of the ribbon's one-click Track. */
export function describeTrackOutcome(snapshot: ItemTrackingSnapshot): {
  kind: NotificationKind;
  message: string;
} {
  const c = strings.commands;
  const { state } = snapshot;
  switch (state.status) {
    case 'tracked':
      return {
        kind: 'info',
        message: fit(
          state.regarding?.name ? format(c.trackedRegarding, { name: state.regarding.name }) : c.tracked,
        ),
      };
    case 'pending':
    case 'tracking':
      return { kind: 'info', message: c.pending };
    case 'compose_pending':
      return { kind: 'info', message: c.compose };
    case 'failed':
      return {
        kind: 'error',
        message: fit(format(c.failed, { reason: strings.failures[state.code] ?? state.reason })),
      };
    case 'not_tracked':
      return { kind: 'error', message: fit(format(c.failed, { reason: strings.failures.unknown })) };
  }
}
