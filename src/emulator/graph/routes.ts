import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseBody } from '../validation';
import { badRequest, GraphError } from '../errors';
import { restItemId } from '../mailbox/ids';
import type { MailboxStore } from '../mailbox/store';
import type { EventItem, Folder, Mailbox, MailboxItem, MessageItem } from '../mailbox/types';
import { authorize, type Access, type GraphPrincipal, type TokenVerifier } from './auth';
import { decodeDeltaToken, deltaPage, encodeDeltaToken, type DeltaState } from './delta';
import { applyPreferences, graphBase, preferences, query, type Preferences, type Query } from './http';
import {
  evaluate,
  parseExpand,
  parseFilter,
  parseOrderBy,
  parseSelect,
  sortBy,
  type FilterNode,
} from './odata';
import {
  EVENT_PROPERTIES,
  htmlToText,
  filterView,
  MESSAGE_PROPERTIES,
  sortView,
  toGraph,
  type SerializeOptions,
} from './serialize';

export type GraphRouteDeps = { store: MailboxStore; verify: TokenVerifier; https: boolean };

const DEFAULT_PAGE_SIZE = 10;
const MAX_TOP = 1000;
const DEFAULT_DELTA_PAGE_SIZE = 10;
const MAX_DELTA_PAGE_SIZE = 1000;

type Params = { user?: string; folder?: string; id?: string; categoryId?: string };

/** The routes of Microsoft Graph v1.0 the emulator implements, registered under `/graph/v1.0`. */
export async function graphRoutes(app: FastifyInstance, deps: GraphRouteDeps): Promise<void> {
  const { store } = deps;

  async function open(
    req: FastifyRequest,
    access: Access,
  ): Promise<{ mailbox: Mailbox; principal: GraphPrincipal }> {
    const principal = await deps.verify(req.headers.authorization);
    const params = req.params as Params;
    let user = params.user;
    if (user === undefined) {
      if (principal.kind !== 'user')
        throw badRequest('/me request is only valid with delegated authentication flow.');
      user = principal.objectId || principal.email;
    }
    const mailbox = store.mailbox(user);
    authorize(principal, mailbox, access);
    return { mailbox, principal };
  }

  function serializeOptions(kind: 'message' | 'event', q: Query, prefs: Preferences): SerializeOptions {
    const expand = parseExpand(q.$expand);
    return {
      immutableIds: prefs.immutableIds,
      select: parseSelect(q.$select, kind === 'message' ? MESSAGE_PROPERTIES : EVENT_PROPERTIES, kind),
      expandExtendedProperties: expand ? { filter: expand.extendedProperties } : null,
    };
  }

  function render(item: MailboxItem, options: SerializeOptions, prefs: Preferences): Record<string, unknown> {
    const json = toGraph(item, options);
    if (prefs.textBody && json.body && item.body.contentType === 'html')
      json.body = { contentType: 'text', content: htmlToText(item.body.content) };
    return json;
  }

  function filterOf(q: Query): FilterNode | null {
    return q.$filter !== undefined && q.$filter.trim() !== '' ? parseFilter(q.$filter) : null;
  }

  /** A page of a collection with `$top` / `$skip` and an `@odata.nextLink` when more remain. */
  function page(
    req: FastifyRequest,
    items: MailboxItem[],
    q: Query,
    context: string,
    options: SerializeOptions,
    prefs: Preferences,
  ): Record<string, unknown> {
    // $top wins; otherwise `Prefer: odata.maxpagesize`; otherwise Graph's default of 10.
    const top =
      q.$top !== undefined
        ? integer(q.$top, '$top', 1, MAX_TOP)
        : Math.min(prefs.maxPageSize ?? DEFAULT_PAGE_SIZE, MAX_TOP);
    const skip =
      q.$skiptoken !== undefined
        ? skipFromToken(q.$skiptoken)
        : q.$skip !== undefined
          ? integer(q.$skip, '$skip', 0)
          : 0;
    const slice = items.slice(skip, skip + top);
    const body: Record<string, unknown> = { '@odata.context': context };
    body.value = slice.map((item) => render(item, options, prefs));
    if (skip + top < items.length) {
      const url = new URL(graphBase(req, deps.https) + req.url.replace(/^\/graph\/v1\.0/, ''));
      url.searchParams.delete('$skiptoken');
      url.searchParams.set('$top', String(top));
      url.searchParams.set('$skip', String(skip + top));
      body['@odata.nextLink'] = url.toString().replace(/%24/g, '$');
    }
    return body;
  }

  function contextUrl(req: FastifyRequest, mailbox: Mailbox, path: string): string {
    return `${graphBase(req, deps.https)}/$metadata#users('${encodeURIComponent(mailbox.user.email)}')/${path}`;
  }

  function listMessages(
    req: FastifyRequest,
    mailbox: Mailbox,
    folder: Folder | null,
  ): Record<string, unknown> {
    const q = query(req);
    const prefs = preferences(req);
    const options = serializeOptions('message', q, prefs);
    const filter = filterOf(q);
    const source = folder
      ? store.folderItems(mailbox, folder)
      : [...mailbox.folders.values()].flatMap((f) =>
          f.wellKnownName === 'calendar' ? [] : store.folderItems(mailbox, f),
        );
    let items = source.filter((i): i is MessageItem => i.kind === 'message');
    if (filter) items = items.filter((i) => evaluate(filter, filterView(i)));
    items = sortBy(
      items,
      parseOrderBy(q.$orderby) ?? [{ path: ['receivedDateTime'], descending: true }],
      sortView,
    );
    return page(
      req,
      items,
      q,
      contextUrl(req, mailbox, folder ? `mailFolders('${folder.wellKnownName}')/messages` : 'messages'),
      options,
      prefs,
    );
  }

  function folderJson(mailbox: Mailbox, folder: Folder): Record<string, unknown> {
    const items = store.folderItems(mailbox, folder);
    return {
      id: folder.id,
      displayName: folder.displayName,
      parentFolderId: folder.parentFolderId,
      childFolderCount: 0,
      unreadItemCount: items.filter((i) => i.kind === 'message' && !i.isRead).length,
      totalItemCount: items.length,
      sizeInBytes: items.length * 2048,
      isHidden: false,
    };
  }

  function messageOf(mailbox: Mailbox, id: string): MessageItem {
    const item = store.item(mailbox, id);
    if (item.kind !== 'message')
      throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    return item;
  }

  function eventOf(mailbox: Mailbox, id: string): EventItem {
    const item = store.item(mailbox, id);
    if (item.kind !== 'event')
      throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    return item;
  }

  function messageDelta(
    req: FastifyRequest,
    reply: FastifyReply,
    mailbox: Mailbox,
    folder: Folder,
  ): Record<string, unknown> {
    const q = query(req);
    const state = deltaState(req, q, mailbox, folder, null);
    return deltaResponse(
      req,
      reply,
      mailbox,
      folder,
      state,
      'message',
      `mailFolders/${encodeURIComponent(folder.id)}/messages/delta`,
    );
  }

  /** Starts a round from the query, or resumes one from a $skiptoken / $deltatoken. */
  function deltaState(
    req: FastifyRequest,
    q: Query,
    mailbox: Mailbox,
    folder: Folder,
    window: { startDateTime: string; endDateTime: string } | null,
  ): DeltaState {
    const token = q.$skiptoken ?? q.$deltatoken;
    if (token !== undefined) {
      const state = decodeDeltaToken(token, store);
      if (state.mailbox !== mailbox.user.email.toLowerCase() || state.folderId !== folder.id)
        throw new GraphError(
          400,
          'ErrorInvalidSyncStateData',
          'The sync state does not belong to this folder.',
        );
      // A deltatoken starts a new round: it sees every change up to now.
      if (q.$skiptoken === undefined) return { ...state, upto: store.currentSeq(), cursor: state.since };
      return state;
    }
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
      ...(changeType !== undefined ? { changeType: changeType as DeltaState['changeType'] } : {}),
      ...(window ?? {}),
    };
  }

  function deltaResponse(
    req: FastifyRequest,
    reply: FastifyReply,
    mailbox: Mailbox,
    folder: Folder,
    state: DeltaState,
    kind: 'message' | 'event',
    path: string,
  ): Record<string, unknown> {
    const prefs = preferences(req);
    const pageSize = Math.min(prefs.maxPageSize ?? DEFAULT_DELTA_PAGE_SIZE, MAX_DELTA_PAGE_SIZE);
    const tokenQuery: Query = { $select: state.select, $expand: state.expand };
    const options = { ...serializeOptions(kind, tokenQuery, prefs), withType: true };
    const filter = state.filter ? parseFilter(state.filter) : null;
    const window =
      state.startDateTime && state.endDateTime ? parseWindow(state.startDateTime, state.endDateTime) : null;
    const include = (item: MailboxItem) =>
      item.kind === kind &&
      (!filter || evaluate(filter, filterView(item))) &&
      (!window || (item.kind === 'event' && overlaps(item, window)));
    const result = deltaPage(store, mailbox, folder, state, pageSize, include);
    applyPreferences(reply, prefs, true);
    const base = `${graphBase(req, deps.https)}/users/${encodeURIComponent(mailbox.user.email)}/${path}`;
    const body: Record<string, unknown> = {
      '@odata.context': `${graphBase(req, deps.https)}/$metadata#Collection(${kind})`,
    };
    if (result.next) body['@odata.nextLink'] = `${base}?$skiptoken=${encodeDeltaToken(result.next)}`;
    if (result.deltaLinkState)
      body['@odata.deltaLink'] = `${base}?$deltatoken=${encodeDeltaToken(result.deltaLinkState)}`;
    body.value = result.entries.map((entry) =>
      entry.kind === 'item'
        ? render(entry.item, options, prefs)
        : {
            '@odata.type': `#microsoft.graph.${kind}`,
            id: prefs.immutableIds ? entry.id : restItemId(folder.id, entry.id),
            '@removed': { reason: 'deleted' },
          },
    );
    return body;
  }

  const send = (reply: FastifyReply, prefs: Preferences, body: unknown, status = 200) => {
    applyPreferences(reply, prefs);
    return reply.code(status).send(body);
  };

  for (const prefix of ['/users/:user', '/me']) {
    app.get(prefix, async (req) => {
      const { mailbox } = await open(req, { resource: 'mail', write: false });
      return {
        '@odata.context': `${graphBase(req, deps.https)}/$metadata#users/$entity`,
        id: mailbox.user.objectId,
        displayName: mailbox.user.name,
        mail: mailbox.user.email,
        userPrincipalName: mailbox.user.email,
      };
    });

    app.get(`${prefix}/mailFolders`, async (req, reply) => {
      const { mailbox } = await open(req, { resource: 'mail', write: false });
      const folders = [...mailbox.folders.values()].filter((f) => f.wellKnownName !== 'calendar');
      return send(reply, preferences(req), {
        '@odata.context': contextUrl(req, mailbox, 'mailFolders'),
        value: folders.map((f) => folderJson(mailbox, f)),
      });
    });

    app.get(`${prefix}/mailFolders/:folder`, async (req, reply) => {
      const { mailbox } = await open(req, { resource: 'mail', write: false });
      const folder = mailFolder(store, mailbox, (req.params as Params).folder ?? '');
      return send(reply, preferences(req), {
        '@odata.context': contextUrl(req, mailbox, 'mailFolders/$entity'),
        ...folderJson(mailbox, folder),
      });
    });

    app.get(`${prefix}/messages`, async (req, reply) => {
      const { mailbox } = await open(req, { resource: 'mail', write: false });
      return send(reply, preferences(req), listMessages(req, mailbox, null));
    });

    app.get(`${prefix}/mailFolders/:folder/messages`, async (req, reply) => {
      const { mailbox } = await open(req, { resource: 'mail', write: false });
      const folder = mailFolder(store, mailbox, (req.params as Params).folder ?? '');
      return send(reply, preferences(req), listMessages(req, mailbox, folder));
    });

    app.get(`${prefix}/mailFolders/:folder/messages/delta`, async (req, reply) => {
      const { mailbox } = await open(req, { resource: 'mail', write: false });
      const folder = mailFolder(store, mailbox, (req.params as Params).folder ?? '');
      return reply.send(messageDelta(req, reply, mailbox, folder));
    });

    for (const itemPath of [`${prefix}/messages/:id`, `${prefix}/mailFolders/:folder/messages/:id`]) {
      app.get(itemPath, async (req, reply) => {
        const { mailbox } = await open(req, { resource: 'mail', write: false });
        const item = messageOf(mailbox, (req.params as Params).id ?? '');
        const q = query(req);
        const prefs = preferences(req);
        return send(reply, prefs, {
          '@odata.context': contextUrl(req, mailbox, 'messages/$entity'),
          ...render(item, serializeOptions('message', q, prefs), prefs),
        });
      });

      app.patch(itemPath, async (req, reply) => {
        const { mailbox } = await open(req, { resource: 'mail', write: true });
        const item = messageOf(mailbox, (req.params as Params).id ?? '');
        const patch = parseBody(MessagePatch, req.body, 'message');
        if (!item.isDraft) {
          const draftOnly = (
            ['subject', 'body', 'toRecipients', 'ccRecipients', 'bccRecipients'] as const
          ).filter((k) => patch[k] !== undefined);
          if (draftOnly.length > 0)
            throw new GraphError(
              400,
              'ErrorInvalidProperty',
              `${draftOnly[0]} can only be updated on a draft.`,
            );
        }
        store.updateItem(mailbox, item, (m) => {
          if (patch.categories !== undefined) m.categories = [...new Set(patch.categories)];
          if (patch.isRead !== undefined) m.isRead = patch.isRead;
          if (patch.importance !== undefined) m.importance = patch.importance;
          if (patch.subject !== undefined) m.subject = patch.subject;
          if (patch.body !== undefined)
            m.body = { contentType: patch.body.contentType ?? 'html', content: patch.body.content };
          if (patch.toRecipients !== undefined) m.toRecipients = patch.toRecipients.map(recipientOf);
          if (patch.ccRecipients !== undefined) m.ccRecipients = patch.ccRecipients.map(recipientOf);
          if (patch.bccRecipients !== undefined) m.bccRecipients = patch.bccRecipients.map(recipientOf);
          if (patch.singleValueExtendedProperties)
            upsertExtendedProperties(m, patch.singleValueExtendedProperties);
        });
        const prefs = preferences(req);
        return send(reply, prefs, {
          '@odata.context': contextUrl(req, mailbox, 'messages/$entity'),
          ...render(item, serializeOptions('message', query(req), prefs), prefs),
        });
      });

      app.delete(itemPath, async (req, reply) => {
        const { mailbox } = await open(req, { resource: 'mail', write: true });
        const item = messageOf(mailbox, (req.params as Params).id ?? '');
        const deleted = store.wellKnownFolder(mailbox, 'deleteditems');
        if (item.folderId === deleted.id) store.deleteItem(mailbox, item);
        else store.moveItem(mailbox, item, deleted);
        return reply.code(204).send();
      });
    }

    app.post(`${prefix}/messages/:id/move`, async (req, reply) => {
      const { mailbox } = await open(req, { resource: 'mail', write: true });
      const item = messageOf(mailbox, (req.params as Params).id ?? '');
      const body = parseBody(z.object({ destinationId: z.string().min(1) }).strict(), req.body, 'message');
      const destination = mailFolder(store, mailbox, body.destinationId);
      store.moveItem(mailbox, item, destination);
      const prefs = preferences(req);
      return send(
        reply,
        prefs,
        {
          '@odata.context': contextUrl(req, mailbox, 'messages/$entity'),
          ...render(item, serializeOptions('message', {}, prefs), prefs),
        },
        201,
      );
    });

    // Calendar: /events and /calendar/events are the same collection (one calendar per mailbox).
    for (const eventsPath of [`${prefix}/events`, `${prefix}/calendar/events`]) {
      app.get(eventsPath, async (req, reply) => {
        const { mailbox } = await open(req, { resource: 'calendar', write: false });
        const q = query(req);
        const prefs = preferences(req);
        const filter = filterOf(q);
        let items = calendarItems(store, mailbox);
        if (filter) items = items.filter((i) => evaluate(filter, filterView(i)));
        items = sortBy(
          items,
          parseOrderBy(q.$orderby) ?? [{ path: ['start', 'dateTime'], descending: false }],
          sortView,
        );
        return send(
          reply,
          prefs,
          page(req, items, q, contextUrl(req, mailbox, 'events'), serializeOptions('event', q, prefs), prefs),
        );
      });

      app.get(`${eventsPath}/:id`, async (req, reply) => {
        const { mailbox } = await open(req, { resource: 'calendar', write: false });
        const item = eventOf(mailbox, (req.params as Params).id ?? '');
        const prefs = preferences(req);
        return send(reply, prefs, {
          '@odata.context': contextUrl(req, mailbox, 'events/$entity'),
          ...render(item, serializeOptions('event', query(req), prefs), prefs),
        });
      });

      app.patch(`${eventsPath}/:id`, async (req, reply) => {
        const { mailbox } = await open(req, { resource: 'calendar', write: true });
        const item = eventOf(mailbox, (req.params as Params).id ?? '');
        const patch = parseBody(EventPatch, req.body, 'event');
        store.updateItem(mailbox, item, (e) => {
          if (patch.categories !== undefined) e.categories = [...new Set(patch.categories)];
          if (patch.singleValueExtendedProperties)
            upsertExtendedProperties(e, patch.singleValueExtendedProperties);
        });
        const prefs = preferences(req);
        return send(reply, prefs, {
          '@odata.context': contextUrl(req, mailbox, 'events/$entity'),
          ...render(item, serializeOptions('event', query(req), prefs), prefs),
        });
      });

      app.delete(`${eventsPath}/:id`, async (req, reply) => {
        const { mailbox } = await open(req, { resource: 'calendar', write: true });
        store.deleteItem(mailbox, eventOf(mailbox, (req.params as Params).id ?? ''));
        return reply.code(204).send();
      });
    }

    for (const viewPath of [`${prefix}/calendarView`, `${prefix}/calendar/calendarView`]) {
      app.get(viewPath, async (req, reply) => {
        const { mailbox } = await open(req, { resource: 'calendar', write: false });
        const q = query(req);
        const prefs = preferences(req);
        const window = requireWindow(q);
        const filter = filterOf(q);
        let items = calendarItems(store, mailbox).filter((e) => overlaps(e, window));
        if (filter) items = items.filter((i) => evaluate(filter, filterView(i)));
        items = sortBy(
          items,
          parseOrderBy(q.$orderby) ?? [{ path: ['start', 'dateTime'], descending: false }],
          sortView,
        );
        return send(
          reply,
          prefs,
          page(
            req,
            items,
            q,
            contextUrl(req, mailbox, 'calendarView'),
            serializeOptions('event', q, prefs),
            prefs,
          ),
        );
      });

      app.get(`${viewPath}/delta`, async (req, reply) => {
        const { mailbox } = await open(req, { resource: 'calendar', write: false });
        const q = query(req);
        const folder = store.wellKnownFolder(mailbox, 'calendar');
        let window: { startDateTime: string; endDateTime: string } | null = null;
        if (q.$skiptoken === undefined && q.$deltatoken === undefined) {
          requireWindow(q);
          window = { startDateTime: q.startdatetime ?? '', endDateTime: q.enddatetime ?? '' };
        }
        const state = deltaState(req, q, mailbox, folder, window);
        return reply.send(deltaResponse(req, reply, mailbox, folder, state, 'event', 'calendarView/delta'));
      });
    }

    app.get(`${prefix}/outlook/masterCategories`, async (req) => {
      const { mailbox } = await open(req, { resource: 'settings', write: false });
      return {
        '@odata.context': contextUrl(req, mailbox, 'outlook/masterCategories'),
        value: mailbox.masterCategories.map((c) => ({ ...c })),
      };
    });

    app.post(`${prefix}/outlook/masterCategories`, async (req, reply) => {
      const { mailbox } = await open(req, { resource: 'settings', write: true });
      const body = parseBody(MasterCategoryInput, req.body, 'outlookCategory');
      const category = store.addMasterCategory(mailbox, body.displayName, body.color ?? 'none');
      return reply.code(201).send({
        '@odata.context': contextUrl(req, mailbox, 'outlook/masterCategories/$entity'),
        ...category,
      });
    });

    app.delete(`${prefix}/outlook/masterCategories/:categoryId`, async (req, reply) => {
      const { mailbox } = await open(req, { resource: 'settings', write: true });
      store.removeMasterCategory(mailbox, (req.params as Params).categoryId ?? '');
      return reply.code(204).send();
    });
  }
}

/** A mail folder by id or well-known name; the calendar is not a mail folder. */
function mailFolder(store: MailboxStore, mailbox: Mailbox, idOrName: string): Folder {
  const folder = store.folder(mailbox, idOrName);
  if (folder.wellKnownName === 'calendar')
    throw new GraphError(404, 'ErrorItemNotFound', 'The specified folder could not be found in the store.');
  return folder;
}

function calendarItems(store: MailboxStore, mailbox: Mailbox): EventItem[] {
  return store
    .folderItems(mailbox, store.wellKnownFolder(mailbox, 'calendar'))
    .filter((i): i is EventItem => i.kind === 'event');
}

type Window = { start: number; end: number };

function parseWindow(start: string, end: string): Window {
  const s = Date.parse(start);
  const e = Date.parse(end);
  if (Number.isNaN(s) || Number.isNaN(e))
    throw badRequest('startDateTime and endDateTime must be ISO 8601 date-times.', 'ErrorInvalidParameter');
  return { start: s, end: e };
}

function requireWindow(q: Query): Window {
  if (q.startdatetime === undefined || q.enddatetime === undefined)
    throw badRequest(
      'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
      'ErrorInvalidParameter',
    );
  return parseWindow(q.startdatetime, q.enddatetime);
}

/** Event times are stored in UTC (`timeZone: 'UTC'`, no offset in `dateTime`). */
function eventTime(dt: { dateTime: string }): number {
  return Date.parse(/[zZ]|[+-]\d{2}:\d{2}$/.test(dt.dateTime) ? dt.dateTime : `${dt.dateTime}Z`);
}

function overlaps(event: EventItem, window: Window): boolean {
  return eventTime(event.start) < window.end && eventTime(event.end) > window.start;
}

function integer(value: string, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
    throw badRequest(`Invalid value '${value}' for query parameter ${name}.`, 'ErrorInvalidUrlQuery');
  return Number(value);
}

function skipFromToken(token: string): number {
  const decoded = Buffer.from(token, 'base64url').toString('utf8');
  if (!/^skip:\d+$/.test(decoded)) throw badRequest('Invalid $skiptoken.', 'ErrorInvalidUrlQuery');
  return Number(decoded.slice(5));
}

const RecipientInput = z.object({
  emailAddress: z.object({ name: z.string().max(256).optional(), address: z.string().min(3).max(320) }),
});

/** e.g. `String {00020329-0000-0000-C000-000000000046} Name cecp-...` or `String 0x0037`. */
const EXTENDED_PROPERTY_ID =
  /^(String|Integer|Boolean|SystemTime|Binary|Double|Long|Short|CLSID|Currency|Float)\s+((\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}\s+(Name\s+\S.*|Id\s+0x[0-9a-f]{1,4}))|0x[0-9a-f]{1,4})$/i;

const ExtendedPropertyInput = z.object({
  id: z.string().regex(EXTENDED_PROPERTY_ID, 'is not a valid extended property id'),
  value: z.string().max(1_000_000),
});

const MessagePatch = z
  .object({
    categories: z.array(z.string().min(1).max(255)).max(100).optional(),
    isRead: z.boolean().optional(),
    importance: z.enum(['low', 'normal', 'high']).optional(),
    subject: z.string().max(255).optional(),
    body: z.object({ contentType: z.enum(['text', 'html']).optional(), content: z.string() }).optional(),
    toRecipients: z.array(RecipientInput).optional(),
    ccRecipients: z.array(RecipientInput).optional(),
    bccRecipients: z.array(RecipientInput).optional(),
    singleValueExtendedProperties: z.array(ExtendedPropertyInput).max(50).optional(),
  })
  .strict();

const EventPatch = z
  .object({
    categories: z.array(z.string().min(1).max(255)).max(100).optional(),
    singleValueExtendedProperties: z.array(ExtendedPropertyInput).max(50).optional(),
  })
  .strict();

const MasterCategoryInput = z
  .object({
    displayName: z.string().min(1).max(255),
    color: z
      .string()
      .regex(/^(none|preset([0-9]|1[0-9]|2[0-4]))$/, 'must be none or preset0..preset24')
      .optional(),
  })
  .strict();

function recipientOf(r: { emailAddress: { name?: string | undefined; address: string } }) {
  return {
    emailAddress: { name: r.emailAddress.name ?? r.emailAddress.address, address: r.emailAddress.address },
  };
}

function upsertExtendedProperties(item: MailboxItem, props: Array<{ id: string; value: string }>): void {
  // A new array: items may share immutable empty arrays (generated mailboxes).
  const next = item.singleValueExtendedProperties.map((p) => ({ ...p }));
  for (const prop of props) {
    const existing = next.find((p) => p.id.toLowerCase() === prop.id.toLowerCase());
    if (existing) existing.value = prop.value;
    else next.push({ id: prop.id, value: prop.value });
  }
  item.singleValueExtendedProperties = next;
}
