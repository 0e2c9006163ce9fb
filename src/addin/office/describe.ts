import { strings } from '#browser/strings/index';
import type { OfficeError } from './types';

/** An Office adapter failure in words a sales rep understands (the catalogue's `officeErrors`). */
export function describeOfficeError(error: OfficeError): string {
  const e = strings.officeErrors;
  switch (error.code) {
    case 'unsupported':
      return e.unsupported;
    case 'marker_too_large':
      return e.markerTooLarge;
    case 'no_item':
    case 'item_changed':
      return e.itemChanged;
    default:
      return e.failed;
  }
}
