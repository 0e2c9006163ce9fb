import {
  TRACKED_CATEGORY,
  UNDELIVERABLE_CATEGORY,
  normalizeAddress,
  regardingTypes,
  writeCecpValue,
  type CompactCard,
  type RegardingRef,
  type TrackedKind,
  type TrackingMarker,
  type UserSettings,
} from '#contract';
import type { Actor, CrmService } from '#server/crm/crm-service';
import type { Database } from '#server/db/types';
import { SyncError, classify, reasonForUser, type Classified } from '../errors';
import { batchResponseError, type GraphClient, type MailboxGraph } from '../graph/client';
import { fetchItemRequest, initialDeltaPath, writeBackRequest } from '../graph/mailbox-api';
import type { BatchRequest, GraphDeltaEntry, GraphEvent, GraphMessage } from '../graph/types';
import type { SyncMetrics } from '../monitoring/metrics';
import type { ScheduleConfig } from '../scheduler/schedule';
import { forgetItems, loadItemStates, loadRetrying, loadTrackedIndex, saveOutcomes } from '../store/items';
import type { ItemOutcome, ItemRow } from '../store/items';
import { setStage, storeDeltaLink, type MailboxRow } from '../store/mailboxes';
import { FOLDERS, eventCandidate, messageCandidate, type Candidate, type Folder } from './candidate';
import { decide, type CorrelationIndex, type PolicyContext } from './decide';

export type CycleDeps = {
  db: Database;
  crm: CrmService;
  graph: GraphClient;
  schedule: ScheduleConfig;
  /** This worker's lease owner id. */
  owner: string;
  metrics: SyncMetrics;
};

export type CycleResult = {
  tracked: number;
  failed: number;
  /** DeltaLinks of folders without changes, stored with the end of the cycle. */
  deferredLinks: Partial<Record<Folder, string | null>>;
};

type Ctx = CycleDeps & {
  mb: MailboxRow;
  actor: Actor;
  settings: UserSettings;
  mg: MailboxGraph;
};

/**
 * One sync cycle of one mailbox, as a stage machine recorded on the mailbox row: for each folder
 * delta -> fetch -> process -> writeback, then the folder's new deltaLink is stored. The deltaLink
 * is stored only after its items are settled, so a crash mid-folder replays the folder and the item
 * rows keep anything already done from being done twice.
 */
export async function runCycle(deps: CycleDeps, mb: MailboxRow): Promise<CycleResult> {
  const owner = await deps.crm.actorByEmail(mb.address);
  if (!owner) throw new SyncError('owner_unknown', `No enabled CRM user owns the mailbox ${mb.address}.`);
  // One access context for the cycle: the owner's privileges as of its start, not loaded again by
  // every track; what it resolves is remembered too (see `resolveParties`).
  const actor = await deps.crm.bindContext(owner);
  const { settings } = await deps.crm.me(actor);
  const ctx: Ctx = { ...deps, mb, actor, settings, mg: deps.graph.forMailbox(mb.address) };
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

async function readDelta(
  ctx: Ctx,
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

function kindOf(folder: Folder): TrackedKind {
  return folder === 'calendar' ? 'appointment' : 'email';
}

function regardingOf(card: CompactCard | null | undefined): RegardingRef | null {
  if (!card) return null;
  return (regardingTypes as readonly string[]).includes(card.type)
    ? { type: card.type as RegardingRef['type'], id: card.id }
    : null;
}

type FetchResult = {
  candidates: Candidate[];
  gone: string[];
  failures: { itemId: string; error: Classified }[];
};

async function fetchCandidates(ctx: Ctx, folder: Folder, ids: string[]): Promise<FetchResult> {
  const result: FetchResult = { candidates: [], gone: [], failures: [] };
  if (ids.length === 0) return result;
  const requests = ids.map((id, i) => fetchItemRequest(ctx.mg.userPath, folder, id, String(i)));
  const responses = await ctx.mg.batch(requests);
  let throttle: SyncError | null = null;
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
    if (err.code === 'graph_throttled' || err.code === 'graph_unavailable') throttle ??= err;
    else if (c.action === 'disable' || c.action === 'abandon') throw err;
    else if (c.action === 'ignore') result.gone.push(itemId);
    else result.failures.push({ itemId, error: c });
  });
  // Graph throttles the mailbox, not the item: back off the whole mailbox, honouring Retry-After.
  if (throttle) throw throttle;
  return result;
}

async function buildIndex(ctx: Ctx, candidates: Candidate[]): Promise<CorrelationIndex> {
  const index: CorrelationIndex = { byKey: new Map(), byConversation: new Map() };
  const keys = [
    ...new Set(candidates.flatMap((c) => [c.inReplyTo, ...c.references]).filter((k): k is string => !!k)),
  ].filter((k) => k.length <= 1000);
  const conversations = [...new Set(candidates.map((c) => c.conversationId).filter((k): k is string => !!k))];
  if (keys.length === 0 && conversations.length === 0) return index;
  for (const row of await loadTrackedIndex(ctx.db, ctx.mb.id, keys, conversations)) {
    if (row.key) index.byKey.set(row.key, row.regarding);
    if (row.conversationId) index.byConversation.set(row.conversationId, row.regarding);
  }
  // Emails tracked elsewhere (another mailbox, the pane) are known to the CRM by their key.
  const unknown = keys.filter((k) => !index.byKey.has(k));
  for (let i = 0; i < unknown.length; i += 100) {
    const chunk = unknown.slice(i, i + 100);
    const { items } = await ctx.crm.status(
      ctx.actor,
      chunk.map((key) => ({ kind: 'email' as const, key })),
    );
    for (const s of items) if (s.activityId) index.byKey.set(s.key, regardingOf(s.regarding));
  }
  return index;
}

async function resolveCrmAddresses(ctx: Ctx, candidates: Candidate[]): Promise<Set<string>> {
  const set = new Set<string>();
  if (ctx.settings.autoTrack !== 'from_crm_records') return set;
  const addresses = [...new Set(candidates.filter((c) => c.kind === 'email').flatMap((c) => c.counterparts))];
  for (let i = 0; i < addresses.length; i += 100) {
    const { results } = await ctx.crm.resolve(ctx.actor, addresses.slice(i, i + 100));
    for (const r of results) {
      const n = r.normalized ?? normalizeAddress(r.address);
      if (n && r.matches.some((m) => m.type === 'contact' || m.type === 'lead' || m.type === 'account'))
        set.add(n);
    }
  }
  return set;
}

/**
 * Resolves the people of the items about to be tracked, 100 addresses per statement, through the
 * cycle's bound actor, which remembers the matches: each track then resolves nothing itself (one
 * statement per item instead of two).
 */
async function resolveParties(ctx: Ctx, candidates: Candidate[]): Promise<void> {
  const addresses = [
    ...new Set(
      candidates.flatMap((c) =>
        c.request.item.people.flatMap((p) => {
          const n = normalizeAddress(p.address);
          return n ? [n] : [];
        }),
      ),
    ),
  ];
  for (let i = 0; i < addresses.length; i += 100)
    await ctx.crm.resolve(ctx.actor, addresses.slice(i, i + 100));
}

/** Runs `fn` over `items`, at most `limit` at once. */
async function runLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}

type Writeback = {
  candidate: Candidate;
  outcome: ItemOutcome;
  patch: { categories: string[]; cecp: string };
};

function outcomeFor(
  c: Candidate,
  p: Partial<ItemOutcome> & Pick<ItemOutcome, 'state' | 'attempts'>,
): ItemOutcome {
  return {
    itemId: c.itemId,
    folder: c.folder,
    kind: c.kind,
    key: c.key,
    conversationId: c.conversationId,
    subject: c.subject,
    trackedNow: false,
    activityId: null,
    regarding: null,
    markerAt: c.marker?.at ?? null,
    errorCode: null,
    error: null,
    ...p,
  };
}

function failedWriteback(ctx: Ctx, c: Candidate, error: Classified, attempts: number): Writeback {
  const marker: TrackingMarker = {
    v: 1,
    state: 'failed',
    kind: c.kind,
    regarding: c.marker?.regarding ?? null,
    ...(c.marker?.regardingName ? { regardingName: c.marker.regardingName } : {}),
    by: c.marker?.by ?? ctx.actor.userId,
    at: new Date().toISOString(),
    code: error.code.slice(0, 60),
    reason: reasonForUser(error).slice(0, 500),
  };
  const categories = [
    ...c.categories.filter((x) => x !== TRACKED_CATEGORY && x !== UNDELIVERABLE_CATEGORY),
    UNDELIVERABLE_CATEGORY,
  ];
  return {
    candidate: c,
    outcome: outcomeFor(c, { state: 'undeliverable', attempts, errorCode: error.code, error: error.message }),
    patch: { categories, cecp: writeCecpValue(c.cecpRaw, marker) },
  };
}

type FolderResult = { tracked: number; failed: number; deferredLink?: string | null };

/** One folder; the row's stage is `delta` on entry (set by the claim, or by the previous folder). */
async function syncFolder(ctx: Ctx, folder: Folder, retrying: ItemRow[]): Promise<FolderResult> {
  const { db, mb, owner, schedule, metrics } = ctx;
  const result: FolderResult = { tracked: 0, failed: 0 };

  const delta = await readDelta(ctx, folder);
  if (delta.value.length === 0 && retrying.length === 0) return { ...result, deferredLink: delta.deltaLink };
  const entries = new Map<string, GraphDeltaEntry>();
  const removed: string[] = [];
  for (const e of delta.value) {
    if (e['@removed']) removed.push(e.id);
    else if (!e.isDraft) entries.set(e.id, e);
  }
  const ids = [...new Set([...entries.keys(), ...retrying.map((r) => r.itemId)])].filter(
    (id) => !removed.includes(id),
  );
  const states = await loadItemStates(db, mb.id, ids);
  const toFetch = ids.filter((id) => needsFetch(states.get(id), entries.get(id)));
  if (toFetch.length === 0) {
    // Typically the echo of this sync's own write-backs: nothing to do but forget deleted items.
    await forgetItems(db, mb.id, removed);
    return { ...result, deferredLink: delta.deltaLink };
  }

  await setStage(db, mb.id, owner, 'fetch');
  const fetched = await fetchCandidates(ctx, folder, toFetch);

  await setStage(db, mb.id, owner, 'process');
  const outcomes: ItemOutcome[] = [];
  const forget: string[] = [...removed, ...fetched.gone];
  for (const f of fetched.failures) {
    const prior = states.get(f.itemId);
    const attempts = (prior?.state === 'retrying' ? prior.attempts : 0) + 1;
    const final = f.error.action === 'fail' || attempts >= schedule.maxItemAttempts;
    outcomes.push({
      itemId: f.itemId,
      folder,
      kind: kindOf(folder),
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
    });
    result.failed++;
  }

  const candidates = fetched.candidates.sort((a, b) =>
    (a.receivedAt ?? '').localeCompare(b.receivedAt ?? ''),
  );
  const index = await buildIndex(ctx, candidates);
  const policy: PolicyContext = {
    policy: ctx.settings.autoTrack,
    neverLog: ctx.settings.neverLog,
    autoTrackSince: mb.autoTrackSince,
    crmAddresses: await resolveCrmAddresses(ctx, candidates),
  };
  const writebacks: Writeback[] = [];

  const handle = async (c: Candidate): Promise<void> => {
    const prior = states.get(c.itemId);
    const newRequest = c.marker?.state === 'pending' && c.marker.at !== prior?.markerAt;
    if ((prior?.state === 'done' || prior?.state === 'undeliverable') && !newRequest) return;
    const decision = decide(c, index, policy);
    if (decision.action === 'skip') {
      metrics.inc('regarding_sync_items_total', { outcome: 'skipped', reason: decision.reason });
      if (decision.reason === 'already_tracked' && c.marker?.activityId) {
        // Tracked by the pane: remembered so replies in this mailbox correlate to it.
        const regarding = c.marker.regarding ?? null;
        if (c.key) index.byKey.set(c.key, regarding);
        if (c.conversationId) index.byConversation.set(c.conversationId, regarding);
        outcomes.push(
          outcomeFor(c, { state: 'done', attempts: 0, activityId: c.marker.activityId, regarding }),
        );
      } else if (prior?.state === 'retrying') {
        forget.push(c.itemId); // no longer asks to be tracked (marker or category removed)
      }
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
      index.byKey.set(c.key!, regarding);
      if (c.conversationId) index.byConversation.set(c.conversationId, regarding);
      const marker: TrackingMarker = {
        v: 1,
        state: 'tracked',
        kind: c.kind,
        regarding,
        ...(res.activity.regarding ? { regardingName: res.activity.regarding.name.slice(0, 200) } : {}),
        by: c.marker?.by ?? ctx.actor.userId,
        at: new Date().toISOString(),
        activityId: res.activity.id,
      };
      const categories = [
        ...c.categories.filter((x) => x !== UNDELIVERABLE_CATEGORY && x !== TRACKED_CATEGORY),
        TRACKED_CATEGORY,
      ];
      writebacks.push({
        candidate: c,
        outcome: outcomeFor(c, {
          state: 'done',
          attempts: attemptsSoFar + 1,
          trackedNow: true,
          activityId: res.activity.id,
          regarding,
        }),
        patch: { categories, cecp: writeCecpValue(c.cecpRaw, marker) },
      });
      metrics.inc('regarding_sync_items_total', { outcome: 'tracked', source: decision.source });
      result.tracked++;
    } catch (e) {
      const cl = classify(e, 'item');
      if (cl.action === 'disable' || cl.action === 'abandon') throw e;
      if (cl.action === 'ignore') return;
      const attempts = attemptsSoFar + 1;
      result.failed++;
      if (cl.action === 'fail' || attempts >= schedule.maxItemAttempts) {
        writebacks.push(failedWriteback(ctx, c, cl, attempts));
        metrics.inc('regarding_sync_items_total', { outcome: 'undeliverable' });
      } else {
        outcomes.push(outcomeFor(c, { state: 'retrying', attempts, errorCode: cl.code, error: cl.message }));
        metrics.inc('regarding_sync_items_total', { outcome: 'retrying' });
      }
    }
  };

  // Pending markers are independent requests: tracked in parallel (the per-mailbox Graph limit
  // does not apply to the CRM). Everything else in received order, since correlation can depend
  // on an earlier item of the same cycle.
  const isManual = (c: Candidate) => c.marker?.state === 'pending' && !c.isDraft && !!c.key;
  // The items the rules track as things stand (correlation within the cycle may add a few, which
  // then resolve their own people).
  await resolveParties(
    ctx,
    candidates.filter((c) => decide(c, index, policy).action === 'track'),
  );
  await runLimited(candidates.filter(isManual), schedule.concurrentTracks, handle);
  for (const c of candidates.filter((c) => !isManual(c))) await handle(c);

  await setStage(db, mb.id, owner, 'writeback');
  let permissionError: SyncError | null = null;
  if (writebacks.length > 0) {
    const requests: BatchRequest[] = writebacks.map((w, i) =>
      writeBackRequest(ctx.mg.userPath, folder, w.candidate.itemId, String(i), w.patch),
    );
    const responses = await ctx.mg.batch(requests);
    responses.forEach((r, i) => {
      const w = writebacks[i]!;
      if (r.status < 200 || r.status >= 300) {
        // The activity exists either way; a marker that could not be updated is reconciled by the
        // pane through the status API, so the item is not tracked again.
        const err = batchResponseError(r);
        const c = classify(err, 'item');
        if (c.action === 'disable') permissionError ??= err;
        w.outcome.error = `write-back failed: ${err.message}`;
        w.outcome.errorCode ??= err.code;
      }
      outcomes.push(w.outcome);
    });
  }
  await saveOutcomes(db, mb.id, owner, outcomes);
  await forgetItems(db, mb.id, forget);
  if (permissionError) throw permissionError;
  await storeDeltaLink(db, mb.id, owner, folder, delta.deltaLink);
  return result;
}
