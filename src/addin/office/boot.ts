import { err, ok, type Result } from '#browser/result';
import { officeError } from './calls';
import type { OfficeNamespace } from './namespace';
import type { OfficeError } from './types';

/*
 * The pages' way into Office.js: the task pane, the ribbon's function file and the sign-in dialog
 * boot through here, and nothing outside `src/addin/office/` touches the `Office` global.
 */

/** The event Outlook hands a function command; it must be completed, whatever happens. */
export type FunctionCommandEvent = { completed(options?: { allowEvent?: boolean }): void };

export type OfficeGlobal = OfficeNamespace & {
  onReady(): Promise<unknown>;
  actions?: { associate(name: string, handler: (event: FunctionCommandEvent) => void): void };
  context: OfficeNamespace['context'] & { ui?: { messageParent?(message: string): void } };
};

function officeGlobal(): OfficeGlobal | null {
  const office = (globalThis as unknown as { Office?: OfficeGlobal }).Office;
  return office && typeof office.onReady === 'function' ? office : null;
}

/** Waits for office.js (or the emulator's shim) to be ready; an error when the page is not in Office. */
export async function waitForOffice(
  office: OfficeGlobal | null = officeGlobal(),
): Promise<Result<OfficeGlobal, OfficeError>> {
  if (!office) return err(officeError('unsupported', 'Office.js did not load: open Regarding from Outlook.'));
  try {
    await office.onReady();
  } catch (e) {
    const message = `Office.js could not start: ${e instanceof Error ? e.message : String(e)}`;
    return err(officeError('office_failed', message));
  }
  return ok(office);
}

/** `waitForOffice`, for pages that work on the mailbox: the namespace the Office adapter reads. */
export async function waitForMailbox(
  office: OfficeGlobal | null = officeGlobal(),
): Promise<Result<OfficeNamespace, OfficeError>> {
  const ready = await waitForOffice(office);
  if (!ready.ok) return ready;
  if (!ready.value.context?.mailbox)
    return err(officeError('unsupported', 'Regarding runs inside Outlook only.'));
  return ready;
}

/** Associates a ribbon function command (manifest `<FunctionName>`) once Office is ready. */
export async function associateCommand(
  name: string,
  handler: (event: FunctionCommandEvent, office: OfficeNamespace) => void,
  office: OfficeGlobal | null = officeGlobal(),
): Promise<Result<void, OfficeError>> {
  const ready = await waitForMailbox(office);
  if (!ready.ok) return ready;
  const actions = office?.actions;
  if (!actions) return err(officeError('unsupported', 'This Outlook has no function commands.'));
  actions.associate(name, (event) => handler(event, ready.value));
  return ok(undefined);
}

/** From inside an Office dialog: hands a message to the page that opened it. */
export function sendToParent(
  message: string,
  office: OfficeGlobal | null = officeGlobal(),
): Result<void, OfficeError> {
  const ui = office?.context?.ui;
  const send = ui?.messageParent;
  if (typeof send !== 'function')
    return err(officeError('unsupported', 'This page is not an Office dialog.'));
  try {
    send.call(ui, message);
    return ok(undefined);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return err(officeError('office_failed', `Could not answer the add-in: ${reason}`));
  }
}
