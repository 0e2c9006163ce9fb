import { existsSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { constants as zlib } from 'node:zlib';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { ADDIN_PREFIX } from './security';

/** What `/addin/config.js` tells the pane (`window.__REGARDING_CONFIG__`). */
export type AddinRuntimeConfig = {
  apiBaseUrl: string;
  auth: { mode: 'dev' } | { mode: 'msal'; clientId: string; authority: string; scopes: string[] };
  crmWebUrl: string;
};

/** Text files at least this large are compressed; smaller ones gain nothing. */
const MIN_COMPRESS_BYTES = 1024;
const COMPRESSIBLE = /\.(html|js|mjs|css|json|map|svg|xml|txt)$/i;

/** Bundles carry a content hash in their name and never change; everything else is revalidated. */
function cacheControlFor(relativePath: string): string {
  if (/\.[0-9a-f]{8}\.(js|css)$/.test(relativePath)) return 'public, max-age=31536000, immutable';
  if (relativePath.startsWith('office/') || relativePath.startsWith('assets/')) return 'public, max-age=3600';
  return 'no-cache';
}

/**
 * Serves the built add-in (`dist/addin`, with the real office.js under `office/`) at `/addin/`
 * through @fastify/static, text files compressed by @fastify/compress (brotli, else gzip), and the
 * runtime configuration at `/addin/config.js`.
 */
export async function registerAddinStatic(
  app: FastifyInstance,
  options: { distDir: string; runtimeConfig: (request: FastifyRequest) => AddinRuntimeConfig },
): Promise<void> {
  const root = path.resolve(options.distDir);

  app.get('/addin', (_request, reply) => reply.redirect(`${ADDIN_PREFIX}taskpane.html`));
  app.get(ADDIN_PREFIX, (_request, reply) => reply.redirect(`${ADDIN_PREFIX}taskpane.html`));
  app.get(`${ADDIN_PREFIX}config.js`, (request, reply) => {
    // `<` escaped so the JSON can never close a surrounding script element.
    const json = JSON.stringify(options.runtimeConfig(request)).replace(/</g, '\\u003c');
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(`window.__REGARDING_CONFIG__ = ${json};\n`);
  });

  // The files in a context of their own: compression and the add-in's 404 apply to them only.
  await app.register(
    async (files) => {
      await files.register(compress, {
        encodings: ['br', 'gzip'],
        threshold: MIN_COMPRESS_BYTES,
        brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } },
        zlibOptions: { level: 6 },
      });
      files.addHook('onSend', async (_request, reply, payload) => sizedForCompression(reply, payload));
      // A path that leaves the folder is answered as a missing file, revealing nothing more.
      files.setErrorHandler((error: FastifyError, request, reply) => {
        if (error.statusCode === 403) return reply.callNotFound();
        throw error;
      });
      files.setNotFoundHandler((request) => {
        const file = (request.url.split('?')[0] ?? '').slice(ADDIN_PREFIX.length);
        const hint = existsSync(root) ? '' : ' The add-in is not built: run "npm run build".';
        throw new AppError('not_found', `There is no add-in file ${file}.${hint}`);
      });
      await files.register(fastifyStatic, {
        root,
        prefix: '/',
        index: false,
        dotfiles: 'ignore',
        acceptRanges: false,
        cacheControl: false,
        setHeaders: (reply, file, stat) => setFileHeaders(reply, path.relative(root, file), stat.size),
      });
    },
    { prefix: ADDIN_PREFIX.replace(/\/$/, '') },
  );
}

function setFileHeaders(reply: FastifyReply, relative: string, size: number): void {
  reply.header('cache-control', cacheControlFor(relative.split(path.sep).join('/')));
  // RFC 9239 names text/javascript the one JavaScript type; mime still says application/javascript.
  if (/\.m?js$/i.test(relative)) reply.type('text/javascript; charset=utf-8');
  // The files are the same for every origin; what a compressible one varies by is the encoding.
  if (COMPRESSIBLE.test(relative) && size >= MIN_COMPRESS_BYTES) reply.header('vary', 'accept-encoding');
}

/**
 * @fastify/compress applies its size threshold to buffered bodies only, and compresses every
 * stream: a small file is handed on buffered, so it goes out as it is. A 304 has no body at all.
 */
async function sizedForCompression(reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (reply.statusCode === 304) return null;
  if (!(payload instanceof Readable)) return payload;
  const size = Number(reply.getHeader('content-length'));
  if (!(size < MIN_COMPRESS_BYTES)) return payload;
  const chunks: unknown[] = await payload.toArray();
  return Buffer.concat(chunks.map((c) => (Buffer.isBuffer(c) ? c : Buffer.from(String(c)))));
}
