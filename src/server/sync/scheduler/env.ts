import type { ScheduleConfig } from './schedule';

const envNames: Record<keyof ScheduleConfig, string> = {
  defaultIntervalSeconds: 'SYNC_INTERVAL_SECONDS',
  busyIntervalSeconds: 'SYNC_BUSY_INTERVAL_SECONDS',
  maxIntervalSeconds: 'SYNC_MAX_INTERVAL_SECONDS',
  idleGrowth: 'SYNC_IDLE_GROWTH',
  leaseSeconds: 'SYNC_LEASE_SECONDS',
  backoffBaseSeconds: 'SYNC_BACKOFF_SECONDS',
  maxMailboxFailures: 'SYNC_MAX_MAILBOX_FAILURES',
  maxItemAttempts: 'SYNC_MAX_ITEM_ATTEMPTS',
  pollSeconds: 'SYNC_POLL_SECONDS',
  concurrentMailboxes: 'SYNC_CONCURRENT_MAILBOXES',
  concurrentTracks: 'SYNC_CONCURRENT_TRACKS',
};

/** Schedule overrides from `SYNC_*` variables (only those set); validated by `resolveSchedule`. */
export function scheduleFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<ScheduleConfig> {
  const out: Partial<ScheduleConfig> = {};
  for (const [key, name] of Object.entries(envNames) as [keyof ScheduleConfig, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
    out[key] = n;
  }
  return out;
}
