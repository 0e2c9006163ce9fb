import { GraphError } from '../errors';
import type { MailboxStore } from '../mailbox/store';
import type { Folder, Mailbox, MailboxItem } from '../mailbox/types';

/**
 * Delta state tokens. Like Graph's, they are opaque to clients and carry every query option of
 * the round's first request, so that follow-up calls need only the nextLink/deltaLink URL.
 *
 * A round reads the folder's change log (ordered by sequence) up to the sequence current when the
 * round started (`upto`); `cursor` is the last sequence already delivered. The deltaLink carries
 * `since = upto`, so the next round returns exactly what changed after it.
 */
export type DeltaState = {
  v: 1;
  /** Store epoch: tokens from before `expireDeltaTokens()` answer 410 Gone. */
  epoch: number;
  mailbox: string;
  folderId: string;
  /** 0 for an initial (full) round. */
  since: number;
  upto: number;
  cursor: number;
  select?: string;
  expand?: string;
  filter?: string;
  changeType?: 'created' | 'updated' | 'deleted';
  /** calendarView delta: the window. */
  startDateTime?: string;
  endDateTime?: string;
};

export function encodeDeltaToken(state: DeltaState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeDeltaToken(token: string, store: MailboxStore): DeltaState {
  let state: DeltaState;
  try {
    state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as DeltaState;
  } catch {
    throw invalidState();
  }
  if (
    !state ||
    state.v !== 1 ||
    typeof state.epoch !== 'number' ||
    typeof state.mailbox !== 'string' ||
    typeof state.folderId !== 'string' ||
    typeof state.since !== 'number' ||
    typeof state.upto !== 'number' ||
    typeof state.cursor !== 'number'
  )
    throw invalidState();
  if (state.epoch !== store.deltaEpoch)
    throw new GraphError(
      410,
      'SyncStateNotFound',
      'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
    );
  return state;
}

function invalidState(): GraphError {
  return new GraphError(
    400,
    'ErrorInvalidSyncStateData',
    'The sync state data is corrupt or otherwise invalid.',
  );
}

export type DeltaEntry = { kind: 'item'; item: MailboxItem } | { kind: 'removed'; id: string };

export type DeltaPage = { entries: DeltaEntry[]; next: DeltaState | null; deltaLinkState: DeltaState | null };

/**
 * One page of a delta round. `include` decides whether a present item belongs to the result set
 * (filters, the calendarView window); removals are reported only in incremental rounds.
 */
export function deltaPage(
  store: MailboxStore,
  mailbox: Mailbox,
  folder: Folder,
  state: DeltaState,
  pageSize: number,
  include: (item: MailboxItem) => boolean,
): DeltaPage {
  const initial = state.since === 0;
  const from = Math.max(state.cursor, state.since);
  const entries: DeltaEntry[] = [];
  let lastSeq = from;
  let more = false;
  for (const [id, change] of folder.changes) {
    if (change.seq <= from) continue;
    if (change.seq > state.upto) break;
    let entry: DeltaEntry | null = null;
    if (change.removed) {
      if (!initial && state.changeType !== 'created' && state.changeType !== 'updated')
        entry = { kind: 'removed', id };
    } else {
      const item = mailbox.items.get(id);
      if (item && include(item)) {
        const created = initial || change.addedSeq > state.since;
        const wanted =
          state.changeType === undefined ||
          (state.changeType === 'created' && created) ||
          (state.changeType === 'updated' && !created);
        if (wanted) entry = { kind: 'item', item };
      }
    }
    if (!entry) {
      if (entries.length < pageSize) lastSeq = change.seq;
      continue;
    }
    if (entries.length >= pageSize) {
      more = true;
      break;
    }
    entries.push(entry);
    lastSeq = change.seq;
  }
  if (more) return { entries, next: { ...state, cursor: lastSeq }, deltaLinkState: null };
  return {
    entries,
    next: null,
    deltaLinkState: {
      ...state,
      since: state.upto,
      upto: state.upto,
      cursor: state.upto,
      epoch: store.deltaEpoch,
    },
  };
}
