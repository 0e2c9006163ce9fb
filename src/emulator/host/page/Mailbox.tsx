import {
  Button,
  MessageBar,
  MessageBarBody,
  Select,
  Switch,
  Text,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ComposeRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  CLIENT_KINDS,
  CLIENT_PROFILES,
  type ClientKind,
  type NotificationDetails,
} from '#emulator/shim/protocol';
import type { FolderSummary, FullItem, ItemSummary, MailboxUserSummary } from '#emulator/api/types';
import { hostApi } from './api';
import {
  draftPatch,
  formatRecipients,
  htmlToText,
  type ComposeForm as ComposeValues,
  type NotificationStore,
  type PaneSession,
} from './bridge';
import { CommandRunner } from './CommandRunner';
import { ComposeForm } from './ComposeForm';
import { Notifications } from './Notifications';
import { FaultPanel, describeFaults } from './FaultPanel';
import { ItemList } from './ItemList';
import { ReadingPane } from './ReadingPane';
import { TaskPane } from './TaskPane';
import type { HostTheme } from './url-state';

const POLL_MS = 3000;

const useStyles = makeStyles({
  shell: { display: 'grid', gridTemplateRows: 'auto auto 1fr', height: '100vh' },
  banner: {
    display: 'flex',
    alignItems: 'center',
    gap: '12px',
    padding: '6px 16px',
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    flexWrap: 'wrap',
  },
  brand: { flexGrow: 1, color: tokens.colorNeutralForegroundOnBrand },
  bannerText: { color: tokens.colorNeutralForegroundOnBrand },
  desktop: { display: 'grid', gridTemplateColumns: '200px 340px 1fr auto', minHeight: 0 },
  mobile: {
    display: 'grid',
    gridTemplateRows: 'auto 1fr',
    width: '400px',
    maxWidth: '100%',
    margin: '0 auto',
    minHeight: 0,
    borderLeft: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRight: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  nav: {
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    padding: '8px',
    display: 'grid',
    alignContent: 'start',
    gap: '4px',
  },
  mobileNav: {
    display: 'flex',
    gap: '4px',
    padding: '4px',
    overflowX: 'auto',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    '& button': { flexShrink: 0, whiteSpace: 'nowrap' },
    '& > *': { flexShrink: 0 },
  },
  folderList: { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: '2px' },
  column: {
    minHeight: 0,
    minWidth: 0,
    overflow: 'hidden',
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  main: { minHeight: 0, minWidth: 0, overflow: 'hidden' },
  pane: { width: '350px', minHeight: 0 },
  mobilePane: { minHeight: 0, height: '100%' },
});

type ComposeState = { draft: FullItem; composeType: 'newMail' | 'reply'; form: ComposeValues };

function composeValues(draft: FullItem): ComposeValues {
  return {
    to: formatRecipients(draft.toRecipients),
    cc: formatRecipients(draft.ccRecipients),
    subject: draft.subject,
    body: draft.body.contentType === 'html' ? htmlToText(draft.body.content) : draft.body.content,
  };
}

/** The signed-in Outlook window: folders, list, reading pane or compose, and the add-in pane. */
export function Mailbox(props: {
  user: string;
  client: ClientKind;
  theme: HostTheme;
  onClientChange: (client: ClientKind) => void;
  onThemeChange: (theme: HostTheme) => void;
  onSignOut: () => void;
}) {
  const styles = useStyles();
  const { user, client } = props;
  const profile = CLIENT_PROFILES[client];
  const mobile = client === 'mobile';

  const [me, setMe] = useState<MailboxUserSummary>({ email: user, name: user });
  const [folders, setFolders] = useState<FolderSummary[]>([]);
  const [folder, setFolder] = useState('inbox');
  const [items, setItems] = useState<ItemSummary[] | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [selected, setSelected] = useState<FullItem | null>(null);
  const [loadingItem, setLoadingItem] = useState(false);
  const [compose, setCompose] = useState<ComposeState | null>(null);
  const [sending, setSending] = useState(false);
  const [paneOpen, setPaneOpen] = useState(false);
  const [pinned, setPinned] = useState(false);
  // A client without pinning never has a pinned pane.
  const pinnedNow = pinned && CLIENT_PROFILES[client].pinning;
  const [faultsOpen, setFaultsOpen] = useState(false);
  const [faultSummary, setFaultSummary] = useState('');
  const [announcement, setAnnouncement] = useState('');
  /** The function command running for the selected item (the ribbon's one-click Track). */
  const [command, setCommand] = useState<string | null>(null);
  const [notices, setNotices] = useState<Record<string, NotificationDetails[]>>({});
  const noticesRef = useRef(notices);
  const notifications = useMemo<NotificationStore>(
    () => ({
      list: (itemId) => noticesRef.current[itemId] ?? [],
      set: (itemId, list) => {
        noticesRef.current = { ...noticesRef.current, [itemId]: list };
        setNotices(noticesRef.current);
      },
    }),
    [],
  );
  const [error, setError] = useState<string | null>(null);

  const fail = useCallback((e: unknown) => setError(e instanceof Error ? e.message : String(e)), []);

  // Who am I (display name for userProfile).
  useEffect(() => {
    hostApi.users().then((users) => {
      const found = users.find((u) => u.email.toLowerCase() === user.toLowerCase());
      if (found) setMe(found);
      else setError(`${user} is not a mailbox of this emulator.`);
    }, fail);
    hostApi.faults().then((f) => setFaultSummary(describeFaults(f)), fail);
  }, [user, fail]);

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

  // Load now and poll: server-side sync changes markers and categories behind the page's back.
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

  // Opening an item: load it, mark it read (as Outlook does).
  const select = useCallback(
    (id: string | null) => {
      if (id === selectedRef.current) return;
      setSelectedId(id);
      selectedRef.current = id;
      // Outlook closes an unpinned pane when another item is selected.
      if (!pinnedNow) setPaneOpen(false);
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
          if (full.kind === 'message' && full.isRead === false) {
            await hostApi.patchItem(user, id, { isRead: true });
            setItems((list) => list?.map((i) => (i.id === id ? { ...i, isRead: true } : i)) ?? null);
          }
        })
        .catch(fail)
        .finally(() => setLoadingItem(false));
    },
    [user, pinnedNow, fail],
  );

  const openFolder = (name: string) => {
    if (name !== folder) setItems(null);
    setFolder(name);
    select(null);
  };

  const startCompose = async (replyToId?: string) => {
    try {
      const draft = await hostApi.createDraft(user, replyToId);
      // The read pane does not follow into a compose window.
      setPaneOpen(false);
      setPinned(false);
      setCompose({ draft, composeType: replyToId ? 'reply' : 'newMail', form: composeValues(draft) });
    } catch (e) {
      fail(e);
    }
  };

  const composeRef = useRef(compose);
  useLayoutEffect(() => {
    composeRef.current = compose;
  });

  const send = async () => {
    if (!compose) return;
    setSending(true);
    try {
      await hostApi.patchItem(user, compose.draft.id, draftPatch(compose.form));
      await hostApi.send(user, compose.draft.id);
      setCompose(null);
      setPaneOpen(false);
      setAnnouncement(`Sent “${compose.form.subject || '(no subject)'}”.`);
      void refresh();
    } catch (e) {
      fail(e);
    } finally {
      setSending(false);
    }
  };

  const closeCompose = async () => {
    if (!compose) return;
    try {
      await hostApi.patchItem(user, compose.draft.id, draftPatch(compose.form));
      setAnnouncement('Draft saved to Drafts.');
    } catch (e) {
      fail(e);
    }
    setCompose(null);
    setPaneOpen(false);
    void refresh();
  };

  // What the pane sees, read by the bridge at the moment the pane asks.
  const session = useRef<PaneSession>({
    user: me,
    client: profile,
    item: null,
    notifications,
    theme: props.theme,
  });
  const nextSession: PaneSession = {
    user: me,
    client: profile,
    notifications,
    theme: props.theme,
    item: compose
      ? {
          full: compose.draft,
          mode: 'compose',
          composeType: compose.composeType,
          form: () => composeRef.current?.form ?? compose.form,
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
    session.current = nextSession;
  });
  const paneItemKey = compose ? `compose:${compose.draft.id}` : (selected?.id ?? null);

  const canPin = profile.pinning && !compose;
  const folderName = folders.find((f) => f.wellKnownName === folder)?.name ?? folder;
  const isCalendar = folder === 'calendar';

  const folderNav = (
    <nav aria-label="Folders" className={mobile ? styles.mobileNav : styles.nav}>
      <Button appearance="primary" icon={<ComposeRegular />} onClick={() => void startCompose()}>
        New message
      </Button>
      <ul className={styles.folderList} style={mobile ? { display: 'flex' } : undefined}>
        {folders.map((f) => (
          <li key={f.id}>
            <Button
              appearance={f.wellKnownName === folder ? 'secondary' : 'subtle'}
              aria-current={f.wellKnownName === folder ? 'page' : undefined}
              aria-label={f.unread > 0 ? `${f.name}, ${f.unread} unread` : f.name}
              style={{ width: '100%', justifyContent: 'space-between' }}
              onClick={() => openFolder(f.wellKnownName)}
            >
              <span>{f.name}</span>
              {f.unread > 0 && <span aria-hidden="true">{f.unread}</span>}
            </Button>
          </li>
        ))}
      </ul>
    </nav>
  );

  const list = (
    <section aria-label={folderName} className={mobile ? styles.main : styles.column}>
      <ItemList
        label={isCalendar ? 'Calendar items' : 'Messages'}
        items={items}
        selectedId={selectedId}
        onSelect={select}
        showCategories
      />
    </section>
  );

  const refreshSoon = useCallback(() => void refresh(), [refresh]);
  const commandDone = useCallback(
    (outcome: 'completed' | 'timeout') => {
      setCommand(null);
      if (outcome === 'timeout') setError('The add-in command did not finish.');
      void refresh();
    },
    [refresh],
  );
  const itemNotices =
    (compose ? notices[compose.draft.id] : selected ? notices[selected.id] : undefined) ?? [];

  const reading = compose ? (
    <ComposeForm
      title={compose.composeType === 'reply' ? 'Reply' : 'New message'}
      values={compose.form}
      onChange={(form) => setCompose({ ...compose, form })}
      onSend={() => void send()}
      onClose={() => void closeCompose()}
      sending={sending}
      paneOpen={paneOpen}
      onTogglePane={() => setPaneOpen(!paneOpen)}
      notifications={<Notifications list={itemNotices} />}
    />
  ) : (
    <ReadingPane
      item={selected}
      loading={loadingItem}
      paneOpen={paneOpen}
      onReply={() => selected && void startCompose(selected.id)}
      commandRunning={command !== null}
      onTrack={() => setCommand('trackItem')}
      notifications={<Notifications list={itemNotices} />}
      onTogglePane={() => setPaneOpen(!paneOpen)}
      onBack={mobile ? () => select(null) : undefined}
    />
  );

  const pane = paneOpen && (compose || selected) && (
    <div className={mobile ? styles.mobilePane : styles.pane}>
      <TaskPane
        key={`${client}:${props.theme}:${compose ? compose.draft.id : 'read'}`}
        session={session}
        itemKey={paneItemKey}
        canPin={canPin}
        pinned={pinnedNow}
        onPinnedChange={setPinned}
        onClose={() => {
          setPaneOpen(false);
          setPinned(false);
        }}
        onMailboxChanged={refreshSoon}
      />
    </div>
  );

  return (
    <div className={styles.shell}>
      <header className={styles.banner} role="banner">
        <Title3 as="p" className={styles.brand}>
          Outlook · Regarding emulator
        </Title3>
        <Text className={styles.bannerText}>Signed in as {me.name}</Text>
        <label className={styles.bannerText} htmlFor="client-select">
          Client
        </label>
        <Select
          id="client-select"
          value={client}
          onChange={(_, d) => {
            setPaneOpen(false);
            props.onClientChange(d.value as ClientKind);
          }}
        >
          {CLIENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {CLIENT_PROFILES[k].label} (Mailbox {CLIENT_PROFILES[k].mailboxVersion})
            </option>
          ))}
        </Select>
        <Switch
          label={<span className={styles.bannerText}>Dark theme</span>}
          checked={props.theme === 'dark'}
          onChange={(_, d) => props.onThemeChange(d.checked ? 'dark' : 'light')}
        />
        <Button
          aria-expanded={faultsOpen}
          aria-controls="fault-panel"
          onClick={() => setFaultsOpen(!faultsOpen)}
        >
          Faults{faultSummary && faultSummary !== 'No faults' ? ` (${faultSummary})` : ''}
        </Button>
        <Button onClick={props.onSignOut}>Sign out</Button>
      </header>
      <div>
        {faultsOpen && <FaultPanel onChange={(f) => setFaultSummary(describeFaults(f))} />}
        {error && (
          <MessageBar intent="error">
            <MessageBarBody>{error}</MessageBarBody>
            <Button appearance="transparent" onClick={() => setError(null)}>
              Dismiss
            </Button>
          </MessageBar>
        )}
        <p role="status" className="visually-hidden">
          {announcement}
        </p>
        {command && (
          <CommandRunner
            session={session}
            name={command}
            onDone={commandDone}
            onMailboxChanged={refreshSoon}
          />
        )}
      </div>
      {mobile ? (
        <div className={styles.mobile}>
          {folderNav}
          <main className={styles.main} aria-label="Mail">
            {pane || (compose || selectedId ? reading : list)}
          </main>
        </div>
      ) : (
        <div className={styles.desktop}>
          {folderNav}
          {list}
          <main className={styles.main} aria-label="Reading pane">
            {reading}
          </main>
          {pane}
        </div>
      )}
    </div>
  );
}
