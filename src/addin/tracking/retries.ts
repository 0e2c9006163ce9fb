import { isRetryable } from '#browser/api/client';
import { callTrack, recordTracked } from './call';
import type { WorkflowDeps } from './deps';
import { describeApiError, markFailed, nextAttemptAfter, pendingReasonOf } from './fallback';
import { failureCodeOf } from './failures';
import { notice } from './notices';
import { emit, exclusive, type Slot } from './slots';
import { pendingState, regardingFromCard } from './states';

/** The outbox loop: retries due entries while a pane is open (`start` to `stop`). */
export type Retries = {
  start(): void;
  stop(): void;
  /** Sets the timer for the earliest entry. */
  scheduleNext(): void;
  /** Retries every due entry now, one at a time. */
  processDue(): Promise<void>;
  /** When the pane tries next (ISO) for an entry due `at`; `null` when no pane retries. */
  nextAttemptIso(at: number): string | null;
};

export function createRetries(deps: WorkflowDeps, slotFor: (id: string) => Slot): Retries {
  let running = false;
  let timer: unknown = null;
  let processing = false;
  const user = () => deps.office.userProfile.emailAddress;

  function scheduleNext(): void {
    if (!running) return;
    void deps.outbox
      .list(user())
      .then((entries) => {
        if (!running || entries.length === 0) return;
        const next = Math.min(...entries.map((e) => e.nextAttemptAt));
        if (timer !== null) deps.timers.clear(timer);
        timer = deps.timers.set(
          () => {
            timer = null;
            void processDue();
          },
          Math.max(0, next - deps.now()),
        );
      })
      // IndexedDB unavailable: nothing to retry from here; the markers stay pending for sync.
      .catch(() => undefined);
  }

  async function processDue(): Promise<void> {
    if (!running || processing) return;
    processing = true;
    try {
      for (const entry of await deps.outbox.list(user())) {
        if (!running) break;
        if (entry.nextAttemptAt > deps.now()) continue;
        const slot = slotFor(`${entry.kind}:${entry.key}`);
        await exclusive(slot, () => retry(deps, slot, entry.id));
      }
    } catch {
      // IndexedDB unavailable mid-way: the next schedule tries again; the markers stay pending.
    } finally {
      processing = false;
      scheduleNext();
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      void processDue();
    },
    stop() {
      running = false;
      if (timer !== null) deps.timers.clear(timer);
      timer = null;
    },
    scheduleNext,
    processDue,
    nextAttemptIso: (at) => (running ? new Date(at).toISOString() : null),
  };
}

/** One retry of an entry: tracked (the marker too, if the pane shows the item), later again, or failed. */
async function retry(deps: WorkflowDeps, slot: Slot, id: string): Promise<void> {
  const entry = await deps.outbox.get(id);
  if (!entry || entry.nextAttemptAt > deps.now()) return; // untracked or rescheduled meanwhile
  const response = await callTrack(deps, entry, entry.request);
  const context = slot.context;
  if (response.ok) {
    await deps.outbox.delete(id);
    if (!context) {
      const regarding = regardingFromCard(response.value.status.regarding) ?? entry.regarding;
      emit(slot, { state: { status: 'tracked', regarding, activityId: response.value.activity.id } });
      return;
    }
    const done = await recordTracked(deps, context, response.value, entry.regarding);
    emit(slot, { state: done.state, notice: done.problem ? notice('tracking', done.problem) : null });
    return;
  }
  const error = response.error;
  if (isRetryable(error) || error.kind === 'cancelled' || error.kind === 'auth') {
    entry.attempts += 1;
    entry.nextAttemptAt = nextAttemptAfter(deps, entry.attempts, error);
    entry.lastError = describeApiError(error);
    await deps.outbox.put(entry);
    const when = new Date(entry.nextAttemptAt).toISOString();
    emit(slot, { state: pendingState(entry.regarding, pendingReasonOf(error), when) });
    return;
  }
  await deps.outbox.delete(id);
  emit(slot, await markFailed(deps, context, failureCodeOf(error), entry.regarding));
}
