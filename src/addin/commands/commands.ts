import type { OfficeNamespace } from '../office';
import { trackItem, type CommandEvent } from './trackItem';

// `Office` is the global office.js loaded by commands.html; only this entry hands it over.
void Office.onReady(() => {
  const office = Office as unknown as OfficeNamespace & {
    actions: { associate(name: string, handler: (event: CommandEvent) => void): void };
  };
  office.actions.associate('trackItem', (event) => void trackItem(event, office));
});
