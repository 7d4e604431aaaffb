import { Agent, request as httpRequest } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../db/db.ts';
import { verifyLog } from '../modules/audit/log.verify.ts';
import { createTestDb } from './db.ts';
import { addResident, PASSWORD, seedWorld, testApp, tokenFor, type World } from './fixtures.ts';

/**
 * Issue #17's fuzz: malformed requests over every operation of the app's own `/openapi.json` plus the wire
 * endpoints, sent as real HTTP through a keep-alive client to a real server (loopback) on a real database.
 * Every answer must be below 500, carry `Cache-Control: no-store` and an `X-Request-Id`, and no connection
 * may be reset; afterwards the audit chain verifies.
 *
 * Bounded: FUZZ_RUNS requests (default 20,000) from the fixed seed FUZZ_SEED, sent CONCURRENCY at a time,
 * within FUZZ_MAX_MS (default 20 minutes, for a busy machine; reaching it fails the run). A failure names the seed, so the same
 * requests can be sent again: `FUZZ_SEED=<seed> npm run test:fuzz`.
 *
 * Run by `npm run test:fuzz` (its own vitest config: `vitest.fuzz.config.ts`), not by `npm test`.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 20_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_702);
const MAX_MS = Number(process.env.FUZZ_MAX_MS ?? 1_200_000);
const CONCURRENCY = 4;

let db: Db;
let app: FastifyInstance;
let world: World;
let port = 0;
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

interface Operation {
  method: string;
  path: string;
  query: { name: string; schema: JsonSchema }[];
  body?: JsonSchema;
}
interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

const operations: Operation[] = [];
let tokens: string[] = [];
let knownIds: string[] = [];
let niks: string[] = [];

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  app = await testApp(db);
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as AddressInfo).port;
  niks = [(await addResident(db)).nik, (await addResident(db, { fullName: 'BUDI SINTETIS' })).nik];
  // Tokens of several roles, so requests get past the role checks to the validation and the database.
  // The password is never among the fuzzed strings, so no request changes a token holder's sign-in.
  const officer = await tokenFor(app, world.officer.username);
  tokens = [
    officer,
    officer,
    officer,
    await tokenFor(app, world.provinceOfficer.username),
    await tokenFor(app, world.operator.username),
    await tokenFor(app, world.head.username),
    await tokenFor(app, world.admin.username),
    await tokenFor(app, world.auditor.username),
  ];
  knownIds = [
    world.institution.id,
    world.other.institution.id,
    world.agreement.id,
    world.other.agreement.id,
    world.central.id,
    world.province.id,
    world.operator.id,
    '2031-08-17',
  ];
  const spec = JSON.parse((await send({ method: 'GET', path: '/openapi.json' })).body) as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: { in: string; name: string; schema?: JsonSchema }[];
          requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
        }
      >
    >;
  };
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      operations.push({
        method: method.toUpperCase(),
        path,
        query: (op.parameters ?? [])
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
}, 180_000);

afterAll(async () => {
  agent.destroy();
  await app?.close();
  await db?.close();
});

// ---------------------------------------------------------------------------------------------------------
// What is sent

interface Req {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** The operation it exercises (for the coverage count). */
  op?: string;
}

const NUL = '\u0000';
const HUGE = 'x'.repeat(70_000);

/** Strings that break things: NULs, lone surrogates, long, numeric, control and direction characters. */
const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    NUL,
    `Libur${NUL}uji`,
    '\ud800',
    'probe\ud800',
    '\udfff\ud800',
    '\ufffe\uffff',
    '\u202eabc',
    '\ufeff',
    'x'.repeat(300),
    'x'.repeat(5_000),
    '0',
    '-1',
    '1e309',
    'NaN',
    'null',
    'true',
    '[]',
    '{}',
    '../../etc/passwd',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '%00',
    '%zz',
    '2031-02-30',
    '9999-99-99',
    '3301015204900001',
    '9671041010900003',
    '３３０１０１５２０４９００００１',
    '10.0.0.0/33',
    '::ffff:127.0.0.1',
  ),
  fc.integer().map(String),
);

/** JSON values of the wrong kind: strings above, numbers beyond 2^53, deep nesting, objects, arrays. */
const nastyJson: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: nastyString, weight: 4 },
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -0,
    2 ** 53 + 1,
    // (a NIK beyond 2^53 as a JSON number with all its digits is sent raw by the wire requests)
    1e308,
    -1,
    [],
    {},
    [NUL],
    { a: NUL },
    { [NUL]: 1 },
  ),
  fc.integer({ min: 50, max: 3_000 }).map((depth) => {
    let v: unknown = 'x';
    for (let i = 0; i < depth; i += 1) v = i % 2 ? [v] : { a: v };
    return v;
  }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A plausible value for a schema: what a valid request would hold (so the request reaches the database). */
function plausible(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts && alts.length > 0) return fc.oneof(...alts.map((s) => plausible(s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'date')
        return fc.constantFrom('2031-08-17', '2026-12-25', '2027-01-01', '1999-12-31');
      if (schema.format === 'date-time')
        return fc.constantFrom('2031-08-17T01:02:03Z', '2026-12-02T10:00:00+07:00');
      if (schema.format === 'email') return fc.constantFrom('uji@contoh.go.id', 'a@b.c');
      if (schema.pattern && /\\d\{16\}/.test(schema.pattern)) return fc.constantFrom(...niks);
      return fc.oneof(
        fc.constantFrom(...knownIds, ...niks, 'Nama Uji', 'BPBD_JATENG', '127.0.0.0/8', 'NAMA_LGKP'),
        fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 30) }),
      );
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -5, max: Math.min(schema.maximum ?? 1_000, 1_000_000) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -5, max: schema.maximum ?? 1_000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 4
        ? fc.constant([])
        : fc.array(plausible(schema.items ?? {}, depth + 1), { maxLength: 3 });
    case 'object': {
      if (depth > 4) return fc.constant({});
      const props = Object.entries(schema.properties ?? {});
      const required = new Set(schema.required ?? []);
      return fc.record(Object.fromEntries(props.map(([k, s]) => [k, plausible(s, depth + 1)])), {
        requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)),
      });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A plausible value with, now and then, one part replaced by a nasty one (at any depth). */
function mutated(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'object' && schema.properties && depth < 4) {
    const props = Object.entries(schema.properties);
    const required = new Set(schema.required ?? []);
    return fc
      .tuple(
        fc.record(
          Object.fromEntries(
            props.map(([k, s]) => [
              k,
              fc.oneof(
                { arbitrary: plausible(s, depth + 1), weight: 5 },
                { arbitrary: mutated(s, depth + 1), weight: 1 },
              ),
            ]),
          ),
          {
            requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)),
          },
        ),
        fc.option(
          fc.tuple(fc.oneof(fc.constantFrom(...props.map(([k]) => k), 'extra', NUL), nastyString), nastyJson),
          {
            freq: 2,
          },
        ),
      )
      .map(([value, extra]) => (extra ? { ...value, [extra[0]]: extra[1] } : value));
  }
  return fc.oneof({ arbitrary: plausible(schema, depth), weight: 1 }, { arbitrary: nastyJson, weight: 2 });
}

/** Percent-encodes a string as a browser would, lone surrogates as their (invalid) CESU-8 bytes. */
function encode(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(ch);
  }
  return out;
}

const pathValue: fc.Arbitrary<string> = fc.oneof(
  {
    arbitrary: fc.constantFrom(...[0, 1, 2, 3, 4, 5, 6, 7]).map((i) => encode(knownIds[i] ?? 'x')),
    weight: 3,
  },
  { arbitrary: nastyString.map(encode), weight: 4 },
  fc.constantFrom('%zz', '%', '%0', '%C0%80', '%ED%A0%80', '%FF', '..', '.', 'a'.repeat(101), '%2F', '%00'),
);

/** Query string: the declared parameters (plausible or nasty), extra ones, repeated ones. */
function queryOf(op: Operation): fc.Arbitrary<string> {
  const declared = op.query.map((q) =>
    fc.option(
      fc.oneof(plausible(q.schema), nastyString).map((v) => `${encode(q.name)}=${encode(String(v))}`),
      { freq: 2 },
    ),
  );
  return fc
    .tuple(
      fc.tuple(...declared),
      fc.array(fc.tuple(nastyString, nastyString), { maxLength: 2 }),
      fc.constantFrom('', '&', '&&=', '&a=1&a=2', '&%zz=%zz', '&a[b]=1'),
    )
    .map(([parts, extra, tail]) => {
      const all = [
        ...parts.filter((p): p is string => p !== null),
        ...extra.map(([k, v]) => `${encode(k)}=${encode(v)}`),
      ];
      const qs = all.join('&') + tail;
      return qs ? `?${qs}` : '';
    });
}

/** A body text and its content type: JSON of the value, broken JSON, the wrong type, deep nesting, huge. */
function bodyOf(
  value: fc.Arbitrary<unknown>,
  contentTypes: string[],
): fc.Arbitrary<{ body: string; type?: string }> {
  const json = value.map((v) => JSON.stringify(v) ?? 'null');
  return fc.oneof(
    {
      arbitrary: fc.tuple(json, fc.constantFrom(...contentTypes)).map(([body, type]) => ({ body, type })),
      weight: 12,
    },
    fc
      .tuple(json, fc.nat())
      .map(([b, n]) => ({ body: b.slice(0, n % (b.length + 1)), type: 'application/json' })),
    fc
      .tuple(
        json,
        fc.constantFrom(
          'text/plain',
          'application/xml',
          'multipart/form-data; boundary=x',
          'application/x-www-form-urlencoded',
          'application/json; charset=latin1',
          '*/*',
          'application/json, text/plain',
          '',
        ),
      )
      .map(([body, type]) => ({ body, type: type || undefined })),
    fc.constantFrom(
      { body: '', type: 'application/json' },
      { body: '{"__proto__":{"x":1}}', type: 'application/json' },
      { body: '{"constructor":{"prototype":{"x":1}}}', type: 'application/json' },
      { body: `{"a":"${HUGE}"}`, type: 'application/json' },
      { body: `${'['.repeat(30_000)}${']'.repeat(30_000)}`, type: 'application/json' },
      { body: `{"a":"\\u0000"}`, type: 'application/json' },
      { body: `{"a":"\\ud800"}`, type: 'application/json' },
      { body: `{"a":"${NUL}"}`, type: 'application/json' },
      { body: '\ufeff{}', type: 'application/json' },
      { body: '{"a":1,"a":2}', type: 'application/json' },
      { body: 'null', type: 'application/json' },
      { body: '12345678901234567890', type: 'application/json' },
    ),
  );
}

const authHeader: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { arbitrary: fc.nat().map((i) => ({ authorization: `Bearer ${tokens[i % tokens.length]}` })), weight: 8 },
  fc.constantFrom<Record<string, string>>(
    {},
    { authorization: 'Bearer x.y.z' },
    { authorization: 'Basic dTpw' },
    { authorization: 'Bearer' },
  ),
);

function opRequest(op: Operation): fc.Arbitrary<Req> {
  const params = op.path.match(/\{[^}]+\}/g) ?? [];
  return fc
    .record({
      params: fc.tuple(...params.map(() => pathValue)),
      query: queryOf(op),
      auth: authHeader,
      body:
        op.body || op.method !== 'GET'
          ? fc.option(bodyOf(mutated(op.body ?? {}), ['application/json']), { freq: 8, nil: undefined })
          : fc.constant(undefined),
      method: fc.oneof(
        { arbitrary: fc.constant(op.method), weight: 12 },
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
      ),
    })
    .map(({ params: values, query, auth, body, method }) => {
      let i = 0;
      const path = op.path.replace(/\{[^}]+\}/g, () => values[i++]!) + query;
      const headers: Record<string, string> = { ...auth };
      if (body?.type) headers['content-type'] = body.type;
      return {
        method,
        path,
        headers,
        body: method === 'GET' || method === 'HEAD' ? undefined : body?.body,
        op: `${op.method} ${op.path}`,
      };
    });
}

/** The wire endpoints: keys in any case, values of every kind, NIKs as numbers (also beyond 2^53). */
function wireRequest(): fc.Arbitrary<Req> {
  const field = (good: fc.Arbitrary<unknown>) =>
    fc.option(fc.oneof({ arbitrary: good, weight: 4 }, { arbitrary: nastyJson, weight: 1 }), {
      freq: 6,
      nil: undefined,
    });
  const body = fc.record({
    USER_ID: field(fc.constantFrom(world.operator.username, world.other.operator.username)),
    PASSWORD: field(fc.constant(PASSWORD)),
    IP_USER: field(fc.constant('127.0.0.1')),
    NIK: field(fc.oneof(fc.constantFrom(...niks), fc.constantFrom(...niks).map(Number))),
    TRESHOLD: field(fc.integer({ min: 0, max: 100 })),
    NAMA_LGKP: field(fc.constant('SITI RAHAYU WULANDARI')),
    TGL_LHR: field(fc.constantFrom('12-04-1990', '1990-04-12', '15/03/1985')),
    REQUEST_ID: field(fc.uuid()),
    TIMESTAMP: field(fc.constant(new Date().toISOString())),
  });
  return fc
    .record({
      customerId: fc.oneof(
        {
          arbitrary: fc.constantFrom(world.institution.code, world.other.institution.code).map(encode),
          weight: 4,
        },
        pathValue,
      ),
      call: fc.constantFrom('CALL_NIK', 'CALL_VERIFY_BY_ELEMEN'),
      lower: fc.boolean(),
      rawBigNik: fc.boolean(),
      body: bodyOf(body, [
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=utf-8',
      ]),
      query: fc.constantFrom('', '', '', '?x=%00', '?a=1&a=2', '?%zz'),
    })
    .map(({ customerId, call, lower, rawBigNik, body, query }) => {
      let text = lower
        ? body.body.replace(/"([A-Z_]+)":/g, (_m, k: string) => `"${k.toLowerCase()}":`)
        : body.body;
      // A NIK as a JSON number with all 16 digits, beyond 2^53 (JSON.stringify would round it first).
      if (rawBigNik && text.startsWith('{')) text = text.replace(/^\{/, '{"NIK":9671041010900003,');
      const headers: Record<string, string> = body.type ? { 'content-type': body.type } : {};
      return {
        method: 'POST',
        path: `/dukcapil/get_json/${customerId}/${call}${query}`,
        headers,
        body: text,
        op: `POST wire ${call}`,
      };
    });
}

// ---------------------------------------------------------------------------------------------------------
// How it is sent and judged

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(req: Req): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    const r = httpRequest(
      { host: '127.0.0.1', port, method: req.method, path: req.path, agent, headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/**
 * Requests Node's HTTP parser refuses, each after a valid request on the same keep-alive connection (raw
 * sockets): the valid one is answered, then the refusal is told (4xx, the contract's headers, `Connection:
 * close`) and the server closes the connection — never a reset, never an answer cut short.
 */
const RAW_RUNS = Math.max(50, Math.round(RUNS / 50));
const malformedHttp: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(
      (g: string) => `\u0001${g} / HTTP/1.1\r\nHost: g\r\n\r\n`,
      (g: string) => `GET /v1/me${g.replace(/[\x21-\x7e]/g, '')} x HTTP/1.1\r\nHost: g\r\n\r\n`,
      (g: string) => `GET /v1/me HTTP/9.${g.length}\r\n\r\n`,
      (g: string) => `GET /v1/me HTTP/1.1\r\nHost: g\r\nBad Header${g}\r\n\r\n`,
      (g: string) => `GET /v1/me HTTP/1.1\r\nHost: g\r\nX: a\u0000${g}\r\n\r\n`,
      (g: string) => `POST /v1/lookups HTTP/1.1\r\nHost: g\r\nContent-Length: x${g}\r\n\r\n`,
      (g: string) =>
        `POST /v1/lookups HTTP/1.1\r\nHost: g\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n${g}`,
      (g: string) =>
        `POST /v1/lookups HTTP/1.1\r\nHost: g\r\nTransfer-Encoding: chunked\r\n\r\nzz${g}\r\n\r\n`,
      (g: string) =>
        `POST /dukcapil/get_json/X/CALL_NIK HTTP/1.1\r\nHost: g\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"a":${g}\r\n\r\n`,
      (g: string) => `GET /health HTTP/1.1\r\nHost: g\r\nX-Big: ${'a'.repeat(20_000)}${g}\r\n\r\n`,
    ),
    fc.string({ maxLength: 20 }).map((g) => g.replace(/[\r\n]/g, '')),
  )
  .map(([make, g]) => make(g));

function rawExchange(bad: string): Promise<{ text: string; reset: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let reset = false;
    let sentBad = false;
    socket.on('connect', () => socket.write('GET /health HTTP/1.1\r\nHost: g\r\n\r\n'));
    socket.on('data', (d) => {
      text += d.toString('latin1');
      if (!sentBad && text.includes('{"status":"ok"}')) {
        sentBad = true;
        socket.write(bad);
      }
    });
    socket.on('error', () => (reset = true));
    socket.on('close', () => resolve({ text, reset }));
  });
}

it(`tells a keep-alive client of ${RAW_RUNS} requests Node cannot parse before closing (raw sockets)`, async () => {
  const problems: string[] = [];
  await fc.assert(
    fc.asyncProperty(fc.array(malformedHttp, { minLength: 2, maxLength: 2 }), async (batch) => {
      await Promise.all(
        batch.map(async (bad) => {
          const { text, reset } = await rawExchange(bad);
          const heads = text.split('HTTP/1.1 ').slice(1);
          const last = heads[heads.length - 1] ?? '';
          if (reset) problems.push(`reset: ${JSON.stringify(bad.slice(0, 120))}`);
          else if (
            heads.length !== 2 ||
            !heads[0]!.startsWith('200') ||
            !/^4\d\d /.test(last) ||
            !/\r\nconnection: close\r\n/i.test(last) ||
            !/\r\ncache-control: no-store\r\n/i.test(last) ||
            !/\r\nx-request-id: req_[0-9a-f]{32}\r\n/i.test(last) ||
            !/"error":\{"code":"[A-Z_]+","message":"[^"]+","requestId":"req_[0-9a-f]{32}"\}/.test(last)
          )
            problems.push(`${JSON.stringify(bad.slice(0, 120))} → ${JSON.stringify(text.slice(0, 400))}`);
        }),
      );
    }),
    { seed: SEED, numRuns: Math.ceil(RAW_RUNS / 2), endOnFailure: true },
  );
  expect(problems, `fuzz seed ${SEED}:\n${problems.slice(0, 10).join('\n')}`).toEqual([]);
});

interface Problem {
  req: Req;
  what: string;
}

it(
  `answers ${RUNS} malformed requests over every operation and the wire without a 5xx or a reset`,
  async () => {
    const problems: Problem[] = [];
    const statuses = new Map<number, number>();
    const perOp = new Map<string, number>();
    let sent = 0;
    let resets = 0;
    const started = Date.now();

    const anyRequest = fc.oneof(
      { arbitrary: fc.constantFrom(...operations).chain(opRequest), weight: 5 },
      { arbitrary: wireRequest(), weight: 1 },
    );
    const exercise = async (req: Req) => {
      sent += 1;
      perOp.set(req.op ?? '?', (perOp.get(req.op ?? '?') ?? 0) + 1);
      let res: Answer;
      try {
        res = await send(req);
      } catch (e) {
        resets += 1;
        problems.push({ req, what: `transport: ${(e as Error).message}` });
        return;
      }
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500) problems.push({ req, what: `${res.status} ${res.body.slice(0, 200)}` });
      if (res.headers['cache-control'] !== 'no-store')
        problems.push({ req, what: `${res.status} without no-store` });
      if (!res.headers['x-request-id']) problems.push({ req, what: `${res.status} without X-Request-Id` });
    };

    await fc.assert(
      fc.asyncProperty(
        fc.array(anyRequest, { minLength: CONCURRENCY, maxLength: CONCURRENCY }),
        async (batch) => {
          await Promise.all(batch.map(exercise));
        },
      ),
      {
        seed: SEED,
        numRuns: Math.ceil(RUNS / CONCURRENCY),
        interruptAfterTimeLimit: MAX_MS,
        markInterruptAsFailure: true,
        endOnFailure: true,
      },
    );
    const seconds = (Date.now() - started) / 1000;

    const summary = {
      seed: SEED,
      sent,
      seconds,
      resets,
      statuses: Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])),
      operations: perOp.size,
    };
    console.log(`fuzz: ${JSON.stringify(summary)}`);
    const shown = problems
      .slice(0, 25)
      .map(
        (p) =>
          `${p.what}\n    ${p.req.method} ${p.req.path.slice(0, 200)} ${JSON.stringify({ ...p.req.headers, authorization: p.req.headers?.authorization ? '(a test token)' : undefined })} ${(p.req.body ?? '').slice(0, 300)}`,
      );
    expect(
      problems.length,
      `fuzz seed ${SEED}: ${problems.length} problems, first:\n${shown.join('\n')}`,
    ).toBe(0);
    expect(sent).toBeGreaterThanOrEqual(RUNS);
    // Every operation of the OpenAPI document was exercised, and both wire calls.
    for (const op of operations)
      expect(perOp.get(`${op.method} ${op.path}`) ?? 0, `${op.method} ${op.path}`).toBeGreaterThan(0);

    // The audit holds together after all of it (flushed by closing the app first).
    await app.close();
    const report = await verifyLog(db);
    // A broken row is shown as stored (synthetic fuzz values only), so the field at fault can be named.
    const first = report.problems.find((p) => 'id' in p && p.id != null) as { id?: unknown } | undefined;
    const broken = first?.id
      ? (await db.query('SELECT * FROM access_audit WHERE id = $1', [first.id])).rows[0]
      : undefined;
    expect(report, `fuzz seed ${SEED}: ${JSON.stringify(report)} ${JSON.stringify(broken)}`).toMatchObject({
      ok: true,
    });
    expect(report.rowsChecked).toBeGreaterThan(0);
  },
  MAX_MS + 120_000,
);
