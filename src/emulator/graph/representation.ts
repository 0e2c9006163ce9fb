import { GraphError } from '../errors';
import type { MailboxStore } from '../mailbox/store';
import type { MailboxItem } from '../mailbox/types';
import type { Preferences, Query } from './http';
import { parseExpand, parseSelect } from './odata';
import { contextUrl, type GraphAnswer, type GraphCall } from './router';
import {
  EVENT_PROPERTIES,
  htmlToText,
  MESSAGE_PROPERTIES,
  toGraph,
  type SerializeOptions,
} from './serialize';

export type Entity = 'message' | 'event';

/** How items are represented for a request: `$select`, `$expand` and the `Prefer` header. */
export function representationOf(entity: Entity, q: Query, prefs: Preferences): SerializeOptions {
  const expand = parseExpand(q.$expand);
  return {
    immutableIds: prefs.immutableIds,
    select: parseSelect(q.$select, entity === 'message' ? MESSAGE_PROPERTIES : EVENT_PROPERTIES, entity),
    expandExtendedProperties: expand ? { filter: expand.extendedProperties } : null,
  };
}

/** One item as Graph answers it, its body as text when `Prefer: outlook.body-content-type="text"`. */
export function represent(
  item: MailboxItem,
  options: SerializeOptions,
  prefs: Preferences,
): Record<string, unknown> {
  const json = toGraph(item, options);
  if (prefs.textBody && json.body && item.body.contentType === 'html')
    json.body = { contentType: 'text', content: htmlToText(item.body.content) };
  return json;
}

/**
 * The answer of a route about one item (GET, PATCH, move): its representation for the call's
 * query (or `query`), under `@odata.context` `messages/$entity` or `events/$entity`.
 */
export function entityAnswer<P extends string>(
  call: GraphCall<P>,
  item: MailboxItem,
  options: { status?: number; query?: Query } = {},
): GraphAnswer {
  const representation = representationOf(item.kind, options.query ?? call.query, call.prefs);
  const collection = item.kind === 'message' ? 'messages' : 'events';
  return {
    ...(options.status !== undefined ? { status: options.status } : {}),
    body: {
      '@odata.context': contextUrl(call, `${collection}/$entity`),
      ...represent(item, representation, call.prefs),
    },
  };
}

/** The call's item `{id}` when it is of `kind`; Graph answers 404 for an item of the other kind. */
export function itemOf<K extends Entity>(
  store: MailboxStore,
  call: GraphCall<'id'>,
  kind: K,
): Extract<MailboxItem, { kind: K }> {
  const item = store.item(call.mailbox, call.params.id);
  if (item.kind !== kind)
    throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  return item as Extract<MailboxItem, { kind: K }>;
}
