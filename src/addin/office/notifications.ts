import { err } from '#browser/result';
import { officeCall, officeError } from './calls';
import type { ItemContexts } from './item-context';
import type { OfficeAdapter } from './types';

/** Outlook cuts info bar messages at 150 characters. */
const NOTIFICATION_MAX_CHARS = 150;
const NOTIFICATION_KEY = 'regarding-status';

/** A message cut to fit the info bar whole, with an ellipsis where it was cut. */
export function fitNotification(message: string): string {
  return message.length <= NOTIFICATION_MAX_CHARS
    ? message
    : `${message.slice(0, NOTIFICATION_MAX_CHARS - 1)}…`;
}

/** The item's info bar: one message of ours at a time, replaced by the next. */
export function createNotifications(current: ItemContexts['current']): OfficeAdapter['notify'] {
  return async (context, kind, message) => {
    const item = current(context);
    if (!item.ok) return item;
    const messages = item.value.notificationMessages;
    if (!messages) return err(officeError('unsupported', 'Outlook cannot show notifications here.'));
    const text = fitNotification(message);
    const details: Record<string, unknown> =
      kind === 'info'
        ? { type: 'informationalMessage', message: text, icon: 'Icon.16x16', persistent: false }
        : { type: kind === 'error' ? 'errorMessage' : 'progressIndicator', message: text };
    return officeCall<void>('Showing a notification', (cb) =>
      messages.replaceAsync(NOTIFICATION_KEY, details, cb),
    );
  };
}
