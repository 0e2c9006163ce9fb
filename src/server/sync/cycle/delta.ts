import { TRACKED_CATEGORY } from '#contract';
import { classify } from '../errors';
import { initialDeltaPath } from '../graph/mailbox-api';
import type { GraphDeltaEntry } from '../graph/types';
import { loadItemStates, type ItemRow } from '../store/items';
import type { Folder } from './candidate';
import type { CycleContext } from './context';

/** What the delta stage found in a folder: its changes, and which items need reading in full. */
export type Changes = {
  folder: Folder;
  /** The folder's new deltaLink, stored once its items are settled. */
  deltaLink: string | null;
  /** Items delta reported deleted. */
  removed: string[];
  /** Changed items and items retrying from earlier cycles that need a fetch. */
  toFetch: string[];
  /** The item rows sync already holds for the changed and retrying items. */
  states: Map<string, ItemRow>;
};

/** The delta stage: one delta round of the folder, then the item rows of what it lists. */
export async function readChanges(ctx: CycleContext, folder: Folder, retrying: ItemRow[]): Promise<Changes> {
  const delta = await readDelta(ctx, folder);
  const entries = new Map<string, GraphDeltaEntry>();
  const removed: string[] = [];
  for (const e of delta.value) {
    if (e['@removed']) removed.push(e.id);
    else if (!e.isDraft) entries.set(e.id, e);
  }
  const ids = [...new Set([...entries.keys(), ...retrying.map((r) => r.itemId)])].filter(
    (id) => !removed.includes(id),
  );
  const states = await loadItemStates(ctx.db, ctx.mb.id, ids);
  const toFetch = ids.filter((id) => needsFetch(states.get(id), entries.get(id)));
  return { folder, deltaLink: delta.deltaLink, removed, toFetch, states };
}

async function readDelta(
  ctx: CycleContext,
  folder: Folder,
): Promise<{ value: GraphDeltaEntry[]; deltaLink: string | null }> {
  const link = ctx.mb.deltaLinks[folder];
  const initial = initialDeltaPath(ctx.mg.userPath, folder);
  try {
    return await ctx.mg.pages<GraphDeltaEntry>(link ?? initial, 'mailbox');
  } catch (e) {
    if (link && classify(e, 'mailbox').action === 'resync') {
      // The token expired: list the folder in full; item rows and markers keep this from
      // reprocessing what is already tracked.
      ctx.metrics.inc('regarding_sync_resyncs_total', { folder });
      return await ctx.mg.pages<GraphDeltaEntry>(initial, 'mailbox');
    }
    throw e;
  }
}

/**
 * Whether a changed item needs fetching. Items sync tracked are skipped while they carry the
 * category sync set (the change is usually sync's own write-back); undeliverable items are looked
 * at again when they change, since the user may have asked to track them again.
 */
function needsFetch(row: ItemRow | undefined, entry: GraphDeltaEntry | undefined): boolean {
  if (!row || row.state === 'retrying') return true;
  if (!entry) return false;
  if (row.state === 'undeliverable' || !entry.categories) return true;
  return !entry.categories.includes(TRACKED_CATEGORY);
}
