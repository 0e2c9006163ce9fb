import * as z from 'zod/mini';
import './zod-messages';

export const SyncStage = z.enum(['idle', 'delta', 'fetch', 'process', 'writeback', 'backoff', 'disabled']);
export type SyncStage = z.infer<typeof SyncStage>;

const isoOrNull = z.nullable(z.iso.datetime({ offset: true }));

export const SyncMailbox = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  address: z.string(),
  enabled: z.boolean(),
  stage: SyncStage,
  lastSyncAt: isoOrNull,
  lastSuccessAt: isoOrNull,
  nextSyncAt: isoOrNull,
  intervalSeconds: z.number().check(z.int()),
  failureCount: z.number().check(z.int()),
  retryAfter: isoOrNull,
  lastError: z.nullable(z.string()),
  disabledReason: z.nullable(z.string()),
  /** Items seen but not yet tracked (pending markers and retries). */
  backlog: z.number().check(z.int()),
});
export type SyncMailbox = z.infer<typeof SyncMailbox>;

export const SyncMailboxesResponse = z.object({ mailboxes: z.array(SyncMailbox) });

export const SyncItemFailure = z.object({
  id: z.uuid(),
  mailboxId: z.uuid(),
  address: z.string(),
  itemId: z.string(),
  kind: z.enum(['email', 'appointment']),
  subject: z.nullable(z.string()),
  attempts: z.number().check(z.int()),
  state: z.enum(['retrying', 'undeliverable']),
  lastError: z.nullable(z.string()),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type SyncItemFailure = z.infer<typeof SyncItemFailure>;

export const SyncItemsResponse = z.object({ items: z.array(SyncItemFailure) });
