import { classify } from '../errors';
import type { ItemOutcome, ItemRow } from '../store/items';
import type { Candidate } from './candidate';
import type { CycleContext } from './context';
import { loadCorrelationIndex, regardingOf, rememberTracked } from './correlation';
import { decide, type CorrelationIndex, type PolicyContext, type SkipReason } from './decide';
import type { Changes } from './delta';
import type { Fetched } from './fetch';
import { failedWriteback, kindOf, outcomeFor, trackedWriteback, type Writeback } from './item-results';
import { resolveCrmAddresses, resolveParties } from './people';

/** What the process stage decided, for the writeback stage to write. */
export type Processed = {
  /** Item rows that need no patch: fetch failures, retries, items seen tracked by the pane. */
  outcomes: ItemOutcome[];
  /** Items to patch (marker and category), each with its row. */
  writebacks: Writeback[];
  /** Items whose rows go: deleted, vanished, or no longer asking to be tracked. */
  forget: string[];
  tracked: number;
  failed: number;
};

/** The decision rules' inputs for one folder's candidates. */
type Rules = {
  index: CorrelationIndex;
  policy: PolicyContext;
  /** Item rows from before this cycle. */
  states: ReadonlyMap<string, ItemRow>;
};

/**
 * The process stage: the decision rules over the fetched items, tracking through `crm.track` as
 * the mailbox owner. Pending markers are independent requests and are tracked in parallel (the
 * per-mailbox Graph limit does not apply to the CRM); everything else in received order, since
 * correlation can depend on an earlier item of the same cycle.
 */
export async function processCandidates(
  ctx: CycleContext,
  changes: Changes,
  fetched: Fetched,
): Promise<Processed> {
  const out: Processed = {
    outcomes: fetched.failures.map((f) => fetchFailureOutcome(ctx, changes, f)),
    writebacks: [],
    forget: [...changes.removed, ...fetched.gone],
    tracked: 0,
    failed: fetched.failures.length,
  };
  const candidates = fetched.candidates.sort((a, b) =>
    (a.receivedAt ?? '').localeCompare(b.receivedAt ?? ''),
  );
  const index = await loadCorrelationIndex(ctx, candidates);
  const policy: PolicyContext = {
    policy: ctx.settings.autoTrack,
    neverLog: ctx.settings.neverLog,
    autoTrackSince: ctx.mb.autoTrackSince,
    crmAddresses: await resolveCrmAddresses(ctx, candidates),
  };
  const rules: Rules = { index, policy, states: changes.states };
  // The items the rules track as things stand (correlation within the cycle may add a few, which
  // then resolve their own people).
  await resolveParties(
    ctx,
    candidates.filter((c) => decide(c, index, policy).action === 'track'),
  );
  const isManual = (c: Candidate) => c.marker?.state === 'pending' && !c.isDraft && !!c.key;
  const handle = (c: Candidate) => handleCandidate(ctx, rules, out, c);
  await runLimited(candidates.filter(isManual), ctx.schedule.concurrentTracks, handle);
  for (const c of candidates.filter((c) => !isManual(c))) await handle(c);
  return out;
}

/** An item the fetch stage could not read: retried at a later cycle, or given up on. */
function fetchFailureOutcome(
  ctx: CycleContext,
  changes: Changes,
  f: Fetched['failures'][number],
): ItemOutcome {
  const prior = changes.states.get(f.itemId);
  const attempts = (prior?.state === 'retrying' ? prior.attempts : 0) + 1;
  const final = f.error.action === 'fail' || attempts >= ctx.schedule.maxItemAttempts;
  return {
    itemId: f.itemId,
    folder: changes.folder,
    kind: kindOf(changes.folder),
    key: null,
    conversationId: null,
    subject: null,
    state: final ? 'undeliverable' : 'retrying',
    attempts,
    trackedNow: false,
    activityId: null,
    regarding: null,
    markerAt: prior?.markerAt ?? null,
    errorCode: f.error.code,
    error: f.error.message,
  };
}

async function handleCandidate(ctx: CycleContext, rules: Rules, out: Processed, c: Candidate): Promise<void> {
  const prior = rules.states.get(c.itemId);
  // A pending marker with a new `at` is a new request, even on an item sync settled before.
  const newRequest = c.marker?.state === 'pending' && c.marker.at !== prior?.markerAt;
  if ((prior?.state === 'done' || prior?.state === 'undeliverable') && !newRequest) return;
  const decision = decide(c, rules.index, rules.policy);
  if (decision.action === 'skip') {
    skipCandidate(ctx, rules.index, out, c, prior, decision.reason);
    return;
  }
  const attemptsSoFar = prior?.state === 'retrying' && !newRequest ? prior.attempts : 0;
  try {
    const res = await ctx.crm.track(
      ctx.actor,
      c.kind,
      c.key!,
      { item: c.request.item, ...(decision.regarding ? { regarding: decision.regarding } : {}) },
      decision.source,
    );
    const regarding = regardingOf(res.activity.regarding);
    rememberTracked(rules.index, c, regarding);
    const activity = { id: res.activity.id, regarding, regardingName: res.activity.regarding?.name ?? null };
    out.writebacks.push(trackedWriteback(ctx, c, activity, attemptsSoFar + 1));
    ctx.metrics.inc('regarding_sync_items_total', { outcome: 'tracked', source: decision.source });
    out.tracked++;
  } catch (e) {
    trackFailed(ctx, out, c, e, attemptsSoFar + 1);
  }
}

function skipCandidate(
  ctx: CycleContext,
  index: CorrelationIndex,
  out: Processed,
  c: Candidate,
  prior: ItemRow | undefined,
  reason: SkipReason,
): void {
  ctx.metrics.inc('regarding_sync_items_total', { outcome: 'skipped', reason });
  if (reason === 'already_tracked' && c.marker?.activityId) {
    // Tracked by the pane: remembered so replies in this mailbox correlate to it.
    const regarding = c.marker.regarding ?? null;
    rememberTracked(index, c, regarding);
    out.outcomes.push(
      outcomeFor(c, { state: 'done', attempts: 0, activityId: c.marker.activityId, regarding }),
    );
  } else if (prior?.state === 'retrying') {
    out.forget.push(c.itemId); // no longer asks to be tracked (marker or category removed)
  }
}

/** A failed track: the mailbox stops (access, lease), or the item is retried later or given up on. */
function trackFailed(
  ctx: CycleContext,
  out: Processed,
  c: Candidate,
  error: unknown,
  attempts: number,
): void {
  const cl = classify(error, 'item');
  if (cl.action === 'disable' || cl.action === 'abandon') throw error;
  if (cl.action === 'ignore') return;
  out.failed++;
  if (cl.action === 'fail' || attempts >= ctx.schedule.maxItemAttempts) {
    out.writebacks.push(failedWriteback(ctx, c, cl, attempts));
    ctx.metrics.inc('regarding_sync_items_total', { outcome: 'undeliverable' });
  } else {
    out.outcomes.push(outcomeFor(c, { state: 'retrying', attempts, errorCode: cl.code, error: cl.message }));
    ctx.metrics.inc('regarding_sync_items_total', { outcome: 'retrying' });
  }
}

/** Runs `fn` over `items`, at most `limit` at once. */
async function runLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}
