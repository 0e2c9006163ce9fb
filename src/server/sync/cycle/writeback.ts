import { classify, type SyncError } from '../errors';
import { batchResponseError } from '../graph/client';
import { writeBackRequest } from '../graph/mailbox-api';
import { forgetItems, saveOutcomes, type ItemOutcome } from '../store/items';
import type { Folder } from './candidate';
import type { CycleContext } from './context';
import type { Writeback } from './item-results';
import type { Processed } from './process';

export type WrittenBack = {
  /** Graph refused a patch for lack of access: the mailbox is disabled once the rows are saved. */
  accessLost: SyncError | null;
};

/**
 * The writeback stage: markers and categories through `$batch` PATCH, then the folder's item rows
 * in one statement, and the rows of items that are gone are forgotten.
 */
export async function writeBack(
  ctx: CycleContext,
  folder: Folder,
  processed: Processed,
): Promise<WrittenBack> {
  const patched = await patchItems(ctx, folder, processed.writebacks);
  await saveOutcomes(ctx.db, ctx.mb.id, ctx.owner, [...processed.outcomes, ...patched.outcomes]);
  await forgetItems(ctx.db, ctx.mb.id, processed.forget);
  return { accessLost: patched.accessLost };
}

async function patchItems(
  ctx: CycleContext,
  folder: Folder,
  writebacks: Writeback[],
): Promise<{ outcomes: ItemOutcome[]; accessLost: SyncError | null }> {
  let accessLost: SyncError | null = null;
  if (writebacks.length === 0) return { outcomes: [], accessLost };
  const requests = writebacks.map((w, i) =>
    writeBackRequest(ctx.mg.userPath, folder, w.candidate.itemId, String(i), w.patch),
  );
  const responses = await ctx.mg.batch(requests);
  const outcomes = responses.map((r, i) => {
    const w = writebacks[i]!;
    if (r.status < 200 || r.status >= 300) {
      // The activity exists either way; a marker that could not be updated is reconciled by the
      // pane through the status API, so the item is not tracked again.
      const err = batchResponseError(r);
      if (classify(err, 'item').action === 'disable') accessLost ??= err;
      w.outcome.error = `write-back failed: ${err.message}`;
      w.outcome.errorCode ??= err.code;
    }
    return w.outcome;
  });
  return { outcomes, accessLost };
}
