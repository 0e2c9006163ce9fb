import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { FolderSummary, FullItem, ItemSummary, MailboxUserSummary } from '#emulator/api/types';
import { CLIENT_PROFILES, type ClientKind, type NotificationDetails } from '#emulator/shim/protocol';
import { hostApi } from './api';
import {
  draftPatch,
  formatRecipients,
  htmlToText,
  type ComposeForm,
  type NotificationStore,
  type PaneSession,
} from './bridge';
import type { HostTheme } from './url-state';

/** The state of the signed-in Outlook window, one hook per concern; `Mailbox.tsx` lays it out. */

const POLL_MS = 3000;

type Fail = (error: unknown) => void;

/** The add-in pane beside the item: open or not, and pinned (on clients that can pin). */
export function usePane(client: ClientKind) {
  const [open, setOpen] = useState(false);
  const [pinned, setPinned] = useState(false);
  // A client without pinning never has a pinned pane.
  const pinnedNow = pinned && CLIENT_PROFILES[client].pinning;
  const close = useCallback(() => {
    setOpen(false);
    setPinned(false);
  }, []);
  return { open, setOpen, pinned: pinnedNow, setPinned, close };
}
export type Pane = ReturnType<typeof usePane>;

/**
 * The mailbox's folders, the open folder's items and the selected item, loaded now and polled:
 * server-side sync changes markers and categories behind the page's back.
 */
export function useMailboxContents(user: string, pane: Pane, fail: Fail) {
  const [folders, setFolders] = useState<FolderSummary[]>([]);
  const [folder, setFolder] = useState('inbox');
  const [items, setItems] = useState<ItemSummary[] | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [selected, setSelected] = useState<FullItem | null>(null);
  const [loadingItem, setLoadingItem] = useState(false);
  // The selection as of the latest click, for answers that arrive after another click.
  const selectedRef = useRef<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [nextFolders, nextItems] = await Promise.all([
        hostApi.folders(user),
        hostApi.items(user, folder),
      ]);
      setFolders(nextFolders);
      setItems(nextItems);
      const id = selectedRef.current;
      if (id) {
        const fresh = await hostApi.item(user, id);
        if (selectedRef.current === id) setSelected(fresh);
      }
    } catch (e) {
      fail(e);
    }
  }, [user, folder, fail]);

  useEffect(() => {
    const first = setTimeout(() => void refresh(), 0);
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, POLL_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [refresh]);

  const { pinned, setOpen: setPaneOpen } = pane;
  // Opening an item: load it, mark it read (as Outlook does).
  const select = useCallback(
    (id: string | null) => {
      if (id === selectedRef.current) return;
      setSelectedId(id);
      selectedRef.current = id;
      // Outlook closes an unpinned pane when another item is selected.
      if (!pinned) setPaneOpen(false);
      if (!id) {
        setSelected(null);
        return;
      }
      setLoadingItem(true);
      hostApi
        .item(user, id)
        .then(async (full) => {
          if (selectedRef.current !== id) return;
          setSelected(full);
          if (full.kind === 'message' && !full.isRead) {
            await hostApi.patchItem(user, id, { isRead: true });
            setItems((list) => list?.map((i) => (i.id === id ? { ...i, isRead: true } : i)) ?? null);
          }
        })
        .catch(fail)
        .finally(() => setLoadingItem(false));
    },
    [user, pinned, setPaneOpen, fail],
  );

  /** For the pane's "I changed the mailbox" (a stable callback). */
  const refreshSoon = useCallback(() => void refresh(), [refresh]);

  const openFolder = (name: string) => {
    if (name !== folder) setItems(null);
    setFolder(name);
    select(null);
  };

  return {
    folders,
    folder,
    items,
    selectedId,
    selected,
    loadingItem,
    refresh,
    refreshSoon,
    select,
    openFolder,
  };
}
export type MailboxContents = ReturnType<typeof useMailboxContents>;

type ComposeState = { draft: FullItem; composeType: 'newMail' | 'reply'; form: ComposeForm };

/** A compose window on a draft: the form as typed, saved to the draft on send and on close. */
export function useCompose(
  user: string,
  {
    pane,
    refresh,
    announce,
    fail,
  }: { pane: Pane; refresh: () => Promise<void>; announce: (text: string) => void; fail: Fail },
) {
  const [compose, setCompose] = useState<ComposeState | null>(null);
  const [sending, setSending] = useState(false);
  const latest = useRef(compose);
  useLayoutEffect(() => {
    latest.current = compose;
  });

  const start = async (replyToId?: string) => {
    try {
      const draft = await hostApi.createDraft(user, replyToId);
      // The read pane does not follow into a compose window.
      pane.close();
      setCompose({ draft, composeType: replyToId ? 'reply' : 'newMail', form: formOf(draft) });
    } catch (e) {
      fail(e);
    }
  };

  const send = async () => {
    if (!compose) return;
    setSending(true);
    try {
      await hostApi.patchItem(user, compose.draft.id, draftPatch(compose.form));
      await hostApi.send(user, compose.draft.id);
      setCompose(null);
      pane.setOpen(false);
      announce(`Sent “${compose.form.subject || '(no subject)'}”.`);
      void refresh();
    } catch (e) {
      fail(e);
    } finally {
      setSending(false);
    }
  };

  const close = async () => {
    if (!compose) return;
    try {
      await hostApi.patchItem(user, compose.draft.id, draftPatch(compose.form));
      announce('Draft saved to Drafts.');
    } catch (e) {
      fail(e);
    }
    setCompose(null);
    pane.setOpen(false);
    void refresh();
  };

  const edit = (form: ComposeForm) => compose && setCompose({ ...compose, form });
  /** The form as typed right now, for the pane's calls between renders. */
  const currentForm = () => latest.current?.form;
  return { compose, sending, start, send, close, edit, currentForm };
}
export type Compose = ReturnType<typeof useCompose>;

function formOf(draft: FullItem): ComposeForm {
  return {
    to: formatRecipients(draft.toRecipients),
    cc: formatRecipients(draft.ccRecipients),
    subject: draft.subject,
    body: draft.body.contentType === 'html' ? htmlToText(draft.body.content) : draft.body.content,
  };
}

/** The add-in function command running for the selected item (the ribbon's one-click Track). */
export function useCommand(refresh: () => Promise<void>, setError: (message: string) => void) {
  const [running, setRunning] = useState<string | null>(null);
  const done = useCallback(
    (outcome: 'completed' | 'timeout') => {
      setRunning(null);
      if (outcome === 'timeout') setError('The add-in command did not finish.');
      void refresh();
    },
    [refresh, setError],
  );
  return { running, run: setRunning, done };
}
export type Command = ReturnType<typeof useCommand>;

/** The add-ins' notification messages per item (`item.notificationMessages`). */
export function useNotifications() {
  const [notices, setNotices] = useState<Record<string, NotificationDetails[]>>({});
  const noticesRef = useRef(notices);
  const store = useMemo<NotificationStore>(
    () => ({
      list: (itemId) => noticesRef.current[itemId] ?? [],
      set: (itemId, list) => {
        noticesRef.current = { ...noticesRef.current, [itemId]: list };
        setNotices(noticesRef.current);
      },
    }),
    [],
  );
  return { notices, store };
}

/**
 * What the pane sees, read by the bridge at the moment the pane asks, and the key that changes
 * when the pane's item changes (a pinned pane is told through ItemChanged).
 */
export function usePaneSession(input: {
  me: MailboxUserSummary;
  client: ClientKind;
  theme: HostTheme;
  notifications: NotificationStore;
  compose: Compose;
  selected: FullItem | null;
}) {
  const { me, client, theme, notifications, compose: composer, selected } = input;
  const compose = composer.compose;
  const profile = CLIENT_PROFILES[client];
  const session = useRef<PaneSession>({ user: me, client: profile, item: null, notifications, theme });
  const next: PaneSession = {
    user: me,
    client: profile,
    notifications,
    theme,
    item: compose
      ? {
          full: compose.draft,
          mode: 'compose',
          composeType: compose.composeType,
          form: () => composer.currentForm() ?? compose.form,
        }
      : selected
        ? {
            full: selected,
            // An organizer opens their own meeting in the organizer (compose) form.
            mode: selected.kind === 'event' && selected.isOrganizer ? 'compose' : 'read',
            composeType: null,
          }
        : null,
  };
  // Before any passive effect, so the pane's ItemChanged reads the new item.
  useLayoutEffect(() => {
    session.current = next;
  });
  const itemKey = compose ? `compose:${compose.draft.id}` : (selected?.id ?? null);
  return { session, itemKey };
}
