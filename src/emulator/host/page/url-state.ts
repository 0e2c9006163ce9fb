import { isClientKind, type ClientKind } from '#emulator/shim/protocol';

/**
 * The signed-in user, simulated client and Office theme live in the URL (`?user=&client=&theme=`), so a reload or a
 * shared link opens the same mailbox; the session remembers them when the URL has none.
 */
export type HostTheme = 'light' | 'dark';
export type HostLocation = { user: string | null; client: ClientKind; theme: HostTheme };

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
  const theme = params.get('theme') ?? stored.theme;
  return {
    user: user || null,
    client: isClientKind(client) ? client : 'desktop',
    theme: theme === 'dark' ? 'dark' : 'light',
  };
}

export function writeLocation(next: HostLocation): void {
  const params = new URLSearchParams(window.location.search);
  if (next.user) params.set('user', next.user);
  else params.delete('user');
  params.set('client', next.client);
  params.set('theme', next.theme);
  window.history.replaceState(null, '', `${window.location.pathname}?${params.toString()}`);
  window.sessionStorage.setItem(SESSION_KEY, JSON.stringify(next));
}
