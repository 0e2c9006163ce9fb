/**
 * The end-to-end harness: the CRM server and the emulator on free ports (HTTPS, generated
 * certificate), a fresh private PGlite database with the demo organization (copied from a seeded
 * template), fresh seeded mailboxes, and
 * headless Chromium on the Outlook host page signed in as one user with one simulated client.
 *
 *   const h = await startHarness({ user: 'alex.morgan@contoso.example' });
 *   await h.host.selectItem(/Fabrikam/);
 *   await h.host.openPane();
 *   await expect(h.pane().getByRole(...)).toBeVisible();   // or poll with h.page
 *   await h.close();
 *
 * Needs `npm run build:dev` (the pane and the host page are served from dist/).
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type FrameLocator,
  type Locator,
  type Page,
} from 'playwright-core';
import { Agent, fetch } from 'undici';
import {
  buildPath,
  endpoints,
  GRAPH_APP_ROLES,
  GRAPH_AUDIENCE,
  type EndpointName,
  type RequestOf,
  type ResponseOf,
} from '#contract';
import type { ClientKind } from '#emulator/shim/protocol';
import { startEmulator, type RunningEmulator } from '#emulator/server';
import { createRegardingServer, type RegardingServer } from '#server/app';
import { loadConfig, type ServerConfig } from '#server/config';
import { migrate, openDatabase } from '#server/db/index';
import { seedDemo } from '#server/db/seed';
import type { ScheduleConfig, SyncWorker } from '#server/sync/index';
import { createDevIssuer } from '#server/identity/dev-issuer';
import { generateLocalhostCertificate, type DevCertificate } from '#dev/certs';
import { freePort } from '#scripts/pg-cluster';
import { chromiumPath } from '#scripts/requirements';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const ADDIN_DIST = path.join(ROOT, 'dist/addin');
export const EMULATOR_DIST = path.join(ROOT, 'dist/emulator');
const CHROMIUM = chromiumPath();

export const DEFAULT_USER = 'alex.morgan@contoso.example';

export type HarnessOptions = {
  /** Who signs in on the host page (default Alex Morgan). `null`: the page stays on sign-in. */
  user?: string | null;
  client?: ClientKind;
  /** Outlook's Office theme, as the pane sees it in `Office.context.officeTheme` (default light). */
  theme?: 'light' | 'dark';
  /**
   * The sync worker against the emulator's Graph: `manual` (default) syncs only on
   * `sync.runOnce()`; `auto` polls on its schedule; `off` starts none.
   */
  sync?: 'manual' | 'auto' | 'off';
  syncSchedule?: Partial<ScheduleConfig>;
  /** Chromium viewport (default 1400 x 900). */
  viewport?: { width: number; height: number };
  /** Changes to the server configuration (tests of limits, policies). */
  serverConfig?: (config: ServerConfig) => ServerConfig;
};

/** A non-2xx answer of the CRM API. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Headers,
  ) {
    const code = (body as { error?: { code?: string } } | null)?.error?.code;
    super(`CRM API answered ${status}${code ? ` ${code}` : ''}: ${JSON.stringify(body)}`);
    this.name = 'ApiCallError';
  }
  get code(): string | undefined {
    return (this.body as { error?: { code?: string } } | null)?.error?.code;
  }
}

export type RawResponse<T = unknown> = { status: number; body: T; headers: Headers };

/** The CRM API as one user (dev token), typed by the contract's endpoint table. */
export type ApiClient = {
  email: string;
  token(): Promise<string>;
  call<N extends EndpointName>(name: N, request?: Partial<RequestOf<N>>): Promise<ResponseOf<N>>;
  raw(method: string, path: string, body?: unknown): Promise<RawResponse>;
};

export type GraphClient = {
  /** An app token (Mail.ReadWrite, Calendars.ReadWrite) for the emulator's Graph. */
  appToken(): Promise<string>;
  /** `path` is relative to `/graph/v1.0` (e.g. `/users/alex.morgan@contoso.example/mailFolders/inbox/messages`) or absolute. */
  request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<RawResponse<T>>;
  get<T = unknown>(path: string, headers?: Record<string, string>): Promise<T>;
};

export type HostHelpers = {
  /** The message / calendar list of the current folder. */
  list(): Locator;
  /** Selects an item of the list by (part of) its text, e.g. its subject. */
  selectItem(name: string | RegExp): Promise<void>;
  openFolder(name: 'Inbox' | 'Sent Items' | 'Drafts' | 'Calendar'): Promise<void>;
  /** Opens the Regarding task pane beside the selected item (or the compose form). */
  openPane(): Promise<void>;
  closePane(): Promise<void>;
  /** Pins or unpins the pane (desktop client only). */
  setPinned(pinned: boolean): Promise<void>;
  /** Switches the simulated client; the pane closes, as it would when changing devices. */
  setClient(client: ClientKind): Promise<void>;
  /** Runs a script inside the pane's frame (it sees the shim as `window.Office`). */
  evaluateInPane<T>(fn: () => T | Promise<T>): Promise<T>;
};

export type Harness = {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  server: RegardingServer;
  emulator: RunningEmulator;
  /** The TLS certificate both servers use (PEM); Node clients trust it as `ca`. */
  certificate: DevCertificate;
  api(email?: string): ApiClient;
  graph: GraphClient;
  /** The emulator's internal API (`/emulator/api/...`). */
  emulatorApi<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  sync: { runOnce(): ReturnType<SyncWorker['runOnce']> } | null;
  host: HostHelpers;
  /** The task pane's frame. */
  pane(): FrameLocator;
  /** Opens the host page again as someone else (or with another client). */
  signIn(user: string, client?: ClientKind): Promise<void>;
  close(): Promise<void>;
};

/**
 * A migrated, seeded PGlite data directory, built once per schema and seed version and copied for
 * every harness: creating a PostgreSQL cluster (initdb) dominates PGlite's start-up, a copy of a
 * ready one opens in about a second. Each harness still gets its own private database.
 */
async function seededTemplate(): Promise<string> {
  const hash = createHash('sha256');
  const sources = [path.join(ROOT, 'src/server/db'), path.join(ROOT, 'src/contract')];
  for (const dir of sources) {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      hash.update(path.relative(ROOT, file)).update(readFileSync(file));
    }
  }
  const root = path.join(ROOT, '.data/e2e-template');
  const template = path.join(root, hash.digest('hex').slice(0, 16));
  if (existsSync(path.join(template, 'PG_VERSION'))) return template;
  mkdirSync(root, { recursive: true });
  // Built aside and renamed into place, so concurrent runs never see half a template.
  const building = path.join(root, `building-${randomUUID()}`);
  const db = await openDatabase({ kind: 'pglite', dataDir: building });
  try {
    await migrate(db);
    await seedDemo(db);
  } finally {
    await db.close();
  }
  try {
    renameSync(building, template);
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
  return template;
}

export function assertBuilt(): void {
  const needed = [
    path.join(ADDIN_DIST, 'taskpane.html'),
    path.join(EMULATOR_DIST, 'index.html'),
    path.join(EMULATOR_DIST, 'office-shim.js'),
  ];
  const missing = needed.filter((file) => !existsSync(file));
  if (missing.length) {
    throw new Error(
      `e2e: the build is missing (${missing.map((f) => path.relative(ROOT, f)).join(', ')}). ` +
        'Run `npm run build:dev` first (`npm run test:e2e` does).',
    );
  }
}

type Cleanup = (() => Promise<unknown>)[];
type Http = (
  url: string,
  method: string,
  body: unknown,
  headers: Record<string, string>,
) => Promise<RawResponse>;

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  assertBuilt();
  const certificate = await generateLocalhostCertificate(2);
  const dispatcher = new Agent({ connect: { ca: certificate.cert } });
  const cleanup: Cleanup = [];
  const close = async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
    await dispatcher.close();
  };

  try {
    const { emulator, server, appToken } = await startServers(certificate, options, cleanup);
    const worker = server.sync;
    const syncMode = options.sync ?? 'manual';
    const sync: Harness['sync'] = worker && syncMode !== 'off' ? { runOnce: () => worker.runOnce() } : null;
    const http = httpOver(dispatcher);
    const { browser, context, page } = await launchBrowser(options, cleanup);
    const signIn = async (user: string, client: ClientKind = options.client ?? 'desktop') => {
      const params = new URLSearchParams({ user, client, theme: options.theme ?? 'light' });
      await page.goto(`${emulator.url}/?${params.toString()}`);
      await page
        .getByRole('banner')
        .getByText(/^Signed in as /)
        .waitFor();
      await page.getByRole('navigation', { name: 'Folders' }).getByRole('button').nth(1).waitFor();
    };

    if (options.user !== null) await signIn(options.user ?? DEFAULT_USER);
    else await page.goto(`${emulator.url}/`);

    return {
      browser,
      context,
      page,
      server,
      emulator,
      certificate,
      api: apiClients(http, server.url, options.user ?? DEFAULT_USER),
      graph: graphClient(http, emulator.graphUrl, appToken),
      emulatorApi: emulatorApiClient(http, emulator.url),
      sync,
      host: hostHelpers(page),
      pane: () => page.frameLocator('iframe[title="Regarding task pane"]'),
      signIn,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Like the dev launcher: the emulator first (it trusts the dev issuer's key file and proxies to
 * the server's port, picked now), then the server with Graph pointing at the emulator, on a fresh
 * copy of the seeded database.
 */
async function startServers(certificate: DevCertificate, options: HarnessOptions, cleanup: Cleanup) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'regarding-e2e-'));
  cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  cpSync(await seededTemplate(), dataDir, { recursive: true });
  const keyFile = path.join(dataDir, 'dev-issuer-key.json');
  const issuer = createDevIssuer({ keyFile });
  // The emulator must know the server's port before the server starts.
  const serverPort = await freePort();
  const emulator = await startEmulator({
    port: 0,
    host: 'localhost',
    tls: certificate,
    jwks: issuer.publicJwks(),
    crmUrl: `https://localhost:${serverPort}`,
    crmCa: certificate.cert,
    addinDistDir: ADDIN_DIST,
    emulatorDistDir: EMULATOR_DIST,
  });
  cleanup.push(() => emulator.close());

  const base = loadConfig({ NODE_ENV: 'test', REGARDING_AUTH: 'dev', PORT: '0' });
  let config: ServerConfig = {
    ...base,
    host: 'localhost',
    port: serverPort,
    tls: { key: certificate.key, cert: certificate.cert },
    database: { kind: 'pglite', dataDir },
    seedDemo: true,
    auth: base.auth.mode === 'dev' ? { ...base.auth, keyFile } : base.auth,
    rateLimit: undefined,
    addinDistDir: ADDIN_DIST,
    logLevel: 'silent',
    sync: {
      enabled: true,
      graphBaseUrl: emulator.graphUrl,
      graphCa: certificate.cert,
      graphCredentials: undefined,
      schedule: options.syncSchedule ?? {},
      autoStart: (options.sync ?? 'manual') === 'auto',
    },
  };
  if (options.serverConfig) config = options.serverConfig(config);
  const server = await createRegardingServer(config);
  cleanup.push(() => server.close());
  if (!server.devIssuer) throw new Error('e2e: the server did not start in dev auth mode');
  const appToken = () => issuer.issueAppToken({ audience: GRAPH_AUDIENCE, roles: GRAPH_APP_ROLES });
  return { emulator, server, appToken };
}

/** HTTPS calls trusting the harness's certificate; JSON bodies parsed, other text kept. */
function httpOver(dispatcher: Agent): Http {
  return async (url, method, body, headers) => {
    const response = await fetch(url, {
      method,
      dispatcher,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.status, body: parsed, headers: response.headers as unknown as Headers };
  };
}

function apiClients(http: Http, serverUrl: string, defaultUser: string): Harness['api'] {
  const tokens = new Map<string, Promise<string>>();
  return (email: string = defaultUser): ApiClient => {
    const token = () => {
      let t = tokens.get(email);
      if (!t) {
        t = http(`${serverUrl}/api/v1/dev/token`, 'POST', { email }, {}).then((r) => {
          if (r.status !== 200) throw new ApiCallError(r.status, r.body, r.headers);
          return (r.body as { access_token: string }).access_token;
        });
        t.catch(() => tokens.delete(email));
        tokens.set(email, t);
      }
      return t;
    };
    const raw = async (method: string, p: string, body?: unknown) =>
      http(`${serverUrl}${p}`, method, body, { authorization: `Bearer ${await token()}` });
    return {
      email,
      token,
      raw,
      async call(name, request = {}) {
        const endpoint = endpoints[name];
        let p = buildPath(endpoint.path, (request.params ?? {}) as Record<string, string>);
        const query = request.query as Record<string, unknown> | undefined;
        if (query) {
          const search = new URLSearchParams();
          for (const [k, v] of Object.entries(query)) if (v !== undefined) search.set(k, String(v));
          if ([...search].length) p += `?${search.toString()}`;
        }
        const r = await raw(endpoint.method, p, request.body);
        if (r.status < 200 || r.status >= 300) throw new ApiCallError(r.status, r.body, r.headers);
        return r.body as ResponseOf<typeof name>;
      },
    };
  };
}

function graphClient(http: Http, graphUrl: string, appToken: () => Promise<string>): GraphClient {
  const graph: GraphClient = {
    appToken,
    async request<T>(method: string, p: string, body?: unknown, headers: Record<string, string> = {}) {
      const url = p.startsWith('http') ? p : `${graphUrl}${p}`;
      const r = await http(url, method, body, { authorization: `Bearer ${await appToken()}`, ...headers });
      return r as RawResponse<T>;
    },
    async get<T>(p: string, headers: Record<string, string> = {}) {
      const r = await graph.request<T>('GET', p, undefined, headers);
      if (r.status !== 200) throw new Error(`Graph GET ${p} answered ${r.status}: ${JSON.stringify(r.body)}`);
      return r.body;
    },
  };
  return graph;
}

function emulatorApiClient(http: Http, emulatorUrl: string): Harness['emulatorApi'] {
  return async <T>(method: string, p: string, body?: unknown): Promise<T> => {
    const r = await http(`${emulatorUrl}${p}`, method, body, {});
    if (r.status < 200 || r.status >= 300) {
      throw new Error(`emulator ${method} ${p} answered ${r.status}: ${JSON.stringify(r.body)}`);
    }
    return r.body as T;
  };
}

async function launchBrowser(options: HarnessOptions, cleanup: Cleanup) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  cleanup.push(() => browser.close());
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    viewport: options.viewport ?? { width: 1400, height: 900 },
  });
  return { browser, context, page: await context.newPage() };
}

function hostHelpers(page: Page): HostHelpers {
  const list = () => page.getByRole('listbox', { name: /^(Messages|Calendar items)$/ });
  return {
    list,
    async selectItem(name) {
      // On the phone layout an open item hides the list until "Back".
      const back = page.getByRole('toolbar', { name: 'Item actions' }).getByRole('button', { name: 'Back' });
      if (await back.isVisible()) await back.click();
      await list().getByRole('option', { name }).first().click();
      await page.locator('#reading-subject').waitFor();
    },
    async openFolder(name) {
      await page
        .getByRole('navigation', { name: 'Folders' })
        .getByRole('button', { name: new RegExp(`^${name}(,|$)`) })
        .click();
      await list().or(page.getByText('Nothing in this folder.')).waitFor();
    },
    async openPane() {
      await page.getByRole('button', { name: 'Open Regarding' }).click();
      await page.locator('iframe[title="Regarding task pane"]').waitFor();
    },
    async closePane() {
      await page.getByRole('button', { name: 'Close the Regarding pane' }).click();
    },
    async setPinned(pinned) {
      const button = page.getByRole('button', { name: 'Pin the Regarding pane' });
      if ((await button.getAttribute('aria-pressed')) !== String(pinned)) await button.click();
    },
    async setClient(client) {
      await page.getByLabel('Client').selectOption(client);
      await page.waitForURL(new RegExp(`client=${client}`));
    },
    async evaluateInPane(fn) {
      const element = await page.locator('iframe[title="Regarding task pane"]').elementHandle();
      const frame = await element?.contentFrame();
      if (!frame) throw new Error('e2e: the task pane is not open');
      await frame.waitForURL(/\/pane\/taskpane\.html/);
      await frame.waitForFunction(() => typeof (window as { Office?: unknown }).Office === 'object');
      return frame.evaluate(fn);
    },
  };
}
