import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_ACTOR } from '../../core/actor.ts';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import {
  addOperator,
  addResident,
  PASSWORD,
  seedWorld,
  testApp,
  tokenFor,
  type World,
} from '../../test/fixtures.ts';
import { amendAgreement } from '../agreements/agreements.lifecycle.ts';
import { createAgreement } from '../agreements/agreements.service.ts';
import type { Account } from '../accounts/accounts.repo.ts';
import { insertInstitution, type Institution } from '../institutions/institutions.repo.ts';
import type { ResidentRow } from '../residents/residents.types.ts';

let db: Db;
let app: FastifyInstance;
let world: World;
let institution: Institution;
let operator: Account;
let token: string;
let legacyToken: string;
let officerToken: string;
let resident: ResidentRow;

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  institution = await insertInstitution(db, {
    code: 'RSUD_UJI',
    name: 'RSUD Sintetis',
    officeId: world.central.id,
    allowedNetworks: ['127.0.0.0/8'],
  });
  await createAgreement({ db, now: new Date() }, SERVER_ACTOR, {
    institutionId: institution.id,
    registryNumber: 'PKS/PUSAT/TUJUAN/1',
    institutionNumber: 'RSUD/1',
    purpose: 'Pendaftaran pasien dan validasi penerima bantuan',
    elements: ['NIK', 'NAMA_LGKP', 'TGL_LHR'],
    methods: ['verification', 'portal'],
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    purposeCodes: ['BANSOS', 'PASIEN'],
    defaultPurpose: 'BANSOS',
    configThreshold: 80,
  });
  operator = await addOperator(db, institution);
  app = await testApp(db);
  token = await tokenFor(app, operator.username);
  legacyToken = await tokenFor(app, world.operator.username);
  officerToken = await tokenFor(app, world.officer.username);
  resident = await addResident(db, { fullName: 'DEWI PURNAMA SINTETIS' });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const lookup = (body: object, t = token) =>
  app.inject({
    method: 'POST',
    url: '/v1/lookups',
    headers: { authorization: `Bearer ${t}` },
    payload: body,
  });
const wire = (extra: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url: `/dukcapil/get_json/${institution.code}/CALL_NIK`,
    headers: { 'content-type': 'application/json' },
    payload: { USER_ID: operator.username, PASSWORD, IP_USER: '127.0.0.1', NIK: resident.nik, ...extra },
  });
async function auditOf(requestId: string) {
  const { rows } = await db.query<{ outcome: string; purpose: string | null; purpose_defaulted: boolean }>(
    'SELECT outcome, purpose, purpose_defaulted FROM access_audit WHERE request_id = $1',
    [requestId],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!;
}
async function lastAudit() {
  const { rows } = await db.query<{ outcome: string; purpose: string | null; purpose_defaulted: boolean }>(
    'SELECT outcome, purpose, purpose_defaulted FROM access_audit ORDER BY id DESC LIMIT 1',
  );
  return rows[0]!;
}

describe('the purpose catalogue', () => {
  it('lists the seeded purposes to any account and lets only the central office record one', async () => {
    const list = await app.inject({ url: '/v1/purposes', headers: { authorization: `Bearer ${token}` } });
    expect(list.statusCode).toBe(200);
    const codes = list.json().items.map((p: { code: string }) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['BANSOS', 'BENCANA', 'PASIEN', 'REKENING']));
    const body = { code: 'PEMILU', label: 'Pemutakhiran data pemilih', description: 'Uji katalog' };
    const denied = await app.inject({
      method: 'POST',
      url: '/v1/purposes',
      headers: { authorization: `Bearer ${token}` },
      payload: body,
    });
    expect(denied.statusCode).toBe(403);
    const made = await app.inject({
      method: 'POST',
      url: '/v1/purposes',
      headers: { authorization: `Bearer ${officerToken}` },
      payload: body,
    });
    expect(made.statusCode).toBe(200);
    expect(made.json()).toMatchObject({ code: 'PEMILU', isActive: true });
    const { rows } = await db.query(`SELECT 1 FROM admin_audit WHERE action = 'purpose.record'`);
    expect(rows).toHaveLength(1);
    const bad = await app.inject({
      method: 'POST',
      url: '/v1/purposes',
      headers: { authorization: `Bearer ${officerToken}` },
      payload: { ...body, code: 'lower case' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('refuses terms granting a purpose outside the catalogue or a default not granted', async () => {
    const base = {
      institutionId: institution.id,
      registryNumber: 'PKS/X',
      institutionNumber: 'X/1',
      purpose: 'Uji',
      elements: ['NIK' as const],
      methods: ['portal' as const],
      startDate: '2026-01-01',
      endDate: '2026-12-31',
    };
    await expect(
      createAgreement({ db, now: new Date() }, SERVER_ACTOR, {
        ...base,
        purposeCodes: ['TIDAK_ADA'],
        configThreshold: 80,
      }),
    ).rejects.toMatchObject({ code: 'PURPOSE_UNKNOWN', status: 400 });
    await expect(
      createAgreement({ db, now: new Date() }, SERVER_ACTOR, {
        ...base,
        purposeCodes: ['BANSOS'],
        defaultPurpose: 'PASIEN',
        configThreshold: 80,
      }),
    ).rejects.toMatchObject({ code: 'DEFAULT_PURPOSE_NOT_GRANTED', status: 400 });
  });

  it('versions the granted purposes with amendments (the default follows when dropped)', async () => {
    const other = await insertInstitution(db, {
      code: 'DINSOS_UJI',
      name: 'Dinas Sosial Sintetis',
      officeId: world.central.id,
      allowedNetworks: ['127.0.0.0/8'],
    });
    const a = await createAgreement({ db, now: new Date() }, SERVER_ACTOR, {
      institutionId: other.id,
      registryNumber: 'PKS/PUSAT/TUJUAN/2',
      institutionNumber: 'DINSOS/1',
      purpose: 'Validasi bansos',
      elements: ['NIK'],
      methods: ['portal'],
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      purposeCodes: ['BANSOS', 'BENCANA'],
      configThreshold: 80,
    });
    expect(a).toMatchObject({ purposeCodes: ['BANSOS', 'BENCANA'], defaultPurpose: 'BANSOS' });
    const v2 = await amendAgreement({ db, now: new Date() }, SERVER_ACTOR, {
      id: a.id,
      reason: 'Adendum: hanya korban bencana',
      terms: { purposeCodes: ['BENCANA'] },
    });
    expect(v2).toMatchObject({ version: 2, purposeCodes: ['BENCANA'], defaultPurpose: 'BENCANA' });
    const res = await app.inject({
      url: `/v1/agreements/${a.id}`,
      headers: { authorization: `Bearer ${officerToken}` },
    });
    expect(res.json()).toMatchObject({ purposeCodes: ['BENCANA'], defaultPurpose: 'BENCANA' });
  });
});

describe('the purpose of an access (v1)', () => {
  it('records a granted purpose as stated', async () => {
    const res = await lookup({ nik: resident.nik, purpose: 'PASIEN' });
    expect(res.statusCode).toBe(200);
    expect(res.json().outcome).toBe('FOUND');
    expect(await auditOf(res.json().requestId)).toEqual({
      outcome: 'found',
      purpose: 'PASIEN',
      purpose_defaulted: false,
    });
  });

  it("gives a client that states none the agreement's default, recorded as defaulted", async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/verifications',
      headers: { authorization: `Bearer ${token}` },
      payload: { nik: resident.nik, elements: { NAMA_LGKP: 'DEWI PURNAMA SINTETIS' } },
    });
    expect(res.statusCode).toBe(200);
    expect(await auditOf(res.json().requestId)).toEqual({
      outcome: 'found',
      purpose: 'BANSOS',
      purpose_defaulted: true,
    });
  });

  it('refuses a purpose the agreement does not grant: 403, audited with the purpose stated', async () => {
    const res = await lookup({ nik: resident.nik, purpose: 'REKENING' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('PURPOSE_NOT_GRANTED');
    expect(await auditOf(res.json().error.requestId)).toEqual({
      outcome: 'purpose_not_granted',
      purpose: 'REKENING',
      purpose_defaulted: false,
    });
  });

  it('refuses a purpose that is not a string as a malformed request (400, audited)', async () => {
    const res = await lookup({ nik: resident.nik, purpose: 7 });
    expect(res.statusCode).toBe(400);
    expect((await lastAudit()).outcome).toBe('invalid_request');
  });

  it('lets an agreement recorded before purposes serve clients stating none, and refuses a stated one', async () => {
    const none = await lookup({ nik: resident.nik }, legacyToken);
    expect(none.statusCode).toBe(200);
    expect(await auditOf(none.json().requestId)).toEqual({
      outcome: 'found',
      purpose: null,
      purpose_defaulted: false,
    });
    const stated = await lookup({ nik: resident.nik, purpose: 'BANSOS' }, legacyToken);
    expect(stated.statusCode).toBe(403);
    expect(stated.json().error.code).toBe('PURPOSE_NOT_GRANTED');
  });

  it('never answers 5xx, whatever the purpose (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('BANSOS', 'PASIEN')),
        async (p) => {
          const res = await lookup({ nik: resident.nik, purpose: p });
          expect([200, 400, 403]).toContain(res.statusCode);
          if (res.statusCode === 200) expect(['BANSOS', 'PASIEN', '']).toContain(p);
          expect(res.headers['cache-control']).toBe('no-store');
        },
      ),
      { numRuns: 25, seed: 15 },
    );
  });
});

describe('the purpose of an access (wire TUJUAN)', () => {
  it('reads TUJUAN in any case, defaults a legacy body, and refuses an ungranted purpose with 23', async () => {
    const stated = await wire({ tujuan: 'PASIEN' });
    expect(stated.json().content[0].RESPONSE_CODE).toBe('01');
    expect(await lastAudit()).toEqual({ outcome: 'found', purpose: 'PASIEN', purpose_defaulted: false });

    const legacy = await wire({});
    expect(legacy.json().content[0].RESPONSE_CODE).toBe('01');
    expect(await lastAudit()).toEqual({ outcome: 'found', purpose: 'BANSOS', purpose_defaulted: true });

    const refused = await wire({ TUJUAN: 'REKENING' });
    expect(refused.statusCode).toBe(200);
    expect(refused.json()).toEqual({
      content: [
        {
          RESPON: 'Tujuan penggunaan data tidak diberikan oleh perjanjian kerja sama',
          RESPONSE_CODE: '23',
        },
      ],
    });
    expect(await lastAudit()).toEqual({
      outcome: 'purpose_not_granted',
      purpose: 'REKENING',
      purpose_defaulted: false,
    });
  });
});

describe('the purpose in the audit search and exports', () => {
  it('filters by purpose and shows it in the rows and the CSV', async () => {
    const headers = { authorization: `Bearer ${officerToken}` };
    const res = await app.inject({
      url: `/v1/audit?institutionId=${institution.id}&purpose=PASIEN`,
      headers,
    });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { purpose: string; purposeDefaulted: boolean }[];
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items.every((r) => r.purpose === 'PASIEN' && r.purposeDefaulted === false)).toBe(true);
    const csv = await app.inject({
      url: `/v1/audit/export.csv?institutionId=${institution.id}&purpose=BANSOS`,
      headers,
    });
    const lines = csv.body.trim().split('\n');
    expect(lines[0]!.endsWith(',purpose,purposeDefaulted')).toBe(true);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.endsWith('"BANSOS",true') || l.endsWith('"BANSOS",false'))).toBe(
      true,
    );
    expect(lines.slice(1).some((l) => l.endsWith('"BANSOS",true'))).toBe(true);
  });
});
