import type { ReactNode } from 'react';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ErrorCircleRegular, WarningRegular } from '@fluentui/react-icons';

/*
 * Small presentational pieces drawn with Fluent tokens. Fluent's Avatar, Badge, MessageBar,
 * Divider, Link and Spinner cost about 22 KB gzip together; the pane needs only their looks, and
 * the initial JavaScript budget is 150 KB.
 */

const useStyles = makeStyles({
  initials: {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    flexShrink: 0,
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorBrandForeground2,
    fontWeight: tokens.fontWeightSemibold,
    // Forced colors: keep the circle visible.
    border: `${tokens.strokeWidthThin} solid transparent`,
  },
  small: { width: '32px', height: '32px', fontSize: tokens.fontSizeBase200 },
  large: { width: '48px', height: '48px', fontSize: tokens.fontSizeBase400 },
  tag: {
    display: 'inline-flex',
    alignItems: 'center',
    padding: `0 ${tokens.spacingHorizontalXS}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase100,
    lineHeight: tokens.lineHeightBase200,
    fontWeight: tokens.fontWeightSemibold,
    whiteSpace: 'nowrap',
  },
  brand: {
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorBrandForeground2,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorBrandStroke2}`,
  },
  notice: {
    display: 'flex',
    alignItems: 'flex-start',
    columnGap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
  },
  error: {
    backgroundColor: tokens.colorStatusDangerBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorStatusDangerBorder1}`,
    color: tokens.colorNeutralForeground1,
  },
  warning: {
    backgroundColor: tokens.colorStatusWarningBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorStatusWarningBorder1}`,
    color: tokens.colorNeutralForeground1,
  },
  errorIcon: { color: tokens.colorStatusDangerForeground1, fontSize: '20px', flexShrink: 0 },
  warningIcon: { color: tokens.colorStatusWarningForeground1, fontSize: '20px', flexShrink: 0 },
  noticeBody: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalS,
    flexGrow: 1,
    minWidth: 0,
  },
  rule: {
    width: '100%',
    margin: 0,
    border: 'none',
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  busy: {
    display: 'inline-flex',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalS,
    color: tokens.colorNeutralForeground2,
  },
  ring: {
    display: 'inline-block',
    flexShrink: 0,
    width: '16px',
    height: '16px',
    boxSizing: 'border-box',
    borderRadius: tokens.borderRadiusCircular,
    border: `2px solid ${tokens.colorBrandStroke2}`,
    borderTopColor: tokens.colorBrandStroke1,
    animationName: { from: { transform: 'rotate(0deg)' }, to: { transform: 'rotate(360deg)' } },
    animationDuration: '0.9s',
    animationIterationCount: 'infinite',
    animationTimingFunction: 'linear',
    '@media (prefers-reduced-motion: reduce)': { animationDuration: '3s' },
  },
  link: {
    display: 'inline-flex',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalXS,
    color: tokens.colorBrandForegroundLink,
    textDecorationLine: 'none',
    ':hover': { textDecorationLine: 'underline', color: tokens.colorBrandForegroundLinkHover },
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      borderRadius: tokens.borderRadiusSmall,
    },
  },
});

/** The person's initials in a circle; decorative (the name is always written beside it). */
export function Initials({ name, size = 'small' }: { name: string; size?: 'small' | 'large' }) {
  const styles = useStyles();
  return (
    <span aria-hidden className={mergeClasses(styles.initials, styles[size])}>
      {initialsOf(name)}
    </span>
  );
}

export function initialsOf(name: string): string {
  const words = name
    .replace(/[(<].*$/, '')
    .split(/[\s@._-]+/)
    .filter((w) => /^\p{L}/u.test(w));
  const first = words[0]?.[0] ?? '';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + last).toLocaleUpperCase() || '?';
}

/** A short label, e.g. the record type. */
export function Tag({ children, brand = false }: { children: ReactNode; brand?: boolean }) {
  const styles = useStyles();
  return <span className={mergeClasses(styles.tag, brand && styles.brand)}>{children}</span>;
}

export type NoticeProps = { intent: 'error' | 'warning'; children: ReactNode; actions?: ReactNode };

/**
 * An inline message. Errors are alerts (read out at once); warnings are statuses. Mounted with
 * their text, so screen readers announce them when they appear.
 */
export function Notice({ intent, children, actions }: NoticeProps) {
  const styles = useStyles();
  const Icon = intent === 'error' ? ErrorCircleRegular : WarningRegular;
  return (
    <div
      role={intent === 'error' ? 'alert' : 'status'}
      className={mergeClasses(styles.notice, styles[intent])}
    >
      <Icon aria-hidden className={intent === 'error' ? styles.errorIcon : styles.warningIcon} />
      <div className={styles.noticeBody}>
        <div>{children}</div>
        {actions && <div>{actions}</div>}
      </div>
    </div>
  );
}

export function Rule() {
  const styles = useStyles();
  return <hr className={styles.rule} />;
}

export type ExternalLinkProps = { href: string; label: string; children: ReactNode };

/** A link that opens in a new browser window (the CRM web client). */
export function ExternalLink({ href, label, children }: ExternalLinkProps) {
  const styles = useStyles();
  return (
    <a className={styles.link} href={href} target="_blank" rel="noopener noreferrer" aria-label={label}>
      {children}
    </a>
  );
}

/** Work in progress: a turning ring, with the words beside it when there are any. */
export function Busy({ label, className }: { label?: string; className?: string }) {
  const styles = useStyles();
  return (
    <span className={mergeClasses(styles.busy, className)}>
      <span aria-hidden className={styles.ring} />
      {label}
    </span>
  );
}
