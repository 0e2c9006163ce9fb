import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Agent, request } from 'undici';
import type { Faults } from '../faults/faults';

export type CrmProxyOptions = { crmUrl: string; crmCa?: string | undefined; faults: Faults };

/** Hop-by-hop headers (RFC 9110 section 7.6.1) and those the proxy itself sets. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  // The pane and the proxy share an origin; the CRM server must not see a cross-origin request.
  'origin',
]);

/**
 * `/crm/*` -> the CRM server. The pane served by the emulator talks to its API through here, so
 * the "CRM unreachable" fault can drop the connection the way a dead network does.
 */
export async function crmProxyRoutes(app: FastifyInstance, options: CrmProxyOptions): Promise<void> {
  const dispatcher = new Agent({ connect: options.crmCa ? { ca: options.crmCa } : {} });
  const target = options.crmUrl.replace(/\/+$/, '');
  app.addHook('onClose', async () => {
    await dispatcher.close();
  });

  // Bodies pass through untouched (this plugin is encapsulated: other routes keep JSON parsing).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 25 * 1024 * 1024 }, (_req, body, done) =>
    done(null, body),
  );

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    if (options.faults.crmUnreachable()) {
      reply.hijack();
      req.raw.socket.destroy();
      return;
    }
    const path = req.url.replace(/^\/crm/, '') || '/';
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const body = Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : null;
    let upstream;
    try {
      upstream = await request(`${target}${path.startsWith('/') ? path : `/${path}`}`, {
        method: req.method as 'GET',
        headers,
        body,
        dispatcher,
      });
    } catch (err) {
      req.log.warn({ err }, 'CRM server unreachable through the proxy');
      return reply
        .code(502)
        .type('application/json')
        .send({ error: { code: 'unavailable', message: 'The CRM server cannot be reached.' } });
    }
    reply.code(upstream.statusCode);
    for (const [name, value] of Object.entries(upstream.headers)) {
      if (value === undefined || (HOP_BY_HOP.has(name) && name !== 'content-length')) continue;
      reply.header(name, value);
    }
    return reply.send(upstream.body);
  };

  app.all('/crm', handler);
  app.all('/crm/*', handler);
}
