import { z } from 'zod';
import { GraphError } from '../../errors';
import type { Mailbox, MessageItem, Recipient } from '../../mailbox/types';
import { parseBody } from '../../validation';
import type { Access } from '../auth';
import { listRoute } from '../listing';
import { entityAnswer, itemOf } from '../representation';
import type { GraphCall, MailboxRouter } from '../router';
import { ExtendedPropertiesInput, upsertExtendedProperties } from './extended-properties';
import { mailFolder } from './mail-folders';

const READ: Access = { resource: 'mail', write: false };
const WRITE: Access = { resource: 'mail', write: true };

/**
 * Messages: the whole mailbox's (`/messages`, every mail folder) or one folder's, newest first by
 * default; one message by id (also under its folder): GET, PATCH, DELETE (to Deleted Items, for
 * good from there); `POST /messages/{id}/move`.
 */
export function messageRoutes(router: MailboxRouter): void {
  const { store } = router;
  const newestFirst = [{ path: ['receivedDateTime'], descending: true }];

  listRoute(router, '/messages', {
    entity: 'message',
    access: READ,
    collection: ({ mailbox }) => ({
      context: 'messages',
      members: [...mailbox.folders.values()].flatMap((f) =>
        f.wellKnownName === 'calendar' ? [] : store.folderItems(mailbox, f).filter(isMessage),
      ),
    }),
    defaultOrder: newestFirst,
  });

  listRoute<'folder'>(router, '/mailFolders/:folder/messages', {
    entity: 'message',
    access: READ,
    collection: ({ mailbox, params }) => {
      const folder = mailFolder(store, mailbox, params.folder);
      return {
        context: `mailFolders('${folder.wellKnownName}')/messages`,
        members: store.folderItems(mailbox, folder).filter(isMessage),
      };
    },
    defaultOrder: newestFirst,
  });

  const messageOf = (call: GraphCall<'id'>) => itemOf(store, call, 'message');

  for (const path of ['/messages/:id', '/mailFolders/:folder/messages/:id']) {
    router.get<'id'>(path, READ, (call) => entityAnswer(call, messageOf(call)));

    router.patch<'id'>(path, WRITE, (call) => {
      const item = messageOf(call);
      patchMessage(call.mailbox, item, parseBody(MessagePatch, call.req.body, 'message'), router);
      return entityAnswer(call, item);
    });

    router.delete<'id'>(path, WRITE, (call) => {
      const item = messageOf(call);
      const deleted = store.wellKnownFolder(call.mailbox, 'deleteditems');
      if (item.folderId === deleted.id) store.deleteItem(call.mailbox, item);
      else store.moveItem(call.mailbox, item, deleted);
      return {};
    });
  }

  router.post<'id'>('/messages/:id/move', WRITE, (call) => {
    const item = messageOf(call);
    const body = parseBody(MoveInput, call.req.body, 'message');
    store.moveItem(call.mailbox, item, mailFolder(store, call.mailbox, body.destinationId));
    // The moved message as the move answers it: default properties, whatever the query asked.
    return entityAnswer(call, item, { status: 201, query: {} });
  });
}

const isMessage = (item: { kind: string }): item is MessageItem => item.kind === 'message';

const RecipientInput = z.object({
  emailAddress: z.object({ name: z.string().max(256).optional(), address: z.string().min(3).max(320) }),
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
    singleValueExtendedProperties: ExtendedPropertiesInput.optional(),
  })
  .strict();

const MoveInput = z.object({ destinationId: z.string().min(1) }).strict();

/** What only a draft lets change. */
const DRAFT_ONLY = ['subject', 'body', 'toRecipients', 'ccRecipients', 'bccRecipients'] as const;

function patchMessage(
  mailbox: Mailbox,
  item: MessageItem,
  patch: z.infer<typeof MessagePatch>,
  { store }: MailboxRouter,
): void {
  const draftOnly = item.isDraft ? undefined : DRAFT_ONLY.find((k) => patch[k] !== undefined);
  if (draftOnly !== undefined)
    throw new GraphError(400, 'ErrorInvalidProperty', `${draftOnly} can only be updated on a draft.`);
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
    if (patch.singleValueExtendedProperties) upsertExtendedProperties(m, patch.singleValueExtendedProperties);
  });
}

function recipientOf(r: { emailAddress: { name?: string | undefined; address: string } }): Recipient {
  return {
    emailAddress: { name: r.emailAddress.name ?? r.emailAddress.address, address: r.emailAddress.address },
  };
}
