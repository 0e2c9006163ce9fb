import { Button, Field, Input, Textarea, Title3, makeStyles } from '@fluentui/react-components';
import { PanelRightRegular, SendRegular } from '@fluentui/react-icons';
import type { FormEvent, ReactNode } from 'react';
import type { ComposeForm as ComposeValues } from './bridge';

const useStyles = makeStyles({
  actions: { display: 'flex', gap: '4px', flexWrap: 'wrap', padding: '4px 8px' },
  form: {
    display: 'grid',
    gap: '8px',
    padding: '12px 16px',
    alignContent: 'start',
    height: '100%',
    overflowY: 'auto',
  },
  body: { minHeight: '240px' },
});

export function ComposeForm(props: {
  title: string;
  values: ComposeValues;
  onChange: (values: ComposeValues) => void;
  onSend: () => void;
  onClose: () => void;
  sending: boolean;
  paneOpen: boolean;
  onTogglePane: () => void;
  notifications: ReactNode;
}) {
  const styles = useStyles();
  const { values, onChange } = props;
  const set = (key: keyof ComposeValues) => (_: unknown, data: { value: string }) =>
    onChange({ ...values, [key]: data.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSend();
  };

  return (
    <form className={styles.form} aria-labelledby="compose-title" onSubmit={submit}>
      <Title3 as="h2" id="compose-title">
        {props.title}
      </Title3>
      <div role="group" aria-label="Compose actions" className={styles.actions}>
        <Button type="submit" appearance="primary" icon={<SendRegular />} disabled={props.sending}>
          Send
        </Button>
        <Button type="button" onClick={props.onClose} disabled={props.sending}>
          Save and close
        </Button>
        <Button
          type="button"
          icon={<PanelRightRegular />}
          aria-pressed={props.paneOpen}
          onClick={props.onTogglePane}
        >
          {props.paneOpen ? 'Close Regarding' : 'Open Regarding'}
        </Button>
      </div>
      {props.notifications}
      <Field label="To" hint="Separate addresses with commas">
        <Input value={values.to} onChange={set('to')} />
      </Field>
      <Field label="Cc">
        <Input value={values.cc} onChange={set('cc')} />
      </Field>
      <Field label="Subject">
        <Input value={values.subject} onChange={set('subject')} />
      </Field>
      <Field label="Message body">
        <Textarea className={styles.body} resize="vertical" value={values.body} onChange={set('body')} />
      </Field>
    </form>
  );
}
