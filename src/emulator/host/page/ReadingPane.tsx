import { Badge, Button, Spinner, Text, Title3, makeStyles, tokens } from '@fluentui/react-components';
import {
  ArrowReplyRegular,
  ArrowLeftRegular,
  PanelRightRegular,
  BookmarkAddRegular,
} from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { parseCecpValue } from '#contract';
import type { FullItem } from '#emulator/api/types';
import { formatDateTime, formatRange, markerLabel, peopleLabel, personLabel } from './format';

const useStyles = makeStyles({
  actions: { display: 'flex', gap: '4px', flexWrap: 'wrap', padding: '4px 8px' },
  root: { display: 'grid', gridTemplateRows: 'auto auto auto 1fr', height: '100%', minHeight: 0 },
  header: {
    padding: '12px 16px',
    display: 'grid',
    gap: '4px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: '8px',
    rowGap: '2px',
    margin: 0,
  },
  chips: { display: 'flex', gap: '4px', flexWrap: 'wrap' },
  body: { width: '100%', height: '100%', border: 'none', minHeight: '200px' },
  textBody: {
    whiteSpace: 'pre-wrap',
    padding: '12px 16px',
    margin: 0,
    fontFamily: 'inherit',
    overflowY: 'auto',
  },
});

/**
 * An HTML body renders in a sandboxed frame with no scripts, no same-origin access and no remote
 * content (the page's CSP applies to srcdoc frames), so mail can never act on the host page.
 */
function bodyDocument(html: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><base target="_blank"><style>body{font-family:Segoe UI,system-ui,sans-serif;font-size:14px;margin:12px 16px;}</style></head><body>${html}</body></html>`;
}

export function ReadingPane(props: {
  item: FullItem | null;
  loading: boolean;
  paneOpen: boolean;
  onReply: () => void;
  onTogglePane: () => void;
  onBack?: (() => void) | undefined;
  /** The add-in's function command (manifest: the "Track" button beside "Open Regarding"). */
  onTrack: () => void;
  commandRunning: boolean;
  notifications: ReactNode;
}) {
  const styles = useStyles();
  const { item } = props;
  if (props.loading && !item) return <Spinner label="Loading item" />;
  if (!item) {
    return (
      <Text as="p" block style={{ padding: 16, margin: 0 }}>
        Select an item to read it.
      </Text>
    );
  }
  const marker = markerLabel(parseCecpValue(item.customProperties));
  const isEvent = item.kind === 'event';
  const attendees = item.attendees ?? [];

  return (
    <article className={styles.root} aria-labelledby="reading-subject">
      <div role="group" aria-label="Item actions" className={styles.actions}>
        {props.onBack && (
          <Button appearance="subtle" icon={<ArrowLeftRegular />} onClick={props.onBack}>
            Back
          </Button>
        )}
        {!isEvent && (
          <Button appearance="subtle" icon={<ArrowReplyRegular />} onClick={props.onReply}>
            Reply
          </Button>
        )}
        <Button
          appearance="subtle"
          icon={<PanelRightRegular />}
          aria-pressed={props.paneOpen}
          onClick={props.onTogglePane}
        >
          {props.paneOpen ? 'Close Regarding' : 'Open Regarding'}
        </Button>
        <Button
          appearance="subtle"
          icon={<BookmarkAddRegular />}
          disabled={props.commandRunning}
          aria-busy={props.commandRunning}
          onClick={props.onTrack}
        >
          Track
        </Button>
      </div>
      {props.notifications}
      <header className={styles.header}>
        <Title3 as="h2" id="reading-subject">
          {item.subject || '(no subject)'}
        </Title3>
        <dl className={styles.facts}>
          {isEvent ? (
            <>
              <dt>When</dt>
              <dd>{formatRange(item.start, item.end)}</dd>
              {item.location && (
                <>
                  <dt>Where</dt>
                  <dd>{item.location}</dd>
                </>
              )}
              <dt>Organizer</dt>
              <dd>
                {personLabel(item.organizer)}
                {item.isOrganizer ? ' (you)' : ''}
              </dd>
              <dt>Required</dt>
              <dd>{peopleLabel(attendees.filter((a) => a.type === 'required'))}</dd>
              {attendees.some((a) => a.type === 'optional') && (
                <>
                  <dt>Optional</dt>
                  <dd>{peopleLabel(attendees.filter((a) => a.type === 'optional'))}</dd>
                </>
              )}
            </>
          ) : (
            <>
              <dt>From</dt>
              <dd>{personLabel(item.from)}</dd>
              <dt>To</dt>
              <dd>{peopleLabel(item.toRecipients)}</dd>
              {item.ccRecipients.length > 0 && (
                <>
                  <dt>Cc</dt>
                  <dd>{peopleLabel(item.ccRecipients)}</dd>
                </>
              )}
              <dt>Date</dt>
              <dd>{formatDateTime(item.sentAt ?? item.receivedAt ?? item.createdAt)}</dd>
            </>
          )}
        </dl>
        {(item.categories.length > 0 || marker) && (
          <div className={styles.chips} aria-label="Categories and tracking" role="group">
            {item.categories.map((c) => (
              <Badge key={c} appearance="tint" color="brand">
                {c}
              </Badge>
            ))}
            {marker && (
              <Badge appearance="outline" color="informative">
                {marker}
              </Badge>
            )}
          </div>
        )}
      </header>
      {item.body.contentType === 'html' ? (
        <iframe
          className={styles.body}
          title="Message body"
          sandbox=""
          referrerPolicy="no-referrer"
          srcDoc={bodyDocument(item.body.content)}
        />
      ) : (
        <pre className={styles.textBody} aria-label="Message body" tabIndex={0}>
          {item.body.content}
        </pre>
      )}
    </article>
  );
}
