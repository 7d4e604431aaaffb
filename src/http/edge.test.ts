import { request as httpRequest, Agent, type IncomingHttpHeaders } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, useTestWorld, tokenFor } from '../test/fixtures.ts';
import { verifyLog } from '../modules/audit/log.verify.ts';
import { hasUnstorableText } from '../lib/text.ts';
import { findUnstorableText } from './edge.ts';

/**
 * Issue #17 items 3 and 4, over real HTTP on loopback: the edge rule (no NUL or unpaired surrogate reaches
 * a route) and the contract of the answers Fastify and Node's HTTP parser give by themselves.
 */

const t = useTestWorld();
let port = 0;
let officer = '';
let operator = '';
const agent = new Agent({ keepAlive: true, maxSockets: 2 });

beforeAll(async () => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
  officer = await tokenFor(t.app, t.world.officer.username);
  operator = await tokenFor(t.app, t.world.operator.username);
});
afterAll(() => agent.destroy());

interface Res {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request through a keep-alive agent; `path` is sent as given (escapes and all). */
function send(
  method: string,
  path: string,
  opts: { token?: string; body?: string; contentType?: string; headers?: Record<string, string> } = {},
): Promise<Res> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
    const req = httpRequest({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** The contract every error answer keeps: headers and the one error body, its request ID the header's. */
function expectContract(res: Res, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers['cache-control']).toBe('no-store');
  const requestId = res.headers['x-request-id'];
  expect(requestId).toMatch(/^req_[0-9a-f]{32}$/);
  expect(JSON.parse(res.body)).toMatchObject({ error: { code, message: expect.any(String), requestId } });
}

async function auditRow(requestId: string) {
  const { rows } = await t.db.query<{ protocol: string; outcome: string; username: string | null }>(
    'SELECT protocol, outcome, username FROM access_audit WHERE request_id = $1',
    [requestId],
  );
  return rows;
}

const wireUrl = (customerId: string, method = 'CALL_NIK') => `/dukcapil/get_json/${customerId}/${method}`;

describe('the edge rule: no NUL or unpaired surrogate reaches a route', () => {
  it('refuses the issue’s three 500s with 400 and the error body', async () => {
    const id = await send('GET', '/v1/institutions/%00', { token: officer });
    expectContract(id, 400, 'VALIDATION_FAILED');
    expect(JSON.parse(id.body).error.details).toEqual([{ path: '/params/id', message: 'unstorable text' }]);
    const q = await send('GET', '/v1/accounts?institutionId=%00', { token: officer });
    expectContract(q, 400, 'VALIDATION_FAILED');
    expect(JSON.parse(q.body).error.details[0].path).toBe('/query/institutionId');
    const body = await send('POST', '/v1/holidays', {
      token: officer,
      body: JSON.stringify({ day: '2031-08-18', name: 'Libur\u0000uji' }),
    });
    expectContract(body, 400, 'VALIDATION_FAILED');
    expect(JSON.parse(body.body).error.details[0].path).toBe('/body/name');
    // The same holiday without the NUL is recorded: the rule refused the NUL, not the request.
    const ok = await send('POST', '/v1/holidays', {
      token: officer,
      body: JSON.stringify({ day: '2031-08-18', name: 'Libur uji' }),
    });
    expect(ok.status).toBeLessThan(300);
  });

  it('answers every path parameter of every route with a NUL by 400 (or the caller’s 403), never a 5xx', async () => {
    const spec = JSON.parse((await send('GET', '/openapi.json')).body) as {
      paths: Record<string, Record<string, unknown>>;
    };
    let checked = 0;
    for (const [path, ops] of Object.entries(spec.paths)) {
      if (!path.includes('{')) continue;
      const url = path.replace(/\{[^}]+\}/g, 'a%00b');
      for (const method of Object.keys(ops)) {
        const res = await send(method.toUpperCase(), url, {
          token: officer,
          ...(method === 'get' || method === 'delete' ? {} : { body: '{}' }),
        });
        if (path.startsWith('/dukcapil/')) {
          expect(res.status, `${method} ${path}`).toBe(200);
          expect(JSON.parse(res.body).content[0].RESPONSE_CODE).toBe('07');
        } else {
          // A resident route answers a caller without a resident session 401 first (as a wrong role 403).
          const refusal = path.startsWith('/v1/resident/') ? 401 : 403;
          expect([400, refusal], `${method} ${path}: ${res.body}`).toContain(res.status);
          if (res.status === 400) expect(JSON.parse(res.body).error.details[0].path).toMatch(/^\/params\//);
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('refuses NUL and unpaired surrogates nested deep in a body, but lets paired ones through', async () => {
    const nested = await send('POST', '/v1/institutions', {
      token: officer,
      body: JSON.stringify({ name: 'x', allowedNetworks: [{ deep: ['ok', { k: 'x\ud800' }] }] }),
    });
    expectContract(nested, 400, 'VALIDATION_FAILED');
    expect(JSON.parse(nested.body).error.details[0].path).toBe('/body/allowedNetworks/0/deep/1/k');
    const key = await send('POST', '/v1/institutions', {
      token: officer,
      body: JSON.stringify({ ['na\u0000me']: 'x' }),
    });
    expectContract(key, 400, 'VALIDATION_FAILED');
    const emoji = await send('POST', '/v1/holidays', {
      token: officer,
      body: JSON.stringify({ day: '2031-08-19', name: 'Libur 🎉 uji' }),
    });
    expect(emoji.status).toBeLessThan(300);
  });

  it('refuses a NUL in a v1 access request before the caller checks, audited', async () => {
    const res = await send('POST', '/v1/lookups', {
      token: operator,
      body: JSON.stringify({ nik: '3301015204900001\u0000' }),
    });
    expectContract(res, 400, 'VALIDATION_FAILED');
    expect(await auditRow(res.headers['x-request-id'] as string)).toEqual([
      { protocol: 'v1', outcome: 'invalid_request', username: null },
    ]);
  });

  it('answers a NUL on the wire in the wire protocol (07), audited', async () => {
    const code = t.world.institution.code;
    const fields = {
      USER_ID: t.world.operator.username,
      PASSWORD,
      IP_USER: '127.0.0.1',
      NIK: '3301015204900001',
    };
    for (const [url, body] of [
      [wireUrl(code), { ...fields, USER_ID: `${fields.USER_ID}\u0000` }],
      [wireUrl(code), { ...fields, PASSWORD: `${PASSWORD}\u0000` }],
      [wireUrl(code, 'CALL_VERIFY_BY_ELEMEN'), { ...fields, NAMA_LGKP: 'SITI\u0000' }],
      [wireUrl(code), { ...fields, NIK: '3301015204\u0000900001' }],
      [wireUrl(code), { ...fields, USER_ID: 'probe\ud800' }],
      [wireUrl('%00'), fields],
      [`${wireUrl(code)}?x=%00`, fields],
    ] as const) {
      const res = await send('POST', url, { body: JSON.stringify(body) });
      expect(res.status, url).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(JSON.parse(res.body)).toEqual({
        content: [{ RESPON: expect.any(String), RESPONSE_CODE: '07' }],
      });
      expect(await auditRow(res.headers['x-request-id'] as string)).toEqual([
        { protocol: 'wire', outcome: 'invalid_request', username: null },
      ]);
    }
  });

  it('keeps the audit chain intact when a long wire USER_ID is cut inside a surrogate pair (found by the fuzz)', async () => {
    const res = await send('POST', wireUrl(t.world.institution.code), {
      body: JSON.stringify({
        USER_ID: `${'x'.repeat(63)}🎉`,
        PASSWORD: 'salah',
        IP_USER: '127.0.0.1',
        NIK: '3301015204900001',
      }),
    });
    expect(JSON.parse(res.body).content[0].RESPONSE_CODE).toBe('03');
    expect(await auditRow(res.headers['x-request-id'] as string)).toEqual([
      { protocol: 'wire', outcome: 'login_failed', username: 'x'.repeat(63) },
    ]);
    expect(await verifyLog(t.db)).toMatchObject({ ok: true });
  });

  it('walks values of any depth without exhausting the stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(findUnstorableText(deep, '/body')).toMatch(/^\/body(\/0)+$/);
    expect(hasUnstorableText('a\udc00')).toBe(true);
    expect(hasUnstorableText('\ud83c\udf89')).toBe(false);
    expect(hasUnstorableText('\ud83c')).toBe(true);
  });
});

describe('answers the framework gives by itself keep the contract', () => {
  it('a bad URL escape: 400 in the error body', async () => {
    expectContract(await send('GET', '/v1/applications/%zz', { token: officer }), 400, 'VALIDATION_FAILED');
  });

  it('a path parameter over the length limit: 414 in the error body (a GET may fall to the portal, 404)', async () => {
    // find-my-way answers an over-long parameter (> maxParamLength, 100) with FST_ERR_MAX_PARAM_LENGTH only
    // when no other route can take the path; when the portal is built, @fastify/static's wildcard GET route
    // takes any GET path, so a GET answers 404 there instead (the same contract). POST has no wildcard.
    const long = 'a'.repeat(150);
    expectContract(
      await send('POST', `/v1/applications/${long}/approve`, { token: officer, body: '{}' }),
      414,
      'URI_TOO_LONG',
    );
    const get = await send('GET', `/v1/applications/${long}`, { token: officer });
    if (get.status === 414) expectContract(get, 414, 'URI_TOO_LONG');
    else expectContract(get, 404, 'NOT_FOUND');
  });

  it('on the wire, a bad URL escape or an over-long CUSTOMER_ID is a wire 07, audited', async () => {
    for (const url of [wireUrl('%zz'), wireUrl('x'.repeat(150), 'CALL_VERIFY_BY_ELEMEN')]) {
      const res = await send('POST', url, { body: '{}' });
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(JSON.parse(res.body).content[0].RESPONSE_CODE).toBe('07');
      expect(await auditRow(res.headers['x-request-id'] as string)).toHaveLength(1);
    }
  });

  it('404, 413, 415 and a body that is not JSON: the error body', async () => {
    expectContract(await send('GET', '/v1/nothing-here'), 404, 'NOT_FOUND');
    expectContract(
      await send('POST', '/v1/holidays', {
        token: officer,
        body: JSON.stringify({ name: 'x'.repeat(70_000) }),
      }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expectContract(
      await send('POST', '/v1/holidays', { token: officer, body: '<day/>', contentType: 'application/xml' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectContract(
      await send('POST', '/v1/holidays', { token: officer, body: '{"day":' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('an Expect header other than 100-continue: 417 in the error body', async () => {
    expectContract(
      await send('GET', '/health', { headers: { expect: 'yes-please' } }),
      417,
      'EXPECTATION_FAILED',
    );
  });
});

/** Writes `chunks` in turn on one raw socket (each after the answers so far), returns all it read. */
function rawExchange(chunks: string[], answersBefore: number[]): Promise<{ text: string; reset: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let reset = false;
    let next = 0;
    const writeNext = () => {
      while (next < chunks.length && (text.match(/HTTP\/1\.1 /g) ?? []).length >= answersBefore[next]!) {
        socket.write(chunks[next]!);
        next += 1;
      }
    };
    socket.on('connect', writeNext);
    socket.on('data', (d) => {
      text += d.toString('utf8');
      writeNext();
    });
    socket.on('error', () => (reset = true));
    socket.on('close', () => resolve({ text, reset }));
  });
}

/** Splits a raw HTTP/1.1 stream (Content-Length framed) into its answers. */
function answersOf(text: string): { status: number; headers: Record<string, string>; body: string }[] {
  const out = [];
  let rest = text;
  while (rest.startsWith('HTTP/1.1 ')) {
    const end = rest.indexOf('\r\n\r\n');
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const headers = Object.fromEntries(
      lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
    );
    const length = Number(headers['content-length']);
    out.push({
      status: Number(statusLine!.split(' ')[1]),
      headers,
      body: rest.slice(end + 4, end + 4 + length),
    });
    rest = rest.slice(end + 4 + length);
  }
  expect(rest).toBe('');
  return out;
}

function expectToldAndClosed(
  a: { status: number; headers: Record<string, string>; body: string },
  status = 400,
) {
  expect(a.status).toBe(status);
  expect(a.headers.connection).toBe('close');
  expect(a.headers['cache-control']).toBe('no-store');
  expect(a.headers['x-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
  expect(JSON.parse(a.body)).toEqual({
    error: { code: expect.any(String), message: expect.any(String), requestId: a.headers['x-request-id'] },
  });
}

describe('a malformed request on a keep-alive connection (raw sockets, loopback)', () => {
  it('is answered 400 with Connection: close and the contract, after the earlier answer, then closed', async () => {
    const { text, reset } = await rawExchange(
      ['GET /health HTTP/1.1\r\nHost: gerbang\r\n\r\n', 'GARBAGE\r\n\r\n'],
      [0, 1],
    );
    expect(reset).toBe(false);
    const answers = answersOf(text);
    expect(answers.map((a) => a.status)).toEqual([200, 400]);
    expect(answers[0]!.headers.connection).toBe('keep-alive');
    expectToldAndClosed(answers[1]!);
  });

  it('keeps pipelined answers in order: the valid request first, then the 400', async () => {
    const { text, reset } = await rawExchange(
      ['GET /health HTTP/1.1\r\nHost: gerbang\r\n\r\nGET /v1/x HTTP/1.1\r\nBad Header\r\n\r\n'],
      [0],
    );
    expect(reset).toBe(false);
    const answers = answersOf(text);
    expect(answers.map((a) => a.status)).toEqual([200, 400]);
    expectToldAndClosed(answers[1]!);
  });

  it('answers a malformed request line, and headers too large (431), in the contract', async () => {
    const line = answersOf((await rawExchange(['GET /v1/me HTTP/9.9 extra\r\n\r\n'], [0])).text);
    expect(line).toHaveLength(1);
    expectToldAndClosed(line[0]!);
    const big = answersOf(
      (await rawExchange([`GET /health HTTP/1.1\r\nHost: g\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`], [0]))
        .text,
    );
    expect(big).toHaveLength(1);
    expectToldAndClosed(big[0]!, 431);
  });
});
