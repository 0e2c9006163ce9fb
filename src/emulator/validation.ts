import type { z } from 'zod';
import { GraphError } from './errors';

/** Parses a Graph request body; unknown properties answer like Graph (RequestBodyRead). */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, entity: string): T {
  const input =
    body && typeof body === 'object' && !Array.isArray(body)
      ? Object.fromEntries(
          Object.entries(body as Record<string, unknown>).filter(([k]) => !k.startsWith('@odata.')),
        )
      : body;
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys')
    throw new GraphError(
      400,
      'RequestBodyRead',
      `The property '${issue.keys[0]}' does not exist on type 'microsoft.graph.${entity}'.`,
    );
  const where = issue?.path.length ? issue.path.join('.') : 'body';
  throw new GraphError(
    400,
    'ErrorInvalidProperty',
    `Invalid value for ${where}: ${issue?.message ?? 'invalid'}.`,
  );
}
