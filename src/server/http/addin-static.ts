import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { ADDIN_PREFIX } from './security';

/** What `/addin/config.js` tells the pane (`window.__REGARDING_CONFIG__`). */
export type AddinRuntimeConfig = {
  apiBaseUrl: string;
  auth: { mode: 'dev' } | { mode: 'msal'; clientId: string; authority: string; scopes: string[] };
  crmWebUrl: string;
};

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** Bundles carry a content hash in their name and never change; everything else is revalidated. */
function cacheControlFor(relativePath: string): string {
  if (/\.[0-9a-f]{8}\.(js|css)$/.test(relativePath)) return 'public, max-age=31536000, immutable';
  if (relativePath.startsWith('office/') || relativePath.startsWith('assets/')) return 'public, max-age=3600';
  return 'no-cache';
}

/**
 * Serves the built add-in (`dist/addin`, with the real office.js under `office/`) at `/addin/`
 * and the runtime configuration at `/addin/config.js`.
 */
export function registerAddinStatic(
  app: FastifyInstance,
  options: { distDir: string; runtimeConfig: (request: FastifyRequest) => AddinRuntimeConfig },
): void {
  const root = path.resolve(options.distDir);
  const compressed = createCompressionCache(COMPRESSION_CACHE_BYTES);

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

  app.get(
    `${ADDIN_PREFIX}*`,
    async (request: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply) => {
      const relative = request.params['*'];
      const file = path.resolve(root, relative);
      if (!file.startsWith(root + path.sep) || relative.includes('\0')) {
        throw new AppError('not_found', `There is no add-in file ${relative}.`);
      }
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) {
        const hint = (await stat(root).catch(() => null))
          ? ''
          : ' The add-in is not built: run "npm run build".';
        throw new AppError('not_found', `There is no add-in file ${relative}.${hint}`);
      }
      const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
      reply
        .header('etag', etag)
        .header('last-modified', info.mtime.toUTCString())
        .header('cache-control', cacheControlFor(path.relative(root, file).split(path.sep).join('/')))
        .type(contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      if (COMPRESSIBLE.test(file) && info.size >= MIN_COMPRESS_BYTES && info.size <= MAX_COMPRESS_BYTES) {
        reply.header('vary', 'accept-encoding');
        const encoding = negotiateEncoding(request.headers['accept-encoding']);
        if (encoding) {
          const body = await compressed.get(file, etag, encoding);
          return reply.header('content-encoding', encoding).header('content-length', body.length).send(body);
        }
      }
      reply.header('content-length', info.size);
      return reply.send(createReadStream(file));
    },
  );
}

const COMPRESSIBLE = /\.(html|js|mjs|css|json|map|svg|xml|txt)$/i;
const MIN_COMPRESS_BYTES = 1024;
const MAX_COMPRESS_BYTES = 16 * 1024 * 1024;
const COMPRESSION_CACHE_BYTES = 64 * 1024 * 1024;

type Encoding = 'br' | 'gzip';

/** Brotli when the client takes it (every browser Outlook runs in), else gzip, else none. */
function negotiateEncoding(header: string | string[] | undefined): Encoding | null {
  const accepted = new Map<string, number>();
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  if ((accepted.get('br') ?? 0) > 0) return 'br';
  if ((accepted.get('gzip') ?? 0) > 0) return 'gzip';
  return null;
}

const compressBrotli = promisify(brotliCompress);
const compressGzip = promisify(gzip);

/**
 * Compressed file bodies, computed once per file version and encoding and kept while they fit the
 * byte budget (least recently used first out): the pane's bundles and office.js are requested
 * again and again and never change between builds.
 */
function createCompressionCache(maxBytes: number) {
  const entries = new Map<string, Promise<Buffer>>();
  const sizes = new Map<string, number>();
  let total = 0;
  return {
    get(file: string, version: string, encoding: Encoding): Promise<Buffer> {
      const key = `${encoding}:${version}:${file}`;
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const pending = readFile(file).then((raw) =>
        encoding === 'br'
          ? compressBrotli(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } })
          : compressGzip(raw, { level: 6 }),
      );
      entries.set(key, pending);
      pending.then(
        (body) => {
          if (entries.get(key) !== pending) return;
          sizes.set(key, body.length);
          total += body.length;
          for (const oldest of entries.keys()) {
            if (total <= maxBytes) break;
            if (oldest === key) continue;
            total -= sizes.get(oldest) ?? 0;
            sizes.delete(oldest);
            entries.delete(oldest);
          }
        },
        () => entries.delete(key),
      );
      return pending;
    },
  };
}
