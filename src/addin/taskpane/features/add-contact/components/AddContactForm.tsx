import {
  useId,
  useState,
  type Dispatch,
  type FormEvent,
  type KeyboardEvent,
  type SetStateAction,
} from 'react';
import {
  Button,
  Checkbox,
  Field,
  Input,
  makeStyles,
  Radio,
  RadioGroup,
  tokens,
} from '@fluentui/react-components';
import type { CompactCard } from '#contract';
import { strings } from '#browser/strings/index';
import { describeError } from '#browser/strings/errors';
import { useSectionStyles } from '#addin/taskpane/common/styles';
import { Notice } from '#addin/taskpane/common/ui.tsx';
import { useLifetimeSignal } from '#addin/taskpane/common/useLifetimeSignal';
import type { Person } from '#addin/taskpane/features/people/model/people';
import { useCreatePerson } from '../hooks/useCreatePerson';
import { prefill, type NewPersonDraft, type NewPersonKind } from '../model/prefill';
import { DuplicateCandidates } from './DuplicateCandidates';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
});

export type AddContactFormProps = {
  person: Person;
  /** Whether tracking regarding the new record is offered (not when the item is tracked by someone's choice already). */
  canTrack: boolean;
  /** The record now stands for the address: just created, or an existing one the user chose. */
  onDone: (record: CompactCard, trackRegarding: boolean) => void;
  onCancel: () => void;
};

/** Adds an unknown address as a contact or lead, warning about likely duplicates first. */
export default function AddContactForm({ person, canTrack, onDone, onCancel }: AddContactFormProps) {
  const styles = useStyles();
  const section = useSectionStyles();
  const headingId = useId();
  const signal = useLifetimeSignal();
  const [draft, setDraft] = useState<NewPersonDraft>(() => prefill(person.address, person.displayName));
  const [trackToo, setTrackToo] = useState(canTrack);
  const [lastNameMissing, setLastNameMissing] = useState(false);
  const { state, create, backToEditing } = useCreatePerson(signal);
  const t = strings.addContact;
  const submit = async (force: boolean) => {
    if (!draft.lastName.trim()) {
      setLastNameMissing(true);
      return;
    }
    const outcome = await create(draft, force);
    if (outcome.ok) onDone(outcome.record, canTrack && trackToo);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit(false);
  };

  if (state.status === 'duplicates') {
    return (
      <DuplicateCandidates
        candidates={state.candidates}
        onUse={(record) => onDone(record, canTrack && trackToo)}
        onCreateAnyway={() => void submit(true)}
        onBack={backToEditing}
      />
    );
  }

  const saving = state.status === 'saving';
  // Escape leaves the form, as it leaves the regarding picker.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !saving) {
      e.stopPropagation();
      onCancel();
    }
  };
  return (
    <section className={section.section} aria-labelledby={headingId} onKeyDown={onKeyDown}>
      <h2 id={headingId} className={section.heading}>
        {t.heading}
      </h2>
      <form className={styles.form} onSubmit={onSubmit} noValidate>
        <PersonFields draft={draft} setDraft={setDraft} lastNameMissing={lastNameMissing} />
        {canTrack && (
          <Checkbox
            checked={trackToo}
            onChange={(_, data) => setTrackToo(data.checked === true)}
            label={t.trackToo}
          />
        )}
        {state.status === 'error' && <Notice intent="error">{describeError(state.error)}</Notice>}
        <div className={section.actions}>
          <Button appearance="primary" type="submit" disabled={saving}>
            {saving ? t.creating : t.create}
          </Button>
          <Button onClick={onCancel}>{t.cancel}</Button>
        </div>
      </form>
    </section>
  );
}

type PersonFieldsProps = {
  draft: NewPersonDraft;
  setDraft: Dispatch<SetStateAction<NewPersonDraft>>;
  /** A submit found no last name: say so at the field until one is typed. */
  lastNameMissing: boolean;
};

/** The new record's kind and fields, prefilled from the address and display name. */
function PersonFields({ draft, setDraft, lastNameMissing }: PersonFieldsProps) {
  const t = strings.addContact;
  const set = (key: keyof NewPersonDraft) => (_: unknown, data: { value: string }) =>
    setDraft((d) => ({ ...d, [key]: data.value }));
  return (
    <>
      <Field label={t.kindLabel}>
        <RadioGroup
          layout="horizontal"
          value={draft.kind}
          onChange={(_, data) => setDraft((d) => ({ ...d, kind: data.value as NewPersonKind }))}
        >
          <Radio value="contact" label={t.contact} />
          <Radio value="lead" label={t.lead} />
        </RadioGroup>
      </Field>
      <Field label={t.firstName}>
        {/* Opened from a button that is now gone: start the keyboard here, not on the page. */}
        <Input value={draft.firstName} onChange={set('firstName')} autoComplete="off" autoFocus />
      </Field>
      <Field
        label={t.lastName}
        required
        validationState={lastNameMissing && !draft.lastName.trim() ? 'error' : 'none'}
        validationMessage={lastNameMissing && !draft.lastName.trim() ? t.lastNameRequired : null}
      >
        <Input value={draft.lastName} onChange={set('lastName')} autoComplete="off" />
      </Field>
      <Field label={t.email}>
        <Input type="email" value={draft.email} onChange={set('email')} autoComplete="off" />
      </Field>
      <Field label={t.jobTitle}>
        <Input value={draft.jobTitle} onChange={set('jobTitle')} autoComplete="off" />
      </Field>
      <Field label={t.company}>
        <Input value={draft.companyName} onChange={set('companyName')} autoComplete="off" />
      </Field>
      <Field label={t.phone}>
        <Input type="tel" value={draft.phone} onChange={set('phone')} autoComplete="off" />
      </Field>
    </>
  );
}
