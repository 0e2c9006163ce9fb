import { makeStyles, tokens } from '@fluentui/react-components';
import { SendClockRegular } from '@fluentui/react-icons';
import { strings } from '#browser/strings/index';

const useStyles = makeStyles({
  notice: {
    display: 'flex',
    columnGap: tokens.spacingHorizontalS,
    alignItems: 'flex-start',
    margin: 0,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
  },
  icon: { flexShrink: 0, fontSize: '16px' },
});

/**
 * Compose mode (a message being written, or a meeting its organizer has open): tracking happens
 * later, from the marker kept with the item.
 */
export function ComposeNotice({ meeting }: { meeting: boolean }) {
  const styles = useStyles();
  return (
    <p className={styles.notice}>
      <SendClockRegular aria-hidden className={styles.icon} />
      {meeting ? strings.compose.explainMeeting : strings.compose.explain}
    </p>
  );
}
