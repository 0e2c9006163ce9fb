import * as z from 'zod/mini';
import { ErrorBody, type Endpoint } from '#contract';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  return rest;
}

/** Each property of an object schema (path or query) as an OpenAPI parameter. */
function parametersOf(schema: z.ZodMiniType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

/** OpenAPI 3.1 document generated from the endpoint table and its zod schemas. */
export function buildOpenApiDocument(
  endpoints: Record<string, Endpoint>,
  info: { version: string; serverUrl?: string },
): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [name, endpoint] of Object.entries(endpoints)) {
    const openApiPath = endpoint.path.replace(/:([a-zA-Z]+)/g, '{$1}');
    const status = String(endpoint.status ?? 200);
    const operation: JsonSchema = {
      operationId: name,
      summary: endpoint.summary,
      parameters: [...parametersOf(endpoint.params, 'path'), ...parametersOf(endpoint.query, 'query')],
      responses: {
        [status]: {
          description: endpoint.summary,
          content: { 'application/json': { schema: schemaOf(endpoint.response, 'output') } },
        },
        default: {
          description: 'Error: a stable `code`, a message a person can act on, optional details',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
        },
      },
      security: [{ bearer: [] }],
    };
    if (endpoint.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: schemaOf(endpoint.body, 'input') } },
      };
    }
    paths[openApiPath] ??= {};
    paths[openApiPath][endpoint.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Regarding API',
      version: info.version,
      description: 'CRM for Outlook: resolve people, track email and appointments, set regarding.',
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    paths,
    components: {
      schemas: { ErrorBody: schemaOf(ErrorBody, 'output') },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Entra ID access token for the Regarding API with the access_as_user scope',
        },
      },
    },
  };
}
