import { lazy, useId, useState } from 'react';
import { Button, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import {
  ArrowClockwiseRegular,
  CheckmarkCircleFilled,
  ClockRegular,
  DismissCircleRegular,
  ErrorCircleFilled,
  LinkRegular,
  MailArrowUpRegular,
  CircleRegular,
} from '@fluentui/react-icons';
import type { ItemContext } from '#addin/office/types';
import { strings } from '#browser/strings/index';
import { useSectionStyles } from '#addin/taskpane/common/styles';
import { LazyFeature } from '#addin/taskpane/common/LazyFeature.tsx';
import { Busy, Notice } from '#addin/taskpane/common/ui.tsx';
import { ComposeNotice } from '#addin/taskpane/features/compose/components/ComposeNotice.tsx';
import type { TrackingModel } from '../hooks/useTracking';
import { statusText, type StatusTone } from '../model/statusText';

// Rarely used: kept out of the initial bundle.
const UntrackDialog = lazy(() => import('./UntrackDialog'));

const useStyles = makeStyles({
  status: {
    display: 'flex',
    alignItems: 'flex-start',
    columnGap: tokens.spacingHorizontalS,
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  icon: { flexShrink: 0, fontSize: '20px', marginTop: '1px' },
  neutral: { color: tokens.colorNeutralForeground3 },
  busy: { color: tokens.colorBrandForeground1 },
  success: { color: tokens.colorPaletteGreenForeground1 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  danger: { color: tokens.colorPaletteRedForeground1 },
  text: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXXS, minWidth: 0 },
  headline: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  detail: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

export type StatusSectionProps = {
  item: ItemContext;
  tracking: TrackingModel;
  mobile: boolean;
  onSetRegarding: () => void;
};

/** The status line (a live region) and the tracking actions that fit the current state. */
export function StatusSection({ item, tracking, mobile, onSetRegarding }: StatusSectionProps) {
  const section = useSectionStyles();
  const headingId = useId();
  const [confirmingUntrack, setConfirmingUntrack] = useState(false);
  const [untrackAsked, setUntrackAsked] = useState(false);
  const { snapshot } = tracking;
  const { state } = snapshot;
  const compose = item.mode === 'compose';
  // A saved meeting its organizer has open is tracked right away, like a read item; only a message
  // being written (or a meeting not saved yet) waits for sending or saving.
  const awaitsSendOrSave =
    compose && (item.kind !== 'appointment' || !item.restId || state.status === 'compose_pending');
  // Before it is sent or saved, "untrack" means "do not track after all".
  const cancelsCompose = compose && state.status === 'compose_pending';
  const t = strings.track;
  return (
    <section className={section.section} aria-labelledby={headingId}>
      <h2 id={headingId} className={section.heading}>
        {t.heading}
      </h2>
      <StatusLine snapshot={snapshot} kind={item.kind} />
      {snapshot.notice && <Notice intent="error">{snapshot.notice.message}</Notice>}
      {awaitsSendOrSave && <ComposeNotice meeting={item.kind === 'appointment'} />}
      {item.kind === 'appointment' && item.role && (
        <p className={section.muted}>{item.role === 'organizer' ? t.organizerView : t.attendeeView}</p>
      )}
      {mobile && <p className={section.muted}>{t.mobileHint}</p>}
      <TrackingActions
        item={item}
        tracking={tracking}
        cancelsCompose={cancelsCompose}
        onSetRegarding={onSetRegarding}
        onUntrack={() => {
          setUntrackAsked(true);
          setConfirmingUntrack(true);
        }}
      />
      {/* Mounted from the first use on and then only opened and closed, so the dialog can restore focus. */}
      {untrackAsked && (
        <LazyFeature label={strings.app.loading}>
          <UntrackDialog
            open={confirmingUntrack}
            compose={cancelsCompose}
            onCancel={() => setConfirmingUntrack(false)}
            onConfirm={() => {
              setConfirmingUntrack(false);
              void tracking.untrack();
            }}
          />
        </LazyFeature>
      )}
    </section>
  );
}

/** The icon and the words of the status, read out when they change. */
function StatusLine({ snapshot, kind }: { snapshot: TrackingModel['snapshot']; kind: ItemContext['kind'] }) {
  const styles = useStyles();
  const text = statusText(snapshot, kind);
  return (
    <div className={styles.status}>
      <StatusIcon tone={text.tone} busy={snapshot.state.status === 'tracking' || text.tone === 'busy'} />
      <div
        role="status"
        aria-live="polite"
        aria-atomic="true"
        aria-label={strings.status.regionLabel}
        className={styles.text}
      >
        <span className={styles.headline}>{text.headline}</span>
        {text.detail && <span className={styles.detail}>{text.detail}</span>}
      </div>
    </div>
  );
}

type TrackingActionsProps = {
  item: ItemContext;
  tracking: TrackingModel;
  cancelsCompose: boolean;
  onSetRegarding: () => void;
  onUntrack: () => void;
};

/** Retry, Track, Set (or Change) regarding and Untrack, as the state allows. */
function TrackingActions({
  item,
  tracking,
  cancelsCompose,
  onSetRegarding,
  onUntrack,
}: TrackingActionsProps) {
  const section = useSectionStyles();
  const { state, operation } = tracking.snapshot;
  const busy = operation !== null && operation !== 'reconciling';
  const isTracked =
    state.status === 'tracked' || state.status === 'pending' || state.status === 'compose_pending';
  const t = strings.track;
  const trackLabel =
    item.kind === 'appointment' ? t.trackAppointment : item.mode === 'compose' ? t.trackAfterSend : t.track;
  return (
    <div className={section.actions}>
      {state.status === 'failed' && (
        <Button
          appearance="primary"
          icon={<ArrowClockwiseRegular />}
          disabled={busy}
          onClick={() => void tracking.track(state.regarding)}
        >
          {strings.status.retry}
        </Button>
      )}
      {(state.status === 'not_tracked' || state.status === 'tracking') && (
        <Button
          appearance="primary"
          icon={<MailArrowUpRegular />}
          disabled={busy || state.status === 'tracking'}
          title={t.trackHint}
          onClick={() => void tracking.track(null)}
        >
          {trackLabel}
        </Button>
      )}
      <Button icon={<LinkRegular />} disabled={busy || state.status === 'tracking'} onClick={onSetRegarding}>
        {isTracked && state.regarding ? t.changeRegarding : t.setRegarding}
      </Button>
      {isTracked && (
        <Button icon={<DismissCircleRegular />} disabled={busy} onClick={onUntrack}>
          {cancelsCompose ? t.cancelCompose : t.untrack}
        </Button>
      )}
    </div>
  );
}

function StatusIcon({ tone, busy }: { tone: StatusTone; busy: boolean }) {
  const styles = useStyles();
  if (busy) return <Busy className={styles.icon} />;
  const className = mergeClasses(styles.icon, styles[tone]);
  switch (tone) {
    case 'success':
      return <CheckmarkCircleFilled aria-hidden className={className} />;
    case 'warning':
      return <ClockRegular aria-hidden className={className} />;
    case 'danger':
      return <ErrorCircleFilled aria-hidden className={className} />;
    default:
      return <CircleRegular aria-hidden className={className} />;
  }
}
