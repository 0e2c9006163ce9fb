import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { cecpExtendedPropertyId, parseCecpValue } from '#contract/marker';
import { normalizeAddress } from '#contract/address';
import type { EmulatorContext } from '../context';
import { GraphError } from '../errors';
import { FaultsInput } from '../faults/faults';
import { createDraft, receiveMessage, sendDraft } from '../mailbox/compose';
import type { Attendee, EventItem, Mailbox, MailboxItem, Recipient } from '../mailbox/types';
import { parseBody } from '../validation';

/**
 * The emulator's unauthenticated internal API (local development only) for the host page, the
 * Office.js shim and tests. Office-like flat `{name, address}` people.
 */
type Person = { name: string; address: string };

export type InternalListItem = {
  id: string;
  kind: 'message' | 'event';
  subject: string;
  from: Person | null;
  receivedAt: string;
  start?: string;
  end?: string;
  categories: string[];
  isRead: boolean;
  marker: ReturnType<typeof parseCecpValue>;
};

export type InternalItem = {
  id: string;
  kind: 'message' | 'event';
  folder: string;
  subject: string;
  body: { contentType: 'text' | 'html'; content: string };
  from: Person | null;
  toRecipients: Person[];
  ccRecipients: Person[];
  internetMessageId: string | null;
  conversationId: string | null;
  internetMessageHeaders: Array<{ name: string; value: string }>;
  receivedAt: string;
  sentAt: string | null;
  createdAt: string;
  categories: string[];
  isRead: boolean;
  isDraft: boolean;
  customProperties: string | null;
  iCalUId?: string;
  start?: string;
  end?: string;
  location?: string;
  organizer?: Person;
  attendees?: Array<Person & { type: 'required' | 'optional' }>;
  isOrganizer?: boolean;
};

const LISTED_FOLDERS = ['inbox', 'sentitems', 'drafts', 'calendar'] as const;

const person = (r: Recipient | null): Person | null =>
  r ? { name: r.emailAddress.name, address: r.emailAddress.address } : null;

const toRecipient = (p: { name?: string | undefined; address: string }): Recipient => ({
  emailAddress: { name: p.name ?? p.address, address: p.address },
});

/** Event date-times are stored in UTC without an offset; the API answers ISO 8601 with `Z`. */
function utc(dateTime: string): string {
  return new Date(/[zZ]$/.test(dateTime) ? dateTime : `${dateTime}Z`).toISOString();
}

function customProperties(item: MailboxItem): string | null {
  const id = cecpExtendedPropertyId().toLowerCase();
  return item.singleValueExtendedProperties.find((p) => p.id.toLowerCase() === id)?.value ?? null;
}

function attendeeType(a: Attendee): 'required' | 'optional' {
  return a.type === 'optional' ? 'optional' : 'required';
}

function listItem(item: MailboxItem): InternalListItem {
  const base = {
    id: item.id,
    kind: item.kind,
    subject: item.subject,
    categories: [...item.categories],
    marker: parseCecpValue(customProperties(item)),
  };
  if (item.kind === 'message')
    return { ...base, from: person(item.from), receivedAt: item.receivedDateTime, isRead: item.isRead };
  return {
    ...base,
    from: person(item.organizer),
    receivedAt: item.createdDateTime,
    start: utc(item.start.dateTime),
    end: utc(item.end.dateTime),
    isRead: true,
  };
}

export function fullItem(mailbox: Mailbox, item: MailboxItem): InternalItem {
  const folder = mailbox.folders.get(item.folderId)?.wellKnownName ?? 'inbox';
  const common = {
    id: item.id,
    kind: item.kind,
    folder,
    subject: item.subject,
    body: { ...item.body },
    createdAt: item.createdDateTime,
    categories: [...item.categories],
    customProperties: customProperties(item),
  };
  if (item.kind === 'message')
    return {
      ...common,
      from: person(item.from),
      toRecipients: item.toRecipients.map((r) => person(r) as Person),
      ccRecipients: item.ccRecipients.map((r) => person(r) as Person),
      internetMessageId: item.internetMessageId,
      conversationId: item.conversationId,
      internetMessageHeaders: item.internetMessageHeaders.map((h) => ({ ...h })),
      receivedAt: item.receivedDateTime,
      sentAt: item.sentDateTime,
      isRead: item.isRead,
      isDraft: item.isDraft,
    };
  const event: EventItem = item;
  return {
    ...common,
    from: person(event.organizer),
    toRecipients: event.attendees.filter((a) => a.type !== 'optional').map((a) => ({ ...a.emailAddress })),
    ccRecipients: event.attendees.filter((a) => a.type === 'optional').map((a) => ({ ...a.emailAddress })),
    internetMessageId: null,
    conversationId: null,
    internetMessageHeaders: [],
    receivedAt: event.createdDateTime,
    sentAt: null,
    isRead: true,
    isDraft: false,
    iCalUId: event.iCalUId,
    start: utc(event.start.dateTime),
    end: utc(event.end.dateTime),
    location: event.location.displayName,
    organizer: person(event.organizer) as Person,
    attendees: event.attendees.map((a) => ({ ...a.emailAddress, type: attendeeType(a) })),
    isOrganizer: event.isOrganizer,
  };
}

const PersonInput = z.object({
  name: z.string().max(256).optional(),
  address: z.string().refine((a) => normalizeAddress(a) !== null, 'is not a valid email address'),
});

const ItemPatch = z
  .object({
    categories: z.array(z.string().trim().min(1).max(255)).max(100).optional(),
    customProperties: z
      .string()
      .max(32_000)
      .refine((s) => {
        try {
          const v = JSON.parse(s) as unknown;
          return v !== null && typeof v === 'object' && !Array.isArray(v);
        } catch {
          return false;
        }
      }, 'must be a JSON object serialized as a string')
      .nullable()
      .optional(),
    isRead: z.boolean().optional(),
    subject: z.string().max(255).optional(),
    body: z.object({ contentType: z.enum(['text', 'html']), content: z.string().max(1_000_000) }).optional(),
    toRecipients: z.array(PersonInput).max(500).optional(),
    ccRecipients: z.array(PersonInput).max(500).optional(),
  })
  .strict();

const IncomingInput = z
  .object({
    from: PersonInput,
    subject: z.string().max(255),
    html: z.string().max(1_000_000).optional(),
    cc: z.array(PersonInput).max(100).optional(),
    inReplyToId: z.string().min(1).optional(),
    headers: z
      .array(z.object({ name: z.string().regex(/^[A-Za-z0-9-]{1,76}$/), value: z.string().max(2000) }))
      .max(50)
      .optional(),
  })
  .strict();

const DraftInput = z.object({ replyToId: z.string().min(1).optional() }).strict();
const CategoryInput = z
  .object({
    displayName: z.string().trim().min(1).max(255),
    color: z
      .string()
      .regex(/^(none|preset([0-9]|1[0-9]|2[0-4]))$/, 'must be none or preset0..preset24')
      .optional(),
  })
  .strict();

type UserParams = { user: string };
type FolderParams = UserParams & { folder: string };
type ItemParams = UserParams & { id: string };

export async function internalApiRoutes(app: FastifyInstance, ctx: EmulatorContext): Promise<void> {
  const { store, faults } = ctx;
  const mailboxOf = (user: string) => store.mailbox(user);

  app.get('/emulator/api/users', async () =>
    store
      .users()
      .filter((u) => !store.isGenerated(u.email))
      .map((u) => ({ email: u.email, name: u.name })),
  );

  app.get<{ Params: UserParams }>('/emulator/api/mailboxes/:user/folders', async (req) => {
    const mailbox = mailboxOf(req.params.user);
    return LISTED_FOLDERS.map((name) => {
      const folder = store.wellKnownFolder(mailbox, name);
      const items = store.folderItems(mailbox, folder);
      return {
        id: folder.id,
        name: folder.displayName,
        wellKnownName: folder.wellKnownName,
        unread: items.filter((i) => i.kind === 'message' && !i.isRead).length,
        total: items.length,
      };
    });
  });

  app.get<{ Params: FolderParams }>('/emulator/api/mailboxes/:user/folders/:folder/items', async (req) => {
    const mailbox = mailboxOf(req.params.user);
    const folder = store.folder(mailbox, req.params.folder);
    const items = store.folderItems(mailbox, folder).map(listItem);
    // Newest first: messages by arrival, events by start.
    const key = (i: InternalListItem) => Date.parse(i.start ?? i.receivedAt);
    return items.sort((a, b) => key(b) - key(a));
  });

  app.get<{ Params: ItemParams }>('/emulator/api/mailboxes/:user/items/:id', async (req) => {
    const mailbox = mailboxOf(req.params.user);
    return fullItem(mailbox, store.item(mailbox, req.params.id));
  });

  app.patch<{ Params: ItemParams }>('/emulator/api/mailboxes/:user/items/:id', async (req) => {
    const mailbox = mailboxOf(req.params.user);
    const item = store.item(mailbox, req.params.id);
    const patch = parseBody(ItemPatch, req.body, 'item');
    const composeFields = (['subject', 'body', 'toRecipients', 'ccRecipients'] as const).filter(
      (k) => patch[k] !== undefined,
    );
    if (composeFields.length > 0 && (item.kind !== 'message' || !item.isDraft))
      throw new GraphError(
        400,
        'ErrorInvalidProperty',
        `${composeFields[0]} can only be changed on a draft.`,
      );
    if (patch.isRead !== undefined && item.kind !== 'message')
      throw new GraphError(400, 'ErrorInvalidProperty', 'isRead applies to messages only.');
    store.updateItem(mailbox, item, (it) => {
      if (patch.categories !== undefined) it.categories = [...new Set(patch.categories)];
      if (patch.customProperties !== undefined) {
        const id = cecpExtendedPropertyId();
        const rest = it.singleValueExtendedProperties.filter((p) => p.id.toLowerCase() !== id.toLowerCase());
        it.singleValueExtendedProperties =
          patch.customProperties === null ? rest : [...rest, { id, value: patch.customProperties }];
      }
      if (it.kind !== 'message') return;
      if (patch.isRead !== undefined) it.isRead = patch.isRead;
      if (patch.subject !== undefined) it.subject = patch.subject;
      if (patch.body !== undefined) it.body = { ...patch.body };
      if (patch.toRecipients !== undefined) it.toRecipients = patch.toRecipients.map(toRecipient);
      if (patch.ccRecipients !== undefined) it.ccRecipients = patch.ccRecipients.map(toRecipient);
    });
    return fullItem(mailbox, item);
  });

  app.post<{ Params: UserParams }>('/emulator/api/mailboxes/:user/drafts', async (req, reply) => {
    const mailbox = mailboxOf(req.params.user);
    const input = parseBody(DraftInput, req.body ?? {}, 'draft');
    const draft = createDraft(
      store,
      mailbox,
      input.replyToId !== undefined ? { replyToId: input.replyToId } : {},
    );
    return reply.code(201).send(fullItem(mailbox, draft));
  });

  /** Simulates mail from outside arriving in the user's Inbox. */
  app.post<{ Params: UserParams }>('/emulator/api/mailboxes/:user/inbox', async (req, reply) => {
    const mailbox = mailboxOf(req.params.user);
    const input = parseBody(IncomingInput, req.body, 'message');
    const item = receiveMessage(store, mailbox, {
      from: {
        address: input.from.address,
        ...(input.from.name !== undefined ? { name: input.from.name } : {}),
      },
      subject: input.subject,
      ...(input.html !== undefined ? { html: input.html } : {}),
      ...(input.cc
        ? {
            cc: input.cc.map((c) => ({
              address: c.address,
              ...(c.name !== undefined ? { name: c.name } : {}),
            })),
          }
        : {}),
      ...(input.inReplyToId !== undefined ? { inReplyToId: input.inReplyToId } : {}),
      ...(input.headers ? { headers: input.headers } : {}),
    });
    return reply.code(201).send(fullItem(mailbox, item));
  });

  app.post<{ Params: ItemParams }>('/emulator/api/mailboxes/:user/items/:id/send', async (req) => {
    const mailbox = mailboxOf(req.params.user);
    return fullItem(mailbox, sendDraft(store, mailbox, req.params.id));
  });

  app.get<{ Params: UserParams }>('/emulator/api/mailboxes/:user/master-categories', async (req) =>
    mailboxOf(req.params.user).masterCategories.map((c) => ({ ...c })),
  );

  app.post<{ Params: UserParams }>('/emulator/api/mailboxes/:user/master-categories', async (req, reply) => {
    const mailbox = mailboxOf(req.params.user);
    const input = parseBody(CategoryInput, req.body, 'outlookCategory');
    return reply.code(201).send(store.addMasterCategory(mailbox, input.displayName, input.color ?? 'none'));
  });

  app.delete<{ Params: UserParams & { name: string } }>(
    '/emulator/api/mailboxes/:user/master-categories/:name',
    async (req, reply) => {
      store.removeMasterCategory(mailboxOf(req.params.user), req.params.name);
      return reply.code(204).send();
    },
  );

  app.get('/emulator/api/faults', async () => faults.snapshot());

  app.put('/emulator/api/faults', async (req) => faults.update(parseBody(FaultsInput, req.body, 'faults')));

  /** Expires every Graph delta token: the next delta call with an old link answers 410 Gone. */
  app.post('/emulator/api/delta-tokens/expire', async (_req, reply) => {
    store.expireDeltaTokens();
    return reply.code(204).send();
  });

  /** Back to the seeded state: fresh demo mailboxes, no faults, all delta tokens expired. */
  app.post('/emulator/api/reset', async (_req, reply) => {
    ctx.reseed();
    faults.reset();
    return reply.code(204).send();
  });
}
