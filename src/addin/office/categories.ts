import { TRACKED_CATEGORY } from '#contract';
import { err, ok } from '#browser/result';
import { officeCall, officeError } from './calls';
import type { ItemContexts } from './item-context';
import type { LooseMailbox, MasterCategory } from './namespace';
import type { Capabilities, OfficeAdapter, OfficeResult } from './types';

/** The master category's colour in the user's category list. */
const CATEGORY_COLOR = 'Preset4';

/**
 * "Tracked to Regarding" on the item (Mailbox 1.8, not on mobile): where the client has no
 * categories, both operations succeed as `unsupported`.
 */
export function createCategories(
  mailbox: LooseMailbox,
  capabilities: Capabilities,
  current: ItemContexts['current'],
): Pick<OfficeAdapter, 'addCategory' | 'removeCategory'> {
  async function ensureMasterCategory(name: string): OfficeResult<void> {
    const master = mailbox.masterCategories;
    if (!master) return err(officeError('unsupported', 'Outlook has no master categories here.'));
    const list = await officeCall<MasterCategory[]>('Reading master categories', (cb) => master.getAsync(cb));
    if (!list.ok) return list;
    if ((list.value ?? []).some((c) => c.displayName === name)) return ok(undefined);
    const added = await officeCall<void>('Creating the category', (cb) =>
      master.addAsync([{ displayName: name, color: CATEGORY_COLOR }], cb),
    );
    // Another pane or client may have created it meanwhile.
    if (!added.ok && added.error.officeName === 'DuplicateCategory') return ok(undefined);
    return added;
  }

  function itemCategories(context: Parameters<ItemContexts['current']>[0]) {
    if (!capabilities.categories) return ok(null);
    const item = current(context);
    return item.ok ? ok(item.value.categories ?? null) : item;
  }

  return {
    async addCategory(context, name = TRACKED_CATEGORY) {
      const categories = itemCategories(context);
      if (!categories.ok) return categories;
      const onItem = categories.value;
      if (!onItem) return ok('unsupported');
      const master = await ensureMasterCategory(name);
      if (!master.ok) return master;
      const added = await officeCall<void>('Adding the category', (cb) => onItem.addAsync([name], cb));
      return added.ok ? ok('done') : added;
    },

    async removeCategory(context, name = TRACKED_CATEGORY) {
      const categories = itemCategories(context);
      if (!categories.ok) return categories;
      const onItem = categories.value;
      if (!onItem) return ok('unsupported');
      const removed = await officeCall<void>('Removing the category', (cb) => onItem.removeAsync([name], cb));
      return removed.ok ? ok('done') : removed;
    },
  };
}
