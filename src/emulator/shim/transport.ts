import {
  CHANNEL,
  isHostMessage,
  isOutlookErrorCode,
  type HostMessage,
  type InitPayload,
  type ItemSnapshot,
  type OutlookErrorCode,
  type RequestMap,
  type RequestMethod,
} from './protocol';

export type CallResult<T> = { ok: true; value: T } | { ok: false; code: OutlookErrorCode };

/** The shim's side of the channel to the host page. */
export type HostChannel = {
  /** Resolves with the host's `init` payload; null when there is no host (page opened on its own). */
  ready: Promise<InitPayload | null>;
  call<M extends RequestMethod>(
    method: M,
    args: RequestMap[M]['args'],
    generation: number | null,
  ): Promise<CallResult<RequestMap[M]['result']>>;
  onItemChanged(handler: (item: ItemSnapshot | null) => void): void;
  /** The host runs a function command; the handler calls back when the command completed. */
  onInvoke(handler: (name: string, completed: () => void) => void): void;
};

export type ChannelOptions = {
  paneWindow: Window;
  hostWindow: Window;
  /** Messages are accepted only from this origin (the emulator's, which also serves the pane). */
  hostOrigin: string;
  /** How often to repeat `hello` until the host answers. */
  helloIntervalMs?: number;
  /** A request the host never answers fails after this long (Outlook reports an internal error). */
  requestTimeoutMs?: number;
};

export function connectToHost(options: ChannelOptions): HostChannel {
  const { paneWindow, hostWindow, hostOrigin } = options;
  const helloIntervalMs = options.helloIntervalMs ?? 250;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;

  if (hostWindow === paneWindow) {
    // Outside Outlook, office.js resolves onReady with no host; so does the shim.
    return {
      ready: Promise.resolve(null),
      call: async () => ({ ok: false, code: 5001 }),
      onItemChanged: () => undefined,
      onInvoke: () => undefined,
    };
  }

  let nextId = 1;
  const pending = new Map<number, (result: CallResult<unknown>) => void>();
  const itemHandlers: ((item: ItemSnapshot | null) => void)[] = [];
  const invokeHandlers: ((name: string, completed: () => void) => void)[] = [];
  let resolveReady: (payload: InitPayload) => void = () => undefined;
  let initialized = false;
  const ready = new Promise<InitPayload>((resolve) => {
    resolveReady = resolve;
  });

  const post = (message: unknown) => hostWindow.postMessage(message, hostOrigin);

  paneWindow.addEventListener('message', (event: MessageEvent) => {
    // Only the embedding host page may talk to the pane's Office runtime.
    if (event.source !== hostWindow || event.origin !== hostOrigin) return;
    const data: unknown = event.data;
    if (!isHostMessage(data)) return;
    handle(data);
  });

  function handle(message: HostMessage): void {
    switch (message.kind) {
      case 'init':
        if (initialized) return;
        initialized = true;
        clearInterval(helloTimer);
        resolveReady(message.payload);
        return;
      case 'itemChanged':
        for (const handler of itemHandlers) handler(message.item);
        return;
      case 'invoke': {
        const name = message.name;
        const completed = () => post({ channel: CHANNEL, kind: 'completed', name });
        for (const handler of invokeHandlers) handler(name, completed);
        return;
      }
      case 'response': {
        const settle = pending.get(message.id);
        if (!settle) return;
        pending.delete(message.id);
        if (message.ok) settle({ ok: true, value: message.value });
        else settle({ ok: false, code: isOutlookErrorCode(message.code) ? message.code : 5001 });
        return;
      }
    }
  }

  const hello = () => post({ channel: CHANNEL, kind: 'hello' });
  const helloTimer = setInterval(hello, helloIntervalMs);
  hello();

  return {
    ready,
    onItemChanged: (handler) => {
      itemHandlers.push(handler);
    },
    onInvoke: (handler) => {
      invokeHandlers.push(handler);
    },
    call(method, args, generation) {
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve({ ok: false, code: 5001 });
        }, requestTimeoutMs);
        pending.set(id, (result) => {
          clearTimeout(timer);
          resolve(result as CallResult<never>);
        });
        post({ channel: CHANNEL, kind: 'request', id, generation, method, args });
      });
    },
  };
}
