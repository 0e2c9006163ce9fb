/**
 * The adaptive schedule. All durations are seconds and all are configuration,
 * so tests and the emulator can run cycles in seconds instead of minutes.
 */
export type ScheduleConfig = {
  /** Interval of a new mailbox and of one that was idle after being busy: 5 minutes. */
  defaultIntervalSeconds: number;
  /** Interval while the last cycle processed items: 2 minutes. */
  busyIntervalSeconds: number;
  /** Idle mailboxes grow towards this and never past it: 12 minutes. */
  maxIntervalSeconds: number;
  /** Factor an idle mailbox's interval grows by per idle cycle. */
  idleGrowth: number;
  /** How long a claim holds a mailbox; renewed while the cycle runs. */
  leaseSeconds: number;
  /** First backoff after a transient mailbox failure; doubles per consecutive failure. */
  backoffBaseSeconds: number;
  /** Consecutive transient failures after which a mailbox is disabled. */
  maxMailboxFailures: number;
  /** Attempts after which an item is marked undeliverable. */
  maxItemAttempts: number;
  /** How often an idle worker looks for due mailboxes. */
  pollSeconds: number;
  /** Mailboxes one worker syncs at the same time (and claims per poll). */
  concurrentMailboxes: number;
  /** Pending markers of one mailbox tracked at the same time (CRM calls, not Graph requests). */
  concurrentTracks: number;
};

export const defaultSchedule: ScheduleConfig = {
  defaultIntervalSeconds: 300,
  busyIntervalSeconds: 120,
  maxIntervalSeconds: 720,
  idleGrowth: 1.5,
  leaseSeconds: 120,
  backoffBaseSeconds: 30,
  maxMailboxFailures: 10,
  maxItemAttempts: 5,
  pollSeconds: 5,
  concurrentMailboxes: 4,
  concurrentTracks: 4,
};

export function resolveSchedule(overrides: Partial<ScheduleConfig> = {}): ScheduleConfig {
  const s = { ...defaultSchedule, ...overrides };
  for (const [k, v] of Object.entries(s)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
      throw new Error(`sync schedule: ${k} must be a positive number`);
  }
  if (s.busyIntervalSeconds > s.maxIntervalSeconds || s.defaultIntervalSeconds > s.maxIntervalSeconds)
    throw new Error('sync schedule: busy and default intervals must not exceed the maximum interval');
  return s;
}

/** The interval after a successful cycle: busy -> short; idle -> grow from the default to the max. */
export function nextInterval(previousSeconds: number, itemsProcessed: number, s: ScheduleConfig): number {
  if (itemsProcessed > 0) return s.busyIntervalSeconds;
  if (previousSeconds < s.defaultIntervalSeconds) return s.defaultIntervalSeconds;
  return Math.min(s.maxIntervalSeconds, Math.round(previousSeconds * s.idleGrowth));
}

/**
 * The delay after a transient failure: a server's Retry-After (429/503) when it gave one, otherwise
 * exponential from the base, capped at the max interval so a mailbox is still tried that often.
 */
export function backoffSeconds(
  consecutiveFailures: number,
  s: ScheduleConfig,
  retryAfterSeconds?: number,
): number {
  if (retryAfterSeconds !== undefined) return Math.max(1, retryAfterSeconds);
  const exp = s.backoffBaseSeconds * 2 ** Math.max(0, consecutiveFailures - 1);
  return Math.min(s.maxIntervalSeconds, exp);
}
