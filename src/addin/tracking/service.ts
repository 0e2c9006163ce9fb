import {
  BODY_MAX_CHARS,
  MAILBOX_ITEM_ID_MAX_CHARS,
  PEOPLE_MAX,
  buildMarker,
  isRegardingType,
  type CompactCard,
  type MarkerFields,
  type TrackingMarker,
  type TrackRequest,
  type TrackResponse,
  type TrackingStatus,
} from '#contract';
import { isRetryable } from '#browser/api/client';
import type { ApiClient, ApiError } from '#browser/api/types';
import type { ItemContext, OfficeAdapter, OfficeError } from '../office/types';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from './backoff';
import { failureCodeOf, failureReasons, isFailureCode } from './failures';
import { notice, unexpectedNotice } from './notices';
import { createOutbox, outboxId, type Outbox, type OutboxEntry } from './outbox';
import type {
  FailureCode,
  ItemTrackingSnapshot,
  PendingReason,
  RegardingTarget,
  TrackingListener,
  TrackingNotice,
  TrackingOperation,
  TrackingService,
  TrackingState,
} from './types';

export type Timers = { set(callback: () => void, ms: number): unknown; clear(handle: unknown): void };

export type TrackingServiceOptions = {
  office: Pick<
    OfficeAdapter,
    | 'userProfile'
    | 'getBody'
    | 'readMarker'
    | 'writeMarker'
    | 'removeMarker'
    | 'addCategory'
    | 'removeCategory'
  >;
  api: ApiClient;
  outbox?: Outbox;
  now?: () => number;
  random?: () => number;
  timers?: Timers;
  backoff?: BackoffPolicy;
};

const browserTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Which item a snapshot belongs to: the tracking key when there is one (so the outbox, the pane
 * and reconciliation agree), else the mailbox item id, else this selection of an unsaved draft.
 */
/**
 * A message being written, or a meeting not saved yet: tracking completes after it is sent (or
 * saved), from the marker. A meeting the organizer has open that is already saved has its key
 * and is tracked at once, like a meeting read by an attendee.
 */
function awaitsSendOrSave(item: Pick<ItemContext, 'mode' | 'kind' | 'key'>): boolean {
  return item.mode === 'compose' && !(item.kind === 'appointment' && item.key !== null);
}

export function trackingSlot(item: Pick<ItemContext, 'kind' | 'key' | 'itemId' | 'handle'>): string {
  if (item.key) return `${item.kind}:${item.key}`;
  if (item.itemId) return `item:${item.itemId}`;
  return `draft:${item.handle}`;
}

export function regardingFromCard(card: CompactCard | null | undefined): RegardingTarget | null {
  if (!card || !isRegardingType(card.type)) return null;
  return { type: card.type, id: card.id, name: card.name };
}

function regardingFromMarker(marker: TrackingMarker): RegardingTarget | null {
  if (!marker.regarding) return null;
  return { ...marker.regarding, name: marker.regardingName ?? '' };
}

function pendingReasonOf(error: ApiError): PendingReason {
  return error.kind === 'http' ? 'crm_busy' : 'crm_unreachable';
}

type Slot = {
  snapshot: ItemTrackingSnapshot;
  listeners: Set<TrackingListener>;
  /** The latest context the pane showed for this slot (to update the marker after a retry). */
  context: ItemContext | null;
  /** Serializes work on one item (a user action and an outbox retry never interleave). */
  lock: Promise<unknown>;
};

/**
 * The tracking workflow (docs/ARCHITECTURE.md, tracking protocol), as plain TypeScript over the Office adapter and
 * the API client. Untracking removes the marker (rather than writing a "not tracked" state), so
 * server-side sync, which acts on markers, has nothing left to act on.
 */
export function createTrackingService(options: TrackingServiceOptions): TrackingService {
  const { office, api } = options;
  const outbox = options.outbox ?? createOutbox();
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const timers = options.timers ?? browserTimers;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const slots = new Map<string, Slot>();

  function slotFor(id: string): Slot {
    let slot = slots.get(id);
    if (!slot) {
      slot = {
        snapshot: { slot: id, state: { status: 'not_tracked' }, operation: null, notice: null },
        listeners: new Set(),
        context: null,
        lock: Promise.resolve(),
      };
      slots.set(id, slot);
    }
    return slot;
  }

  function emit(slot: Slot, patch: Partial<Omit<ItemTrackingSnapshot, 'slot'>>): ItemTrackingSnapshot {
    slot.snapshot = { ...slot.snapshot, ...patch };
    for (const listener of [...slot.listeners]) listener(slot.snapshot);
    return slot.snapshot;
  }

  function exclusive<T>(slot: Slot, work: () => Promise<T>): Promise<T> {
    const run = slot.lock.then(work, work);
    slot.lock = run.catch(() => undefined);
    return run;
  }

  /** Runs a user operation: marks it in flight, clears the last notice, always ends it. */
  function operate(
    item: ItemContext,
    operation: TrackingOperation,
    work: (slot: Slot) => Promise<Partial<Omit<ItemTrackingSnapshot, 'slot'>>>,
  ): Promise<ItemTrackingSnapshot> {
    const slot = slotFor(trackingSlot(item));
    slot.context = item;
    return exclusive(slot, async () => {
      emit(slot, { operation, notice: null });
      try {
        const patch = await work(slot);
        return emit(slot, { operation: null, ...patch });
      } catch (e) {
        // Only a bug gets here; keep the state and say so rather than leaving a spinner.
        return emit(slot, { operation: null, notice: unexpectedNotice(operation, e) });
      }
    });
  }

  async function markerFor(
    item: ItemContext,
    state: TrackingMarker['state'],
    regarding: RegardingTarget | null,
    extra: Pick<MarkerFields, 'activityId' | 'failure' | 'compose'> = {},
  ): Promise<TrackingMarker> {
    return buildMarker({
      state,
      kind: item.kind,
      by: office.userProfile.emailAddress,
      at: new Date(now()),
      regarding,
      ...extra,
    });
  }

  async function buildRequest(item: ItemContext, regarding: RegardingTarget | null): Promise<TrackRequest> {
    const request: TrackRequest = {
      item: { subject: item.subject, people: item.people.slice(0, PEOPLE_MAX) },
      regarding: regarding ? { type: regarding.type, id: regarding.id } : null,
    };
    const t = request.item;
    if (item.sentAt) t.sentAt = item.sentAt;
    if (item.start) t.start = item.start;
    if (item.end) t.end = item.end;
    if (item.location) t.location = item.location;
    if (item.conversationId) t.conversationId = item.conversationId;
    if (item.inReplyTo) t.inReplyTo = item.inReplyTo;
    if (item.references?.length) t.references = item.references;
    if (item.itemId) t.mailboxItemId = item.itemId.slice(0, MAILBOX_ITEM_ID_MAX_CHARS);
    let body = await office.getBody(item, 'html');
    if (body.ok && body.value.content.length > BODY_MAX_CHARS) body = await office.getBody(item, 'text');
    // Without a body the activity is still worth tracking; sync can fill it in from Graph.
    if (body.ok)
      t.body = { contentType: body.value.contentType, content: body.value.content.slice(0, BODY_MAX_CHARS) };
    return request;
  }

  const isItemChanged = (e: OfficeError) => e.code === 'item_changed';

  /** Marker and category for a tracked item; Office failures become a notice, never a state. */
  async function markTracked(item: ItemContext, response: TrackResponse, fallback: RegardingTarget | null) {
    const regarding = regardingFromCard(response.status.regarding ?? response.activity.regarding) ?? fallback;
    const marker = await markerFor(item, 'tracked', regarding, { activityId: response.activity.id });
    const written = await office.writeMarker(item, marker);
    const category = await office.addCategory(item);
    const problem = !written.ok ? written.error : !category.ok ? category.error : null;
    const state: TrackingState = { status: 'tracked', regarding, activityId: response.activity.id };
    return { state, problem: problem && !isItemChanged(problem) ? problem : null };
  }

  async function markFailed(item: ItemContext | null, code: FailureCode, regarding: RegardingTarget | null) {
    const reason = failureReasons[code];
    const state: TrackingState = { status: 'failed', regarding, code, reason, retryable: false };
    if (!item) return { state, problem: null };
    const written = await office.writeMarker(
      item,
      await markerFor(item, 'failed', regarding, { failure: { code, reason } }),
    );
    // A failed item is not tracked: the category would say otherwise in the mailbox.
    const category = await office.removeCategory(item);
    const problem = !written.ok ? written.error : !category.ok ? category.error : null;
    return { state, problem: problem && !isItemChanged(problem) ? problem : null };
  }

  async function enqueue(
    item: ItemContext & { key: string },
    request: TrackRequest,
    regarding: RegardingTarget | null,
    error: ApiError | null,
  ): Promise<{ state: TrackingState; problem: TrackingNotice | null }> {
    const user = office.userProfile.emailAddress;
    const id = outboxId(user, item.kind, item.key);
    const existing = await outbox.get(id).catch(() => null);
    const attempts = (existing?.attempts ?? 0) + (error ? 1 : 0);
    const retryAfter = error?.kind === 'http' ? error.retryAfterSeconds : null;
    const nextAttemptAt = error ? now() + retryDelayMs(attempts, retryAfter, random, backoff) : now();
    const entry: OutboxEntry = {
      id,
      user,
      kind: item.kind,
      key: item.key,
      request,
      regarding,
      attempts,
      nextAttemptAt,
      createdAt: existing?.createdAt ?? now(),
      lastError: error ? describeApiError(error) : null,
    };
    let problem: TrackingNotice | null = null;
    try {
      await outbox.put(entry);
      scheduleNext();
    } catch (e) {
      // No durable retry in this browser; the pending marker still lets server-side sync finish.
      problem = notice('tracking', { kind: 'outbox', message: e instanceof Error ? e.message : String(e) });
    }
    const state: TrackingState = {
      status: 'pending',
      regarding,
      nextAttemptAt: running ? new Date(nextAttemptAt).toISOString() : null,
      reason: error ? pendingReasonOf(error) : 'marked',
    };
    return { state, problem };
  }

  async function doTrack(
    slot: Slot,
    item: ItemContext,
    regarding: RegardingTarget | null,
    signal?: AbortSignal,
  ) {
    const before = slot.snapshot.state;
    emit(slot, { state: { status: 'tracking', regarding } });
    const compose = awaitsSendOrSave(item);
    const marker = await markerFor(item, 'pending', regarding, compose ? { compose: true } : {});
    const written = await office.writeMarker(item, marker);
    if (!written.ok) {
      if (isItemChanged(written.error)) return { state: before }; // the item is gone; nothing was done
      if (compose || !item.key) {
        // Without the marker nothing would finish the job later: say so plainly.
        const reason = failureReasons.marker_write_failed;
        return {
          state: {
            status: 'failed',
            regarding,
            code: 'marker_write_failed',
            reason,
            retryable: false,
          } as TrackingState,
          notice: notice('tracking', written.error),
        };
      }
    }
    const category = await office.addCategory(item);
    const officeProblem = !written.ok
      ? written.error
      : !category.ok && !isItemChanged(category.error)
        ? category.error
        : null;
    const officeNotice = officeProblem ? notice('tracking', officeProblem) : null;

    if (compose)
      return { state: { status: 'compose_pending', regarding } as TrackingState, notice: officeNotice };
    if (!item.key) {
      const state: TrackingState = { status: 'pending', regarding, nextAttemptAt: null, reason: 'sync_only' };
      return { state, notice: officeNotice };
    }
    const keyed = { ...item, key: item.key };
    const request = await buildRequest(item, regarding);
    const response = await api.call(
      'track',
      { params: { kind: item.kind, key: item.key }, body: request },
      { signal },
    );
    if (response.ok) {
      await outbox
        .delete(outboxId(office.userProfile.emailAddress, item.kind, item.key))
        .catch(() => undefined);
      const done = await markTracked(item, response.value, regarding);
      return { state: done.state, notice: done.problem ? notice('tracking', done.problem) : officeNotice };
    }
    const error = response.error;
    if (error.kind === 'cancelled' || isRetryable(error)) {
      // Cancelled (the pane moved on) is finished by the outbox like any retry: never lost.
      const queued = await enqueue(keyed, request, regarding, error.kind === 'cancelled' ? null : error);
      return { state: queued.state, notice: queued.problem ?? officeNotice };
    }
    if (error.kind === 'auth') {
      // The user could not sign in here; the pending marker lets server-side sync finish the job.
      const state: TrackingState = { status: 'pending', regarding, nextAttemptAt: null, reason: 'sync_only' };
      return {
        state,
        notice: notice('tracking', error),
      };
    }
    const failed = await markFailed(item, failureCodeOf(error), regarding);
    return { state: failed.state, notice: failed.problem ? notice('tracking', failed.problem) : null };
  }

  function track(item: ItemContext, regarding: RegardingTarget | null = null, signal?: AbortSignal) {
    return operate(item, 'tracking', (slot) => doTrack(slot, item, regarding, signal));
  }

  function reconcile(item: ItemContext, signal?: AbortSignal) {
    return operate(item, 'reconciling', async () => {
      const read = await office.readMarker(item);
      if (!read.ok && isItemChanged(read.error)) return {};
      const marker = read.ok ? read.value : null;
      const readNotice = read.ok ? null : notice('reconciling', read.error);
      const fromMarker = (m: TrackingMarker | null): TrackingState => {
        if (!m) return { status: 'not_tracked' };
        const regarding = regardingFromMarker(m);
        if (m.compose && awaitsSendOrSave(item)) return { status: 'compose_pending', regarding };
        if (m.state === 'tracked' && m.activityId)
          return { status: 'tracked', regarding, activityId: m.activityId };
        if (m.state === 'failed')
          return {
            status: 'failed',
            regarding,
            code: m.code && isFailureCode(m.code) ? m.code : 'unknown',
            reason: m.reason ?? failureReasons.unknown,
            retryable: false,
          };
        return { status: 'pending', regarding, nextAttemptAt: null, reason: 'marked' };
      };
      if (awaitsSendOrSave(item) || !item.key) return { state: fromMarker(marker), notice: readNotice };

      const key = item.key;
      const queued = await outbox
        .get(outboxId(office.userProfile.emailAddress, item.kind, key))
        .catch(() => null);
      const status = await api.call(
        'trackedStatus',
        { body: { items: [{ kind: item.kind, key }] } },
        { signal },
      );
      if (!status.ok) {
        if (status.error.kind === 'cancelled') return {};
        const state = queued
          ? ({
              status: 'pending',
              regarding: queued.regarding,
              nextAttemptAt: running ? new Date(queued.nextAttemptAt).toISOString() : null,
              reason: 'crm_unreachable',
            } as TrackingState)
          : fromMarker(marker);
        return { state, notice: readNotice ?? notice('reconciling', status.error) };
      }
      const server: TrackingStatus | undefined = status.value.items.find(
        (s) => s.key === key && s.kind === item.kind,
      );
      // An answer without this item says nothing about it: trust the marker rather than clear it.
      if (!server) return { state: fromMarker(marker), notice: readNotice };
      if (server.tracked && server.activityId) {
        const regarding = regardingFromCard(server.regarding);
        if (queued) await outbox.delete(queued.id).catch(() => undefined);
        let problem: OfficeError | null = null;
        const agrees =
          marker?.state === 'tracked' &&
          marker.activityId === server.activityId &&
          (marker.regarding?.id ?? null) === (regarding?.id ?? null);
        if (!agrees) {
          // E.g. tracked by server-side sync while the pane was closed, or regarding changed elsewhere.
          const written = await office.writeMarker(
            item,
            await markerFor(item, 'tracked', regarding, { activityId: server.activityId }),
          );
          const category = await office.addCategory(item);
          problem = !written.ok ? written.error : !category.ok ? category.error : null;
          if (problem && isItemChanged(problem)) problem = null;
        }
        const state: TrackingState = { status: 'tracked', regarding, activityId: server.activityId };
        return { state, notice: problem ? notice('reconciling', problem) : readNotice };
      }
      // The server has no tracking by this user for the item.
      if (queued) {
        const state: TrackingState = {
          status: 'pending',
          regarding: queued.regarding,
          nextAttemptAt: running ? new Date(queued.nextAttemptAt).toISOString() : null,
          reason: 'crm_unreachable',
        };
        return { state, notice: readNotice };
      }
      if (marker?.state === 'pending') {
        // Marked earlier (pane closed, or written while composing): finish it now from this pane.
        const regarding = regardingFromMarker(marker);
        const request = await buildRequest(item, regarding);
        const queuedNow = await enqueue({ ...item, key }, request, regarding, null);
        void processDue();
        return { state: queuedNow.state, notice: queuedNow.problem ?? readNotice };
      }
      if (marker?.state === 'failed') return { state: fromMarker(marker), notice: readNotice };
      if (marker?.state === 'tracked') {
        // Untracked elsewhere: the mailbox should not claim otherwise.
        const removed = await office.removeMarker(item);
        const category = await office.removeCategory(item);
        const problem = !removed.ok ? removed.error : !category.ok ? category.error : null;
        return {
          state: { status: 'not_tracked' },
          notice: problem && !isItemChanged(problem) ? notice('reconciling', problem) : readNotice,
        };
      }
      return { state: { status: 'not_tracked' }, notice: readNotice };
    });
  }

  function changeRegarding(item: ItemContext, regarding: RegardingTarget | null, signal?: AbortSignal) {
    return operate(item, 'changing_regarding', async (slot) => {
      const state = slot.snapshot.state;
      switch (state.status) {
        case 'not_tracked':
        case 'failed':
        case 'tracking':
          return doTrack(slot, item, regarding, signal);
        case 'compose_pending': {
          const written = await office.writeMarker(
            item,
            await markerFor(item, 'pending', regarding, { compose: true }),
          );
          if (!written.ok) return { notice: notice('changing_regarding', written.error) };
          return { state: { status: 'compose_pending', regarding } };
        }
        case 'pending': {
          const user = office.userProfile.emailAddress;
          const entry = item.key
            ? await outbox.get(outboxId(user, item.kind, item.key)).catch(() => null)
            : null;
          if (entry) {
            entry.regarding = regarding;
            entry.request = {
              ...entry.request,
              regarding: regarding ? { type: regarding.type, id: regarding.id } : null,
            };
            entry.nextAttemptAt = Math.min(entry.nextAttemptAt, now());
            await outbox.put(entry).catch(() => undefined);
          }
          const written = await office.writeMarker(item, await markerFor(item, 'pending', regarding));
          if (!written.ok) return { notice: notice('changing_regarding', written.error) };
          if (entry) void processDue();
          return { state: { ...state, regarding } };
        }
        case 'tracked': {
          if (!item.key)
            return { notice: notice('changing_regarding', { kind: 'invalid_request', message: 'no key' }) };
          const response = await api.call(
            'changeRegarding',
            {
              params: { kind: item.kind, key: item.key },
              body: { regarding: regarding ? { type: regarding.type, id: regarding.id } : null },
            },
            { signal },
          );
          if (!response.ok) {
            if (response.error.kind === 'cancelled') return {};
            return { notice: notice('changing_regarding', response.error) };
          }
          const done = await markTracked(item, response.value, regarding);
          return {
            state: done.state,
            notice: done.problem ? notice('changing_regarding', done.problem) : null,
          };
        }
      }
    });
  }

  function untrack(item: ItemContext, signal?: AbortSignal) {
    return operate(item, 'untracking', async (slot) => {
      const state = slot.snapshot.state;
      const user = office.userProfile.emailAddress;
      if (state.status === 'tracked' || state.status === 'pending') {
        if (item.key) {
          await outbox.delete(outboxId(user, item.kind, item.key)).catch(() => undefined);
          const response = await api.call(
            'untrack',
            { params: { kind: item.kind, key: item.key } },
            { signal },
          );
          // not_found: it never reached the server (still pending), which is what we want.
          const fine = response.ok || (response.error.kind === 'http' && response.error.code === 'not_found');
          if (!fine) {
            if (response.error.kind === 'cancelled') return {};
            if (state.status === 'tracked') return { notice: notice('untracking', response.error) };
          }
        }
      }
      const removed = await office.removeMarker(item);
      if (!removed.ok && !isItemChanged(removed.error))
        return { notice: notice('untracking', removed.error) };
      const category = await office.removeCategory(item);
      const problem =
        !category.ok && !isItemChanged(category.error) ? notice('untracking', category.error) : null;
      return { state: { status: 'not_tracked' } as TrackingState, notice: problem };
    });
  }

  // The outbox loop: retries due entries while a pane is open (start/stop).
  let running = false;
  let timer: unknown = null;
  let processing = false;

  function scheduleNext() {
    if (!running) return;
    void outbox
      .list(office.userProfile.emailAddress)
      .then((entries) => {
        if (!running || entries.length === 0) return;
        const next = Math.min(...entries.map((e) => e.nextAttemptAt));
        if (timer !== null) timers.clear(timer);
        timer = timers.set(
          () => {
            timer = null;
            void processDue();
          },
          Math.max(0, next - now()),
        );
      })
      .catch(() => undefined);
  }

  async function processDue(): Promise<void> {
    if (!running || processing) return;
    processing = true;
    try {
      const entries = await outbox.list(office.userProfile.emailAddress);
      for (const entry of entries) {
        if (!running) break;
        if (entry.nextAttemptAt > now()) continue;
        const slot = slotFor(`${entry.kind}:${entry.key}`);
        await exclusive(slot, () => retry(slot, entry.id));
      }
    } catch {
      // IndexedDB unavailable mid-way: the next schedule tries again; the markers stay pending.
    } finally {
      processing = false;
      scheduleNext();
    }
  }

  async function retry(slot: Slot, id: string): Promise<void> {
    const entry = await outbox.get(id);
    if (!entry || entry.nextAttemptAt > now()) return; // untracked or rescheduled meanwhile
    const response = await api.call('track', {
      params: { kind: entry.kind, key: entry.key },
      body: entry.request,
    });
    const context = slot.context;
    if (response.ok) {
      await outbox.delete(id);
      if (context) {
        const done = await markTracked(context, response.value, entry.regarding);
        emit(slot, { state: done.state, notice: done.problem ? notice('tracking', done.problem) : null });
      } else {
        const regarding = regardingFromCard(response.value.status.regarding) ?? entry.regarding;
        emit(slot, { state: { status: 'tracked', regarding, activityId: response.value.activity.id } });
      }
      return;
    }
    const error = response.error;
    if (isRetryable(error) || error.kind === 'cancelled' || error.kind === 'auth') {
      entry.attempts += 1;
      entry.nextAttemptAt =
        now() +
        retryDelayMs(entry.attempts, error.kind === 'http' ? error.retryAfterSeconds : null, random, backoff);
      entry.lastError = describeApiError(error);
      await outbox.put(entry);
      emit(slot, {
        state: {
          status: 'pending',
          regarding: entry.regarding,
          nextAttemptAt: new Date(entry.nextAttemptAt).toISOString(),
          reason: pendingReasonOf(error),
        },
      });
      return;
    }
    await outbox.delete(id);
    const failed = await markFailed(context, failureCodeOf(error), entry.regarding);
    emit(slot, { state: failed.state, notice: failed.problem ? notice('tracking', failed.problem) : null });
  }

  return {
    snapshot(item) {
      return slotFor(trackingSlot(item)).snapshot;
    },
    subscribe(item, listener) {
      const slot = slotFor(trackingSlot(item));
      slot.listeners.add(listener);
      return () => slot.listeners.delete(listener);
    },
    reconcile,
    track,
    changeRegarding,
    untrack,
    start() {
      if (running) return;
      running = true;
      void processDue();
    },
    stop() {
      running = false;
      if (timer !== null) timers.clear(timer);
      timer = null;
    },
  };
}

function describeApiError(error: ApiError): string {
  switch (error.kind) {
    case 'http':
      return `HTTP ${error.status} ${error.code}`;
    case 'network':
    case 'invalid_request':
    case 'invalid_response':
    case 'auth':
      return `${error.kind}: ${error.message}`;
    case 'timeout':
      return `timeout after ${error.timeoutMs} ms`;
    case 'cancelled':
      return 'cancelled';
  }
}
