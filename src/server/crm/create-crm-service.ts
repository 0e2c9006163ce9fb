import { RESOLVE_ADDRESSES_MAX, STATUS_ITEMS_MAX } from '#contract';
import { AppError } from '../errors';
import type { Database } from '../db/types';
import { createActors } from './actors';
import { bodyToText } from './body';
import type { Actor, CrmService } from './crm-service';
import { fullCard } from './full-card';
import { createPerson, type PersonRequests, type PersonType } from './people';
import { listPins, pinRecord, unpinRecord } from './pins';
import { listRecent, touchRecent } from './recent';
import { resolveAddresses, setResolveChoice } from './resolve';
import { searchRecords } from './search';
import { loadMe, updateSettings } from './settings';
import { changeRegarding, trackingStatus, trackItem, untrackItem } from './tracking';

export type CrmServiceOptions = {
  /** Base URL of the CRM web client for record deep links (`webUrl`). */
  crmWebUrl?: string;
};

const DEFAULT_CRM_WEB_URL = 'https://localhost:3000/crm';
/** Batch calls (resolve, status) refuse more entries than the contract allows, also without HTTP. */
function requireBatchSize(entries: readonly unknown[], max: number, what: string): void {
  if (entries.length > max) throw new AppError('validation_failed', `At most ${max} ${what} per request.`);
}

/**
 * The CRM domain over one database: each call finds the actor's access context and hands it to
 * the module that answers it.
 */
export function createCrmService(db: Database, options: CrmServiceOptions = {}): CrmService {
  const crmWebUrl = options.crmWebUrl ?? DEFAULT_CRM_WEB_URL;
  const actors = createActors(db);
  const { context } = actors;
  const me = async (actor: Actor) => loadMe(db, await context(actor), crmWebUrl);
  const createRecord = async <T extends PersonType>(actor: Actor, type: T, req: PersonRequests[T]) => {
    const ctx = await context(actor);
    const ref = await createPerson(db, ctx, type, req);
    return { record: await fullCard(db, ctx, ref, crmWebUrl) };
  };

  return {
    actorByIdentity: (tenantId, objectId) => actors.byIdentity(tenantId, objectId),
    actorByEmail: (email) => actors.byEmail(email),
    bindContext: (actor) => actors.bind(actor),
    me,
    async updateSettings(actor, req) {
      await updateSettings(db, await context(actor), req);
      return me(actor);
    },

    async resolve(actor, addresses) {
      requireBatchSize(addresses, RESOLVE_ADDRESSES_MAX, 'addresses');
      const results = await resolveAddresses(db, await context(actor), addresses);
      actors.remember(actor, results);
      return { results };
    },
    setResolveChoice: async (actor, req) => setResolveChoice(db, await context(actor), req),
    search: async (actor, query) => ({ results: await searchRecords(db, await context(actor), query) }),

    async getRecord(actor, type, id) {
      const ctx = await context(actor);
      const record = await fullCard(db, ctx, { type, id }, crmWebUrl);
      await touchRecent(db, ctx.userId, { type, id });
      return { record };
    },
    listPins: async (actor) => ({ pins: await listPins(db, await context(actor)) }),
    async pin(actor, ref) {
      const ctx = await context(actor);
      await pinRecord(db, ctx, ref);
      return { pins: await listPins(db, ctx) };
    },
    async unpin(actor, ref) {
      const ctx = await context(actor);
      await unpinRecord(db, ctx, ref);
      return { pins: await listPins(db, ctx) };
    },
    recent: async (actor) => ({ records: await listRecent(db, await context(actor)) }),
    createContact: (actor, req) => createRecord(actor, 'contact', req),
    createLead: (actor, req) => createRecord(actor, 'lead', req),

    track: async (actor, kind, key, req, source) =>
      trackItem(
        db,
        await context(actor),
        kind,
        key,
        req,
        source,
        bodyToText(req.item.body),
        actors.matches(actor),
      ),
    changeRegarding: async (actor, kind, key, regarding) =>
      changeRegarding(db, await context(actor), kind, key, regarding),
    untrack: async (actor, kind, key) => untrackItem(db, await context(actor), kind, key),
    async status(actor, items) {
      requireBatchSize(items, STATUS_ITEMS_MAX, 'items');
      return { items: await trackingStatus(db, await context(actor), items) };
    },
  };
}
