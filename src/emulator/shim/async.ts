import { OUTLOOK_ERRORS, type OutlookErrorCode } from './protocol';
import type { CallResult } from './transport';

/**
 * Office.js calling conventions: `(options?, callback?)` with `options.asyncContext`, the legacy
 * `(callback, userContext)` form of the custom-properties methods, synchronous `Sys.*Exception`
 * errors for bad arguments, and `AsyncResult` objects handed to callbacks.
 */
export type AsyncCallback<T> = (result: Office.AsyncResult<T>) => void;

export type CommonArgs<T> = { callback?: AsyncCallback<T> | undefined; asyncContext?: unknown };

function sysError(name: string, message: string, paramName?: string): Error {
  const error = new Error(`${name}: ${message}${paramName ? `\nParameter name: ${paramName}` : ''}`);
  error.name = name;
  return error;
}

export const argumentError = (param: string) =>
  sysError('Sys.ArgumentException', 'Value does not fall within the expected range.', param);
export const argumentNullError = (param: string) =>
  sysError('Sys.ArgumentNullException', 'Value cannot be null.', param);
export const argumentOutOfRange = (param: string) =>
  sysError(
    'Sys.ArgumentOutOfRangeException',
    'Specified argument was out of the range of valid values.',
    param,
  );

/** Parses the trailing `(options?, callback?)` arguments of an async method. */
export function parseCommonArgs<T>(
  args: unknown[],
  callbackRequired: boolean,
  tryLegacy = false,
): CommonArgs<T> {
  if (tryLegacy && (args.length === 1 || args.length === 2) && typeof args[0] === 'function') {
    return { callback: args[0] as AsyncCallback<T>, asyncContext: args[1] };
  }
  let callback: AsyncCallback<T> | undefined;
  let options: { asyncContext?: unknown } | undefined;
  if (args.length === 1) {
    if (typeof args[0] === 'function') callback = args[0] as AsyncCallback<T>;
    else if (typeof args[0] === 'object' && args[0] !== null) options = args[0] as { asyncContext?: unknown };
    else throw sysError('Sys.ArgumentTypeException', 'Object cannot be converted to the required type.');
  } else if (args.length === 2) {
    if (typeof args[0] !== 'object' || args[0] === null) throw argumentError('options');
    if (typeof args[1] !== 'function') throw argumentError('callback');
    options = args[0] as { asyncContext?: unknown };
    callback = args[1] as AsyncCallback<T>;
  } else if (args.length !== 0) {
    throw sysError('Sys.ParameterCountException', 'Parameter count mismatch.');
  }
  if (callbackRequired && !callback) throw argumentNullError('callback');
  return { callback, asyncContext: options?.asyncContext };
}

export function succeeded<T>(value: T, asyncContext: unknown): Office.AsyncResult<T> {
  return {
    status: 'succeeded' as unknown as Office.AsyncResultStatus,
    value,
    asyncContext,
    error: undefined as unknown as Office.Error,
    diagnostics: undefined,
  };
}

export function failed<T>(code: OutlookErrorCode, asyncContext: unknown): Office.AsyncResult<T> {
  const { name, message } = OUTLOOK_ERRORS[code];
  return {
    status: 'failed' as unknown as Office.AsyncResultStatus,
    value: undefined as T,
    asyncContext,
    error: { code, name, message },
    diagnostics: undefined,
  };
}

/** Runs a host call and delivers its AsyncResult to the callback, asynchronously as Office.js does. */
export function deliver<R, T>(
  common: CommonArgs<T>,
  call: Promise<CallResult<R>>,
  map: (value: R) => T,
): void {
  void call.then((result) => {
    const asyncResult = result.ok
      ? succeeded(map(result.value), common.asyncContext)
      : failed<T>(result.code, common.asyncContext);
    common.callback?.(asyncResult);
  });
}

/** Delivers a failure without a host round trip (the client itself refuses the call). */
export function refuse<T>(common: CommonArgs<T>, code: OutlookErrorCode): void {
  setTimeout(() => common.callback?.(failed<T>(code, common.asyncContext)), 0);
}
