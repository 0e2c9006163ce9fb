import { z } from 'zod';

export const SyncStage = z.enum(['idle', 'delta', 'fetch', 'process', 'writeback', 'backoff', 'disabled']);
export type SyncStage = z.infer<typeof SyncStage>;

const isoOrNull = z.iso.datetime({ offset: true }).nullable();

export const SyncMailbox = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  address: z.string(),
  enabled: z.boolean(),
  stage: SyncStage,
  lastSyncAt: isoOrNull,
  lastSuccessAt: isoOrNull,
  nextSyncAt: isoOrNull,
  intervalSeconds: z.number().int(),
  failureCount: z.number().int(),
  retryAfter: isoOrNull,
  lastError: z.string().nullable(),
  disabledReason: z.string().nullable(),
  /** Items seen but not yet tracked (pending markers and retries). */
  backlog: z.number().int(),
});
export type SyncMailbox = z.infer<typeof SyncMailbox>;

export const SyncMailboxesResponse = z.object({ mailboxes: z.array(SyncMailbox) });

export const SyncItemFailure = z.object({
  id: z.uuid(),
  mailboxId: z.uuid(),
  address: z.string(),
  itemId: z.string(),
  kind: z.enum(['email', 'appointment']),
  subject: z.string().nullable(),
  attempts: z.number().int(),
  state: z.enum(['retrying', 'undeliverable']),
  lastError: z.string().nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type SyncItemFailure = z.infer<typeof SyncItemFailure>;

export const SyncItemsResponse = z.object({ items: z.array(SyncItemFailure) });
