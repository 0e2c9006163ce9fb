import { stat } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context';
import { GraphError } from '../errors';

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

const SHIM_FILE = 'office-shim.js';
const MISSING_BUILD = 'The emulator build is missing. Run `npm run build:dev` (or `npm start`), then reload.';

/**
 * The Outlook-like host page at `/`, and the task pane at `/pane/` as Outlook would load it: the
 * add-in's own build, except that `office/office.js` is the emulator's Office.js shim and
 * `config.js` points the pane's API at this origin's `/crm` proxy with dev sign-in. Files are
 * served by @fastify/static (content types, ETags, nothing outside the build directories).
 */
export async function hostRoutes(app: FastifyInstance, ctx: EmulatorContext): Promise<void> {
  const emulatorDir = path.resolve(ctx.opts.emulatorDistDir);
  const addinDir = path.resolve(ctx.opts.addinDistDir);
  await app.register(async (host) => hostPageRoutes(host, emulatorDir));
  await app.register(async (pane) => paneRoutes(pane, { addinDir, emulatorDir, crmUrl: ctx.opts.crmUrl }), {
    prefix: '/pane',
  });
}

/** The host page and its bundles (webpack publicPath '/': one path segment), from `dist/emulator`. */
async function hostPageRoutes(app: FastifyInstance, emulatorDir: string): Promise<void> {
  securityHeaders(app, HOST_PAGE_CSP);
  await app.register(fastifyStatic, { root: emulatorDir, serve: false, ...CACHING });

  const hostPage = async (_req: FastifyRequest, reply: FastifyReply) =>
    (await isFile(path.join(emulatorDir, 'index.html'))) ? reply.sendFile('index.html') : missingBuild(reply);
  app.get('/', hostPage);
  app.get('/index.html', hostPage);

  app.get<{ Params: { file: string } }>('/:file', async (req, reply) => {
    if (req.params.file === SHIM_FILE)
      throw new GraphError(
        404,
        'ResourceNotFound',
        'The Office.js shim is served at /pane/office/office.js.',
      );
    return reply.sendFile(req.params.file);
  });
}

type PaneDeps = { addinDir: string; emulatorDir: string; crmUrl: string };

/**
 * The add-in's build (`dist/addin`) at `/pane/`, as Outlook would load it, but for two files:
 * `office/office.js` is the emulator's shim and `config.js` the emulator's configuration.
 */
async function paneRoutes(app: FastifyInstance, { addinDir, emulatorDir, crmUrl }: PaneDeps): Promise<void> {
  securityHeaders(app, PANE_CSP);
  app.setNotFoundHandler((req) => {
    const file = (req.url.split('?')[0] ?? req.url).replace(/^\/pane\//, '');
    throw new GraphError(
      404,
      'ResourceNotFound',
      `No file ${file} in the add-in build (run \`npm run build:dev\`).`,
    );
  });
  await app.register(fastifyStatic, { root: addinDir, index: 'taskpane.html', ...CACHING });

  app.get('/', { prefixTrailingSlash: 'no-slash' }, async (_req, reply) =>
    reply.redirect('/pane/taskpane.html'),
  );

  app.get('/config.js', async (req, reply) =>
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(paneConfigScript(originOf(req), crmUrl)),
  );

  app.get('/office/office.js', async (_req, reply) =>
    (await isFile(path.join(emulatorDir, SHIM_FILE)))
      ? reply.sendFile(SHIM_FILE, emulatorDir)
      : missingBuild(reply),
  );

  // Microsoft's office.js would load further files from here; the shim needs none.
  app.get('/office/*', async (req) => {
    throw new GraphError(404, 'ResourceNotFound', `No file ${req.url}.`);
  });
}

/** Content-hashed bundles never change; pages and fixed names must revalidate. */
const CACHING = {
  cacheControl: false,
  setHeaders: (reply: FastifyReply, file: string) => {
    const hashed = /\.[0-9a-f]{8}\.(js|css)$/.test(file);
    reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
  },
};

function securityHeaders(app: FastifyInstance, csp: string): void {
  app.addHook('onRequest', async (_req, reply) => {
    reply
      .header('content-security-policy', csp)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer');
  });
}

function missingBuild(reply: FastifyReply): FastifyReply {
  return reply.code(503).type('text/plain; charset=utf-8').send(MISSING_BUILD);
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
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
