import { loadConfig } from '../config';
import { sendToParent, waitForOffice } from '../office/boot';

/**
 * The Office dialog behind MSAL's last fallback (auth/msal.ts): an ordinary MSAL redirect
 * sign-in in its own window, which hands the access token to the pane through messageParent as
 * `{"accessToken", "expiresOn"}` or `{"error"}`. Its URL (…/auth-dialog.html) must be a
 * registered redirect URI of the Entra app (docs: deployment).
 */
async function main(): Promise<void> {
  const ready = await waitForOffice();
  const answer = (message: Record<string, unknown>) => {
    const sent = ready.ok ? sendToParent(JSON.stringify(message), ready.value) : null;
    if (!sent?.ok) show('Could not return to Outlook. Close this window and try again.');
  };
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    answer({ error: e instanceof Error ? e.message : String(e) });
    return;
  }
  if (config.auth.mode !== 'msal') {
    answer({ error: 'Sign-in through a dialog is only used with Microsoft Entra ID.' });
    return;
  }
  const { createStandardPublicClientApplication } = await import(
    /* webpackChunkName: "msal" */ '@azure/msal-browser'
  );
  const redirectUri = `${location.origin}${location.pathname}`;
  const app = await createStandardPublicClientApplication({
    auth: { clientId: config.auth.clientId, authority: config.auth.authority, redirectUri },
    cache: { cacheLocation: 'sessionStorage' },
  });
  try {
    const result = await app.handleRedirectPromise();
    const account = result?.account ?? app.getAllAccounts()[0];
    if (result?.accessToken) {
      answer({ accessToken: result.accessToken, expiresOn: result.expiresOn?.toISOString() ?? null });
      return;
    }
    if (account) {
      const silent = await app.acquireTokenSilent({ scopes: config.auth.scopes, account });
      answer({ accessToken: silent.accessToken, expiresOn: silent.expiresOn?.toISOString() ?? null });
      return;
    }
    show('Signing in…');
    await app.loginRedirect({ scopes: config.auth.scopes });
  } catch (e) {
    answer({ error: e instanceof Error ? e.message : String(e) });
  }
}

function show(text: string): void {
  const status = document.getElementById('status');
  if (status) status.textContent = text;
}

void main();
