import { Agent, fetch, type Dispatcher } from 'undici';

/**
 * A browser without a screen for the emulated sign-in pages (tests and scripts): it keeps the
 * session cookie, follows none of the redirects itself, and picks an account and answers the
 * consent page as a person would, by submitting the pages' own forms.
 */
export type HeadlessBrowser = {
  /** Signs in through the pages from an authorize URL; answers the redirect URI's parameters. */
  signIn(authorizeUrl: string, options: SignInOptions): Promise<SignInResult>;
  close(): Promise<void>;
};

export type SignInOptions = {
  /** The account to pick (its user principal name); none when the session signs in silently. */
  account?: string;
  /** How to answer a consent page, should one appear (default accept). */
  consent?: 'accept' | 'cancel';
};

/** Where the sign-in ended: the redirect URI with the response's parameters, or a page. */
export type SignInResult =
  | { kind: 'redirect'; location: string; params: Record<string, string> }
  | { kind: 'page'; status: number; html: string };

export function createHeadlessBrowser(options: { ca?: string } = {}): HeadlessBrowser {
  const dispatcher: Dispatcher | undefined = options.ca
    ? new Agent({ connect: { ca: options.ca } })
    : undefined;
  const cookies = new Map<string, string>();

  async function request(url: string, form?: Record<string, string>) {
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        ...(cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
      ...(dispatcher ? { dispatcher } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) cookies.set(name.trim(), value.join('='));
    }
    return { status: res.status, location: res.headers.get('location'), html: await res.text() };
  }

  async function signIn(authorizeUrl: string, opts: SignInOptions): Promise<SignInResult> {
    let page = await request(authorizeUrl);
    for (let step = 0; step < 4; step++) {
      if (page.location) return redirectResult(page.location);
      const formPost = autoPostedForm(page.html);
      if (formPost) return formPost;
      const flow = field(page.html, 'flow');
      const action = formAction(page.html);
      if (!flow || !action || page.status >= 400)
        return { kind: 'page', status: page.status, html: page.html };
      if (page.html.includes('name="decision"'))
        page = await request(action, { flow, decision: opts.consent ?? 'accept' });
      else if (opts.account) page = await request(action, { flow, username: opts.account });
      else return { kind: 'page', status: page.status, html: page.html };
    }
    return { kind: 'page', status: page.status, html: page.html };
  }

  return { signIn, close: async () => dispatcher?.close() };
}

function redirectResult(location: string): SignInResult {
  const url = new URL(location);
  const source = url.hash ? new URLSearchParams(url.hash.slice(1)) : url.searchParams;
  return { kind: 'redirect', location, params: Object.fromEntries(source) };
}

/** `response_mode=form_post`: the fields the page would post to the redirect URI. */
function autoPostedForm(html: string): SignInResult | null {
  if (!html.includes('document.forms[0].submit()')) return null;
  const location = unescape(/<form method="post" action="([^"]*)"/.exec(html)?.[1] ?? '');
  const params: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g))
    params[unescape(m[1]!)] = unescape(m[2]!);
  return { kind: 'redirect', location, params };
}

function field(html: string, name: string): string | null {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  return m ? unescape(m[1]!) : null;
}

function formAction(html: string): string | null {
  const m = /<form method="post" action="([^"]*)"/.exec(html);
  return m ? unescape(m[1]!) : null;
}

/** Undoes the pages' `escapeHtml` (numeric character references). */
function unescape(text: string): string {
  return text.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));
}
