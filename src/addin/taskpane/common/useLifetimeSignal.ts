import { useEffect, useState } from 'react';

/**
 * An AbortSignal that aborts when the component unmounts. The item pane is keyed by the item, so
 * everything started for one item is cancelled when Outlook moves to the next.
 */
export function useLifetimeSignal(): AbortSignal {
  const [controller] = useState(() => new AbortController());
  useEffect(() => () => controller.abort(), [controller]);
  return controller.signal;
}
