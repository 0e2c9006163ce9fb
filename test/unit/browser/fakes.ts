import type { CompactCard, EndpointName, ResponseOf, TrackingStatus, TrackResponse } from '#contract';
import { err, type Result } from '#browser/result';
import type { ApiClient, ApiError, CallOptions, CallRequest } from '#browser/api/types';

/** A hand fake of the API client, and the demo user and records as the API answers them. */

export const USER_EMAIL = 'alex.morgan@contoso.example';
export const USER_ID = '0a1e0000-0000-4000-8000-0000000000aa';

type Handler<N extends EndpointName> = (
  request: CallRequest<N>,
  options: CallOptions,
) => Result<ResponseOf<N>, ApiError> | Promise<Result<ResponseOf<N>, ApiError>>;

/** An API whose endpoints answer from handlers; every call is recorded. */
export class FakeApi implements ApiClient {
  calls: { name: EndpointName; request: unknown }[] = [];
  private handlers: Partial<{ [N in EndpointName]: Handler<N> }> = {};

  on<N extends EndpointName>(name: N, handler: Handler<N>): this {
    (this.handlers as Record<string, unknown>)[name] = handler;
    return this;
  }

  callsTo(name: EndpointName) {
    return this.calls.filter((c) => c.name === name);
  }

  async call<N extends EndpointName>(name: N, request: CallRequest<N>, options: CallOptions = {}) {
    this.calls.push({ name, request: structuredClone(request) });
    const handler = this.handlers[name] as Handler<N> | undefined;
    if (!handler) return err<ApiError>({ kind: 'network', message: `no fake for ${name}` });
    return handler(request, options);
  }
}

export const OPPORTUNITY: CompactCard = {
  type: 'opportunity',
  id: '0b0b0000-0000-4000-8000-000000000001',
  name: 'Fabrikam 500 seats',
  subtitle: 'Propose',
  email: null,
  account: { id: '0c0c0000-0000-4000-8000-000000000001', name: 'Fabrikam' },
  ownerName: 'Alex Morgan',
  ownedByMe: true,
  open: true,
};

export const ACTIVITY_ID = '0d0d0000-0000-4000-8000-000000000001';

export function trackingStatus(
  key: string,
  tracked: boolean,
  regarding: CompactCard | null = null,
): TrackingStatus {
  return {
    kind: 'email',
    key,
    tracked,
    activityId: tracked ? ACTIVITY_ID : null,
    regarding,
    trackedAt: tracked ? '2026-11-20T10:00:00.000Z' : null,
    source: tracked ? 'addin' : null,
  };
}

export function trackResponse(key: string, regarding: CompactCard | null = null): TrackResponse {
  return {
    activity: {
      id: ACTIVITY_ID,
      kind: 'email',
      subject: 'Fabrikam rollout',
      occurredAt: '2026-11-20T09:00:00.000Z',
      direction: 'incoming',
      regarding,
    },
    status: trackingStatus(key, true, regarding),
    created: true,
  };
}

export function httpError(
  status: number,
  code: Extract<ApiError, { kind: 'http' }>['code'],
  retryAfterSeconds: number | null = null,
): ApiError {
  return { kind: 'http', status, code, message: code, details: undefined, retryAfterSeconds };
}
