import { isClientKind, type ClientKind } from '../../shim/protocol';

/**
 * The signed-in user and simulated client live in the URL (`?user=&client=`), so a reload or a
 * shared link opens the same mailbox; the session remembers them when the URL has none.
 */
export type HostLocation = { user: string | null; client: ClientKind };

const SESSION_KEY = 'regarding-emulator/session';

export function readLocation(): HostLocation {
  const params = new URLSearchParams(window.location.search);
  let stored: Partial<HostLocation>;
  try {
    stored = JSON.parse(window.sessionStorage.getItem(SESSION_KEY) ?? '{}') as Partial<HostLocation>;
  } catch {
    stored = {};
  }
  const user = params.get('user') ?? stored.user ?? null;
  const client = params.get('client') ?? stored.client;
  return { user: user || null, client: isClientKind(client) ? client : 'desktop' };
}

export function writeLocation(next: HostLocation): void {
  const params = new URLSearchParams(window.location.search);
  if (next.user) params.set('user', next.user);
  else params.delete('user');
  params.set('client', next.client);
  window.history.replaceState(null, '', `${window.location.pathname}?${params.toString()}`);
  window.sessionStorage.setItem(SESSION_KEY, JSON.stringify(next));
}
