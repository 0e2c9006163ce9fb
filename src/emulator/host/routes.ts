import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context';

/**
 * The Outlook-like host page at `/`, and the task pane at `/pane/` as Outlook would load it: the
 * add-in's own build, except that `office/office.js` is the emulator's Office.js shim and
 * `config.js` points the pane's API at this origin's `/crm` proxy with dev sign-in.
 */

// Development builds use eval-based source maps, hence 'unsafe-eval'; the emulator never ships.
const COMMON_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval'",
  // Fluent UI (Griffel) inserts style elements at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];
/** The host page frames the pane (same origin) and message bodies (sandboxed srcdoc frames). */
export const HOST_PAGE_CSP = [...COMMON_CSP, "frame-src 'self'", "frame-ancestors 'none'"].join('; ');
/** The pane may only be framed by the host page. */
export const PANE_CSP = [...COMMON_CSP, "frame-src 'self'", "frame-ancestors 'self'"].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

const SHIM_FILE = 'office-shim.js';
const MISSING_BUILD = 'The emulator build is missing. Run `npm run build:dev` (or `npm start`), then reload.';

/** Resolves `relative` inside `root`, or null when it would escape it. */
export function resolveInside(root: string, relative: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = path.resolve(root);
  const full = path.resolve(base, `.${path.posix.sep}${decoded}`);
  return full.startsWith(base + path.sep) ? full : null;
}

async function fileOrNull(file: string | null): Promise<Buffer | null> {
  if (!file) return null;
  try {
    if (!(await stat(file)).isFile()) return null;
    return await readFile(file);
  } catch {
    return null;
  }
}

function securityHeaders(reply: FastifyReply, csp: string): FastifyReply {
  return reply
    .header('content-security-policy', csp)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer');
}

async function sendFile(
  reply: FastifyReply,
  root: string,
  relative: string,
  csp: string,
  missing: () => FastifyReply,
): Promise<FastifyReply> {
  const file = resolveInside(root, relative);
  const content = await fileOrNull(file);
  if (!file || !content) return missing();
  const ext = path.extname(file).toLowerCase();
  // Content-hashed bundles never change; pages and fixed names must revalidate.
  const hashed = /\.[0-9a-f]{8}\.(js|css)$/.test(file);
  return securityHeaders(reply, csp)
    .header('content-type', CONTENT_TYPES[ext] ?? 'application/octet-stream')
    .header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
    .send(content);
}

function notFound(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(404).send({ error: { code: 'ResourceNotFound', message } });
}

/** The emulator's origin as the browser sees it (the pane calls its API through it). */
function originOf(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

/** The pane's runtime configuration (same shape the CRM server serves at /addin/config.js). */
export function paneConfigScript(origin: string, crmWebUrl: string): string {
  const config = { apiBaseUrl: `${origin}/crm`, auth: { mode: 'dev' }, crmWebUrl };
  return `window.__REGARDING_CONFIG__ = ${JSON.stringify(config).replace(/</g, '\\u003c')};\n`;
}

export async function hostRoutes(app: FastifyInstance, ctx: EmulatorContext): Promise<void> {
  const emulatorDir = ctx.opts.emulatorDistDir;
  const addinDir = ctx.opts.addinDistDir;

  const hostPage = (reply: FastifyReply) =>
    sendFile(reply, emulatorDir, 'index.html', HOST_PAGE_CSP, () =>
      reply.code(503).type('text/plain; charset=utf-8').send(MISSING_BUILD),
    );

  app.get('/', async (_req, reply) => hostPage(reply));
  app.get('/index.html', async (_req, reply) => hostPage(reply));

  // The host page's bundles (webpack publicPath '/': one path segment).
  app.get<{ Params: { file: string } }>('/:file', async (req, reply) => {
    const { file } = req.params;
    if (file === SHIM_FILE) return notFound(reply, 'The Office.js shim is served at /pane/office/office.js.');
    return sendFile(reply, emulatorDir, file, HOST_PAGE_CSP, () => notFound(reply, `No file ${file}.`));
  });

  app.get('/pane/config.js', async (req, reply) =>
    securityHeaders(reply, PANE_CSP)
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(paneConfigScript(originOf(req), ctx.opts.crmUrl)),
  );

  app.get('/pane/office/office.js', async (_req, reply) =>
    sendFile(reply, emulatorDir, SHIM_FILE, PANE_CSP, () =>
      reply.code(503).type('text/plain; charset=utf-8').send(MISSING_BUILD),
    ),
  );

  // Microsoft's office.js would load further files from here; the shim needs none.
  app.get('/pane/office/*', async (req, reply) => notFound(reply, `No file ${req.url}.`));

  app.get('/pane', async (_req, reply) => reply.redirect('/pane/taskpane.html'));
  app.get<{ Params: { '*': string } }>('/pane/*', async (req, reply) => {
    const relative = req.params['*'] || 'taskpane.html';
    return sendFile(reply, addinDir, relative, PANE_CSP, () =>
      notFound(reply, `No file ${relative} in the add-in build (run \`npm run build:dev\`).`),
    );
  });
}
