import fastJsonStringify from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';
import { z } from 'zod';

/**
 * A compiled serializer for a route's zod response schemas (issue #16 §2): the schema is turned into JSON
 * Schema once, at route registration, and compiled with fast-json-stringify (the serializer Fastify itself
 * uses), instead of fastify-type-provider-zod's `serializerCompiler`, which runs `z.safeEncode` on every answer
 * before `JSON.stringify` (~18 µs of a ~190 µs access request, most of it the check).
 *
 * Opted into per route (`serializerCompiler: compiledSerializer`), on the access path only (v1 verifications,
 * look-ups, card reads), not globally with a fallback: the other ~180 routes are off the hot path, and their
 * answers (dates, unions, loose objects) would change from "a mismatch is a 500" to "a mismatch is coerced"
 * without their tests saying so. A schema that does not convert cleanly throws when the route is registered,
 * so an access route cannot silently lose its guarantees.
 *
 * What stays as it was:
 * - Least data: only declared properties are written. Every object must drop what it does not declare (zod's
 *   default strip: `additionalProperties: false`); a record keyed by an enum (`z.partialRecord(enum, …)`,
 *   the granted elements) writes only the enum's keys (`patternProperties` of exactly those names), in the
 *   answer's order as zod does. Loose objects, catch-alls, unions, tuples, intersections, transforms and
 *   defaults are refused.
 * - Bytes: the same as `safeEncode` + `JSON.stringify` for an answer that matches its schema (the same key
 *   order: shape order for objects — a shape with an optional key before a required one is refused, since
 *   fast-json-stringify writes required keys first — and the answer's order for records).
 * - A value declared a string is always written as a JSON string: a NIK, a request ID, an element value.
 *
 * What changes, for an answer that does not match its schema (zod answered 500 INTERNAL for every mismatch):
 * fast-json-stringify coerces instead of checking. A number or other value where a string is declared is
 * written as a string ("3374…", never a bare number); null there as ""; a float where an integer is declared
 * is truncated; an enum or pattern is not checked. It still throws (→ the error handler's 500 INTERNAL, as
 * before) on a missing required property, a value that is no number where one is declared, and a value of
 * none of a nullable's types (a number where `string | null` is declared). Nothing on the access path relies
 * on the check: the answers are built by `answer()` (access.routes.ts) from the outcome table and the
 * service's typed result, and the type provider checks each handler's return type against the schema at
 * compile time.
 */
export const compiledSerializer: FastifySerializerCompiler<unknown> = ({ schema }) =>
  compileSerializer(schema as z.ZodType);

const compiled = new WeakMap<z.ZodType, (data: unknown) => string>();

/** The compiled serializer of one zod schema (shared between routes and status codes that use the same one). */
export function compileSerializer(schema: z.ZodType): (data: unknown) => string {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = fastJsonStringify(serializerJsonSchema(schema)) as (data: unknown) => string;
    compiled.set(schema, fn);
  }
  return fn;
}

type JsonSchema = Record<string, unknown>;

/** The JSON Schema fast-json-stringify compiles for a zod response schema; throws when it cannot be clean. */
export function serializerJsonSchema(schema: z.ZodType): JsonSchema {
  // io: 'output' is what the handler returns; zod refuses transforms there (unrepresentable: 'throw').
  const json = z.toJSONSchema(schema, {
    io: 'output',
    target: 'draft-07',
    unrepresentable: 'throw',
    cycles: 'throw',
    reused: 'inline',
  }) as JsonSchema;
  return clean(json, '#');
}

class NotSerializable extends Error {
  constructor(path: string, why: string) {
    super(`compiledSerializer: ${path}: ${why}`);
  }
}

/**
 * Keeps only what drives the output (type, properties, required, additionalProperties, items,
 * patternProperties); drops the checks fast-json-stringify would not make anyway (enum, pattern, bounds,
 * formats, const) and the annotations; refuses what it cannot write as zod does.
 */
function clean(s: JsonSchema, path: string): JsonSchema {
  for (const k of ['anyOf', 'oneOf', 'allOf', 'not', 'if', '$ref', 'prefixItems', 'default']) {
    if (k in s) throw new NotSerializable(path, `"${k}" is not supported`);
  }
  const type = s.type;
  // `{}` (z.unknown(), z.any()): written with JSON.stringify, as zod passes such a value through.
  if (type === undefined) {
    if ('properties' in s || 'items' in s || 'additionalProperties' in s)
      throw new NotSerializable(path, 'a schema without a type');
    return {};
  }
  const types = Array.isArray(type) ? (type as string[]) : [type as string];
  if (types.length > 1 && !(types.length === 2 && types.includes('null')))
    throw new NotSerializable(path, `the types ${types.join(', ')}`);
  const main = types.find((t) => t !== 'null')!;
  const out: JsonSchema = { type };
  if (main === 'object') return Object.assign(out, cleanObject(s, path));
  if (main === 'array') {
    if (typeof s.items !== 'object' || s.items === null || Array.isArray(s.items))
      throw new NotSerializable(path, 'an array without one item schema');
    out.items = clean(s.items as JsonSchema, `${path}/items`);
    return out;
  }
  if (!['string', 'integer', 'number', 'boolean', 'null'].includes(main))
    throw new NotSerializable(path, `the type ${main}`);
  return out;
}

function cleanObject(s: JsonSchema, path: string): JsonSchema {
  const required = (s.required as string[] | undefined) ?? [];
  const extra = s.additionalProperties;
  if (s.propertyNames !== undefined) {
    // A record: keys must be an enum (z.record / z.partialRecord of a z.enum), values one schema.
    const names = (s.propertyNames as JsonSchema).enum;
    if (s.properties !== undefined || !Array.isArray(names) || typeof extra !== 'object' || extra === null)
      throw new NotSerializable(path, 'a record whose keys are not an enum');
    for (const n of names) {
      if (typeof n !== 'string' || !/^[A-Za-z0-9_]+$/.test(n))
        throw new NotSerializable(path, `the record key ${String(n)}`);
    }
    return {
      patternProperties: { [`^(?:${names.join('|')})$`]: clean(extra as JsonSchema, `${path}/*`) },
      additionalProperties: false,
      ...(required.length > 0 ? { required } : {}),
    };
  }
  if (extra !== false) throw new NotSerializable(path, 'an object that keeps undeclared keys');
  const props = (s.properties as Record<string, JsonSchema> | undefined) ?? {};
  const keys = Object.keys(props);
  // fast-json-stringify writes required keys first; zod writes the shape's order.
  const firstOptional = keys.findIndex((k) => !required.includes(k));
  if (firstOptional >= 0 && keys.slice(firstOptional).some((k) => required.includes(k)))
    throw new NotSerializable(path, 'an optional property declared before a required one');
  return {
    properties: Object.fromEntries(keys.map((k) => [k, clean(props[k]!, `${path}/${k}`)])),
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}
