// The emulator's Office.js: served to the task pane as /pane/office/office.js in place of Microsoft's
// office.js. It talks to the host page (the pane's parent window, same origin) by postMessage.
import { createOffice } from './office';
import { connectToHost } from './transport';

const channel = connectToHost({
  paneWindow: window,
  hostWindow: window.parent,
  hostOrigin: window.location.origin,
});

(window as unknown as { Office: unknown }).Office = createOffice(channel);
