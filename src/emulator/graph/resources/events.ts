import { z } from 'zod';
import { parseBody } from '../../validation';
import type { Access } from '../auth';
import { calendarItems, overlaps, requireWindow } from '../calendar';
import { listRoute } from '../listing';
import { entityAnswer, itemOf } from '../representation';
import type { GraphCall, MailboxRouter } from '../router';
import { ExtendedPropertiesInput, upsertExtendedProperties } from './extended-properties';

const READ: Access = { resource: 'calendar', write: false };
const WRITE: Access = { resource: 'calendar', write: true };

/**
 * Events of the mailbox's calendar: `/events` and `/calendar/events` are the same collection (one
 * calendar per mailbox), by start by default; one event (GET, PATCH of categories and extended
 * properties, DELETE); `calendarView` (also under `/calendar`), the events overlapping
 * `startDateTime`..`endDateTime`.
 */
export function eventRoutes(router: MailboxRouter): void {
  const { store } = router;
  const byStart = [{ path: ['start', 'dateTime'], descending: false }];

  for (const path of ['/events', '/calendar/events']) {
    listRoute(router, path, {
      entity: 'event',
      access: READ,
      collection: ({ mailbox }) => ({ context: 'events', members: calendarItems(store, mailbox) }),
      defaultOrder: byStart,
    });
  }

  for (const path of ['/calendarView', '/calendar/calendarView']) {
    listRoute(router, path, {
      entity: 'event',
      access: READ,
      collection: ({ mailbox, query }) => {
        const window = requireWindow(query);
        return {
          context: 'calendarView',
          members: calendarItems(store, mailbox).filter((e) => overlaps(e, window)),
        };
      },
      defaultOrder: byStart,
    });
  }

  const eventOf = (call: GraphCall<'id'>) => itemOf(store, call, 'event');

  for (const path of ['/events/:id', '/calendar/events/:id']) {
    router.get<'id'>(path, READ, (call) => entityAnswer(call, eventOf(call)));

    router.patch<'id'>(path, WRITE, (call) => {
      const item = eventOf(call);
      const patch = parseBody(EventPatch, call.req.body, 'event');
      store.updateItem(call.mailbox, item, (e) => {
        if (patch.categories !== undefined) e.categories = [...new Set(patch.categories)];
        if (patch.singleValueExtendedProperties)
          upsertExtendedProperties(e, patch.singleValueExtendedProperties);
      });
      return entityAnswer(call, item);
    });

    router.delete<'id'>(path, WRITE, (call) => {
      store.deleteItem(call.mailbox, eventOf(call));
      return {};
    });
  }
}

const EventPatch = z
  .object({
    categories: z.array(z.string().min(1).max(255)).max(100).optional(),
    singleValueExtendedProperties: ExtendedPropertiesInput.optional(),
  })
  .strict();
