import { officeCall, officeError } from './calls';
import type { LooseMailbox } from './namespace';
import type { Capabilities, OfficeAdapter } from './types';

const ITEM_CHANGED = 'olkItemSelectedChanged';

/**
 * Outlook's ItemChanged event for a pinned pane (Mailbox 1.5, not on mobile): one Office handler,
 * registered with the first listener and removed with the last.
 */
export function createItemChanged(
  mailbox: LooseMailbox,
  capabilities: Capabilities,
): OfficeAdapter['onItemChanged'] {
  const listeners = new Set<() => void>();
  let registered = false;
  const dispatch = () => {
    for (const listener of [...listeners]) listener();
  };

  return (callback, onError) => {
    const addHandler = mailbox.addHandlerAsync;
    if (!capabilities.pinning || typeof addHandler !== 'function') {
      onError?.(officeError('unsupported', 'This Outlook cannot pin the pane to follow the selection.'));
      return () => undefined;
    }
    listeners.add(callback);
    if (!registered) {
      registered = true;
      void officeCall<void>('Listening for item changes', (cb) =>
        addHandler.call(mailbox, ITEM_CHANGED, dispatch, cb),
      ).then((r) => {
        if (r.ok) return;
        registered = false;
        onError?.(r.error);
      });
    }
    return () => {
      listeners.delete(callback);
      const removeHandler = mailbox.removeHandlerAsync;
      if (listeners.size > 0 || !registered || typeof removeHandler !== 'function') return;
      registered = false;
      void officeCall<void>('Stopping item change events', (cb) =>
        removeHandler.call(mailbox, ITEM_CHANGED, cb),
      ).then((r) => {
        if (!r.ok) onError?.(r.error);
      });
    };
  };
}
