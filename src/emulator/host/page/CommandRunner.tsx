import { useEffect, useRef, type MutableRefObject } from 'react';
import { hostApi } from './api';
import { PaneBridge, type PaneSession } from './bridge';

/** How long Outlook lets a function command run before giving up on it. */
const COMMAND_TIMEOUT_MS = 5 * 60_000;

/**
 * Runs one add-in function command the way Outlook does: loads the function file
 * (`/pane/commands.html`, the manifest's FunctionFile) in an invisible frame with the Office.js
 * shim, calls the associated function, and unloads the frame when it calls `event.completed()`.
 */
export function CommandRunner(props: {
  session: MutableRefObject<PaneSession>;
  name: string;
  onDone: (outcome: 'completed' | 'timeout') => void;
  onMailboxChanged: () => void;
}) {
  const frameRef = useRef<HTMLIFrameElement>(null);
  const { session, name, onDone, onMailboxChanged } = props;

  useEffect(() => {
    const frame = frameRef.current?.contentWindow;
    if (!frame) return;
    const bridge = new PaneBridge(window, hostApi, () => session.current, onMailboxChanged);
    bridge.attach(frame);
    const timer = setTimeout(() => onDone('timeout'), COMMAND_TIMEOUT_MS);
    bridge.onCompleted = (completed) => {
      if (completed !== name) return;
      clearTimeout(timer);
      onDone('completed');
    };
    bridge.invoke(name);
    return () => {
      clearTimeout(timer);
      bridge.detach();
    };
  }, [session, name, onDone, onMailboxChanged]);

  return (
    <iframe
      ref={frameRef}
      title="Regarding commands"
      src="/pane/commands.html"
      hidden
      aria-hidden="true"
      tabIndex={-1}
    />
  );
}
