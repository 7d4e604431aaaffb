import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import {
  addOperator,
  addResident,
  agreementFor,
  seedWorld,
  testApp,
  tokenFor,
  type World,
} from '../../test/fixtures.ts';
import { insertAgreement } from '../agreements/agreements.repo.ts';
import { insertInstitution } from '../institutions/institutions.repo.ts';
import type { ResidentRow } from '../residents/residents.types.ts';

let db: Db;
let app: FastifyInstance;
let world: World;
let token: string;
let resident: ResidentRow;

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  app = await testApp(db);
  token = await tokenFor(app, world.operator.username);
  resident = await addResident(db, { fullName: 'SITI RAHAYU WULANDARI' });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const verify = (body: unknown, t = token) =>
  app.inject({
    method: 'POST',
    url: '/v1/verifications',
    headers: { authorization: `Bearer ${t}` },
    payload: body as object,
  });
const lookup = (body: unknown, t = token) =>
  app.inject({
    method: 'POST',
    url: '/v1/lookups',
    headers: { authorization: `Bearer ${t}` },
    payload: body as object,
  });

async function lastAudit() {
  const { rows } = await db.query<Record<string, unknown>>(
    'SELECT * FROM access_audit ORDER BY id DESC LIMIT 1',
  );
  return rows[0]!;
}

describe('POST /v1/verifications', () => {
  it('answers per element with score, threshold and normalisation', async () => {
    const res = await verify({
      nik: resident.nik,
      elements: {
        NAMA_LGKP: 'Hj. Siti Rahayu Wulandari, S.Pd.',
        TGL_LHR: '12-04-1990',
        JENIS_KLMIN: 'p',
        TMPT_LHR: 'CILACAPP',
        STATUS_KAWIN: 'BELUM KAWIN',
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body.outcome).toBe('FOUND');
    expect(body.threshold).toBe(80);
    const by = Object.fromEntries(body.elements.map((e: { element: string }) => [e.element, e]));
    expect(by.NAMA_LGKP).toMatchObject({ status: 'match', score: 100, comparison: 'similarity' });
    expect(by.NAMA_LGKP.normalisation).toEqual(expect.arrayContaining(['case', 'titles', 'degrees']));
    expect(by.TGL_LHR).toMatchObject({
      status: 'match',
      comparison: 'exact',
      normalisation: ['date_format'],
    });
    expect(by.JENIS_KLMIN).toMatchObject({ status: 'match' });
    expect(by.TMPT_LHR).toMatchObject({ status: 'match', score: 88 });
    expect(by.STATUS_KAWIN).toMatchObject({ status: 'no_match', score: 0 });
    const audit = await lastAudit();
    expect(audit).toMatchObject({
      outcome: 'found',
      nik: resident.nik,
      protocol: 'v1',
      method: 'verification',
    });
    expect(audit.elements_returned).toEqual([
      'NAMA_LGKP',
      'TGL_LHR',
      'JENIS_KLMIN',
      'TMPT_LHR',
      'STATUS_KAWIN',
    ]);
    expect(audit.request_id).toBe(res.headers['x-request-id']);
  });

  it('uses the threshold of the request', async () => {
    const res = await verify({ nik: resident.nik, elements: { TMPT_LHR: 'CILACAPP' }, threshold: 90 });
    expect(res.json().elements[0]).toMatchObject({ status: 'no_match', score: 88, threshold: 90 });
  });

  it('answers an ungranted element "not permitted" without comparing it', async () => {
    const res = await verify({ nik: resident.nik, elements: { NAMA_LGKP_IBU: 'SUMIATI', AGAMA: 'ISLAM' } });
    expect(res.json().elements).toEqual([
      { element: 'NAMA_LGKP_IBU', status: 'not_permitted' },
      { element: 'AGAMA', status: 'not_permitted' },
    ]);
    expect(res.body).not.toContain('score');
    expect((await lastAudit()).elements_returned).toEqual([]);
  });

  it('answers the record statuses without data', async () => {
    for (const [status, code] of [
      ['deceased', 'DECEASED'],
      ['duplicate', 'DUPLICATE'],
      ['inactive', 'INACTIVE'],
    ] as const) {
      const r = await addResident(db, { recordStatus: status });
      const res = await verify({ nik: r.nik, elements: { NAMA_LGKP: r.fullName } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        requestId: expect.any(String),
        outcome: code,
        message: expect.any(String),
      });
      expect((await lastAudit()).outcome).toBe(status);
    }
  });

  it('answers a NIK not in the registry and a NIK not in Dukcapil format', async () => {
    const missing = await verify({ nik: '3301015204900999', elements: { NAMA_LGKP: 'X' } });
    expect(missing.json().outcome).toBe('NOT_FOUND');
    const badFormat = await verify({ nik: '9999015204900001', elements: { NAMA_LGKP: 'X' } });
    expect(badFormat.json().outcome).toBe('NIK_INVALID_FORMAT');
  });

  it('refuses a malformed request with 400, audited, without taking a hit', async () => {
    const before = await db.query<{ used: number }>('SELECT used FROM quota_usage WHERE account_id = $1', [
      world.operator.id,
    ]);
    const res = await verify({ nik: '12345', elements: {} });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      requestId: res.headers['x-request-id'],
    });
    const after = await db.query<{ used: number }>('SELECT used FROM quota_usage WHERE account_id = $1', [
      world.operator.id,
    ]);
    expect(after.rows[0]?.used).toBe(before.rows[0]?.used);
    expect((await lastAudit()).outcome).toBe('invalid_request');
  });

  it('refuses a body that is not JSON with a clear 400', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/verifications',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: '{"nik": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(await lastAudit()).toMatchObject({
      outcome: 'invalid_request',
      request_id: res.headers['x-request-id'],
    });
  });
});

describe('POST /v1/lookups', () => {
  it('returns the granted elements only', async () => {
    const res = await lookup({ nik: resident.nik });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.outcome).toBe('FOUND');
    expect(Object.keys(body.elements).sort()).toEqual([...world.agreement.elements].sort());
    expect(body.elements).toMatchObject({
      NAMA_LGKP: resident.fullName,
      TGL_LHR: '1990-04-12',
      ALAMAT: resident.streetAddress,
    });
    expect(res.body).not.toContain(resident.motherName);
    expect(res.body).not.toContain(resident.religion);
  });

  it('needs the portal method', async () => {
    const inst = await insertInstitution(db, {
      code: 'WS_ONLY',
      name: 'Web service only',
      officeId: world.central.id,
      allowedNetworks: ['127.0.0.1/32'],
    });
    await insertAgreement(db, agreementFor(inst, { methods: ['verification'] }));
    const op = await addOperator(db, inst);
    const t = await tokenFor(app, op.username);
    const res = await lookup({ nik: resident.nik }, t);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('METHOD_NOT_GRANTED');
    expect((await verify({ nik: resident.nik, elements: { NAMA_LGKP: 'A' } }, t)).statusCode).toBe(200);
  });
});

describe('GET /v1/me', () => {
  it("shows the account and today's quota", async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      username: world.operator.username,
      quota: { limit: 50, used: expect.any(Number) },
    });
    expect(res.body).not.toContain('password');
  });
});

describe('a NIK sent as a JSON number (issue 17.1)', () => {
  // Above 2^53 (province 96): as a double it would become its neighbour 9671041010900004.
  const nik = '9671041010900003';
  beforeAll(async () => {
    await addResident(db, { nik, villageCode: '9671041001' });
    await addResident(db, { nik: '9671041010900004', villageCode: '9671041001' });
  });

  it('is refused with 400 VALIDATION_FAILED on /v1/lookups and /v1/verifications, audited without a NIK', async () => {
    for (const [send, body] of [
      [lookup, `{"nik":${nik}}`],
      [verify, `{"nik":${nik},"elements":{"NAMA_LGKP":"SITI RAHAYU WULANDARI"}}`],
      // A family card number as a number is refused the same way (every identifier is a string in v1).
      [verify, `{"nik":"${nik}","elements":{"NO_KK":9671040101200003}}`],
    ] as const) {
      const res = await app.inject({
        method: 'POST',
        url: send === lookup ? '/v1/lookups' : '/v1/verifications',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: body,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.body).not.toContain('9671041010900004');
      const row = await lastAudit();
      expect(row.outcome).toBe('invalid_request');
      expect(row.nik).toBe(body.startsWith('{"nik":"') ? nik : null);
    }
  });
});
