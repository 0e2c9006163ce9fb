import { badRequest } from '../errors';
import type { MailboxItem } from '../mailbox/types';
import type { Access } from './auth';
import { GRAPH_PREFIX } from './pipeline';
import { evaluate, parseFilter, parseOrderBy, sortBy, type FilterNode, type OrderBy } from './odata';
import { representationOf, represent, type Entity } from './representation';
import { contextUrl, type GraphCall, type MailboxRouter } from './router';
import { filterView, sortView } from './serialize';
import type { Query } from './http';

const DEFAULT_PAGE_SIZE = 10;
const MAX_TOP = 1000;

/** What a collection route lists. How it lists (filter, order, pages, links) is `listRoute`'s. */
export type Listing<P extends string> = {
  entity: Entity;
  access: Access;
  /**
   * The collection the call names: its `@odata.context` path (`mailFolders('inbox')/messages`)
   * and its members before `$filter`, with the route's own restrictions (a calendarView's window).
   */
  collection(call: GraphCall<P>): { context: string; members: MailboxItem[] };
  /** The order when the request gives no `$orderby`. */
  defaultOrder: OrderBy[];
};

/**
 * A collection of items at `path` (under `/users/{id}` and `/me`): `$select`, `$expand`,
 * `$filter`, `$orderby`, and pages of `$top` (else `Prefer: odata.maxpagesize`, else Graph's 10)
 * whose `@odata.nextLink` repeats every option with the next `$skip`.
 */
export function listRoute<P extends string = never>(
  router: MailboxRouter,
  path: string,
  listing: Listing<P>,
): void {
  router.get<P>(path, listing.access, (call) => ({ body: listPage(call, listing) }));
}

function listPage<P extends string>(call: GraphCall<P>, listing: Listing<P>): Record<string, unknown> {
  const { context, members } = listing.collection(call);
  const representation = representationOf(listing.entity, call.query, call.prefs);
  let items = members;
  const filter = filterOf(call.query);
  if (filter) items = items.filter((item) => evaluate(filter, filterView(item)));
  items = sortBy(items, parseOrderBy(call.query.$orderby) ?? listing.defaultOrder, sortView);
  const { top, skip } = pageOf(call);
  const body: Record<string, unknown> = { '@odata.context': contextUrl(call, context) };
  body.value = items.slice(skip, skip + top).map((item) => represent(item, representation, call.prefs));
  if (skip + top < items.length) body['@odata.nextLink'] = nextLink(call, top, skip + top);
  return body;
}

function filterOf(q: Query): FilterNode | null {
  return q.$filter !== undefined && q.$filter.trim() !== '' ? parseFilter(q.$filter) : null;
}

/** `$top` wins; otherwise `Prefer: odata.maxpagesize`; otherwise Graph's default of 10. */
function pageOf<P extends string>({ query: q, prefs }: GraphCall<P>): { top: number; skip: number } {
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
  return { top, skip };
}

function nextLink<P extends string>(call: GraphCall<P>, top: number, skip: number): string {
  const url = new URL(call.base + call.req.url.slice(GRAPH_PREFIX.length));
  url.searchParams.delete('$skiptoken');
  url.searchParams.set('$top', String(top));
  url.searchParams.set('$skip', String(skip));
  return url.toString().replace(/%24/g, '$');
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
