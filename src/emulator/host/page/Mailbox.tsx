import { Button, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { MailboxUserSummary } from '#emulator/api/types';
import { CLIENT_PROFILES, type ClientKind } from '#emulator/shim/protocol';
import { hostApi } from './api';
import { CommandRunner } from './CommandRunner';
import { ComposeForm } from './ComposeForm';
import { FaultPanel, describeFaults } from './FaultPanel';
import { FolderNav } from './FolderNav';
import { ItemList } from './ItemList';
import { MailboxBanner } from './MailboxBanner';
import {
  useCommand,
  useCompose,
  useMailboxContents,
  useNotifications,
  usePane,
  usePaneSession,
  type Command,
  type Compose,
  type MailboxContents,
  type Pane,
} from './mailbox-state';
import { Notifications } from './Notifications';
import { ReadingPane } from './ReadingPane';
import { TaskPane } from './TaskPane';
import type { HostTheme } from './url-state';

const useStyles = makeStyles({
  shell: { display: 'grid', gridTemplateRows: 'auto auto 1fr', height: '100vh' },
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

type MailboxProps = {
  user: string;
  client: ClientKind;
  theme: HostTheme;
  onClientChange: (client: ClientKind) => void;
  onThemeChange: (theme: HostTheme) => void;
  onSignOut: () => void;
};

/** The signed-in Outlook window: folders, list, reading pane or compose, and the add-in pane. */
export function Mailbox(props: MailboxProps) {
  const styles = useStyles();
  const { user, client, theme } = props;
  const mobile = client === 'mobile';
  const [error, setError] = useState<string | null>(null);
  const fail = useCallback((e: unknown) => setError(e instanceof Error ? e.message : String(e)), []);
  const [announcement, setAnnouncement] = useState('');
  const [faultsOpen, setFaultsOpen] = useState(false);
  const { me, faultSummary, setFaultSummary } = useSignedIn(user, fail, setError);
  const pane = usePane(client);
  const contents = useMailboxContents(user, pane, fail);
  const { selected, refresh } = contents;
  const composer = useCompose(user, { pane, refresh, announce: setAnnouncement, fail });
  const { compose } = composer;
  const notifications = useNotifications();
  const { session, itemKey } = usePaneSession({
    me,
    client,
    theme,
    notifications: notifications.store,
    compose: composer,
    selected,
  });
  const command = useCommand(refresh, setError);

  const folderName =
    contents.folders.find((f) => f.wellKnownName === contents.folder)?.name ?? contents.folder;
  const itemId = compose ? compose.draft.id : selected?.id;
  const itemNotices = (
    <Notifications list={(itemId !== undefined ? notifications.notices[itemId] : undefined) ?? []} />
  );

  const folderNav = (
    <FolderNav
      folders={contents.folders}
      current={contents.folder}
      mobile={mobile}
      onOpen={contents.openFolder}
      onNewMessage={() => void composer.start()}
    />
  );
  const list = (
    <section aria-label={folderName} className={mobile ? styles.main : styles.column}>
      <ItemList
        label={contents.folder === 'calendar' ? 'Calendar items' : 'Messages'}
        items={contents.items}
        selectedId={contents.selectedId}
        onSelect={contents.select}
        showCategories
      />
    </section>
  );
  const reading = (
    <ItemView
      composer={composer}
      contents={contents}
      pane={pane}
      command={command}
      mobile={mobile}
      notifications={itemNotices}
    />
  );
  const taskPane = pane.open && (compose || selected) && (
    <div className={mobile ? styles.mobilePane : styles.pane}>
      <TaskPane
        key={`${client}:${theme}:${compose ? compose.draft.id : 'read'}`}
        session={session}
        itemKey={itemKey}
        canPin={CLIENT_PROFILES[client].pinning && !compose}
        pinned={pane.pinned}
        onPinnedChange={pane.setPinned}
        onClose={pane.close}
        onMailboxChanged={contents.refreshSoon}
      />
    </div>
  );

  return (
    <div className={styles.shell}>
      <MailboxBanner
        name={me.name}
        client={client}
        onClientChange={(next) => {
          pane.setOpen(false);
          props.onClientChange(next);
        }}
        theme={theme}
        onThemeChange={props.onThemeChange}
        faultsOpen={faultsOpen}
        onToggleFaults={() => setFaultsOpen(!faultsOpen)}
        faultSummary={faultSummary}
        onSignOut={props.onSignOut}
      />
      <div>
        {faultsOpen && <FaultPanel onChange={(f) => setFaultSummary(describeFaults(f))} />}
        {error && <ErrorBar error={error} onDismiss={() => setError(null)} />}
        <p role="status" className="visually-hidden">
          {announcement}
        </p>
        {command.running && (
          <CommandRunner
            session={session}
            name={command.running}
            onDone={command.done}
            onMailboxChanged={contents.refreshSoon}
          />
        )}
      </div>
      <Layout
        mobile={mobile}
        nav={folderNav}
        list={list}
        reading={reading}
        pane={taskPane}
        itemOpen={!!compose || contents.selectedId !== null}
      />
    </div>
  );
}

/** The open item: the compose form on a draft, else the reading pane. */
function ItemView(props: {
  composer: Compose;
  contents: MailboxContents;
  pane: Pane;
  command: Command;
  mobile: boolean;
  notifications: ReactNode;
}) {
  const { composer, contents, pane, command } = props;
  const { compose } = composer;
  const { selected } = contents;
  const togglePane = () => pane.setOpen(!pane.open);
  if (compose)
    return (
      <ComposeForm
        title={compose.composeType === 'reply' ? 'Reply' : 'New message'}
        values={compose.form}
        onChange={composer.edit}
        onSend={() => void composer.send()}
        onClose={() => void composer.close()}
        sending={composer.sending}
        paneOpen={pane.open}
        onTogglePane={togglePane}
        notifications={props.notifications}
      />
    );
  return (
    <ReadingPane
      item={selected}
      loading={contents.loadingItem}
      paneOpen={pane.open}
      onReply={() => selected && void composer.start(selected.id)}
      commandRunning={command.running !== null}
      onTrack={() => command.run('trackItem')}
      notifications={props.notifications}
      onTogglePane={togglePane}
      onBack={props.mobile ? () => contents.select(null) : undefined}
    />
  );
}

function ErrorBar(props: { error: string; onDismiss: () => void }) {
  return (
    <MessageBar intent="error">
      <MessageBarBody>{props.error}</MessageBarBody>
      <Button appearance="transparent" onClick={props.onDismiss}>
        Dismiss
      </Button>
    </MessageBar>
  );
}

/** Who is signed in (the display name the pane's userProfile shows), and the faults now. */
function useSignedIn(user: string, fail: (e: unknown) => void, setError: (message: string) => void) {
  const [me, setMe] = useState<MailboxUserSummary>({ email: user, name: user });
  const [faultSummary, setFaultSummary] = useState('');
  useEffect(() => {
    hostApi.users().then((users) => {
      const found = users.find((u) => u.email.toLowerCase() === user.toLowerCase());
      if (found) setMe(found);
      else setError(`${user} is not a mailbox of this emulator.`);
    }, fail);
    hostApi.faults().then((f) => setFaultSummary(describeFaults(f)), fail);
  }, [user, fail, setError]);
  return { me, faultSummary, setFaultSummary };
}

/**
 * Desktop and web: folders, list, reading pane and the add-in pane side by side. The phone: one
 * column, where the pane replaces the item and an open item replaces the list.
 */
function Layout(props: {
  mobile: boolean;
  nav: ReactNode;
  list: ReactNode;
  reading: ReactNode;
  pane: ReactNode;
  itemOpen: boolean;
}) {
  const styles = useStyles();
  if (props.mobile)
    return (
      <div className={styles.mobile}>
        {props.nav}
        <main className={styles.main} aria-label="Mail">
          {props.pane || (props.itemOpen ? props.reading : props.list)}
        </main>
      </div>
    );
  return (
    <div className={styles.desktop}>
      {props.nav}
      {props.list}
      <main className={styles.main} aria-label="Reading pane">
        {props.reading}
      </main>
      {props.pane}
    </div>
  );
}
