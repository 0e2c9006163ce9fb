import { SyncError } from '../errors';
import { forgetItems, loadRetrying, type ItemRow } from '../store/items';
import { setStage, storeDeltaLink, type MailboxRow } from '../store/mailboxes';
import { FOLDERS, type Folder } from './candidate';
import type { CycleContext, CycleDeps } from './context';
import { readChanges } from './delta';
import { fetchCandidates } from './fetch';
import { processCandidates } from './process';
import { writeBack } from './writeback';

export type CycleResult = {
  tracked: number;
  failed: number;
  /** DeltaLinks of folders without changes, stored with the end of the cycle. */
  deferredLinks: Partial<Record<Folder, string | null>>;
};

/** What one folder's pass did. */
type FolderReport = {
  tracked: number;
  failed: number;
  /** Set when the folder's new deltaLink is left for `completeCycle` to store. */
  deferredLink?: string | null;
};

/**
 * One sync cycle of one mailbox: every folder in turn through the stage machine of `syncFolder`.
 * The mailbox row's `stage` column records the stage a folder is in.
 */
export async function runCycle(deps: CycleDeps, mb: MailboxRow): Promise<CycleResult> {
  const ctx = await openCycle(deps, mb);
  const retrying = await loadRetrying(deps.db, mb.id);
  const total: CycleResult = { tracked: 0, failed: 0, deferredLinks: {} };
  for (const folder of FOLDERS) {
    const r = await syncFolder(
      ctx,
      folder,
      retrying.filter((i) => i.folder === folder),
    );
    total.tracked += r.tracked;
    total.failed += r.failed;
    if (r.deferredLink !== undefined) total.deferredLinks[folder] = r.deferredLink;
  }
  return total;
}

async function openCycle(deps: CycleDeps, mb: MailboxRow): Promise<CycleContext> {
  const owner = await deps.crm.actorByEmail(mb.address);
  if (!owner) throw new SyncError('owner_unknown', `No enabled CRM user owns the mailbox ${mb.address}.`);
  // One access context for the cycle: the owner's privileges as of its start, not loaded again by
  // every track; what it resolves is remembered too (see `resolveParties`).
  const actor = await deps.crm.bindContext(owner);
  const { settings } = await deps.crm.me(actor);
  return { ...deps, mb, actor, settings, mg: deps.graph.forMailbox(mb.address) };
}

/**
 * The stage machine of one folder, and the one place its transitions are made:
 *
 *   delta -> fetch -> process -> writeback -> (deltaLink stored) delta of the next folder
 *
 * The row's stage is `delta` on entry (set by the claim, or by the previous folder). Each stage
 * returns what the next needs; a mailbox-level stop (throttling, lost access) is decided here. The
 * deltaLink is stored only after the folder's items are settled, so a crash mid-folder replays the
 * folder and the item rows keep anything already done from being done twice.
 */
async function syncFolder(ctx: CycleContext, folder: Folder, retrying: ItemRow[]): Promise<FolderReport> {
  const changes = await readChanges(ctx, folder, retrying);
  if (changes.toFetch.length === 0) {
    // Typically the echo of this sync's own write-backs: nothing to do but forget deleted items.
    await forgetItems(ctx.db, ctx.mb.id, changes.removed);
    return { tracked: 0, failed: 0, deferredLink: changes.deltaLink };
  }

  await setStage(ctx.db, ctx.mb.id, ctx.owner, 'fetch');
  const fetched = await fetchCandidates(ctx, folder, changes.toFetch);
  // Graph throttles the mailbox, not the item: back off the whole mailbox, honouring Retry-After.
  if (fetched.throttled) throw fetched.throttled;

  await setStage(ctx.db, ctx.mb.id, ctx.owner, 'process');
  const processed = await processCandidates(ctx, changes, fetched);

  await setStage(ctx.db, ctx.mb.id, ctx.owner, 'writeback');
  const written = await writeBack(ctx, folder, processed);
  if (written.accessLost) throw written.accessLost;

  await storeDeltaLink(ctx.db, ctx.mb.id, ctx.owner, folder, changes.deltaLink);
  return { tracked: processed.tracked, failed: processed.failed };
}
