import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
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

const ONE_YEAR_SECONDS = 31_536_000;

/**
 * Security headers on every response, through helmet: nosniff, the referrer policy, HSTS over
 * TLS, and framing denied except for the add-in pages, which Outlook frames. Helmet's further
 * defaults (cross-origin and legacy headers) stay off: the pages run inside Outlook's frames.
 * The API may also not run scripts or be stored by shared caches.
 */
export async function registerSecurityHeaders(app: FastifyInstance, options: SecurityOptions): Promise<void> {
  const policies = contentSecurityPolicies(options);
  await app.register(helmet, {
    global: false,
    // Set below: helmet writes directives joined by ";" and the policies here read "; ".
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: false,
    originAgentCluster: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: options.tls ? { maxAge: ONE_YEAR_SECONDS, includeSubDomains: true } : false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xFrameOptions: { action: 'deny' },
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  } satisfies FastifyHelmetOptions);
  const page: FastifyHelmetOptions = { xFrameOptions: false };

  app.addHook('onRequest', async (request, reply) => {
    const isPage = request.url.startsWith(ADDIN_PREFIX);
    await reply.helmet(isPage ? page : undefined);
    reply.header('content-security-policy', isPage ? policies.page : policies.api);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith(ADDIN_PREFIX) && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
    return payload;
  });
}

function contentSecurityPolicies(options: SecurityOptions): { page: string; api: string } {
  const scriptSrc = ["'self'"];
  // Development bundles use eval-based source maps; production bundles never need eval.
  if (!options.production) scriptSrc.push("'unsafe-eval'");
  const page = [
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
  return { page, api: "default-src 'none'; frame-ancestors 'none'" };
}
