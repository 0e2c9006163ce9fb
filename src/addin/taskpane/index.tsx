import { createRoot } from 'react-dom/client';
import { strings } from '#browser/strings/index';
import { waitForMailbox } from '#addin/office/boot';
import { App } from './app/App';
import { loadDarkTheme, wantsDark } from './app/theme';

/*
 * The task pane's entry. It boots through the Office module (office.js, or the emulator's shim,
 * loaded by taskpane.html) and hands the namespace to the Office adapter.
 *
 * The services (configuration, Office adapter, sign-in, API client with its zod contract, the
 * tracking workflow) are a chunk of their own, requested right now, so it downloads in parallel
 * with this one and with office.js starting up; the UI chunk stays small.
 */
const servicesChunk = import(/* webpackChunkName: "services" */ './app/createServices');

function fail(container: HTMLElement, error: unknown): void {
  // Without Office, configuration (or its code) nothing works: say so in the pane, and in the console for support.
  console.error(error);
  container.textContent = strings.app.startFailed;
  container.setAttribute('role', 'alert');
}

async function start(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) return;
  const office = await waitForMailbox();
  if (!office.ok) return fail(container, office.error);
  let services;
  try {
    const { createServices } = await servicesChunk;
    services = createServices(office.value);
  } catch (e) {
    fail(container, e);
    return;
  }
  services.tracking.start();
  // The outbox entries stay in IndexedDB; server-side sync finishes them if the pane never reopens.
  window.addEventListener('pagehide', () => services.tracking.stop());
  // A dark Outlook: load the dark theme first, so the pane never flashes light.
  if (wantsDark(services.office.theme(), matchMedia('(prefers-color-scheme: dark)').matches))
    await loadDarkTheme();
  createRoot(container).render(<App services={services} />);
}

void start();
