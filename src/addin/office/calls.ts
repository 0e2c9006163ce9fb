import { err, ok, type Result } from '#browser/result';
import type { AsyncGetter, AsyncResult, Callback, Value } from './namespace';
import type { OfficeError, OfficeResult } from './types';

export function officeError(
  code: OfficeError['code'],
  message: string,
  cause?: AsyncResult<unknown>['error'],
): OfficeError {
  const error: OfficeError = { kind: 'office', code, message };
  if (cause?.code !== undefined) error.officeCode = cause.code;
  if (cause?.name !== undefined) error.officeName = cause.name;
  return error;
}

/** Wraps an Office callback API: success is a value, failure (or a throw) a typed error. */
export function officeCall<T>(what: string, invoke: (callback: Callback<T>) => void): OfficeResult<T> {
  return new Promise((resolve) => {
    try {
      invoke((result) => {
        if (result.status === 'succeeded') resolve(ok(result.value));
        else {
          const message = `${what}: ${result.error?.message ?? 'Outlook reported a failure'}`;
          resolve(err(officeError('office_failed', message, result.error)));
        }
      });
    } catch (e) {
      resolve(err(officeError('office_failed', `${what}: ${e instanceof Error ? e.message : String(e)}`)));
    }
  });
}

export function isAsyncGetter<T>(value: Value<T> | undefined): value is AsyncGetter<T> {
  return (
    typeof value === 'object' && value !== null && typeof (value as AsyncGetter<T>).getAsync === 'function'
  );
}

/** Reads a property that is plain in read mode and asynchronous in compose mode. */
export async function readValue<T>(
  what: string,
  value: Value<T> | undefined,
): Promise<Result<T | undefined, OfficeError>> {
  if (value === undefined || value === null) return ok(undefined);
  if (!isAsyncGetter(value)) return ok(value);
  return officeCall<T>(what, (cb) => value.getAsync({}, cb));
}
