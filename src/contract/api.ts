import * as z from 'zod/mini';
import './zod-messages';
import * as P from './people';
import * as T from './tracking';
import * as S from './sync';
import { RecordType } from './records';
import { TrackedKind } from './marker';

/**
 * The one endpoint table of API v1. The server registers its routes from it, the add-in's client
 * calls through it, and the OpenAPI document is generated from it.
 */
export type Endpoint = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify-style path with `:name` parameters. */
  path: string;
  summary: string;
  params?: z.ZodMiniType;
  query?: z.ZodMiniType;
  body?: z.ZodMiniType;
  /** Response body on success. */
  response: z.ZodMiniType;
  /** Success status; 200 unless said otherwise. */
  status?: number;
};

const trackedParams = z.strictObject({ kind: TrackedKind, key: T.TrackedKey });
const pinParams = z.strictObject({ type: RecordType, id: z.uuid() });

export const endpoints = {
  me: {
    method: 'GET',
    path: '/api/v1/me',
    summary: 'The signed-in user, settings and privileges',
    response: P.MeResponse,
  },
  updateSettings: {
    method: 'PATCH',
    path: '/api/v1/me/settings',
    summary: 'Change auto-track policy and never-log list',
    body: P.UpdateSettingsRequest,
    response: P.MeResponse,
  },
  resolve: {
    method: 'POST',
    path: '/api/v1/resolve',
    summary: 'Match up to 100 addresses to CRM records',
    body: P.ResolveRequest,
    response: P.ResolveResponse,
  },
  resolveChoice: {
    method: 'PUT',
    path: '/api/v1/resolve/choice',
    summary: 'Remember which record an ambiguous address means',
    body: P.ResolveChoiceRequest,
    response: P.ResolveChoiceResponse,
  },
  search: {
    method: 'GET',
    path: '/api/v1/search',
    summary: 'Type-ahead over readable contacts, leads, accounts, opportunities and cases',
    query: P.SearchQuery,
    response: P.SearchResponse,
  },
  record: {
    method: 'GET',
    path: '/api/v1/records/:type/:id',
    summary: 'Full card of a record',
    params: P.RecordParams,
    response: P.RecordResponse,
  },
  pins: { method: 'GET', path: '/api/v1/pins', summary: 'Pinned records', response: P.PinsResponse },
  pin: {
    method: 'PUT',
    path: '/api/v1/pins/:type/:id',
    summary: 'Pin a record',
    params: pinParams,
    response: P.PinsResponse,
  },
  unpin: {
    method: 'DELETE',
    path: '/api/v1/pins/:type/:id',
    summary: 'Unpin a record',
    params: pinParams,
    response: P.PinsResponse,
  },
  recent: {
    method: 'GET',
    path: '/api/v1/recent',
    summary: 'Recently used records',
    response: P.RecentResponse,
  },
  createContact: {
    method: 'POST',
    path: '/api/v1/contacts',
    summary: 'Create a contact (409 duplicate_candidates unless force)',
    body: P.CreateContactRequest,
    response: P.CreateRecordResponse,
    status: 201,
  },
  createLead: {
    method: 'POST',
    path: '/api/v1/leads',
    summary: 'Create a lead (409 duplicate_candidates unless force)',
    body: P.CreateLeadRequest,
    response: P.CreateRecordResponse,
    status: 201,
  },
  track: {
    method: 'PUT',
    path: '/api/v1/tracked/:kind/:key',
    summary: 'Track an email (key: internet message id) or appointment (key: iCalUId), idempotently',
    params: trackedParams,
    body: T.TrackRequest,
    response: T.TrackResponse,
  },
  changeRegarding: {
    method: 'PATCH',
    path: '/api/v1/tracked/:kind/:key',
    summary: 'Change the regarding record of a tracked item',
    params: trackedParams,
    body: T.ChangeRegardingRequest,
    response: T.TrackResponse,
  },
  untrack: {
    method: 'DELETE',
    path: '/api/v1/tracked/:kind/:key',
    summary: 'Untrack for the caller (the activity stays)',
    params: trackedParams,
    response: T.UntrackResponse,
  },
  trackedStatus: {
    method: 'POST',
    path: '/api/v1/tracked/status',
    summary: 'Tracking status of up to 100 items',
    body: T.StatusRequest,
    response: T.StatusResponse,
  },
  appointmentKey: {
    method: 'POST',
    path: '/api/v1/tracked/appointment-key',
    summary: "The iCalUId of an appointment in the caller's mailbox (Office.js does not expose it)",
    body: T.AppointmentKeyRequest,
    response: T.AppointmentKeyResponse,
  },
  syncMailboxes: {
    method: 'GET',
    path: '/api/v1/sync/mailboxes',
    summary: 'Sync state of mailboxes (admins: all; users: their own)',
    response: S.SyncMailboxesResponse,
  },
  syncItems: {
    method: 'GET',
    path: '/api/v1/sync/items',
    summary: 'Item-level sync failures (admins: all; users: their own)',
    response: S.SyncItemsResponse,
  },
} as const satisfies Record<string, Endpoint>;

export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;

type Infer<S> = S extends z.ZodMiniType ? z.infer<S> : undefined;
type Input<S> = S extends z.ZodMiniType ? z.input<S> : undefined;
export type RequestOf<N extends EndpointName> = {
  params: Input<Endpoints[N] extends { params: infer X } ? X : undefined>;
  query: Input<Endpoints[N] extends { query: infer X } ? X : undefined>;
  body: Input<Endpoints[N] extends { body: infer X } ? X : undefined>;
};
export type ResponseOf<N extends EndpointName> = Infer<Endpoints[N]['response']>;

/** Fills `:name` parameters, percent-encoding each value (message ids contain `<`, `@`, `/`). */
export function buildPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(v);
  });
}
