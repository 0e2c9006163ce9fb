import type { FunctionCommandEvent } from '../office/boot';
import type { OfficeNamespace } from '../office/namespace';
import { strings } from '#browser/strings/index';
import { describeOfficeError } from '../office/describe';
import { createServices } from '../taskpane/app/createServices';
import { trackSelectedItem } from '../tracking/command';
import { completeItemKey } from '../tracking/item-key';
import { describeTrackOutcome } from './describe';

/**
 * The function file of the ribbon's one-click "Track". Outlook loads commands.html (office.js and
 * config.js), then calls `trackItem` with an event that must be completed, whatever happens.
 */
export async function trackItem(
  event: FunctionCommandEvent,
  officeNamespace: OfficeNamespace,
): Promise<void> {
  try {
    const services = createServices(officeNamespace);
    const outcome = await trackSelectedItem({
      office: services.office,
      tracking: services.tracking,
      completeKey: (item) => completeItemKey(item, services.api),
      describe: describeTrackOutcome,
    });
    if (outcome.outcome === 'office_error') console.error(describeOfficeError(outcome.error), outcome.error);
  } catch (e) {
    // No pane to show it in: the console is all there is (configuration errors land here).
    console.error(strings.app.startFailed, e);
  } finally {
    event.completed();
  }
}
