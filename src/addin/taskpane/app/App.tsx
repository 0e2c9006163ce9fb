import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { FluentProvider, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { MailRegular } from '@fluentui/react-icons';
import { strings } from '#browser/strings/index';
import { describeOfficeError } from '#addin/office/describe';
import { Busy, Notice } from '../common/ui';
import { ItemPane } from './ItemPane';
import { ServicesProvider, useServices, type PaneServices } from './services';
import { loadDarkTheme, paneTheme } from './theme';
import { useSelectedItem } from './useSelectedItem';

const useStyles = makeStyles({
  provider: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground1 },
  root: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    maxWidth: '520px',
    boxSizing: 'border-box',
  },
  // Phones: less padding, every control on its own line.
  narrow: { padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`, maxWidth: 'none' },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    fontWeight: tokens.fontWeightSemibold,
  },
  subject: {
    margin: 0,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
  },
  empty: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    textAlign: 'center',
    rowGap: tokens.spacingVerticalS,
    paddingTop: tokens.spacingVerticalXXL,
    color: tokens.colorNeutralForeground2,
  },
  emptyIcon: { fontSize: '48px' },
});

export type AppProps = { services: PaneServices };

/** The task pane: Fluent theme following Outlook, then the selected item (or an empty state). */
export function App({ services }: AppProps) {
  const styles = useStyles();
  const prefersDark = usePrefersDark();
  const officeTheme = useMemo(() => services.office.theme(), [services.office]);
  const [, setDarkLoaded] = useState(false);
  const theme = paneTheme(officeTheme, prefersDark);
  useEffect(() => {
    // The colour scheme turned dark after start: fetch the dark theme, then render with it.
    if (!theme) void loadDarkTheme().then(() => setDarkLoaded(true));
  }, [theme]);
  if (!theme) return null;
  return (
    <FluentProvider theme={theme} className={styles.provider}>
      <ServicesProvider services={services}>
        <Pane />
      </ServicesProvider>
    </FluentProvider>
  );
}

function Pane() {
  const styles = useStyles();
  const { office } = useServices();
  const selected = useSelectedItem();
  const mobile = office.capabilities.client === 'mobile';
  return (
    <div className={mergeClasses(styles.root, mobile && styles.narrow)}>
      <header>
        <h1 className={styles.title}>{strings.app.title}</h1>
        {selected.status === 'item' && <p className={styles.subject}>{selected.item.subject}</p>}
      </header>
      <main aria-label={strings.app.mainLandmark}>
        {selected.status === 'loading' && <Busy label={strings.app.loading} />}
        {selected.status === 'error' && <Notice intent="error">{describeOfficeError(selected.error)}</Notice>}
        {selected.status === 'none' && (
          <div className={styles.empty}>
            <MailRegular aria-hidden className={styles.emptyIcon} />
            <h2 className={styles.title}>{strings.app.noItemTitle}</h2>
            <p>{strings.app.noItemBody}</p>
          </div>
        )}
        {selected.status === 'item' && (
          <ItemPane key={selected.item.handle} item={selected.item} mobile={mobile} />
        )}
      </main>
    </div>
  );
}

const darkQuery = '(prefers-color-scheme: dark)';

/** The browser's colour scheme, for clients where Outlook does not expose its theme. */
function usePrefersDark(): boolean {
  return useSyncExternalStore(
    (notify) => {
      const mq = globalThis.matchMedia?.(darkQuery);
      mq?.addEventListener('change', notify);
      return () => mq?.removeEventListener('change', notify);
    },
    () => globalThis.matchMedia?.(darkQuery).matches ?? false,
  );
}
