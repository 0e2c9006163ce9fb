import { createRoot } from 'react-dom/client';
import type { OfficeNamespace } from '../office';
import { strings } from '../strings';
import { App } from './app/App';
import { createServices } from './app/createServices';

/**
 * The task pane's entry. `Office` is the global office.js (or the emulator's shim) loaded by
 * taskpane.html; it is handed to the Office adapter, and nothing else here touches it.
 */
function start(): void {
  const container = document.getElementById('root');
  if (!container) return;
  let services;
  try {
    // The adapter declares the subset of office.js it uses (the emulator's shim implements just that).
    services = createServices(Office as unknown as OfficeNamespace);
  } catch (e) {
    // Without configuration nothing works: say so in the pane (and in the console for support).
    console.error(e);
    container.textContent = strings.app.startFailed;
    container.setAttribute('role', 'alert');
    return;
  }
  services.tracking.start();
  // The outbox entries stay in IndexedDB; server-side sync finishes them if the pane never reopens.
  window.addEventListener('pagehide', () => services.tracking.stop());
  createRoot(container).render(<App services={services} />);
}

void Office.onReady(start);
