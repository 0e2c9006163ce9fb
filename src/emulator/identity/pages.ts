import { randomBytes } from 'node:crypto';

/**
 * The sign-in pages: plain server-rendered HTML (no script except form_post's auto-submit),
 * usable with a keyboard and a screen reader. Every page gets its own nonce for its style
 * element and script, and a CSP that names where its forms may lead.
 */
export type Page = { html: string; csp: string };

export type AccountChoice = { objectId: string; name: string; username: string; signedIn: boolean };

const STYLE = `
body{font:15px/1.4 "Segoe UI",system-ui,sans-serif;background:#f2f2f2;margin:0;color:#1b1b1b}
main{max-width:440px;margin:48px auto;background:#fff;padding:32px 40px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:24px;font-weight:600;margin:0 0 16px}
.muted{color:#505050;font-size:13px}
ul{list-style:none;padding:0;margin:0 0 16px}
li{margin:0 0 8px}
button.account{display:block;width:100%;text-align:left;background:#fff;border:1px solid #8a8a8a;padding:10px 12px;font:inherit;cursor:pointer}
button.account:hover{background:#f0f0f0}
button:focus-visible,input:focus-visible{outline:2px solid #0067b8;outline-offset:2px}
.name{display:block;font-weight:600}
label{display:block;margin:12px 0 4px}
input[type=email]{width:100%;box-sizing:border-box;padding:8px;font:inherit;border:1px solid #666}
.actions{display:flex;gap:8px;justify-content:flex-end;margin-top:20px}
.primary{background:#0067b8;color:#fff;border:0;padding:8px 20px;font:inherit;cursor:pointer}
.secondary{background:#ccc;color:#1b1b1b;border:0;padding:8px 20px;font:inherit;cursor:pointer}
[role=alert]{color:#a4262c;margin:8px 0}
code{word-break:break-all}
`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function nonce(): string {
  return randomBytes(16).toString('base64');
}

function cspFor(styleNonce: string, formTargets: string[], scriptNonce?: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${styleNonce}'`,
    scriptNonce ? `script-src 'nonce-${scriptNonce}'` : "script-src 'none'",
    `form-action ${["'self'", ...formTargets].join(' ')}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function shell(title: string, body: string, styleNonce: string, script = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><style nonce="${styleNonce}">${STYLE}</style></head>
<body><main>${body}</main>${script}</body></html>`;
}

/** Where a redirect URI's responses go, as a CSP source (`https://host:port`, `brk-multihub:`). */
function cspSource(uri: string): string {
  try {
    const url = new URL(uri);
    return url.host ? `${url.protocol}//${url.host}` : url.protocol;
  } catch {
    return "'none'";
  }
}

export type PickerPage = {
  action: string;
  flow: string;
  appName: string;
  accounts: AccountChoice[];
  loginHint: string | undefined;
  error: string | undefined;
  /** The redirect URI the sign-in ends at (the form's answer redirects there). */
  redirectUri: string;
};

/** "Pick an account": every user of the tenant as a button, and a field for another username. */
export function accountPickerPage(p: PickerPage): Page {
  const style = nonce();
  const accounts = p.accounts
    .map(
      (a) => `<li><button class="account" type="submit" name="account" value="${escapeHtml(a.objectId)}">
<span class="name">${escapeHtml(a.name)}</span><span class="muted">${escapeHtml(a.username)}${a.signedIn ? ' · Signed in' : ''}</span></button></li>`,
    )
    .join('\n');
  const error = p.error ? `<p role="alert" id="username-error">${escapeHtml(p.error)}</p>` : '';
  const body = `<h1>Pick an account</h1>
<p class="muted">to continue to ${escapeHtml(p.appName)}</p>
<form method="post" action="${escapeHtml(p.action)}">
<input type="hidden" name="flow" value="${escapeHtml(p.flow)}">
<ul aria-label="Accounts">${accounts}</ul>
</form>
<form method="post" action="${escapeHtml(p.action)}">
<input type="hidden" name="flow" value="${escapeHtml(p.flow)}">
<label for="username">Use another account</label>
<input id="username" name="username" type="email" autocomplete="username" value="${escapeHtml(p.loginHint ?? '')}"${p.error ? ' aria-invalid="true" aria-describedby="username-error"' : ''}>
${error}
<div class="actions"><button class="primary" type="submit">Next</button></div>
</form>`;
  return {
    html: shell('Sign in to your account', body, style),
    csp: cspFor(style, [cspSource(p.redirectUri)]),
  };
}

export type ConsentPage = {
  action: string;
  flow: string;
  appName: string;
  username: string;
  permissions: string[];
  redirectUri: string;
};

/** "Permissions requested": what the app asks for, with Accept and Cancel. */
export function consentPage(p: ConsentPage): Page {
  const style = nonce();
  const items = p.permissions.map((s) => `<li>${escapeHtml(s)}</li>`).join('');
  const body = `<h1>Permissions requested</h1>
<p><strong>${escapeHtml(p.appName)}</strong> would like to:</p>
<ul aria-label="Permissions">${items}</ul>
<p class="muted">Signed in as ${escapeHtml(p.username)}. Accepting lets the app use this data as its terms of service and privacy statement say.</p>
<form method="post" action="${escapeHtml(p.action)}">
<input type="hidden" name="flow" value="${escapeHtml(p.flow)}">
<div class="actions"><button class="secondary" type="submit" name="decision" value="cancel">Cancel</button>
<button class="primary" type="submit" name="decision" value="accept">Accept</button></div>
</form>`;
  return {
    html: shell('Permissions requested', body, style),
    csp: cspFor(style, [cspSource(p.redirectUri)]),
  };
}

/** An error Entra shows on its own page rather than sending to an untrusted redirect URI. */
export function errorPage(title: string, message: string, retry?: string): Page {
  const style = nonce();
  const link = retry ? `<p><a href="${escapeHtml(retry)}">Sign in with another account</a></p>` : '';
  const body = `<h1>${escapeHtml(title)}</h1><p role="alert"><code>${escapeHtml(message)}</code></p>${link}`;
  return { html: shell(title, body, style), csp: cspFor(style, []) };
}

/** `response_mode=form_post`: a form that posts the answer to the redirect URI by itself. */
export function formPostPage(redirectUri: string, params: Record<string, string>): Page {
  const style = nonce();
  const script = nonce();
  const fields = Object.entries(params)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  const body = `<h1>Signing you in</h1><form method="post" action="${escapeHtml(redirectUri)}">${fields}
<noscript><p>Script is off: continue by hand.</p><button class="primary" type="submit">Continue</button></noscript></form>`;
  return {
    html: shell('Working...', body, style, `<script nonce="${script}">document.forms[0].submit();</script>`),
    csp: cspFor(style, [cspSource(redirectUri)], script),
  };
}

export function signedOutPage(): Page {
  const style = nonce();
  const body = "<h1>You signed out of your account</h1><p>It's a good idea to close all browser windows.</p>";
  return { html: shell('Signed out', body, style), csp: cspFor(style, []) };
}
