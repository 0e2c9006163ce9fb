import { useEffect, useId, useRef } from 'react';
import { Button, makeStyles, tokens } from '@fluentui/react-components';
import type { CompactCard } from '#contract';
import { format, strings } from '#browser/strings/index';
import { useSectionStyles } from '#addin/taskpane/common/styles';
import { Notice } from '#addin/taskpane/common/ui.tsx';

const useStyles = makeStyles({
  candidate: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    columnGap: tokens.spacingHorizontalS,
    padding: tokens.spacingVerticalXS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  text: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  noticeTitle: { display: 'block' },
  use: { flexShrink: 0, whiteSpace: 'nowrap' },
  name: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  sub: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
});

export type DuplicateCandidatesProps = {
  candidates: CompactCard[];
  onUse: (record: CompactCard) => void;
  onCreateAnyway: () => void;
  onBack: () => void;
};

/** The records that look like the person being added (409 `duplicate_candidates`). */
export function DuplicateCandidates({ candidates, onUse, onCreateAnyway, onBack }: DuplicateCandidatesProps) {
  const styles = useStyles();
  const section = useSectionStyles();
  const headingId = useId();
  const t = strings.addContact;
  // The form (and its Add button, which had focus) is gone: keep the keyboard in the pane.
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section className={section.section} aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1} className={section.heading}>
        {t.heading}
      </h2>
      <Notice intent="warning">
        <strong className={styles.noticeTitle}>{t.duplicateTitle}</strong>
        {t.duplicateBody}
      </Notice>
      <ul className={section.list}>
        {candidates.map((c) => (
          <li key={`${c.type}:${c.id}`} className={styles.candidate}>
            <span className={styles.text}>
              <span className={styles.name}>{c.name}</span>
              <span className={styles.sub}>
                {[strings.people.types[c.type], c.email, c.account?.name ?? c.subtitle]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </span>
            <Button
              className={styles.use}
              onClick={() => onUse(c)}
              aria-label={format(t.useThisOneLabel, { name: c.name })}
            >
              {t.useThisOne}
            </Button>
          </li>
        ))}
      </ul>
      <div className={section.actions}>
        <Button appearance="primary" onClick={onCreateAnyway}>
          {t.createAnyway}
        </Button>
        <Button onClick={onBack}>{t.backToForm}</Button>
      </div>
    </section>
  );
}
