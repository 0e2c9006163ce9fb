import { err, ok } from '#browser/result';
import { officeCall, officeError } from './calls';
import type { LooseDialog, OfficeNamespace } from './namespace';
import type { Capabilities, OfficeAdapter } from './types';

/** Office.js code for "the dialog was closed by the user". */
const DIALOG_CLOSED_CODE = 12006;

/** An Office dialog (the last sign-in fallback) that answers with its first message. */
export function createDialogs(
  office: OfficeNamespace,
  capabilities: Capabilities,
): OfficeAdapter['openDialog'] {
  return async (url, options = {}) => {
    const ui = office.context.ui;
    const display = ui?.displayDialogAsync;
    if (!capabilities.dialog || typeof display !== 'function')
      return err(officeError('unsupported', 'Outlook cannot open a dialog here.'));
    const size = { width: options.width ?? 40, height: options.height ?? 60, promptBeforeOpen: false };
    const opened = await officeCall<LooseDialog>('Opening the dialog', (cb) =>
      display.call(ui, url, size, cb),
    );
    if (!opened.ok) return err({ ...opened.error, code: 'dialog_failed' });
    const dialog = opened.value;
    return new Promise((resolve) => {
      dialog.addEventHandler('dialogMessageReceived', (arg) => {
        dialog.close();
        resolve(ok(arg.message ?? ''));
      });
      dialog.addEventHandler('dialogEventReceived', (arg) => {
        resolve(
          err(
            arg.error === DIALOG_CLOSED_CODE
              ? officeError('dialog_closed', 'The sign-in window was closed.', { code: arg.error })
              : officeError('dialog_failed', 'The sign-in window failed.', { code: arg.error }),
          ),
        );
      });
    });
  };
}
