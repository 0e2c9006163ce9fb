import { describeError } from '#browser/strings/errors';
import { format, strings } from '#browser/strings/index';
import { describeOfficeError } from '../office/describe';
import type { NoticeError, TrackingNotice, TrackingOperation } from './types';

/** A notice for `operation`, worded from the catalogue: what did not happen, and why. */
export function notice(operation: TrackingOperation, error: NoticeError): TrackingNotice {
  return { operation, error, message: format(strings.notices[operation], { reason: reasonOf(error) }) };
}

/** A notice for an exception: only a bug gets here, so it is worded as an unexpected failure. */
export function unexpectedNotice(operation: TrackingOperation, thrown: unknown): TrackingNotice {
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return notice(operation, { kind: 'unexpected', message });
}

function reasonOf(error: NoticeError): string {
  switch (error.kind) {
    case 'office':
      return describeOfficeError(error);
    case 'outbox':
      return strings.notices.outboxUnavailable;
    case 'unexpected':
      return strings.errors.unknown;
    default:
      return describeError(error);
  }
}
