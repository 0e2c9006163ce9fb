import type {
  CreateContactRequest,
  CreateLeadRequest,
  CreateRecordResponse,
  MeResponse,
  PinsResponse,
  RecentResponse,
  RecordResponse,
  RecordType,
  RegardingRef,
  ResolveChoiceRequest,
  ResolveResponse,
  SearchQuery,
  SearchResponse,
  StatusRequest,
  StatusResponse,
  TrackedKind,
  TrackRequest,
  TrackResponse,
  TrackingSource,
  UntrackResponse,
  UpdateSettingsRequest,
  RecordRef,
} from '#contract';

/** The authenticated CRM user every domain call acts as (the mailbox owner, for sync). */
export type Actor = {
  userId: string;
  tenantId: string;
  objectId: string;
  email: string;
  name: string;
  businessUnitId: string;
  isAdmin: boolean;
};

/**
 * The CRM domain as the HTTP layer and the sync engine see it. Every method applies the one
 * security predicate; failures throw AppError with a stable code.
 */
export interface CrmService {
  /** Identity lookup for token validation; `null` for an unknown or disabled user. */
  actorByIdentity(tenantId: string, objectId: string): Promise<Actor | null>;
  actorByEmail(email: string): Promise<Actor | null>;
  /**
   * A run of calls as one actor (sync's cycle): returns a copy of `actor` that carries the actor's
   * access context as loaded now, and remembers what `resolve` and `track` resolved through it.
   * Calls made with the returned object use those privileges and matches instead of loading them
   * per call; calls with any other actor object load them per call, as always. Drop it when the
   * run ends, so privilege and record changes apply to the next run.
   */
  bindContext(actor: Actor): Promise<Actor>;

  me(actor: Actor): Promise<MeResponse>;
  updateSettings(actor: Actor, req: UpdateSettingsRequest): Promise<MeResponse>;
  resolve(actor: Actor, addresses: string[]): Promise<ResolveResponse>;
  setResolveChoice(
    actor: Actor,
    req: ResolveChoiceRequest,
  ): Promise<{ address: string; choice: RecordRef | null }>;
  search(actor: Actor, query: SearchQuery): Promise<SearchResponse>;
  getRecord(actor: Actor, type: RecordType, id: string): Promise<RecordResponse>;
  listPins(actor: Actor): Promise<PinsResponse>;
  pin(actor: Actor, ref: RecordRef): Promise<PinsResponse>;
  unpin(actor: Actor, ref: RecordRef): Promise<PinsResponse>;
  recent(actor: Actor): Promise<RecentResponse>;
  createContact(actor: Actor, req: CreateContactRequest): Promise<CreateRecordResponse>;
  createLead(actor: Actor, req: CreateLeadRequest): Promise<CreateRecordResponse>;

  /** Idempotent by (organization, kind, key): creates or joins the one activity. */
  track(
    actor: Actor,
    kind: TrackedKind,
    key: string,
    req: TrackRequest,
    source: TrackingSource,
  ): Promise<TrackResponse>;
  changeRegarding(
    actor: Actor,
    kind: TrackedKind,
    key: string,
    regarding: RegardingRef | null,
  ): Promise<TrackResponse>;
  untrack(actor: Actor, kind: TrackedKind, key: string): Promise<UntrackResponse>;
  status(actor: Actor, items: StatusRequest['items']): Promise<StatusResponse>;
}
