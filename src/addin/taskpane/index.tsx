import { createRoot } from 'react-dom/client';
import type { OfficeNamespace } from '../office';
import { strings } from '#browser/strings/index';
import { App } from './app/App';
import { loadDarkTheme, wantsDark } from './app/theme';

/*
 * The task pane's entry. `Office` is the global office.js (or the emulator's shim) loaded by
 * taskpane.html; it is handed to the Office adapter, and nothing else here touches it.
 *
 * The services (configuration, Office adapter, sign-in, API client with its zod contract, the
 * tracking workflow) are a chunk of their own, requested right now, so it downloads in parallel
 * with this one and with office.js starting up; the UI chunk stays small.
 */
const servicesChunk = import(/* webpackChunkName: "services" */ './app/createServices');

function fail(container: HTMLElement, error: unknown): void {
  // Without configuration (or its code) nothing works: say so in the pane, and in the console for support.
  console.error(error);
  container.textContent = strings.app.startFailed;
  container.setAttribute('role', 'alert');
}

async function start(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) return;
  let services;
  try {
    const { createServices } = await servicesChunk;
    // The adapter declares the subset of office.js it uses (the emulator's shim implements just that).
    services = createServices(Office as unknown as OfficeNamespace);
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

void Office.onReady(() => start());
