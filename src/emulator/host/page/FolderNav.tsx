import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { ComposeRegular } from '@fluentui/react-icons';
import type { FolderSummary } from '#emulator/api/types';

const useStyles = makeStyles({
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
});

/** New message and the folders, with their unread counts (a row on the phone). */
export function FolderNav(props: {
  folders: FolderSummary[];
  /** The open folder's well-known name. */
  current: string;
  mobile: boolean;
  onOpen: (wellKnownName: string) => void;
  onNewMessage: () => void;
}) {
  const styles = useStyles();
  return (
    <nav aria-label="Folders" className={props.mobile ? styles.mobileNav : styles.nav}>
      <Button appearance="primary" icon={<ComposeRegular />} onClick={props.onNewMessage}>
        New message
      </Button>
      <ul className={styles.folderList} style={props.mobile ? { display: 'flex' } : undefined}>
        {props.folders.map((f) => (
          <li key={f.id}>
            <Button
              appearance={f.wellKnownName === props.current ? 'secondary' : 'subtle'}
              aria-current={f.wellKnownName === props.current ? 'page' : undefined}
              aria-label={f.unread > 0 ? `${f.name}, ${f.unread} unread` : f.name}
              style={{ width: '100%', justifyContent: 'space-between' }}
              onClick={() => props.onOpen(f.wellKnownName)}
            >
              <span>{f.name}</span>
              {f.unread > 0 && <span aria-hidden="true">{f.unread}</span>}
            </Button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
