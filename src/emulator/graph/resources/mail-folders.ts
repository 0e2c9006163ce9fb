import { GraphError } from '../../errors';
import type { MailboxStore } from '../../mailbox/store';
import type { Folder, Mailbox } from '../../mailbox/types';
import { contextUrl, type MailboxRouter } from '../router';

const READ_MAIL = { resource: 'mail', write: false } as const;

/** `GET /mailFolders` and `GET /mailFolders/{id|wellKnownName}`: every folder but the calendar. */
export function mailFolderRoutes(router: MailboxRouter): void {
  const { store } = router;

  router.get('/mailFolders', READ_MAIL, (call) => {
    const folders = [...call.mailbox.folders.values()].filter((f) => f.wellKnownName !== 'calendar');
    return {
      body: {
        '@odata.context': contextUrl(call, 'mailFolders'),
        value: folders.map((f) => folderJson(store, call.mailbox, f)),
      },
    };
  });

  router.get<'folder'>('/mailFolders/:folder', READ_MAIL, (call) => ({
    body: {
      '@odata.context': contextUrl(call, 'mailFolders/$entity'),
      ...folderJson(store, call.mailbox, mailFolder(store, call.mailbox, call.params.folder)),
    },
  }));
}

/** A mail folder by id or well-known name; the calendar is not a mail folder. */
export function mailFolder(store: MailboxStore, mailbox: Mailbox, idOrName: string): Folder {
  const folder = store.folder(mailbox, idOrName);
  if (folder.wellKnownName === 'calendar')
    throw new GraphError(404, 'ErrorItemNotFound', 'The specified folder could not be found in the store.');
  return folder;
}

function folderJson(store: MailboxStore, mailbox: Mailbox, folder: Folder): Record<string, unknown> {
  const items = store.folderItems(mailbox, folder);
  return {
    id: folder.id,
    displayName: folder.displayName,
    parentFolderId: folder.parentFolderId,
    childFolderCount: 0,
    unreadItemCount: items.filter((i) => i.kind === 'message' && !i.isRead).length,
    totalItemCount: items.length,
    sizeInBytes: items.length * 2048,
    isHidden: false,
  };
}
