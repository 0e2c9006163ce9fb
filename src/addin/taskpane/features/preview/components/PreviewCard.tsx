import { useId } from 'react';
import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowLeftRegular, LockClosedRegular, OpenRegular } from '@fluentui/react-icons';
import type { ActivitySummary, CompactCard, FullCard, RecordRef } from '#contract';
import { format, strings } from '#browser/strings/index';
import { describeError } from '#browser/strings/errors';
import type { CardLoader } from '#addin/taskpane/common/cardLoader';
import { useSectionStyles } from '#addin/taskpane/common/styles';
import { Busy, ExternalLink, Initials, Notice, Tag } from '#addin/taskpane/common/ui.tsx';
import { useRecordCard } from '../hooks/useRecordCard';
import { cardRows } from '../model/cardRows';

const useStyles = makeStyles({
  header: { display: 'flex', columnGap: tokens.spacingHorizontalM, alignItems: 'center' },
  title: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXXS, minWidth: 0 },
  name: {
    margin: 0,
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: 'anywhere',
  },
  fields: {
    display: 'grid',
    gridTemplateColumns: 'minmax(80px, max-content) 1fr',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  hidden: {
    display: 'inline-flex',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalXXS,
    fontStyle: 'italic',
  },
  back: { alignSelf: 'flex-start' },
  // Groups a dt with its dd without breaking the grid.
  row: { display: 'contents' },
});

export type PreviewCardProps = {
  record: RecordRef;
  loadCard: CardLoader;
  /** Absent when the card is the pane's only view (one other person on the item). */
  onBack?: () => void;
};

/** The preview of one person (or record): who they are, what is open with them, and a link to the CRM. */
export function PreviewCard({ record, loadCard, onBack }: PreviewCardProps) {
  const styles = useStyles();
  const section = useSectionStyles();
  const { state, retry } = useRecordCard(loadCard, record);
  return (
    <section
      className={section.section}
      aria-label={
        state.status === 'ready'
          ? format(strings.preview.detailsOf, { name: state.card.name })
          : strings.preview.loading
      }
    >
      {onBack && (
        <Button className={styles.back} appearance="subtle" icon={<ArrowLeftRegular />} onClick={onBack}>
          {strings.preview.back}
        </Button>
      )}
      {state.status === 'loading' && <Busy label={strings.preview.loading} />}
      {state.status === 'error' && (
        <Notice intent="error" actions={<Button onClick={retry}>{strings.status.retry}</Button>}>
          {describeError(state.error)}
        </Notice>
      )}
      {state.status === 'ready' && <CardBody card={state.card} />}
    </section>
  );
}

function CardBody({ card }: { card: FullCard }) {
  const styles = useStyles();
  const section = useSectionStyles();
  const hiddenId = useId();
  const rows = cardRows(card);
  const anySecured = rows.some((r) => r.secured);
  const last = card.recentActivities[0];
  return (
    <>
      <div className={styles.header}>
        <Initials name={card.name} size="large" />
        <div className={styles.title}>
          <h2 className={styles.name}>{card.name}</h2>
          <span>
            <Tag brand>{strings.people.types[card.type]}</Tag>
          </span>
        </div>
      </div>
      <dl className={styles.fields}>
        {rows.map((r) => (
          <div key={r.key} className={styles.row}>
            <dt className={styles.term}>{r.label}</dt>
            <dd className={styles.value}>
              {r.secured ? (
                <span className={styles.hidden} aria-describedby={hiddenId}>
                  <LockClosedRegular aria-hidden />
                  {strings.preview.hidden}
                </span>
              ) : (
                (r.value ?? strings.preview.notSet)
              )}
            </dd>
          </div>
        ))}
      </dl>
      {anySecured && (
        <p id={hiddenId} className={section.muted}>
          {strings.preview.hiddenExplain}
        </p>
      )}
      <RecordList title={strings.preview.openOpportunities} records={card.openOpportunities} />
      <RecordList title={strings.preview.openCases} records={card.openCases} />
      <div>
        <h3 className={section.subheading}>{strings.preview.lastActivity}</h3>
        <p className={section.muted}>{last ? activityLine(last) : strings.preview.noActivity}</p>
      </div>
      <ExternalLink href={card.webUrl} label={format(strings.preview.openInCrmLabel, { name: card.name })}>
        <OpenRegular aria-hidden /> {strings.preview.openInCrm}
      </ExternalLink>
    </>
  );
}

function RecordList({ title, records }: { title: string; records: CompactCard[] }) {
  const section = useSectionStyles();
  const id = useId();
  return (
    <div>
      <h3 id={id} className={section.subheading}>
        {title}
      </h3>
      {records.length === 0 ? (
        <p className={section.muted}>{strings.preview.noneOpen}</p>
      ) : (
        <ul className={section.list} aria-labelledby={id}>
          {records.map((r) => (
            <li key={r.id}>
              {r.name}
              {r.subtitle && <span className={section.muted}> · {r.subtitle}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function activityLine(a: ActivitySummary): string {
  const date = new Date(a.occurredAt).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
  return format(strings.preview.activityLine, { subject: a.subject, date });
}
