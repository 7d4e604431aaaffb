import { SignJWT } from 'jose';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db.ts';
import { createTestDb } from './db.ts';
import { addOperator, addResident, PASSWORD, seedWorld, testApp, tokenFor, type World } from './fixtures.ts';
import type { ResidentRow } from '../modules/residents/residents.types.ts';

/**
 * One security suite over every route: each route of the OpenAPI document must have a case here (a new
 * route fails the first test until it is covered), and every case is driven with no credentials, wrong
 * credentials, the wrong role, another institution's resources, a caller outside the allowed networks and
 * ungranted elements.
 */
let db: Db;
let app: FastifyInstance;
let world: World;
let resident: ResidentRow;
let tokens: { operator: string; officer: string; provinceOfficer: string; otherOperator: string };

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  app = await testApp(db);
  resident = await addResident(db, { motherName: 'RAHASIAWATI SEKALI', religion: 'KHONGHUCU' });
  tokens = {
    operator: await tokenFor(app, world.operator.username),
    officer: await tokenFor(app, world.officer.username),
    provinceOfficer: await tokenFor(app, world.provinceOfficer.username),
    otherOperator: await tokenFor(app, world.other.operator.username),
  };
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

type Kind = 'access' | 'officer' | 'account' | 'wire';
interface Case {
  method: 'GET' | 'POST' | 'PATCH';
  path: string; // as in OpenAPI
  kind: Kind;
  url: () => string;
  body?: () => object;
}

const PUBLIC = new Set(['POST /v1/auth/token']);
const cases: Case[] = [
  { method: 'GET', path: '/v1/me', kind: 'account', url: () => '/v1/me' },
  {
    method: 'POST',
    path: '/v1/verifications',
    kind: 'access',
    url: () => '/v1/verifications',
    body: () => ({ nik: resident.nik, elements: { NAMA_LGKP: resident.fullName } }),
  },
  {
    method: 'POST',
    path: '/v1/lookups',
    kind: 'access',
    url: () => '/v1/lookups',
    body: () => ({ nik: resident.nik }),
  },
  { method: 'GET', path: '/v1/offices', kind: 'officer', url: () => '/v1/offices' },
  {
    method: 'POST',
    path: '/v1/offices',
    kind: 'officer',
    url: () => '/v1/offices',
    body: () => ({ level: 'province', regionCode: '34', name: 'Disdukcapil DIY' }),
  },
  { method: 'GET', path: '/v1/institutions', kind: 'officer', url: () => '/v1/institutions' },
  {
    method: 'POST',
    path: '/v1/institutions',
    kind: 'officer',
    url: () => '/v1/institutions',
    body: () => ({ code: 'SEC_NEW', name: 'Instansi Baru', officeId: world.central.id }),
  },
  {
    method: 'GET',
    path: '/v1/institutions/{id}',
    kind: 'officer',
    url: () => `/v1/institutions/${world.other.institution.id}`,
  },
  {
    method: 'PATCH',
    path: '/v1/institutions/{id}',
    kind: 'officer',
    url: () => `/v1/institutions/${world.other.institution.id}`,
    body: () => ({ name: 'Nama Baru Bank' }),
  },
  { method: 'GET', path: '/v1/agreements', kind: 'officer', url: () => '/v1/agreements' },
  {
    method: 'POST',
    path: '/v1/agreements',
    kind: 'officer',
    url: () => '/v1/agreements',
    body: () => ({
      institutionId: world.other.institution.id,
      registryNumber: 'X/1',
      institutionNumber: 'Y/1',
      purpose: 'Uji keamanan',
      elements: ['NIK'],
      methods: ['portal'],
      startDate: '2026-01-01',
      endDate: '2026-12-31',
    }),
  },
  {
    method: 'GET',
    path: '/v1/agreements/{id}',
    kind: 'officer',
    url: () => `/v1/agreements/${world.other.agreement.id}`,
  },
  {
    method: 'PATCH',
    path: '/v1/agreements/{id}',
    kind: 'officer',
    url: () => `/v1/agreements/${world.other.agreement.id}`,
    body: () => ({ status: 'active' }),
  },
  { method: 'GET', path: '/v1/accounts', kind: 'officer', url: () => '/v1/accounts' },
  {
    method: 'POST',
    path: '/v1/accounts',
    kind: 'officer',
    url: () => '/v1/accounts',
    body: () => ({
      username: 'sec.new',
      password: 'panjang-sekali-1',
      fullName: 'Operator Baru',
      institutionId: world.other.institution.id,
      dailyQuota: 10,
    }),
  },
  {
    method: 'GET',
    path: '/v1/accounts/{id}',
    kind: 'officer',
    url: () => `/v1/accounts/${world.other.operator.id}`,
  },
  {
    method: 'PATCH',
    path: '/v1/accounts/{id}',
    kind: 'officer',
    url: () => `/v1/accounts/${world.other.operator.id}`,
    body: () => ({ dailyQuota: 5 }),
  },
  {
    method: 'GET',
    path: '/v1/audit',
    kind: 'officer',
    url: () => `/v1/audit?institutionId=${world.other.institution.id}`,
  },
  {
    method: 'POST',
    path: '/dukcapil/get_json/{customerId}/CALL_VERIFY_BY_ELEMEN',
    kind: 'wire',
    url: () => `/dukcapil/get_json/${world.institution.code}/CALL_VERIFY_BY_ELEMEN`,
    body: () => ({ NIK: resident.nik, NAMA_LGKP: resident.fullName }),
  },
  {
    method: 'POST',
    path: '/dukcapil/get_json/{customerId}/CALL_NIK',
    kind: 'wire',
    url: () => `/dukcapil/get_json/${world.institution.code}/CALL_NIK`,
    body: () => ({ NIK: resident.nik }),
  },
];

function send(c: Case, opts: { token?: string; wire?: Record<string, string>; remoteAddress?: string } = {}) {
  const req: InjectOptions = {
    method: c.method,
    url: c.url(),
    headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
    ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
  };
  if (c.body) req.payload = { ...c.body(), ...(opts.wire ?? {}) };
  return app.inject(req);
}

/** What every answer of every case must show, whatever the outcome. */
function hygiene(res: LightMyRequestResponse, secrets: string[] = []) {
  expect(res.statusCode).toBeLessThan(500);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['x-request-id']).toBeTruthy();
  expect(res.body).not.toContain('$argon2');
  expect(res.body.toLowerCase()).not.toContain('passwordhash');
  for (const s of [PASSWORD, ...secrets]) expect(res.body).not.toContain(s);
}

function expectError(res: LightMyRequestResponse, status: number, code?: string) {
  hygiene(res);
  expect(res.statusCode).toBe(status);
  const body = res.json() as { error: { code: string; message: string; requestId: string } };
  expect(body.error.requestId).toBe(res.headers['x-request-id']);
  expect(body.error.message).toEqual(expect.any(String));
  if (code) expect(body.error.code).toBe(code);
}

function expectWire(res: LightMyRequestResponse, code: string) {
  hygiene(res);
  expect(res.statusCode).toBe(200);
  expect((res.json() as { content: Record<string, string>[] }).content[0]!.RESPONSE_CODE).toBe(code);
}

const wireCreds = (over: Record<string, string> = {}) => ({
  USER_ID: world.operator.username,
  PASSWORD,
  IP_USER: '127.0.0.1',
  ...over,
});

describe('security suite', () => {
  it('covers every route of the API', async () => {
    const spec = (await app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const covered = new Set(cases.map((c) => `${c.method} ${c.path}`));
    expect(routes.filter((r) => !PUBLIC.has(r) && !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !routes.includes(r))).toEqual([]);
  });

  it.each(cases.map((c) => [`${c.method} ${c.path}`, c] as const))(
    '%s refuses a caller without credentials',
    async (_, c) => {
      const res = await send(c);
      if (c.kind === 'wire') expectWire(res, '09');
      else expectError(res, 401, c.kind === 'access' ? 'CREDENTIALS_MISSING' : 'UNAUTHENTICATED');
    },
  );

  it.each(cases.map((c) => [`${c.method} ${c.path}`, c] as const))(
    '%s refuses wrong credentials',
    async (_, c) => {
      if (c.kind === 'wire') {
        expectWire(await send(c, { wire: wireCreds({ PASSWORD: 'bukan-password' }) }), '03');
        expectWire(await send(c, { wire: wireCreds({ USER_ID: 'tidak.ada' }) }), '03');
        return;
      }
      const forged = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(world.officer.id)
        .setIssuer('gerbang')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('another-secret-another-secret-another'));
      for (const token of ['garbage', forged, `${tokens.officer}x`]) {
        const res = await send(c, { token });
        expectError(res, 401, c.kind === 'access' ? 'LOGIN_FAILED' : 'UNAUTHENTICATED');
      }
      const basic = await app.inject({
        method: c.method,
        url: c.url(),
        headers: { authorization: 'Basic YTpi' },
      });
      expectError(basic, 401);
    },
  );

  it.each(cases.filter((c) => c.kind === 'officer').map((c) => [`${c.method} ${c.path}`, c] as const))(
    '%s refuses an operator',
    async (_, c) => expectError(await send(c, { token: tokens.operator }), 403, 'FORBIDDEN'),
  );

  it.each(cases.filter((c) => c.kind === 'access').map((c) => [`${c.method} ${c.path}`, c] as const))(
    '%s refuses an officer (not an institution user ID) and a caller outside the allowed networks',
    async (_, c) => {
      expectError(await send(c, { token: tokens.officer }), 403, 'NOT_AN_OPERATOR');
      expectError(
        await send(c, { token: tokens.operator, remoteAddress: '192.168.50.5' }),
        403,
        'NETWORK_NOT_ALLOWED',
      );
      expectError(
        await send(c, { token: tokens.operator, remoteAddress: '::ffff:192.168.50.5' }),
        403,
        'NETWORK_NOT_ALLOWED',
      );
    },
  );

  it.each(cases.filter((c) => c.kind === 'wire').map((c) => [`${c.method} ${c.path}`, c] as const))(
    "%s refuses a caller outside the allowed networks and another institution's CUSTOMER_ID",
    async (_, c) => {
      expectWire(
        await send(c, { wire: wireCreds({ IP_USER: '192.168.50.5' }), remoteAddress: '192.168.50.5' }),
        '10',
      );
      const other = await app.inject({
        method: 'POST',
        url: c.url().replace(world.institution.code, world.other.institution.code),
        payload: { ...c.body!(), ...wireCreds() },
      });
      expectWire(other, '03');
    },
  );

  it.each(
    cases
      .filter((c) => c.kind === 'officer' && /\{id\}|audit/.test(c.path))
      .map((c) => [`${c.method} ${c.path}`, c] as const),
  )("%s hides another office's institution from an office officer", async (_, c) => {
    const res = await send(c, { token: tokens.provinceOfficer });
    if (c.path === '/v1/audit') {
      hygiene(res);
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toEqual([]);
    } else expectError(res, 404, 'NOT_FOUND');
  });

  it("keeps lists to the office officer's own scope and refuses creating outside it", async () => {
    for (const url of ['/v1/institutions', '/v1/agreements', '/v1/accounts']) {
      const res = await app.inject({ url, headers: { authorization: `Bearer ${tokens.provinceOfficer}` } });
      hygiene(res);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(world.other.institution.id);
    }
    const c = cases.find((x) => x.method === 'POST' && x.path === '/v1/institutions')!;
    expectError(await send(c, { token: tokens.provinceOfficer }), 400);
    const a = cases.find((x) => x.method === 'POST' && x.path === '/v1/accounts')!;
    expectError(await send(a, { token: tokens.provinceOfficer }), 404);
  });

  it('never lets an ungranted element out, in any protocol', async () => {
    const auth = { authorization: `Bearer ${tokens.operator}` };
    const lookup = await app.inject({
      method: 'POST',
      url: '/v1/lookups',
      headers: auth,
      payload: { nik: resident.nik },
    });
    hygiene(lookup, [resident.motherName, resident.religion]);
    expect(Object.keys(lookup.json().elements).sort()).toEqual([...world.agreement.elements].sort());
    const verify = await app.inject({
      method: 'POST',
      url: '/v1/verifications',
      headers: auth,
      payload: {
        nik: resident.nik,
        elements: { NAMA_LGKP_IBU: resident.motherName, AGAMA: resident.religion },
      },
    });
    hygiene(verify, [resident.motherName, resident.religion]);
    expect(verify.json().elements.every((e: { status: string }) => e.status === 'not_permitted')).toBe(true);
    const wireLookup = await app.inject({
      method: 'POST',
      url: `/dukcapil/get_json/${world.institution.code}/CALL_NIK`,
      payload: { ...wireCreds(), NIK: resident.nik },
    });
    hygiene(wireLookup, [resident.motherName, resident.religion]);
    expect(Object.keys(wireLookup.json().content[0]).sort()).toEqual(
      [...world.agreement.elements, 'RESPONSE_CODE'].sort(),
    );
    const wireVerify = await app.inject({
      method: 'POST',
      url: `/dukcapil/get_json/${world.institution.code}/CALL_VERIFY_BY_ELEMEN`,
      payload: {
        ...wireCreds(),
        NIK: resident.nik,
        NAMA_LGKP: resident.fullName,
        NAMA_LGKP_IBU: resident.motherName,
      },
    });
    expect(wireVerify.json().content[0]).toEqual({ NAMA_LGKP: 'Sesuai', RESPONSE_CODE: '01' });
  });

  it('refuses the token of a deactivated account and a token from before a password change', async () => {
    const op = await addOperator(db, world.institution);
    const before = await tokenFor(app, op.username);
    const officer = { authorization: `Bearer ${tokens.officer}` };
    await new Promise((r) => setTimeout(r, 1100)); // token times are whole seconds
    const changed = await app.inject({
      method: 'PATCH',
      url: `/v1/accounts/${op.id}`,
      headers: officer,
      payload: { password: 'kata-sandi-baru-1' },
    });
    expect(changed.statusCode).toBe(200);
    const lookup = { nik: resident.nik };
    expectError(
      await app.inject({
        method: 'POST',
        url: '/v1/lookups',
        headers: { authorization: `Bearer ${before}` },
        payload: lookup,
      }),
      401,
      'LOGIN_FAILED',
    );
    const after = await tokenFor(app, op.username, 'kata-sandi-baru-1');
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/lookups',
          headers: { authorization: `Bearer ${after}` },
          payload: lookup,
        })
      ).statusCode,
    ).toBe(200);
    await app.inject({
      method: 'PATCH',
      url: `/v1/accounts/${op.id}`,
      headers: officer,
      payload: { isActive: false },
    });
    expectError(
      await app.inject({
        method: 'POST',
        url: '/v1/lookups',
        headers: { authorization: `Bearer ${after}` },
        payload: lookup,
      }),
      403,
      'ACCOUNT_INACTIVE',
    );
    expectError(
      await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${after}` } }),
      403,
    );
    expectError(
      await app.inject({
        method: 'POST',
        url: '/v1/auth/token',
        payload: { username: op.username, password: 'kata-sandi-baru-1' },
      }),
      403,
    );
  });

  it('gives one answer for an unknown user and a wrong password', async () => {
    const unknown = await app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { username: 'tidak.ada', password: PASSWORD },
    });
    const wrong = await app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { username: world.operator.username, password: 'salah-salah' },
    });
    expectError(unknown, 401);
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
  });
});
