import type { NotificationKind } from '../office/types';
import { format, strings } from '#browser/strings/index';
import type { ItemTrackingSnapshot } from '../tracking/types';

/** Outlook cuts info bar messages at 150 characters; ours must fit whole. */
const NOTIFICATION_MAX = 150;

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

function fit(message: string): string {
  return message.length <= NOTIFICATION_MAX ? message : `${message.slice(0, NOTIFICATION_MAX - 1)}…`;
}
