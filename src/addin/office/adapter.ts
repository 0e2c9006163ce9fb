import { detectCapabilities } from './capabilities';
import { createCategories } from './categories';
import { createDialogs } from './dialog';
import { createItemChanged } from './item-changed';
import { createItemContexts } from './item-context';
import { createMarkerStore } from './marker';
import type { OfficeNamespace } from './namespace';
import { createNotifications } from './notifications';
import { readTheme } from './theme';
import type { OfficeAdapter } from './types';

/**
 * The Office adapter over the `Office` namespace, one module per capability: what the client can
 * do (requirement sets), the item as plain data, the marker in its custom properties, its
 * categories, ItemChanged, the info bar and dialogs. Only `src/addin/office/` touches Office.js.
 */
export function createOfficeAdapter(office: OfficeNamespace): OfficeAdapter {
  const mailbox = office.context.mailbox;
  const capabilities = detectCapabilities(office);
  const userProfile = {
    displayName: mailbox.userProfile?.displayName ?? '',
    emailAddress: mailbox.userProfile?.emailAddress ?? '',
    timeZone: mailbox.userProfile?.timeZone ?? '',
  };
  const items = createItemContexts(mailbox, capabilities, userProfile);
  return {
    capabilities,
    userProfile,
    theme: () => readTheme(office),
    getItem: items.getItem,
    getBody: items.getBody,
    ...createMarkerStore(items.current),
    ...createCategories(mailbox, capabilities, items.current),
    onItemChanged: createItemChanged(mailbox, capabilities),
    notify: createNotifications(items.current),
    openDialog: createDialogs(office, capabilities),
  };
}
