import type { EndpointName, ErrorCode, RequestOf, ResponseOf } from '#contract';
import type { Result } from '../result';
import type { AuthError } from './tokens';

/** Every way an API call can fail, as a value. */
export type ApiError =
  | {
      kind: 'http';
      status: number;
      code: ErrorCode;
      message: string;
      details: unknown;
      /** From the Retry-After header (seconds), when the server sent one. */
      retryAfterSeconds: number | null;
    }
  | { kind: 'network'; message: string }
  | { kind: 'timeout'; timeoutMs: number }
  /** The caller aborted (e.g. the pinned pane moved to another item). */
  | { kind: 'cancelled' }
  /** The request does not match the contract; nothing was sent. */
  | { kind: 'invalid_request'; message: string }
  /** The server answered something that does not match the contract. */
  | { kind: 'invalid_response'; status: number; message: string }
  | AuthError;

/** The request of an endpoint, with the parts it does not have left out. */
export type CallRequest<N extends EndpointName> = {
  [K in keyof RequestOf<N> as RequestOf<N>[K] extends undefined ? never : K]: RequestOf<N>[K];
};

export type CallOptions = {
  signal?: AbortSignal;
  /** Overrides the client's default timeout. */
  timeoutMs?: number;
};

export interface ApiClient {
  call<N extends EndpointName>(
    name: N,
    request: CallRequest<N>,
    options?: CallOptions,
  ): Promise<Result<ResponseOf<N>, ApiError>>;
}
