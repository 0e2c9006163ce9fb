import { createOffice, type ShimOffice } from '#emulator/shim/office';
import {
  CHANNEL,
  CLIENT_PROFILES,
  type ClientKind,
  type HostMessage,
  type InitPayload,
  type ItemSnapshot,
  type OutlookErrorCode,
  type PaneMessage,
  type RequestMethod,
} from '#emulator/shim/protocol';
import { connectToHost } from '#emulator/shim/transport';

export const HOST_ORIGIN = 'http://localhost:3000';

export function readMessage(overrides: Partial<ItemSnapshot> = {}): ItemSnapshot {
  return {
    generation: 0,
    itemType: 'message',
    mode: 'read',
    itemId: 'AAMk-pricing',
    iCalUId: null,
    subject: 'Fabrikam 500 seats: pricing proposal',
    from: { name: 'Nora Fischer', address: 'nora.fischer@fabrikam.example' },
    to: [{ name: 'Alex Morgan', address: 'alex.morgan@contoso.example' }],
    cc: [{ name: 'Taylor Brooks', address: 'taylor.brooks@contoso.example' }],
    internetMessageId: '<pricing@fabrikam.example>',
    conversationId: 'conv-pricing',
    createdAt: '2026-01-05T09:00:00.000Z',
    modifiedAt: '2026-01-05T09:05:00.000Z',
    start: null,
    end: null,
    location: null,
    organizer: null,
    requiredAttendees: [],
    optionalAttendees: [],
    composeType: null,
    ...overrides,
  };
}

type Handler = (args: unknown, generation: number | null) => unknown;

/** Thrown by a fake handler to answer with an Outlook error code. */
export class HostFailure {
  constructor(readonly code: OutlookErrorCode) {}
}

/**
 * The host page's side of the channel, faked: answers `hello` with an init payload and requests
 * with registered handlers, and sends the pane messages as a window of the given origin.
 */
export class FakeHost {
  readonly requests: { method: RequestMethod; args: unknown; generation: number | null }[] = [];
  readonly handlers = new Map<RequestMethod, Handler>();
  /** What the fake host window received (hello, requests). */
  readonly received: PaneMessage[] = [];
  answerHello = true;
  /** Function commands that reported completion. */
  readonly completed: string[] = [];
  /** Record requests but never answer them. */
  dropRequests = false;
  readonly window: Window;

  constructor(
    private readonly pane: Window,
    public payload: InitPayload,
  ) {
    const receive = (message: PaneMessage) => this.receive(message);
    this.window = {
      postMessage(message: PaneMessage, targetOrigin: string) {
        if (targetOrigin !== HOST_ORIGIN) throw new Error(`posted to ${targetOrigin}`);
        setTimeout(() => receive(message), 0);
      },
    } as unknown as Window;
  }

  on(method: RequestMethod, handler: Handler): this {
    this.handlers.set(method, handler);
    return this;
  }

  send(message: HostMessage, from: { origin?: string; source?: Window } = {}): void {
    this.pane.dispatchEvent(
      new MessageEvent('message', {
        data: message,
        origin: from.origin ?? HOST_ORIGIN,
        source: from.source ?? this.window,
      }),
    );
  }

  itemChanged(item: ItemSnapshot | null): void {
    this.send({ channel: CHANNEL, kind: 'itemChanged', item });
  }

  private receive(message: PaneMessage): void {
    this.received.push(message);
    if (message.kind === 'hello') {
      if (this.answerHello) this.send({ channel: CHANNEL, kind: 'init', payload: this.payload });
      return;
    }
    if (message.kind === 'completed') {
      this.completed.push(message.name);
      return;
    }
    this.requests.push({ method: message.method, args: message.args, generation: message.generation });
    if (this.dropRequests) return;
    const handler = this.handlers.get(message.method);
    try {
      if (!handler) throw new HostFailure(5000);
      const value = handler(message.args, message.generation);
      this.send({ channel: CHANNEL, kind: 'response', id: message.id, ok: true, value });
    } catch (error) {
      const code = error instanceof HostFailure ? error.code : 5001;
      this.send({ channel: CHANNEL, kind: 'response', id: message.id, ok: false, code });
    }
  }
}

export function initPayload(
  client: ClientKind = 'desktop',
  item: ItemSnapshot | null = readMessage(),
): InitPayload {
  return {
    client: CLIENT_PROFILES[client],
    user: {
      emailAddress: 'alex.morgan@contoso.example',
      displayName: 'Alex Morgan',
      timeZone: 'Europe/Berlin',
    },
    item,
    displayLanguage: 'en-US',
    theme: 'light',
  };
}

/** A shim connected to a fake host; `Office` typed as the add-in sees it. */
export function connectShim(payload: InitPayload, options: { requestTimeoutMs?: number } = {}) {
  const host = new FakeHost(window, payload);
  const channel = connectToHost({
    paneWindow: window,
    hostWindow: host.window,
    hostOrigin: HOST_ORIGIN,
    helloIntervalMs: 20,
    ...options,
  });
  const shim: ShimOffice = createOffice(channel);
  return { host, shim, Office: shim as unknown as typeof Office };
}

/** Calls an Office.js async method and resolves with its AsyncResult. */
export function result<T>(
  call: (callback: (r: Office.AsyncResult<T>) => void) => void,
): Promise<Office.AsyncResult<T>> {
  return new Promise((resolve) => call(resolve));
}
