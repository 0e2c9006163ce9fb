import { MARKER_MAX_CHARS, MARKER_PROPERTY, TrackingMarker, parseMarker } from '#contract';
import { err, ok } from '#browser/result';
import { officeCall, officeError } from './calls';
import type { ItemContexts } from './item-context';
import type { CustomProperties } from './namespace';
import type { OfficeAdapter, OfficeResult } from './types';

/** The tracking marker in the item's custom properties (where server-side sync reads it). */
export function createMarkerStore(
  current: ItemContexts['current'],
): Pick<OfficeAdapter, 'readMarker' | 'writeMarker' | 'removeMarker'> {
  async function loadProperties(
    context: Parameters<ItemContexts['current']>[0],
  ): OfficeResult<CustomProperties> {
    const item = current(context);
    if (!item.ok) return item;
    const load = item.value.loadCustomPropertiesAsync;
    if (typeof load !== 'function')
      return err(officeError('unsupported', 'Outlook does not support custom properties here.'));
    return officeCall<CustomProperties>('Loading custom properties', (cb) => load.call(item.value, cb));
  }

  return {
    async readMarker(context) {
      const props = await loadProperties(context);
      if (!props.ok) return props;
      return ok(parseMarker(props.value.get(MARKER_PROPERTY)));
    },

    async writeMarker(context, marker) {
      const parsed = TrackingMarker.safeParse(marker);
      if (!parsed.success)
        return err(
          officeError('invalid_marker', `The marker is invalid: ${parsed.error.issues[0]?.message}`),
        );
      const props = await loadProperties(context);
      if (!props.ok) return props;
      // The limit applies to all of the add-in's custom properties together (one JSON value).
      const others = { ...(props.value.getAll?.() ?? {}) };
      delete others[MARKER_PROPERTY];
      const total = JSON.stringify({ ...others, [MARKER_PROPERTY]: parsed.data }).length;
      if (total > MARKER_MAX_CHARS) {
        const message = `The marker needs ${total} of at most ${MARKER_MAX_CHARS} characters.`;
        return err(officeError('marker_too_large', message));
      }
      const stillCurrent = current(context);
      if (!stillCurrent.ok) return stillCurrent;
      props.value.set(MARKER_PROPERTY, parsed.data);
      return officeCall<void>('Saving the marker', (cb) => props.value.saveAsync(cb));
    },

    async removeMarker(context) {
      const props = await loadProperties(context);
      if (!props.ok) return props;
      if (props.value.get(MARKER_PROPERTY) === undefined) return ok(undefined);
      props.value.remove(MARKER_PROPERTY);
      return officeCall<void>('Removing the marker', (cb) => props.value.saveAsync(cb));
    },
  };
}
