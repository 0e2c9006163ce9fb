import { Button, Text, ToggleButton, makeStyles, tokens } from '@fluentui/react-components';
import { DismissRegular, PinRegular, PinFilled } from '@fluentui/react-icons';
import { useEffect, useLayoutEffect, useRef, type MutableRefObject } from 'react';
import { hostApi } from './api';
import { PaneBridge, type PaneSession } from './bridge';

const useStyles = makeStyles({
  root: {
    display: 'grid',
    gridTemplateRows: 'auto 1fr',
    height: '100%',
    minHeight: 0,
    borderLeft: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: '4px',
    padding: '4px 8px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  title: { flexGrow: 1, fontWeight: tokens.fontWeightSemibold },
  frame: { width: '100%', height: '100%', border: 'none' },
});

/**
 * The add-in's task pane as Outlook shows it: a titled frame with pin (where the client supports
 * pinning) and close. The frame loads the real pane from /pane/, whose office.js is the shim.
 */
export function TaskPane(props: {
  session: MutableRefObject<PaneSession>;
  /** Changes when the pane's item changes; the pane is told through ItemChanged. */
  itemKey: string | null;
  canPin: boolean;
  pinned: boolean;
  onPinnedChange: (pinned: boolean) => void;
  onClose: () => void;
  onMailboxChanged: () => void;
}) {
  const styles = useStyles();
  const frameRef = useRef<HTMLIFrameElement>(null);
  const bridgeRef = useRef<PaneBridge | null>(null);
  const onMailboxChanged = useRef(props.onMailboxChanged);
  useLayoutEffect(() => {
    onMailboxChanged.current = props.onMailboxChanged;
  });
  const { session } = props;

  useEffect(() => {
    const frame = frameRef.current?.contentWindow;
    if (!frame) return;
    const bridge = new PaneBridge(
      window,
      hostApi,
      () => session.current,
      () => onMailboxChanged.current(),
    );
    bridge.attach(frame);
    bridgeRef.current = bridge;
    return () => {
      bridge.detach();
      bridgeRef.current = null;
    };
  }, [session]);

  const firstKey = useRef(props.itemKey);
  useEffect(() => {
    if (props.itemKey === firstKey.current) return;
    firstKey.current = props.itemKey;
    bridgeRef.current?.itemChanged();
  }, [props.itemKey]);

  return (
    <aside className={styles.root} aria-label="Regarding add-in">
      <div className={styles.header}>
        <Text className={styles.title}>Regarding</Text>
        {props.canPin && (
          <ToggleButton
            appearance="subtle"
            checked={props.pinned}
            icon={props.pinned ? <PinFilled /> : <PinRegular />}
            aria-label="Pin the Regarding pane"
            onClick={() => props.onPinnedChange(!props.pinned)}
          />
        )}
        <Button
          appearance="subtle"
          icon={<DismissRegular />}
          aria-label="Close the Regarding pane"
          onClick={props.onClose}
        />
      </div>
      <iframe ref={frameRef} className={styles.frame} title="Regarding task pane" src="/pane/taskpane.html" />
    </aside>
  );
}
