import { Button, Select, Switch, Text, Title3, makeStyles, tokens } from '@fluentui/react-components';
import { CLIENT_KINDS, CLIENT_PROFILES, type ClientKind } from '#emulator/shim/protocol';
import type { HostTheme } from './url-state';

const useStyles = makeStyles({
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
});

/** Outlook's top bar: who is signed in, the simulated client and theme, faults, sign-out. */
export function MailboxBanner(props: {
  name: string;
  client: ClientKind;
  onClientChange: (client: ClientKind) => void;
  theme: HostTheme;
  onThemeChange: (theme: HostTheme) => void;
  faultsOpen: boolean;
  onToggleFaults: () => void;
  faultSummary: string;
  onSignOut: () => void;
}) {
  const styles = useStyles();
  return (
    <header className={styles.banner} role="banner">
      <Title3 as="p" className={styles.brand}>
        Outlook · Regarding emulator
      </Title3>
      <Text className={styles.bannerText}>Signed in as {props.name}</Text>
      <label className={styles.bannerText} htmlFor="client-select">
        Client
      </label>
      <Select
        id="client-select"
        value={props.client}
        onChange={(_, d) => props.onClientChange(d.value as ClientKind)}
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
      <Button aria-expanded={props.faultsOpen} aria-controls="fault-panel" onClick={props.onToggleFaults}>
        Faults
        {props.faultSummary && props.faultSummary !== 'No faults' ? ` (${props.faultSummary})` : ''}
      </Button>
      <Button onClick={props.onSignOut}>Sign out</Button>
    </header>
  );
}
