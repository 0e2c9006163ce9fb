import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorBody, GraphError } from '../../errors';
import { GRAPH_PREFIX } from '../pipeline';

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

type BatchRequest = z.infer<typeof BatchRequest>;
type BatchResponse = { id: string; status: number; headers?: Record<string, string>; body?: unknown };

/** `root` is the whole emulator: each inner request runs its full Graph pipeline there. */
export function batchRoute(app: FastifyInstance, root: FastifyInstance): void {
  app.post('/$batch', async (req) => {
    const requests = batchOf(req.body);
    const failed = new Set<string>();
    const responses: BatchResponse[] = [];
    for (const r of requests) {
      const response = r.dependsOn?.some((d) => failed.has(d))
        ? { id: r.id, status: 424, body: errorBody('FailedDependency', 'A dependency failed.', req.id) }
        : await run(root, req, r);
      if (response.status >= 400) failed.add(r.id);
      responses.push(response);
    }
    return { responses };
  });
}

function batchOf(body: unknown): BatchRequest[] {
  const parsed = BatchBody.safeParse(body);
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
  return requests;
}

/** One inner request, with the envelope's token and host, answered as a batch response. */
async function run(root: FastifyInstance, envelope: FastifyRequest, r: BatchRequest): Promise<BatchResponse> {
  const url = r.url.startsWith('/') ? r.url : `/${r.url}`;
  if (/^\/(v1\.0|beta)\//i.test(url) || url.startsWith('//') || /\$batch/i.test(url))
    throw new GraphError(
      400,
      'BadRequest',
      `Invalid request URL '${r.url}': use a URL relative to the version.`,
    );
  const headers: Record<string, string> = { ...(r.headers ?? {}) };
  if (envelope.headers.authorization) headers.authorization = envelope.headers.authorization;
  if (envelope.headers.host) headers.host = envelope.headers.host;
  if (r.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
    headers['content-type'] = 'application/json';
  const res = await root.inject({
    method: r.method.toUpperCase() as 'GET',
    url: `${GRAPH_PREFIX}${url}`,
    headers,
    ...(r.body !== undefined ? { payload: JSON.stringify(r.body) } : {}),
  });
  const responseHeaders: Record<string, string> = {};
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = res.headers[name];
    if (value !== undefined) responseHeaders[canonical(name)] = String(value);
  }
  const body = res.body.length > 0 ? jsonOrText(res.body) : undefined;
  return {
    id: r.id,
    status: res.statusCode,
    headers: responseHeaders,
    ...(body !== undefined ? { body } : {}),
  };
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function canonical(header: string): string {
  return header.replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase());
}
