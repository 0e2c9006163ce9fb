import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { cecpExtendedPropertyId } from '#contract/marker';
import type { EmulatorContext } from '../context';
import { GraphError } from '../errors';
import { FaultsInput } from '../faults/faults';
import { createDraft, receiveMessage, sendDraft } from '../mailbox/compose';
import type { MailboxItem, Recipient } from '../mailbox/types';
import { parseBody } from '../validation';
import {
  DraftInput,
  IncomingMessageInput,
  ItemPatch,
  MasterCategoryInput,
  type FolderSummary,
  type ItemSummary,
  type MailboxUserSummary,
} from './types';
import { fullItem, itemSummary } from './views';

/**
 * The emulator's unauthenticated internal API (local development only) for the host page, the
 * Office.js shim (through the host page) and tests, under `/emulator/api`. Bodies and answers:
 * `types.ts`; every route is listed in the emulator's README.
 */
export async function internalApiRoutes(app: FastifyInstance, ctx: EmulatorContext): Promise<void> {
  mailboxRoutes(app, ctx);
  itemRoutes(app, ctx);
  composeRoutes(app, ctx);
  masterCategoryRoutes(app, ctx);
  controlRoutes(app, ctx);
}

const API = '/emulator/api';
const LISTED_FOLDERS = ['inbox', 'sentitems', 'drafts', 'calendar'] as const;

type UserParams = { user: string };
type ItemParams = UserParams & { id: string };

/** Who has a mailbox, its folders, and a folder's items. */
function mailboxRoutes(app: FastifyInstance, { store }: EmulatorContext): void {
  app.get(`${API}/users`, async (): Promise<MailboxUserSummary[]> =>
    store
      .users()
      .filter((u) => !store.isGenerated(u.email))
      .map((u) => ({ email: u.email, name: u.name })),
  );

  app.get<{ Params: UserParams }>(`${API}/mailboxes/:user/folders`, async (req): Promise<FolderSummary[]> => {
    const mailbox = store.mailbox(req.params.user);
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

  app.get<{ Params: UserParams & { folder: string } }>(
    `${API}/mailboxes/:user/folders/:folder/items`,
    async (req): Promise<ItemSummary[]> => {
      const mailbox = store.mailbox(req.params.user);
      const items = store.folderItems(mailbox, store.folder(mailbox, req.params.folder)).map(itemSummary);
      // Newest first: messages by arrival, events by start.
      const key = (i: ItemSummary) => Date.parse(i.start ?? i.receivedAt);
      return items.sort((a, b) => key(b) - key(a));
    },
  );
}

/** One item: read it, change it. */
function itemRoutes(app: FastifyInstance, { store }: EmulatorContext): void {
  app.get<{ Params: ItemParams }>(`${API}/mailboxes/:user/items/:id`, async (req) => {
    const mailbox = store.mailbox(req.params.user);
    return fullItem(mailbox, store.item(mailbox, req.params.id));
  });

  app.patch<{ Params: ItemParams }>(`${API}/mailboxes/:user/items/:id`, async (req) => {
    const mailbox = store.mailbox(req.params.user);
    const item = store.item(mailbox, req.params.id);
    const patch = parseBody(ItemPatch, req.body, 'item');
    checkPatch(item, patch);
    store.updateItem(mailbox, item, (it) => applyPatch(it, patch));
    return fullItem(mailbox, item);
  });
}

type ParsedPatch = z.output<typeof ItemPatch>;

function checkPatch(item: MailboxItem, patch: ParsedPatch): void {
  const composeField = (['subject', 'body', 'toRecipients', 'ccRecipients'] as const).find(
    (k) => patch[k] !== undefined,
  );
  if (composeField !== undefined && (item.kind !== 'message' || !item.isDraft))
    throw new GraphError(400, 'ErrorInvalidProperty', `${composeField} can only be changed on a draft.`);
  if (patch.isRead !== undefined && item.kind !== 'message')
    throw new GraphError(400, 'ErrorInvalidProperty', 'isRead applies to messages only.');
}

function applyPatch(item: MailboxItem, patch: ParsedPatch): void {
  if (patch.categories !== undefined) item.categories = [...new Set(patch.categories)];
  if (patch.customProperties !== undefined) {
    const id = cecpExtendedPropertyId();
    const rest = item.singleValueExtendedProperties.filter((p) => p.id.toLowerCase() !== id.toLowerCase());
    item.singleValueExtendedProperties =
      patch.customProperties === null ? rest : [...rest, { id, value: patch.customProperties }];
  }
  if (item.kind !== 'message') return;
  if (patch.isRead !== undefined) item.isRead = patch.isRead;
  if (patch.subject !== undefined) item.subject = patch.subject;
  if (patch.body !== undefined) item.body = { ...patch.body };
  if (patch.toRecipients !== undefined) item.toRecipients = patch.toRecipients.map(recipientOf);
  if (patch.ccRecipients !== undefined) item.ccRecipients = patch.ccRecipients.map(recipientOf);
}

const recipientOf = (p: { name?: string | undefined; address: string }): Recipient => ({
  emailAddress: { name: p.name ?? p.address, address: p.address },
});

/** Drafts, sending them, and mail arriving from outside. */
function composeRoutes(app: FastifyInstance, { store }: EmulatorContext): void {
  app.post<{ Params: UserParams }>(`${API}/mailboxes/:user/drafts`, async (req, reply) => {
    const mailbox = store.mailbox(req.params.user);
    const input = parseBody(DraftInput, req.body ?? {}, 'draft');
    return reply.code(201).send(fullItem(mailbox, createDraft(store, mailbox, input)));
  });

  app.post<{ Params: ItemParams }>(`${API}/mailboxes/:user/items/:id/send`, async (req) => {
    const mailbox = store.mailbox(req.params.user);
    return fullItem(mailbox, sendDraft(store, mailbox, req.params.id));
  });

  app.post<{ Params: UserParams }>(`${API}/mailboxes/:user/inbox`, async (req, reply) => {
    const mailbox = store.mailbox(req.params.user);
    const input = parseBody(IncomingMessageInput, req.body, 'message');
    return reply.code(201).send(fullItem(mailbox, receiveMessage(store, mailbox, input)));
  });
}

/** The mailbox's master category list (the shim's `masterCategories`). */
function masterCategoryRoutes(app: FastifyInstance, { store }: EmulatorContext): void {
  const path = `${API}/mailboxes/:user/master-categories`;

  app.get<{ Params: UserParams }>(path, async (req) =>
    store.mailbox(req.params.user).masterCategories.map((c) => ({ ...c })),
  );

  app.post<{ Params: UserParams }>(path, async (req, reply) => {
    const mailbox = store.mailbox(req.params.user);
    const input = parseBody(MasterCategoryInput, req.body, 'outlookCategory');
    return reply.code(201).send(store.addMasterCategory(mailbox, input.displayName, input.color ?? 'none'));
  });

  app.delete<{ Params: UserParams & { name: string } }>(`${path}/:name`, async (req, reply) => {
    store.removeMasterCategory(store.mailbox(req.params.user), req.params.name);
    return reply.code(204).send();
  });
}

/** Faults, delta token expiry, and back to the seeded state. */
function controlRoutes(app: FastifyInstance, { store, faults, reseed }: EmulatorContext): void {
  app.get(`${API}/faults`, async () => faults.snapshot());

  app.put(`${API}/faults`, async (req) => faults.update(parseBody(FaultsInput, req.body, 'faults')));

  app.post(`${API}/delta-tokens/expire`, async (_req, reply) => {
    store.expireDeltaTokens();
    return reply.code(204).send();
  });

  app.post(`${API}/reset`, async (_req, reply) => {
    reseed();
    faults.reset();
    return reply.code(204).send();
  });
}
