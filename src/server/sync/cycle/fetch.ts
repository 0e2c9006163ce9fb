import { SyncError, classify, type Classified } from '../errors';
import { batchResponseError } from '../graph/client';
import { fetchItemRequest } from '../graph/mailbox-api';
import type { GraphEvent, GraphMessage } from '../graph/types';
import { eventCandidate, messageCandidate, type Candidate, type Folder } from './candidate';
import type { CycleContext } from './context';

/** What the fetch stage read: the items in full, and those it could not. */
export type Fetched = {
  candidates: Candidate[];
  /** Items deleted or moved between listing and fetching. */
  gone: string[];
  /** Items that failed on their own (the rest of the folder goes on). */
  failures: { itemId: string; error: Classified }[];
  /** Graph throttled or was unavailable for some items: a mailbox-level condition. */
  throttled: SyncError | null;
};

/**
 * The fetch stage: every item that needs it through `$batch`, with the add-in's custom properties
 * (the marker) expanded. A failure that concerns the whole mailbox (access revoked, lease lost)
 * throws at once.
 */
export async function fetchCandidates(ctx: CycleContext, folder: Folder, ids: string[]): Promise<Fetched> {
  const result: Fetched = { candidates: [], gone: [], failures: [], throttled: null };
  if (ids.length === 0) return result;
  const requests = ids.map((id, i) => fetchItemRequest(ctx.mg.userPath, folder, id, String(i)));
  const responses = await ctx.mg.batch(requests);
  responses.forEach((r, i) => {
    const itemId = ids[i]!;
    if (r.status >= 200 && r.status < 300 && r.body && typeof r.body === 'object') {
      result.candidates.push(
        folder === 'calendar'
          ? eventCandidate(r.body as GraphEvent, ctx.mb.address)
          : messageCandidate(r.body as GraphMessage, folder, ctx.mb.address),
      );
      return;
    }
    const err = batchResponseError(r);
    const c = classify(err, 'item');
    if (err.code === 'graph_throttled' || err.code === 'graph_unavailable') result.throttled ??= err;
    else if (c.action === 'disable' || c.action === 'abandon') throw err;
    else if (c.action === 'ignore') result.gone.push(itemId);
    else result.failures.push({ itemId, error: c });
  });
  return result;
}
