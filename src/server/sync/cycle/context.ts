import type { UserSettings } from '#contract';
import type { Actor, CrmService } from '#server/crm/crm-service';
import type { Database } from '#server/db/types';
import type { GraphClient, MailboxGraph } from '../graph/client';
import type { SyncMetrics } from '../monitoring/metrics';
import type { ScheduleConfig } from '../scheduler/schedule';
import type { MailboxRow } from '../store/mailboxes';

/** What a worker gives every cycle it runs. */
export type CycleDeps = {
  db: Database;
  crm: CrmService;
  graph: GraphClient;
  schedule: ScheduleConfig;
  /** This worker's lease owner id. */
  owner: string;
  metrics: SyncMetrics;
};

/** One cycle of one mailbox: the worker's deps, the claimed row, and the owner as the CRM sees them. */
export type CycleContext = CycleDeps & {
  mb: MailboxRow;
  /** The mailbox owner's access context, bound for the whole cycle. */
  actor: Actor;
  settings: UserSettings;
  mg: MailboxGraph;
};
