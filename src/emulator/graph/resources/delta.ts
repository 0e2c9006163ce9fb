import { badRequest, GraphError } from '../../errors';
import { restItemId } from '../../mailbox/ids';
import type { MailboxStore } from '../../mailbox/store';
import type { Folder, MailboxItem } from '../../mailbox/types';
import type { Access } from '../auth';
import { overlaps, parseWindow, requireWindow } from '../calendar';
import { decodeDeltaToken, deltaPage, encodeDeltaToken, type DeltaState } from '../delta';
import { evaluate, parseExpand, parseFilter, parseSelect } from '../odata';
import { representationOf, represent, type Entity } from '../representation';
import type { GraphAnswer, GraphCall, MailboxRouter } from '../router';
import { EVENT_PROPERTIES, filterView, MESSAGE_PROPERTIES } from '../serialize';
import { mailFolder } from './mail-folders';

const DEFAULT_DELTA_PAGE_SIZE = 10;
const MAX_DELTA_PAGE_SIZE = 1000;

type CalendarWindow = { startDateTime: string; endDateTime: string };

/**
 * Delta rounds over a mail folder's messages and over calendarView (Graph v1.0 has event delta
 * only there). A round's first request fixes its options; its `@odata.nextLink`s and final
 * `@odata.deltaLink` carry them in an opaque token (`delta.ts`), so follow-ups need only the link.
 */
export function deltaRoutes(router: MailboxRouter): void {
  const { store } = router;
  const readMail: Access = { resource: 'mail', write: false };
  const readCalendar: Access = { resource: 'calendar', write: false };

  router.get<'folder'>('/mailFolders/:folder/messages/delta', readMail, (call) => {
    const folder = mailFolder(store, call.mailbox, call.params.folder);
    const state = roundOf(store, call, folder, null);
    const path = `mailFolders/${encodeURIComponent(folder.id)}/messages/delta`;
    return deltaAnswer(store, call, { folder, state, entity: 'message', path });
  });

  for (const path of ['/calendarView/delta', '/calendar/calendarView/delta']) {
    router.get(path, readCalendar, (call) => {
      const q = call.query;
      const folder = store.wellKnownFolder(call.mailbox, 'calendar');
      let window: CalendarWindow | null = null;
      if (q.$skiptoken === undefined && q.$deltatoken === undefined) {
        requireWindow(q);
        window = { startDateTime: q.startdatetime ?? '', endDateTime: q.enddatetime ?? '' };
      }
      const state = roundOf(store, call, folder, window);
      return deltaAnswer(store, call, { folder, state, entity: 'event', path: 'calendarView/delta' });
    });
  }
}

/** Resumes a round from its `$skiptoken` / `$deltatoken`, or starts one from the query. */
function roundOf(
  store: MailboxStore,
  call: GraphCall<string>,
  folder: Folder,
  window: CalendarWindow | null,
): DeltaState {
  const q = call.query;
  const token = q.$skiptoken ?? q.$deltatoken;
  if (token === undefined) return startRound(store, call, folder, window);
  const state = decodeDeltaToken(token, store);
  if (state.mailbox !== call.mailbox.user.email.toLowerCase() || state.folderId !== folder.id)
    throw new GraphError(400, 'ErrorInvalidSyncStateData', 'The sync state does not belong to this folder.');
  // A deltatoken starts a new round: it sees every change up to now.
  if (q.$skiptoken === undefined) return { ...state, upto: store.currentSeq(), cursor: state.since };
  return state;
}

function startRound(
  store: MailboxStore,
  { query: q, mailbox }: GraphCall<string>,
  folder: Folder,
  window: CalendarWindow | null,
): DeltaState {
  const changeType = q.changetype;
  if (changeType !== undefined && !['created', 'updated', 'deleted'].includes(changeType))
    throw badRequest(`Invalid changeType '${changeType}'.`, 'ErrorInvalidUrlQuery');
  if (q.$filter !== undefined) {
    // Graph supports only receivedDateTime ge/gt filters on message delta.
    if (!/^\s*receivedDateTime\s+(ge|gt)\s+\S+\s*$/i.test(q.$filter))
      throw badRequest(
        'Only receivedDateTime ge/gt filters are supported by delta.',
        'ErrorInvalidUrlQueryFilter',
      );
    parseFilter(q.$filter);
  }
  // Validate options now; they travel inside the token afterwards.
  parseSelect(q.$select, window ? EVENT_PROPERTIES : MESSAGE_PROPERTIES, window ? 'event' : 'message');
  parseExpand(q.$expand);
  return {
    v: 1,
    epoch: store.deltaEpoch,
    mailbox: mailbox.user.email.toLowerCase(),
    folderId: folder.id,
    since: 0,
    upto: store.currentSeq(),
    cursor: 0,
    ...(q.$select !== undefined ? { select: q.$select } : {}),
    ...(q.$expand !== undefined ? { expand: q.$expand } : {}),
    ...(q.$filter !== undefined ? { filter: q.$filter } : {}),
    ...(changeType !== undefined ? { changeType: changeType as NonNullable<DeltaState['changeType']> } : {}),
    ...(window ?? {}),
  };
}

type Round = { folder: Folder; state: DeltaState; entity: Entity; path: string };

/** One page of the round: changed items, `@removed` entries, and the next or the delta link. */
function deltaAnswer(
  store: MailboxStore,
  call: GraphCall<string>,
  { folder, state, entity, path }: Round,
): GraphAnswer {
  const { mailbox, prefs } = call;
  const pageSize = Math.min(prefs.maxPageSize ?? DEFAULT_DELTA_PAGE_SIZE, MAX_DELTA_PAGE_SIZE);
  const options = {
    ...representationOf(entity, { $select: state.select, $expand: state.expand }, prefs),
    withType: true,
  };
  const filter = state.filter ? parseFilter(state.filter) : null;
  const window =
    state.startDateTime && state.endDateTime ? parseWindow(state.startDateTime, state.endDateTime) : null;
  const include = (item: MailboxItem) =>
    item.kind === entity &&
    (!filter || evaluate(filter, filterView(item))) &&
    (!window || (item.kind === 'event' && overlaps(item, window)));
  const result = deltaPage(store, mailbox, folder, state, pageSize, include);
  const link = `${call.base}/users/${encodeURIComponent(mailbox.user.email)}/${path}`;
  const body: Record<string, unknown> = { '@odata.context': `${call.base}/$metadata#Collection(${entity})` };
  if (result.next) body['@odata.nextLink'] = `${link}?$skiptoken=${encodeDeltaToken(result.next)}`;
  if (result.deltaLinkState)
    body['@odata.deltaLink'] = `${link}?$deltatoken=${encodeDeltaToken(result.deltaLinkState)}`;
  body.value = result.entries.map((entry) =>
    entry.kind === 'item'
      ? represent(entry.item, options, prefs)
      : {
          '@odata.type': `#microsoft.graph.${entity}`,
          id: prefs.immutableIds ? entry.id : restItemId(folder.id, entry.id),
          '@removed': { reason: 'deleted' },
        },
  );
  return { body, pageSizeApplied: true };
}
