import type { FieldSpec } from './api-body.js';
import { API_ERROR_CODES } from './api-errors.js';
import type { Route } from './api-routes.js';

/** The parts of the document no route says: who it is, how to authenticate, the error's shape. */
const BASE = {
  openapi: '3.1.0',
  info: {
    title: 'atapi daemon API',
    version: '1',
    description: 'The daemon\'s session over HTTP: the same reads, commands, checks and refusals as the terminal. Every request needs Authorization: Bearer <DATA_DIR/api-token> (atapi api token), except POST /signals, which takes the signal token in its body. A refusal is {code, field?, message}.',
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'the token in DATA_DIR/api-token (atapi api token prints it)' } },
    schemas: {
      Error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', description: `a refusal code of atapi (risk.notional, balance.insufficient, order.not-found, ...) or one of the API's: ${Object.keys(API_ERROR_CODES).join(', ')}` },
          field: { type: 'string', description: 'the request field it concerns' },
          message: { type: 'string', description: 'one line for people: what was wrong and what is allowed' },
        },
      },
    },
  },
  security: [{ bearer: [] }],
} as const;

function fieldSchema(f: FieldSpec): Record<string, unknown> {
  switch (f.type) {
    case 'string':
      return { type: 'string', description: f.description, ...(f.enum ? { enum: f.enum } : {}) };
    case 'number':
      return { type: ['number', 'string'], description: `${f.description} (a JSON number, or a decimal in a string)` };
    case 'boolean':
      return { type: 'boolean', description: f.description };
    case 'numbers':
      return { type: 'object', additionalProperties: { type: 'number' }, description: f.description };
    default: {
      const never: never = f.type;
      return never;
    }
  }
}

const errorResponse = { description: 'refused: {code, field?, message}', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

/** The OpenAPI 3.1 document, generated from the route table the server serves. */
export function openApiDocument(routes: readonly Route[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = `/api/v1${r.path.replace(/:([a-z]+)/g, '{$1}')}`;
    const pathParams = [...r.path.matchAll(/:([a-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const queryParams = Object.entries(r.query ?? {}).map(([name, q]) => ({ name, in: 'query', required: false, description: q.description, schema: { type: 'string', ...(q.enum ? { enum: q.enum } : {}) } }));
    const body = r.body && {
      required: Object.values(r.body).some((f) => f.required),
      content: {
        'application/json': {
          schema: {
            type: 'object',
            additionalProperties: false,
            required: Object.entries(r.body).filter(([, f]) => f.required).map(([k]) => k),
            properties: Object.fromEntries(Object.entries(r.body).map(([k, f]) => [k, fieldSchema(f)])),
          },
        },
      },
    };
    const signalBody = r.auth === 'body' && {
      required: true,
      content: { 'application/json': { schema: { type: 'object', required: ['token'], properties: { token: { type: 'string', description: 'the signal token (atapi api token --signals)' } }, additionalProperties: true } } },
    };
    (paths[path] ??= {})[r.method.toLowerCase()] = {
      summary: r.summary,
      ...(r.auth === 'body' ? { security: [] } : {}),
      ...(pathParams.length || queryParams.length ? { parameters: [...pathParams, ...queryParams] } : {}),
      ...(body || signalBody ? { requestBody: body || signalBody } : {}),
      responses: { [r.ok]: { description: 'done', content: { 'application/json': { schema: {} } } }, '4XX': errorResponse },
    };
  }
  paths['/api/v1/events'] = { get: { summary: 'a WebSocket (upgrade) of the ledger\'s events as they are folded: one JSON message {type:"events", batch} per batch', responses: { 101: { description: 'switching to the WebSocket' }, '4XX': errorResponse } } };
  return { ...BASE, paths };
}
