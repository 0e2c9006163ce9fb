import type { AppointmentKeyResponse } from '#contract';
import type { Actor } from '../crm/crm-service';
import { AppError } from '../errors';
import { createGraphClient, type GraphClient, type GraphClientOptions } from './graph/client';
import { SyncError } from './errors';

/** Reads of the caller's own mailbox the pane needs and Office.js cannot give it. */
export type MailboxLookup = {
  appointmentKey(actor: Actor, itemId: string): Promise<AppointmentKeyResponse>;
  close(): Promise<void>;
};

/**
 * Looks items up through Graph with the sync app's credentials, always in the caller's own
 * mailbox (the actor's address), so a user can never read another mailbox through it.
 */
export function createMailboxLookup(graphOptions: GraphClientOptions | null): MailboxLookup {
  const graph: GraphClient | null = graphOptions ? createGraphClient(graphOptions) : null;
  return {
    async appointmentKey(actor, itemId) {
      if (!graph) {
        throw new AppError(
          'unavailable',
          'Meetings cannot be looked up because mailbox access (Graph) is not configured on this server.',
          undefined,
          300,
        );
      }
      const mailbox = graph.forMailbox(actor.email);
      try {
        const event = await mailbox.get<{ iCalUId?: string }>(
          `${mailbox.userPath}/events/${encodeURIComponent(itemId)}?$select=iCalUId`,
          'item',
        );
        if (!event.iCalUId) throw new AppError('not_found', 'This meeting has no calendar identifier yet.');
        return { key: event.iCalUId };
      } catch (error) {
        if (!(error instanceof SyncError)) throw error;
        if (error.code === 'graph_item_not_found' || error.code === 'graph_mailbox_not_found') {
          throw new AppError('not_found', 'This meeting was not found in your calendar.');
        }
        throw new AppError(
          'unavailable',
          'Your mailbox could not be reached to look up this meeting.',
          { cause: error.code },
          error.retryAfterSeconds ?? 30,
        );
      }
    },
    close: async () => graph?.close(),
  };
}
