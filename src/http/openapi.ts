import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ERROR_CODES } from '../core/error-codes.ts';
import { OUTCOMES } from '../modules/access/outcomes.ts';
import { wireDocs, wireResponseCode, type WireMethod } from '../modules/wire/wire.schema.ts';

/**
 * The OpenAPI document's options (@fastify/swagger): the routes' own zod schemas are turned into JSON
 * Schema (fastify-type-provider-zod), the wire routes get their bodies from wire.schema.ts (documentation
 * only: those routes read their bodies by hand), and the finished document is completed by `complete`:
 * an operationId for every operation, `security: []` on the public ones, and each operation's own error
 * responses with the codes it can answer.
 *
 * The error codes of an operation are derived from what the route is (its security, parameters, body,
 * method, path), for the two access routes from the outcome table (outcomes.ts), and the specific codes
 * from the table of core/error-codes.ts (each names its operations); openapi.test.ts
 * drives every documented operation into its refusals and fails on a status or code not documented here.
 */

const WIRE_URL = /\/(CALL_VERIFY_BY_ELEMEN|CALL_NIK)$/i;

function wireMethodOf(url: string): WireMethod | null {
  const m = WIRE_URL.exec(url);
  return url.includes('/get_json/') && m ? (m[1]!.toUpperCase() as WireMethod) : null;
}

/** The access routes: their refusals are the outcome table's. */
const ACCESS_PATHS = new Set(['/v1/verifications', '/v1/lookups', '/v1/card-reads']);
/** Public sign-in: no bearer token, no CSRF token (core/csrf.ts), no password-change gate. */
const SIGN_IN_PATHS = new Set(['/v1/auth/token', '/v1/auth/session']);
/** Reachable with a one-time password not yet changed (core/auth.ts ENROLMENT_ROUTES). */
const PASSWORD_CHANGE_EXEMPT = /^\/v1\/(me$|auth\/)/;

const MESSAGES: Record<string, string> = {
  VALIDATION_FAILED: 'the request does not match the schema (details name each field)',
  UNAUTHENTICATED: 'no, an invalid or an expired bearer token or session',
  FORBIDDEN: "the caller's role or state does not allow it",
  PASSWORD_CHANGE_REQUIRED: 'the one-time password must be changed first (POST /v1/auth/password)',
  CSRF_FAILED: 'a browser session sent a change without its X-CSRF-Token',
  NOT_FOUND: 'no such resource in the caller’s scope',
  CONFLICT: 'the resource’s state or a unique value does not allow the change',
  PAYLOAD_TOO_LARGE: 'the body is larger than the limit',
  UNSUPPORTED_MEDIA_TYPE: 'the body is not sent as application/json',
};

type Codes = Map<number, Map<string, string>>;

/** The error codes an operation can answer, by HTTP status. */
export function errorCodesOf(method: string, path: string, op: Operation): Codes {
  const codes: Codes = new Map();
  const add = (status: number, code: string, why = MESSAGES[code] ?? '') => {
    const byCode = codes.get(status) ?? new Map<string, string>();
    if (!byCode.has(code)) byCode.set(code, why);
    codes.set(status, byCode);
  };
  const mutation = method !== 'get' && method !== 'head';
  const secured = (op.security ?? []).length > 0;
  if (op.requestBody || (op.parameters ?? []).length > 0) add(400, 'VALIDATION_FAILED');
  if (op.requestBody) {
    add(413, 'PAYLOAD_TOO_LARGE');
    add(415, 'UNSUPPORTED_MEDIA_TYPE');
  }
  if (ACCESS_PATHS.has(path)) {
    add(401, 'UNAUTHENTICATED');
    for (const [name, o] of Object.entries(OUTCOMES)) {
      if (!o.answered) add(o.http, o.code, `${o.message} (outcome ${name}, wire ${o.wire})`);
    }
  } else if (path.startsWith('/v1/resident/sign-in')) {
    add(401, 'UNAUTHENTICATED', 'NIK or code wrong, or the code expired (the same for any NIK)');
    add(429, 'RATE_LIMITED', 'too many codes or failures for this NIK or address; try again later');
  } else if (SIGN_IN_PATHS.has(path) && method === 'post') {
    add(401, 'UNAUTHENTICATED', 'wrong user ID or password, or the TOTP code is needed or wrong');
    add(403, 'FORBIDDEN', 'the user ID is locked for a while after failed sign-ins, or inactive');
  } else if (secured) {
    add(401, 'UNAUTHENTICATED');
    add(403, 'FORBIDDEN');
    if (!PASSWORD_CHANGE_EXEMPT.test(path)) add(403, 'PASSWORD_CHANGE_REQUIRED');
  }
  if (secured && mutation) add(403, 'CSRF_FAILED');
  if (/\{\w+\}/.test(path) || path === '/v1/resident/dev/outbox') add(404, 'NOT_FOUND');
  if (mutation && !ACCESS_PATHS.has(path) && !SIGN_IN_PATHS.has(path)) add(409, 'CONFLICT');
  // The specific codes (core/error-codes.ts) of this operation.
  const operation = `${method.toUpperCase()} ${path}`;
  for (const [code, e] of Object.entries(ERROR_CODES)) {
    if ((e.on as readonly string[]).includes(operation)) add(e.status, code, e.en.replace(/\.$/, ''));
  }
  return codes;
}

interface Operation {
  operationId?: string;
  security?: unknown[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  [key: string]: unknown;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `POST /v1/institutions/{id}/gates` → `postInstitutionsByIdGates`. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split('/')
    .filter((s) => s !== '' && s !== 'v1')
    .flatMap((s) => {
      const param = /^\{(\w+)\}$/.exec(s);
      return param ? ['by', param[1]!] : s.split(/[^A-Za-z0-9]+/);
    })
    .filter((w) => w !== '');
  return [method, ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('');
}

function errorResponse(status: number, byCode: Map<string, string>) {
  return {
    description: [...byCode].map(([code, why]) => `\`${code}\`: ${why}`).join('; '),
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['error'],
          additionalProperties: false,
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'requestId'],
              additionalProperties: false,
              properties: {
                code: { type: 'string', enum: [...byCode.keys()] },
                message: { type: 'string' },
                requestId: { type: 'string', description: 'Quote it when reporting a problem' },
                details: {
                  description:
                    'Per field: `{ path, message }` (VALIDATION_FAILED); a specific code may carry its specifics ' +
                    '(a deadline, the missing parts, the lines of a refused file)',
                },
              },
            },
          },
        },
      },
    },
  };
}

type Doc = {
  paths?: Record<string, Record<string, unknown> | undefined>;
  components?: Record<string, Record<string, unknown> | undefined>;
  [key: string]: unknown;
};

const WIRE_CODES = JSON.stringify([...wireResponseCode.values]);

/** The wire answers' RESPONSE_CODE enum, inlined by the transform, as a reference to its one component. */
function refCodes(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(refCodes);
  if (!node || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  if (JSON.stringify(o.enum) === WIRE_CODES) return { $ref: '#/components/schemas/WireResponseCode' };
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, refCodes(v)]));
}

/** Completes the generated document (see the comment at the top). */
export function complete(doc: Doc): Doc {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method] as Operation | undefined;
      if (!op) continue;
      op.operationId ??= operationIdOf(method, path);
      op.security ??= [];
      if (wireMethodOf(path)) {
        op.responses = refCodes(op.responses ?? {}) as Record<string, unknown>;
        continue;
      }
      const responses = Object.fromEntries(
        Object.entries(op.responses ?? {}).filter(([status]) => !/^4\d\d$/.test(status)),
      );
      for (const [status, byCode] of [...errorCodesOf(method, path, op)].sort(([a], [b]) => a - b)) {
        responses[String(status)] = errorResponse(status, byCode);
      }
      op.responses = responses;
    }
  }
  doc.components = {
    ...doc.components,
    schemas: {
      ...doc.components?.schemas,
      WireResponseCode: z.toJSONSchema(wireResponseCode, { target: 'openapi-3.0' }),
    },
  };
  return doc;
}

export const openapiOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    info: {
      title: 'Gerbang API',
      version: '1.0.0',
      description:
        'Lawful, limited, audited access to population data: verification and look-up by NIK (REST v1 and the ' +
        'Dukcapil wire format), and the administration of offices, institutions, agreements and accounts.',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    servers: [{ url: '/', description: 'This Gerbang' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        // The resident's own session (issue #15): valid only on /v1/resident/*.
        residentSession: { type: 'apiKey', in: 'cookie', name: 'gerbang_resident' },
      },
    },
  },
  transform: (input) => {
    const wire = wireMethodOf(input.url);
    return jsonSchemaTransform(wire ? { ...input, schema: { ...input.schema, ...wireDocs(wire) } } : input);
  },
  transformObject: (documentObject) =>
    'openapiObject' in documentObject
      ? (complete(documentObject.openapiObject as Doc) as typeof documentObject.openapiObject)
      : documentObject.swaggerObject,
};

/** `/health` and `/ready`: public, for load balancers and orchestrators. */
export const healthSchema = {
  tags: ['operations'],
  summary: 'Liveness: the process answers',
  response: { 200: z.object({ status: z.literal('ok') }) },
};

export const readySchema = {
  tags: ['operations'],
  summary: 'Readiness: the database answers',
  response: {
    200: z.object({ status: z.literal('ready'), database: z.string() }),
    503: z
      .object({ status: z.literal('unavailable'), database: z.string() })
      .describe('The database does not answer'),
  },
};
