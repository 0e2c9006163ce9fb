import {
  BODY_MAX_CHARS,
  MAILBOX_ITEM_ID_MAX_CHARS,
  PEOPLE_MAX,
  type TrackRequest,
  type TrackResponse,
} from '#contract';
import type { ItemContext, OfficeError } from '../office/types';
import type { TrackingOffice, WorkflowDeps } from './deps';
import { applyMarker, markerFor } from './markers';
import { regardingFromCard } from './states';
import type { KeyedItem, RegardingTarget, TrackingState } from './types';

/** The track call's body: the item as Office.js gives it, cut to the contract's limits. */
export async function buildTrackRequest(
  office: Pick<TrackingOffice, 'getBody'>,
  item: ItemContext,
  regarding: RegardingTarget | null,
): Promise<TrackRequest> {
  const request: TrackRequest = {
    item: { subject: item.subject, people: item.people.slice(0, PEOPLE_MAX) },
    regarding: regarding ? { type: regarding.type, id: regarding.id } : null,
  };
  const t = request.item;
  if (item.sentAt) t.sentAt = item.sentAt;
  if (item.start) t.start = item.start;
  if (item.end) t.end = item.end;
  if (item.location) t.location = item.location;
  if (item.conversationId) t.conversationId = item.conversationId;
  if (item.inReplyTo) t.inReplyTo = item.inReplyTo;
  if (item.references?.length) t.references = item.references;
  if (item.itemId) t.mailboxItemId = item.itemId.slice(0, MAILBOX_ITEM_ID_MAX_CHARS);
  let body = await office.getBody(item, 'html');
  if (body.ok && body.value.content.length > BODY_MAX_CHARS) body = await office.getBody(item, 'text');
  // Without a body the activity is still worth tracking; sync can fill it in from Graph.
  if (body.ok)
    t.body = { contentType: body.value.contentType, content: body.value.content.slice(0, BODY_MAX_CHARS) };
  return request;
}

/** The call (tracking protocol, step 2): `PUT /api/v1/tracked/{kind}/{key}`. */
export function callTrack(
  deps: Pick<WorkflowDeps, 'api'>,
  item: Pick<KeyedItem, 'kind' | 'key'>,
  request: TrackRequest,
  signal?: AbortSignal,
) {
  return deps.api.call(
    'track',
    { params: { kind: item.kind, key: item.key }, body: request },
    signal ? { signal } : {},
  );
}

/**
 * What the CRM's answer (a track or a regarding change) makes of the item: `tracked` with the
 * activity id, and the marker saying so. The category came with the mark, so it is left alone.
 */
export async function recordTracked(
  deps: Pick<WorkflowDeps, 'office' | 'now'>,
  item: ItemContext,
  response: TrackResponse,
  fallback: RegardingTarget | null,
): Promise<{ state: TrackingState; problem: OfficeError | null }> {
  const regarding = regardingFromCard(response.status.regarding ?? response.activity.regarding) ?? fallback;
  const activityId = response.activity.id;
  const marker = markerFor(deps, item, 'tracked', regarding, { activityId });
  const step = await applyMarker(deps.office, item, { marker, category: 'keep' });
  return { state: { status: 'tracked', regarding, activityId }, problem: step.problem };
}
