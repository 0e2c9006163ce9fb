import { err, ok, type Result } from '#browser/result';
import { createOfficeAdapter, officeError, type OfficeNamespace } from './adapter';
import type { OfficeAdapter, OfficeError } from './types';

/*
 * The page-level entry points into Office.js (startup, function commands, dialogs), so that the
 * task pane, the commands page and the sign-in dialog never touch the `Office` global themselves.
 */

type OfficeGlobal = OfficeNamespace & {
  onReady(): Promise<{ host: unknown; platform: unknown }>;
  actions?: { associate(name: string, handler: (event: { completed(): void }) => void): void };
  context: OfficeNamespace['context'] & { ui?: { messageParent?(message: string): void } };
};

function officeGlobal(): OfficeGlobal | null {
  const office = (globalThis as unknown as { Office?: OfficeGlobal }).Office;
  return office && typeof office.onReady === 'function' ? office : null;
}

/** Waits for Office.js and returns the adapter; an error when the page is not running in Outlook. */
export async function startOffice(
  office: OfficeGlobal | null = officeGlobal(),
): Promise<Result<OfficeAdapter, OfficeError>> {
  if (!office) return err(officeError('unsupported', 'Office.js did not load: open Regarding from Outlook.'));
  try {
    await office.onReady();
  } catch (e) {
    return err(
      officeError(
        'office_failed',
        `Office.js could not start: ${e instanceof Error ? e.message : String(e)}`,
      ),
    );
  }
  if (!office.context?.mailbox) return err(officeError('unsupported', 'Regarding runs inside Outlook only.'));
  return ok(createOfficeAdapter(office));
}

/**
 * Registers a ribbon function command (manifest `<FunctionName>`). Outlook is told the command
 * completed whatever happens, or the ribbon would show it as running forever.
 */
export function registerFunctionCommand(
  name: string,
  run: () => Promise<void>,
  office: OfficeGlobal | null = officeGlobal(),
): void {
  const handler = (event: { completed(): void }) => {
    run()
      .catch(() => undefined)
      .finally(() => event.completed());
  };
  office?.actions?.associate(name, handler);
  // Clients before Office.actions look the function up on the page's global object.
  (globalThis as Record<string, unknown>)[name] = handler;
}

/** From inside an Office dialog: hands a message to the page that opened it. */
export function sendToParent(
  message: string,
  office: OfficeGlobal | null = officeGlobal(),
): Result<void, OfficeError> {
  const send = office?.context?.ui?.messageParent;
  if (typeof send !== 'function')
    return err(officeError('unsupported', 'This page is not an Office dialog.'));
  try {
    send.call(office!.context.ui, message);
    return ok(undefined);
  } catch (e) {
    return err(
      officeError(
        'office_failed',
        `Could not answer the add-in: ${e instanceof Error ? e.message : String(e)}`,
      ),
    );
  }
}

/** Resolves once Office.js is ready (for pages that only need `sendToParent`). */
export async function officeReady(office: OfficeGlobal | null = officeGlobal()): Promise<boolean> {
  if (!office) return false;
  try {
    await office.onReady();
    return true;
  } catch {
    return false;
  }
}
