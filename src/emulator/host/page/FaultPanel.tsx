import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
  Switch,
  Text,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import type { FaultsSnapshot } from '#emulator/api/types';
import { hostApi } from './api';

const useStyles = makeStyles({
  root: {
    display: 'grid',
    gap: '8px',
    padding: '12px 16px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  row: { display: 'flex', gap: '16px', flexWrap: 'wrap', alignItems: 'end' },
});

const NO_FAULTS: FaultsSnapshot = {
  graph: { mode: 'none', retryAfterSeconds: 5, latencyMs: 0 },
  crm: { unreachable: false },
};

const wholeNumber = (value: string) => (value === '' ? 0 : Math.max(0, Math.floor(Number(value) || 0)));

export function describeFaults(faults: FaultsSnapshot | null): string {
  if (!faults) return '';
  const parts: string[] = [];
  if (faults.graph.mode === 'throttle')
    parts.push(`Graph throttled (429, Retry-After ${faults.graph.retryAfterSeconds} s)`);
  if (faults.graph.mode === 'unavailable') parts.push('Graph unavailable (503)');
  if (faults.graph.latencyMs > 0) parts.push(`Graph latency ${faults.graph.latencyMs} ms`);
  if (faults.crm.unreachable) parts.push('CRM unreachable');
  return parts.length ? parts.join(', ') : 'No faults';
}

/** The Graph faults with "only the next N requests" as typed: empty means until switched off. */
function withRemaining(graph: FaultsSnapshot['graph'], typed: string): FaultsSnapshot['graph'] {
  const { remaining: _, ...rest } = graph;
  return typed === '' ? rest : { ...rest, remaining: Math.max(1, wholeNumber(typed)) };
}

/** Switches the emulator's fault injection (Graph and the pane's CRM proxy) at run time. */
export function FaultPanel(props: { onChange: (faults: FaultsSnapshot) => void }) {
  const styles = useStyles();
  const [faults, setFaults] = useState<FaultsSnapshot | null>(null);
  const [draft, setDraft] = useState<FaultsSnapshot>(NO_FAULTS);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { onChange } = props;

  useEffect(() => {
    hostApi.faults().then(
      (f) => {
        setFaults(f);
        setDraft(f);
      },
      (e: Error) => setError(e.message),
    );
  }, []);

  const apply = async (next: FaultsSnapshot) => {
    setBusy(true);
    setError(null);
    try {
      const saved = await hostApi.setFaults(next);
      setFaults(saved);
      setDraft(saved);
      onChange(saved);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const setCrmUnreachable = async (unreachable: boolean) => {
    if (!faults) return;
    setDraft((d) => ({ ...d, crm: { unreachable } }));
    setBusy(true);
    setError(null);
    try {
      const saved = await hostApi.setFaults({ ...faults, crm: { unreachable } });
      setFaults(saved);
      onChange(saved);
    } catch (e) {
      setDraft((d) => ({ ...d, crm: faults.crm }));
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void apply(draft);
  };

  const graph = draft.graph;

  return (
    <section className={styles.root} aria-labelledby="faults-title" id="fault-panel">
      <Title3 as="h2" id="faults-title">
        Fault injection
      </Title3>
      {!faults && !error && <Spinner size="tiny" label="Loading faults" />}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>Could not change faults: {error}</MessageBarBody>
        </MessageBar>
      )}
      <form onSubmit={submit} style={{ display: 'grid', gap: 8 }}>
        <Field label="Graph">
          <RadioGroup
            layout="horizontal"
            value={graph.mode}
            onChange={(_, d) =>
              setDraft({ ...draft, graph: { ...graph, mode: d.value as FaultsSnapshot['graph']['mode'] } })
            }
          >
            <Radio value="none" label="Normal" />
            <Radio value="throttle" label="Throttle (429)" />
            <Radio value="unavailable" label="Unavailable (503)" />
          </RadioGroup>
        </Field>
        <div className={styles.row}>
          <Field label="Retry-After (seconds)">
            <Input
              type="number"
              min={0}
              value={String(graph.retryAfterSeconds)}
              onChange={(_, d) =>
                setDraft({ ...draft, graph: { ...graph, retryAfterSeconds: wholeNumber(d.value) } })
              }
            />
          </Field>
          <Field label="Added latency (ms)">
            <Input
              type="number"
              min={0}
              value={String(graph.latencyMs)}
              onChange={(_, d) =>
                setDraft({ ...draft, graph: { ...graph, latencyMs: wholeNumber(d.value) } })
              }
            />
          </Field>
          <Field label="Fail only the next N Graph requests" hint="Empty: until switched off">
            <Input
              type="number"
              min={1}
              value={graph.remaining === undefined ? '' : String(graph.remaining)}
              onChange={(_, d) => setDraft({ ...draft, graph: withRemaining(graph, d.value) })}
            />
          </Field>
        </div>
        <Switch
          label="CRM unreachable"
          checked={draft.crm.unreachable}
          disabled={!faults}
          onChange={(_, d) => void setCrmUnreachable(d.checked)}
        />
        <Text as="p" block size={200} style={{ margin: 0 }}>
          The CRM switch applies at once; the Graph settings apply with “Apply faults”.
        </Text>
        <div className={styles.row}>
          <Button type="submit" appearance="primary" disabled={busy || !faults}>
            Apply faults
          </Button>
          <Button type="button" disabled={busy || !faults} onClick={() => void apply(NO_FAULTS)}>
            Clear faults
          </Button>
        </div>
      </form>
      <p role="status">Now: {describeFaults(faults)}</p>
    </section>
  );
}
