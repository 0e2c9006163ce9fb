import {
  DEMO_USERS,
  GRAPH_APP_ROLES,
  GRAPH_AUDIENCE,
  cecpExtendedPropertyId,
  parseCecpValue,
  writeCecpValue,
  type RegardingRef,
  type TrackingMarker,
} from '#contract';
import { startEmulator, type RunningEmulator } from '#emulator/server';
import type { Mailbox, MessageItem } from '#emulator/mailbox/types';
import { createCrmService } from '#server/crm/create-crm-service';
import type { Actor, CrmService } from '#server/crm/crm-service';
import type { Database } from '#server/db/types';
import { createDevIssuer, type DevIssuer } from '#server/identity/dev-issuer';
import {
  createSyncMetrics,
  ensureMailboxes,
  startSyncWorker,
  type ScheduleConfig,
  type SyncWorker,
} from '#server/sync/index';

/**
 * Seconds instead of minutes. Intervals stay long enough that only the mailboxes a test makes due
 * (`makeDue`) are synced by its `runOnce()`.
 */
export const FAST_SCHEDULE: Partial<ScheduleConfig> = {
  defaultIntervalSeconds: 60,
  busyIntervalSeconds: 30,
  maxIntervalSeconds: 120,
  leaseSeconds: 10,
  backoffBaseSeconds: 1,
  pollSeconds: 0.2,
};

export type SyncEnv = {
  db: Database;
  crm: CrmService;
  issuer: DevIssuer;
  emulator: RunningEmulator;
  metrics: ReturnType<typeof createSyncMetrics>;
  worker(opts?: {
    crm?: CrmService;
    tokenProvider?: () => Promise<string>;
    schedule?: Partial<ScheduleConfig>;
    workerId?: string;
  }): SyncWorker;
  actor(email: string): Promise<Actor>;
  mailbox(email: string): Mailbox;
  /** Makes mailboxes due now (all, or one address). */
  makeDue(address?: string): Promise<void>;
  close(): Promise<void>;
};

export const ALEX = DEMO_USERS.find((u) => u.email === 'alex.morgan@contoso.example')!;

/** Seed of the CRM for sync tests: the demo users and records, few bulk rows. */
export const SYNC_SEED = { contacts: 20, leads: 10, accounts: 10 };

/** On a migrated, demo-seeded CRM: the emulator with an empty mailbox per demo user, and mailbox rows. */
export async function startSyncEnv(db: Database): Promise<SyncEnv> {
  const crm = createCrmService(db);
  const issuer = createDevIssuer();
  const emulator = await startEmulator({
    port: 0,
    jwks: issuer.publicJwks(),
    crmUrl: 'http://127.0.0.1:9',
    addinDistDir: 'dist/addin',
    emulatorDistDir: 'dist/emulator',
    seed: false,
  });
  for (const u of DEMO_USERS)
    emulator.store.addMailbox({ email: u.email, name: u.name, objectId: u.objectId });
  await ensureMailboxes(db);
  // Auto-track applies to mail from when the mailbox was enabled; test mail is dated "now".
  await db.query(`UPDATE mailboxes SET auto_track_since = now() - interval '1 hour'`);
  const metrics = createSyncMetrics();
  const workers: SyncWorker[] = [];
  const appToken = () => issuer.issueAppToken({ audience: GRAPH_AUDIENCE, roles: GRAPH_APP_ROLES });
  return {
    db,
    crm,
    issuer,
    emulator,
    metrics,
    worker(opts = {}) {
      const w = startSyncWorker({
        db,
        crm: opts.crm ?? crm,
        graph: { baseUrl: emulator.graphUrl, tokenProvider: opts.tokenProvider ?? appToken },
        schedule: { ...FAST_SCHEDULE, ...opts.schedule },
        ...(opts.workerId ? { workerId: opts.workerId } : {}),
        metrics,
        autoStart: false,
      });
      workers.push(w);
      return w;
    },
    async actor(email) {
      const a = await crm.actorByEmail(email);
      if (!a) throw new Error(`no CRM user ${email}`);
      return a;
    },
    mailbox: (email) => emulator.store.mailbox(email),
    async makeDue(address) {
      await db.query(
        `UPDATE mailboxes SET next_sync_at = now() - interval '1 second', retry_after = NULL
          WHERE enabled AND ($1::text IS NULL OR address = $1)`,
        [address ?? null],
      );
    },
    async close() {
      for (const w of workers) await w.stop();
      await emulator.close();
    },
  };
}

let counter = 0;

export type NewTestMessage = {
  subject: string;
  from: { name: string; address: string };
  to: { name: string; address: string }[];
  folder?: 'inbox' | 'sentitems';
  key?: string;
  inReplyTo?: string;
  conversationId?: string;
  headers?: { name: string; value: string }[];
  categories?: string[];
  marker?: TrackingMarker;
  receivedAt?: string;
};

/** Puts a message into an emulated mailbox, as delivery would (with a marker when given). */
export function addMessage(env: SyncEnv, owner: string, m: NewTestMessage): MessageItem {
  const mailbox = env.mailbox(owner);
  const key = m.key ?? `sync-test-${++counter}-${Date.now()}`;
  const at = m.receivedAt ?? new Date().toISOString();
  const headers = [...(m.headers ?? [])];
  if (m.inReplyTo)
    headers.push({ name: 'In-Reply-To', value: m.inReplyTo }, { name: 'References', value: m.inReplyTo });
  return env.emulator.store.insertMessage(mailbox, m.folder ?? 'inbox', {
    key,
    subject: m.subject,
    body: { contentType: 'text', content: `Body of ${m.subject}` },
    categories: m.categories ?? [],
    singleValueExtendedProperties: m.marker
      ? [{ id: cecpExtendedPropertyId(), value: writeCecpValue(null, m.marker) }]
      : [],
    internetMessageId: `<${key}@test.example>`,
    conversationId: m.conversationId ?? `conv-${key}`,
    conversationIndex: 'AQ==',
    from: { emailAddress: m.from },
    sender: { emailAddress: m.from },
    toRecipients: m.to.map((emailAddress) => ({ emailAddress })),
    ccRecipients: [],
    bccRecipients: [],
    replyTo: [],
    createdDateTime: at,
    receivedDateTime: at,
    sentDateTime: at,
    isRead: false,
    isDraft: false,
    importance: 'normal',
    internetMessageHeaders: headers,
  });
}

export function pendingMarker(by: string, regarding: RegardingRef | null): TrackingMarker {
  return { v: 1, state: 'pending', kind: 'email', regarding, by, at: new Date().toISOString() };
}

/** The marker as it is now stored on the item. */
export function markerOf(env: SyncEnv, owner: string, itemId: string): TrackingMarker | null {
  const item = env.emulator.store.item(env.mailbox(owner), itemId);
  const id = cecpExtendedPropertyId().toLowerCase();
  return parseCecpValue(
    item.singleValueExtendedProperties.find((p) => p.id.toLowerCase() === id)?.value ?? null,
  );
}

export function categoriesOf(env: SyncEnv, owner: string, itemId: string): string[] {
  return env.emulator.store.item(env.mailbox(owner), itemId).categories;
}

export async function activityCount(db: Database, key: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM activities WHERE key = $1`, [
    key,
  ]);
  return rows[0]!.n;
}

export async function recordId(
  db: Database,
  table: 'opportunities' | 'accounts',
  name: string,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM ${table} WHERE name = $1`, [name]);
  if (!rows[0]) throw new Error(`no ${table} named ${name}`);
  return rows[0].id;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
