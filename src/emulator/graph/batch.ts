import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { GraphError } from '../errors';

/**
 * JSON batching (`POST /$batch`): at most 20 requests, each answered individually with its own
 * id, status, headers and body. Requests run one after another in the given order, which also
 * satisfies any `dependsOn` (Graph allows but does not require the client to name dependencies).
 */
export const MAX_BATCH_REQUESTS = 20;

const BatchRequest = z.object({
  id: z.string().min(1).max(100),
  method: z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'get', 'post', 'patch', 'put', 'delete']),
  url: z.string().min(1).max(8000),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
  dependsOn: z.array(z.string()).optional(),
});

const BatchBody = z.object({ requests: z.array(BatchRequest) });

/** Response headers worth passing on inside a batch answer. */
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'retry-after', 'location', 'preference-applied', 'etag'];

export async function batchRoute(app: FastifyInstance, root: FastifyInstance): Promise<void> {
  app.post('/$batch', async (req) => {
    const parsed = BatchBody.safeParse(req.body);
    if (!parsed.success)
      throw new GraphError(400, 'BadRequest', 'Invalid batch payload format: expected {"requests": [...]}.');
    const { requests } = parsed.data;
    if (requests.length === 0)
      throw new GraphError(400, 'BadRequest', 'The batch must contain at least one request.');
    if (requests.length > MAX_BATCH_REQUESTS)
      throw new GraphError(
        400,
        'BadRequest',
        `The batch exceeds the maximum of ${MAX_BATCH_REQUESTS} requests.`,
      );
    const ids = new Set<string>();
    for (const r of requests) {
      if (ids.has(r.id))
        throw new GraphError(400, 'BadRequest', `Duplicate request id '${r.id}' in the batch.`);
      ids.add(r.id);
    }
    const failed = new Set<string>();
    const responses = [];
    for (const r of requests) {
      if (r.dependsOn?.some((d) => failed.has(d))) {
        failed.add(r.id);
        responses.push({
          id: r.id,
          status: 424,
          body: { error: { code: 'FailedDependency', message: 'A dependency failed.' } },
        });
        continue;
      }
      const url = r.url.startsWith('/') ? r.url : `/${r.url}`;
      if (/^\/(v1\.0|beta)\//i.test(url) || url.startsWith('//') || /\$batch/i.test(url))
        throw new GraphError(
          400,
          'BadRequest',
          `Invalid request URL '${r.url}': use a URL relative to the version.`,
        );
      const headers: Record<string, string> = { ...(r.headers ?? {}) };
      if (req.headers.authorization) headers.authorization = req.headers.authorization;
      if (req.headers.host) headers.host = req.headers.host;
      if (r.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
        headers['content-type'] = 'application/json';
      const res = await root.inject({
        method: r.method.toUpperCase() as 'GET',
        url: `/graph/v1.0${url}`,
        headers,
        ...(r.body !== undefined ? { payload: JSON.stringify(r.body) } : {}),
      });
      if (res.statusCode >= 400) failed.add(r.id);
      const responseHeaders: Record<string, string> = {};
      for (const name of FORWARDED_RESPONSE_HEADERS) {
        const value = res.headers[name];
        if (value !== undefined) responseHeaders[canonical(name)] = String(value);
      }
      let body: unknown = undefined;
      if (res.body.length > 0) {
        try {
          body = JSON.parse(res.body);
        } catch {
          body = res.body;
        }
      }
      responses.push({
        id: r.id,
        status: res.statusCode,
        headers: responseHeaders,
        ...(body !== undefined ? { body } : {}),
      });
    }
    return { responses };
  });
}

function canonical(header: string): string {
  return header.replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase());
}
