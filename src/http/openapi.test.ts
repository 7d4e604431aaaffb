import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db.ts';
import { newId, type IdPrefix } from '../lib/ids.ts';
import { ERROR_CODES } from '../core/error-codes.ts';
import { OUTCOMES } from '../modules/access/outcomes.ts';
import { createTestDb } from '../test/db.ts';
import { PASSWORD, seedWorld, testApp, tokenFor, type World } from '../test/fixtures.ts';

let db: Db;
let app: FastifyInstance;
let world: World;
let spec: Spec;

interface Op {
  operationId: string;
  security: unknown[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema: ErrorSchema }> }>;
}
type ErrorSchema = { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } };
interface Spec {
  paths: Record<string, Record<string, Op>>;
  components: { schemas: Record<string, { enum?: string[]; description?: string }> };
}

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  app = await testApp(db);
  spec = (await app.inject({ url: '/openapi.json' })).json() as Spec;
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const operations = () =>
  Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op })),
  );

function documentedCodes(op: Op, status: number): string[] | undefined {
  const r = op.responses[String(status)];
  return r?.content?.['application/json']?.schema.properties?.error?.properties?.code?.enum;
}

describe('the OpenAPI document', () => {
  it('names every operation once, declares security on each, and documents /health and /ready', () => {
    const ids = operations().map((o) => o.op.operationId);
    expect(ids.length).toBeGreaterThan(50);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { op, path } of operations()) expect(Array.isArray(op.security), path).toBe(true);
    expect(spec.paths['/health']?.get?.responses).toHaveProperty('200');
    expect(spec.paths['/ready']?.get?.responses).toHaveProperty('503');
    expect(spec.paths['/v1/auth/token']?.post?.security).toEqual([]);
  });

  it('documents the access routes’ refusals from the outcome table', () => {
    const op = spec.paths['/v1/verifications']!.post!;
    for (const o of Object.values(OUTCOMES).filter((x) => !x.answered)) {
      expect(documentedCodes(op, o.http), o.code).toContain(o.code);
    }
    // An answered outcome is a 200 body, never an error response.
    expect(JSON.stringify(op.responses['403'])).not.toContain('"NOT_FOUND"');
  });

  it('documents each specific error code under the operations its table names, and those exist', () => {
    for (const [code, e] of Object.entries(ERROR_CODES)) {
      expect(e.on.length, code).toBeGreaterThan(0);
      for (const operation of e.on) {
        const [method, path] = operation.split(' ') as [string, string];
        const op = spec.paths[path]?.[method.toLowerCase()];
        expect(op, `${code}: ${operation}`).toBeDefined();
        expect(documentedCodes(op!, e.status), `${code}: ${operation}`).toContain(code);
      }
    }
    expect(documentedCodes(spec.paths['/v1/applications']!.post!, 409)).toEqual([
      'CONFLICT',
      'APPLICATION_COVERED_BY_MOU',
    ]);
    // A code is documented only where its table entry says.
    expect(documentedCodes(spec.paths['/v1/holidays']!.post!, 409)).toEqual(['CONFLICT']);
  });

  it('documents an answer that is JSON or a document with a schema per content type', () => {
    const ok = spec.paths['/v1/fees/institutions/{id}/statements/{month}']!.get!.responses['200']!;
    const content = ok.content as Record<string, { schema: { type?: string; format?: string } }>;
    expect(Object.keys(content).sort()).toEqual([
      'application/json',
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(content['application/json']!.schema.type).toBe('object');
    expect(content['application/pdf']!.schema).toMatchObject({ type: 'string', format: 'binary' });
    expect(JSON.stringify(content['application/pdf'])).not.toContain('closingRupiah');
  });

  it('documents the wire bodies in upper case and the RESPONSE_CODE table from the outcome table', () => {
    const table = spec.components.schemas.WireResponseCode!;
    const codes = new Set(Object.values(OUTCOMES).map((o) => o.wire));
    expect(table.enum).toEqual([...codes, '99'].sort());
    for (const o of Object.values(OUTCOMES)) {
      if (o.respon) expect(table.description).toContain(`| ${o.wire} | ${o.respon} |`);
    }
    const verify = spec.paths['/dukcapil/get_json/{customerId}/CALL_VERIFY_BY_ELEMEN']!.post!;
    const body = JSON.stringify(verify.requestBody);
    for (const key of ['USER_ID', 'PASSWORD', 'IP_USER', 'NIK', 'TRESHOLD', 'NAMA_LGKP', 'TGL_LHR']) {
      expect(body).toContain(`"${key}"`);
    }
    expect(JSON.stringify(verify.responses['200'])).toContain('#/components/schemas/WireResponseCode');
  });

  it('keeps the wire routes unvalidated: an odd content type and lower-case keys are still read', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/dukcapil/get_json/${world.institution.code}/CALL_NIK`,
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({
        user_id: world.operator.username,
        password: PASSWORD,
        ip_user: '127.0.0.1',
        nik: 12,
      }),
    });
    expect(res.statusCode).toBe(200);
    // Past the caller checks to the request shape: a NIK of 2 digits cannot be processed (08).
    expect(res.json()).toEqual({ content: [expect.objectContaining({ RESPONSE_CODE: '08' })] });
  });
});

const PREFIX: Record<string, IdPrefix> = {
  institutions: 'ins',
  agreements: 'agr',
  accounts: 'usr',
  applications: 'apl',
  documents: 'doc',
  'misuse-alerts': 'alr',
  'client-applications': 'cap',
  'quota-requests': 'qrq',
  'user-id-requests': 'uir',
  'extension-requests': 'ext',
  'data-quality-tickets': 'dqt',
};

/** The path with each parameter filled: a well-formed ID that names nothing, or a malformed one. */
function fill(path: string, wellFormed: boolean): string {
  const parts = path.split('/');
  return parts
    .map((p, i) => {
      if (!/^\{\w+\}$/.test(p)) return p;
      if (!wellFormed) return 'zz';
      if (p === '{day}') return '2031-01-02';
      const prefix = PREFIX[parts[i - 1] ?? ''];
      return prefix ? newId(prefix) : 'zz';
    })
    .join('/');
}

describe('every documented operation, driven into its refusals', () => {
  it('answers only errors its document declares, by status and code', async () => {
    const officer = await tokenFor(app, world.officer.username);
    const operator = await tokenFor(app, world.operator.username);
    const session = await app.inject({
      method: 'POST',
      url: '/v1/auth/session',
      payload: { username: world.officer.username, password: PASSWORD },
    });
    const cookie = [session.headers['set-cookie']].flat()[0]!.split(';')[0]!;
    const seen = new Set<string>();
    const undocumented: string[] = [];
    for (const { path, method, op } of operations()) {
      if (path.startsWith('/dukcapil/') || method === 'head') continue;
      // The sign-in routes are left out of the rounds that would sign in or out.
      const variants: InjectOptions[] = [];
      const base = { method: method.toUpperCase() as 'GET', url: fill(path, true) };
      const json = op.requestBody ? { payload: {} } : {};
      variants.push({ ...base, ...json });
      variants.push({ ...base, ...json, headers: { authorization: `Bearer ${operator}` } });
      variants.push({ ...base, ...json, headers: { authorization: `Bearer ${officer}` } });
      variants.push({
        ...base,
        url: fill(path, false),
        ...json,
        headers: { authorization: `Bearer ${officer}` },
      });
      if (op.requestBody) {
        variants.push({
          ...base,
          headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/xml' },
          payload: '<x/>',
        });
      }
      if (method !== 'get' && path !== '/v1/auth/session') {
        variants.push({ ...base, ...json, headers: { cookie } });
      }
      for (const v of variants) {
        const res = await app.inject(v);
        expect(res.statusCode, `${method} ${v.url}: ${res.body}`).toBeLessThan(500);
        if (res.statusCode < 400) continue;
        const code = (res.json() as { error: { code: string } }).error.code;
        seen.add(code);
        if (!documentedCodes(op, res.statusCode)?.includes(code)) {
          undocumented.push(`${method.toUpperCase()} ${path} → ${res.statusCode} ${code}`);
        }
      }
    }
    expect(undocumented).toEqual([]);
    // The rounds reached every kind of refusal (so the check above is not empty).
    for (const code of [
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'CSRF_FAILED',
      'UNSUPPORTED_MEDIA_TYPE',
      'NOT_AN_OPERATOR',
    ]) {
      expect(seen, code).toContain(code);
    }
  });
});
