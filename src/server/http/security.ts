import type { FastifyInstance } from 'fastify';

export type SecurityOptions = {
  tls: boolean;
  production: boolean;
  /** Hosts that may frame the add-in pages (Outlook). */
  frameAncestors: string[];
  /** Where the pages may connect besides their own origin (identity provider). */
  connectSources: string[];
};

export const ADDIN_PREFIX = '/addin/';

/**
 * Security headers on every response. The add-in pages get a CSP that lets Outlook frame them;
 * everything else (the API) may not be framed, run scripts or be cached by shared caches.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: SecurityOptions): void {
  const scriptSrc = ["'self'"];
  // Development bundles use eval-based source maps; production bundles never need eval.
  if (!options.production) scriptSrc.push("'unsafe-eval'");
  const pageCsp = [
    "default-src 'self'",
    `script-src ${scriptSrc.join(' ')}`,
    // Fluent UI (Griffel) inserts its atomic CSS rules at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${options.connectSources.join(' ')}`.trim(),
    `frame-src 'self' ${options.connectSources.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors 'self' ${options.frameAncestors.join(' ')}`.trim(),
  ].join('; ');
  const apiCsp = "default-src 'none'; frame-ancestors 'none'";

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    if (options.tls) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (request.url.startsWith(ADDIN_PREFIX)) {
      reply.header('content-security-policy', pageCsp);
    } else {
      reply.header('content-security-policy', apiCsp);
      reply.header('x-frame-options', 'DENY');
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}
