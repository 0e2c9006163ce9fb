import type { TrackingMarker } from '#contract';
import type { Person } from '#emulator/api/types';

export function personLabel(p: Person | null | undefined): string {
  if (!p) return '';
  return p.name && p.name !== p.address ? `${p.name} <${p.address}>` : p.address;
}

export function peopleLabel(list: Person[] | undefined): string {
  return (list ?? []).map(personLabel).join('; ');
}

const dateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
const time = new Intl.DateTimeFormat('en-US', { timeStyle: 'short' });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : dateTime.format(d);
}

export function formatRange(start: string | null | undefined, end: string | null | undefined): string {
  if (!start) return '';
  const s = new Date(start);
  const e = end ? new Date(end) : null;
  if (!e || Number.isNaN(e.getTime())) return formatDateTime(start);
  const sameDay = s.toDateString() === e.toDateString();
  return `${dateTime.format(s)} – ${sameDay ? time.format(e) : dateTime.format(e)}`;
}

/** How the message list names a Regarding marker, in words. */
export function markerLabel(marker: TrackingMarker | null): string | null {
  if (!marker) return null;
  switch (marker.state) {
    case 'pending':
      return 'Regarding: pending';
    case 'tracked':
      return 'Regarding: tracked';
    case 'failed':
      return 'Regarding: failed';
  }
}
