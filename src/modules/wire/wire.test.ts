import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import {
  addOperator,
  addResident,
  agreementFor,
  PASSWORD,
  seedWorld,
  testApp,
  tokenFor,
  type World,
} from '../../test/fixtures.ts';
import { OUTCOMES } from '../access/outcomes.ts';
import { updateAccount } from '../accounts/accounts.repo.ts';
import { insertAgreement } from '../agreements/agreements.repo.ts';
import { insertInstitution } from '../institutions/institutions.repo.ts';
import type { ResidentRow } from '../residents/residents.types.ts';

let db: Db;
let app: FastifyInstance;
let world: World;
let resident: ResidentRow;
// 10:00 WIB on a weekday inside every agreement's period.
let now = new Date('2026-06-15T03:00:00Z');

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  app = await testApp(db, { clock: () => now });
  resident = await addResident(db, { fullName: 'BUDI SANTOSO', sex: 'LAKI-LAKI', birthDate: '1985-03-07' });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

function call(
  service: 'CALL_VERIFY_BY_ELEMEN' | 'CALL_NIK',
  body: Record<string, unknown> | string,
  opts: { customerId?: string; remoteAddress?: string; contentType?: string } = {},
) {
  return app.inject({
    method: 'POST',
    url: `/dukcapil/get_json/${opts.customerId ?? world.institution.code}/${service}`,
    headers: { 'content-type': opts.contentType ?? 'application/json' },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
    ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
  });
}

const creds = (over: Record<string, unknown> = {}) => ({
  USER_ID: world.operator.username,
  PASSWORD,
  IP_USER: '127.0.0.1',
  ...over,
});

function content(res: { statusCode: number; json: () => unknown }): Record<string, string> {
  expect(res.statusCode).toBe(200);
  const body = res.json() as { content: Record<string, string>[] };
  expect(body.content).toHaveLength(1);
  return body.content[0]!;
}

const expectCode = (res: Parameters<typeof content>[0], code: string) => {
  const c = content(res);
  expect(c.RESPONSE_CODE).toBe(code);
  return c;
};

/** A verification answered: verdicts, NIK's first, and no RESPONSE_CODE (the default; wire-evidence.md). */
const expectVerified = (res: Parameters<typeof content>[0]) => {
  const c = content(res);
  expect(c.RESPONSE_CODE).toBeUndefined();
  expect(c.RESPON).toBeUndefined();
  expect(c.NIK).toBe('Sesuai');
  return c;
};

describe('CALL_VERIFY_BY_ELEMEN', () => {
  it('answers NIK and Sesuai / Tidak Sesuai (NN) per submitted granted element, with lower-case keys and TGL_LHR dd-mm-yyyy', async () => {
    const c = expectVerified(
      await call('CALL_VERIFY_BY_ELEMEN', {
        user_id: world.operator.username,
        password: PASSWORD,
        ip_user: '127.0.0.1',
        treshold: '95',
        nik: resident.nik,
        nama_lgkp: 'budi santosa',
        tgl_lhr: '07-03-1985',
        TMPT_LHR: 'CILACAP',
        NAMA_LGKP_IBU: 'SUMIATI',
      }),
    );
    expect(c).toEqual({
      NIK: 'Sesuai',
      NAMA_LGKP: 'Tidak Sesuai (92)',
      TGL_LHR: 'Sesuai',
      TMPT_LHR: 'Sesuai',
    });
    expect(Object.keys(c)[0]).toBe('NIK');
  });

  it('takes TRESHOLD as a number too and defaults to the agreement', async () => {
    const low = content(
      await call('CALL_VERIFY_BY_ELEMEN', {
        ...creds(),
        TRESHOLD: 95,
        NIK: resident.nik,
        NAMA_LGKP: 'BUDI SANTOSA',
      }),
    );
    expect(low.NAMA_LGKP).toBe('Tidak Sesuai (92)');
    const dflt = content(
      await call('CALL_VERIFY_BY_ELEMEN', { ...creds(), NIK: resident.nik, NAMA_LGKP: 'BUDI SANTOSA' }),
    );
    // A match on the name carries its score, as clients parse it ("Sesuai (NN)").
    expect(dflt.NAMA_LGKP).toBe('Sesuai (92)');
  });

  it('accepts a body sent as text/plain or without a content type', async () => {
    const body = { ...creds(), NIK: resident.nik, NAMA_LGKP: 'BUDI SANTOSO' };
    expectVerified(await call('CALL_VERIFY_BY_ELEMEN', body, { contentType: 'text/plain' }));
    const res = await app.inject({
      method: 'POST',
      url: `/dukcapil/get_json/${world.institution.code}/CALL_VERIFY_BY_ELEMEN`,
      payload: JSON.stringify(body),
    });
    expectVerified(res);
  });

  it('07: no granted element, a bad TRESHOLD, a missing NIK or a body that is not JSON', async () => {
    expectCode(await call('CALL_VERIFY_BY_ELEMEN', { ...creds(), NIK: resident.nik, AGAMA: 'ISLAM' }), '07');
    expectCode(
      await call('CALL_VERIFY_BY_ELEMEN', {
        ...creds(),
        NIK: resident.nik,
        NAMA_LGKP: 'X',
        TRESHOLD: 'tinggi',
      }),
      '07',
    );
    expectCode(
      await call('CALL_VERIFY_BY_ELEMEN', { ...creds(), NIK: resident.nik, NAMA_LGKP: 'X', TRESHOLD: '101' }),
      '07',
    );
    expectCode(await call('CALL_VERIFY_BY_ELEMEN', { ...creds(), NAMA_LGKP: 'X' }), '07');
    const c = expectCode(await call('CALL_VERIFY_BY_ELEMEN', '{"USER_ID": "a",'), '07');
    expect(c.RESPON).toBe('Parameter Tidak Lengkap');
    expectCode(await call('CALL_VERIFY_BY_ELEMEN', '[1,2]'), '07');
  });
});

describe('CALL_NIK', () => {
  it('01: returns the granted elements only, TGL_LHR as dd-mm-yyyy', async () => {
    const c = expectCode(await call('CALL_NIK', { ...creds(), NIK: resident.nik }), '01');
    expect(Object.keys(c).sort()).toEqual([...world.agreement.elements, 'RESPONSE_CODE'].sort());
    expect(c).toMatchObject({
      NIK: resident.nik,
      NAMA_LGKP: 'BUDI SANTOSO',
      TGL_LHR: '07-03-1985',
      JENIS_KLMIN: 'LAKI-LAKI',
    });
    const raw = JSON.stringify(c);
    expect(raw).not.toContain(resident.motherName);
    expect(raw).not.toContain(resident.rt);
  });
});

describe('every wire outcome code', () => {
  const look = (body: Record<string, unknown>, opts?: Parameters<typeof call>[2]) =>
    call('CALL_NIK', body, opts);

  it("03: wrong password, unknown user, or another institution's CUSTOMER_ID", async () => {
    expect(
      expectCode(await look({ ...creds({ PASSWORD: 'salah-sekali' }), NIK: resident.nik }), '03').RESPON,
    ).toBe('Login Gagal');
    expectCode(await look({ ...creds({ USER_ID: 'tidak.ada' }), NIK: resident.nik }), '03');
    expectCode(
      await look({ ...creds(), NIK: resident.nik }, { customerId: world.other.institution.code }),
      '03',
    );
    // A NUL (which PostgreSQL text cannot hold) in the user ID or password is refused at the edge (issue #17:
    // 07, audited as a malformed request of an unknown caller), not a 500 and not a login attempt.
    const before = await db.query(
      `SELECT count(*)::int AS n FROM access_audit WHERE outcome = 'invalid_request'`,
    );
    expectCode(await look({ ...creds({ USER_ID: 'evil\u0000user' }), NIK: resident.nik }), '07');
    expectCode(await look({ ...creds({ PASSWORD: 'x\u0000y' }), NIK: resident.nik }), '07');
    const after = await db.query(
      `SELECT count(*)::int AS n FROM access_audit WHERE outcome = 'invalid_request'`,
    );
    expect((after.rows[0] as { n: number }).n - (before.rows[0] as { n: number }).n).toBe(2);
  });

  it('04: IP_USER differs from the caller', async () => {
    expectCode(await look({ ...creds({ IP_USER: '10.9.9.9' }), NIK: resident.nik }), '04');
  });

  it('09: user, password or IP empty', async () => {
    expectCode(await look({ ...creds({ PASSWORD: '' }), NIK: resident.nik }), '09');
    expectCode(await look({ USER_ID: world.operator.username, PASSWORD, NIK: resident.nik }), '09');
  });

  it('10: caller outside the allowed networks', async () => {
    const c = expectCode(
      await look(
        { ...creds({ IP_USER: '192.168.7.7' }), NIK: resident.nik },
        { remoteAddress: '192.168.7.7' },
      ),
      '10',
    );
    expect(c.RESPON).toBe('IP Client  Tidak terdaftar'); // two spaces, as SIMRS-Khanza matches it
  });

  it('08: a NIK that is not 16 digits; 15: 16 digits not in Dukcapil format; 13: not in the registry', async () => {
    expectCode(await look({ ...creds(), NIK: '33010112AB' }), '08');
    expectCode(await look({ ...creds(), NIK: '0000000000000000' }), '15');
    expectCode(await look({ ...creds(), NIK: '3301010703859999' }), '13');
  });

  it('11, 12, 14: deceased, duplicate and inactive records', async () => {
    for (const [status, code] of [
      ['deceased', '11'],
      ['duplicate', '12'],
      ['inactive', '14'],
    ] as const) {
      const r = await addResident(db, { recordStatus: status });
      const c = expectCode(await look({ ...creds(), NIK: r.nik }), code);
      expect(c.RESPON).toBe(OUTCOMES[status].respon);
      expect(Object.keys(c).sort()).toEqual(['RESPON', 'RESPONSE_CODE']);
    }
  });

  it('16: institution inactive, or no agreement in force; 17: user ID inactive', async () => {
    const inst = await insertInstitution(db, {
      code: 'NONAKTIF',
      name: 'Instansi Nonaktif',
      officeId: world.central.id,
      allowedNetworks: ['127.0.0.1/32'],
      isActive: false,
    });
    await insertAgreement(db, agreementFor(inst));
    const op = await addOperator(db, inst);
    expectCode(
      await look({ ...creds({ USER_ID: op.username }), NIK: resident.nik }, { customerId: 'NONAKTIF' }),
      '16',
    );

    const expired = await insertInstitution(db, {
      code: 'KADALUARSA',
      name: 'PKS berakhir',
      officeId: world.central.id,
      allowedNetworks: ['127.0.0.1/32'],
    });
    await insertAgreement(db, agreementFor(expired, { startDate: '2023-01-01', endDate: '2025-12-31' }));
    const op2 = await addOperator(db, expired);
    const ended = expectCode(
      await look({ ...creds({ USER_ID: op2.username }), NIK: resident.nik }, { customerId: 'KADALUARSA' }),
      '16',
    );
    // Code 16 (no better one in the wire table), but RESPON says what is true (issue 17.8).
    expect(ended.RESPON).toBe('Perjanjian kerja sama tidak berlaku');

    const noMethod = await insertInstitution(db, {
      code: 'TANPAMETODE',
      name: 'Tanpa metode',
      officeId: world.central.id,
      allowedNetworks: ['127.0.0.1/32'],
    });
    await insertAgreement(db, agreementFor(noMethod, { methods: ['verification'] }));
    const op4 = await addOperator(db, noMethod);
    const c16 = expectCode(
      await look({ ...creds({ USER_ID: op4.username }), NIK: resident.nik }, { customerId: 'TANPAMETODE' }),
      '16',
    );
    expect(c16.RESPON).toBe('Metode akses tidak diberikan');

    const op3 = await addOperator(db, world.institution);
    await updateAccount(db, op3.id, { isActive: false });
    expectCode(await look({ ...creds({ USER_ID: op3.username }), NIK: resident.nik }), '17');
  });

  it('06: outside the allowed hours (WIB)', async () => {
    const inst = await insertInstitution(db, {
      code: 'JAMKERJA',
      name: 'Jam kerja',
      officeId: world.central.id,
      allowedNetworks: ['127.0.0.1/32'],
    });
    await insertAgreement(
      db,
      agreementFor(inst, { allowedHoursStart: '08:00:00', allowedHoursEnd: '16:00:00' }),
    );
    const op = await addOperator(db, inst);
    const body = { ...creds({ USER_ID: op.username }), NIK: resident.nik };
    expectCode(await look(body, { customerId: 'JAMKERJA' }), '01');
    now = new Date('2026-06-15T09:30:00Z'); // 16:30 WIB
    try {
      expectCode(await look(body, { customerId: 'JAMKERJA' }), '06');
    } finally {
      now = new Date('2026-06-15T03:00:00Z');
    }
  });

  it('05: the call after the last allowed one that day, resetting at 00:00 WIB', async () => {
    const op = await addOperator(db, world.institution, { dailyQuota: 2 });
    const body = { ...creds({ USER_ID: op.username }), NIK: resident.nik };
    now = new Date('2026-06-15T16:58:00Z'); // 23:58 WIB
    try {
      expectCode(await look(body), '01');
      expectCode(await look({ ...body, NIK: '0000000000000000' }), '15'); // a bad-format NIK is a hit too
      const c = expectCode(await look(body), '05');
      expect(c.RESPON).toBe('Kuota Akses Hari ini telah Habis');
      now = new Date('2026-06-15T17:00:00Z'); // 00:00 WIB the next day
      expectCode(await look(body), '01');
    } finally {
      now = new Date('2026-06-15T03:00:00Z');
    }
  });

  it('audits every attempt, refused ones included, with the request ID', async () => {
    const res = await look({ ...creds({ PASSWORD: 'salah-sekali' }), NIK: resident.nik });
    const { rows } = await db.query<Record<string, unknown>>(
      'SELECT * FROM access_audit WHERE request_id = $1',
      [res.headers['x-request-id']],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      outcome: 'login_failed',
      protocol: 'wire',
      method: 'portal',
      nik: resident.nik,
    });
  });
});

describe('a NIK sent as a JSON number (issue 17.1)', () => {
  // Two Papua residents (province 96) whose NIKs differ in the last digit only, both above 2^53: a double
  // turns 9671041010900003 into 9671041010900004.
  const nikA = '9671041010900003';
  const nikB = '9671041010900004';
  beforeAll(async () => {
    await addResident(db, {
      nik: nikA,
      villageCode: '9671041001',
      fullName: 'YOHANES WENDA',
      familyCardNumber: '9671040101200003',
    });
    await addResident(db, { nik: nikB, villageCode: '9671041001', fullName: 'MARKUS TABUNI' });
    expect(Number(nikA)).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    expect(String(JSON.parse(`{"n":${nikA}}`).n)).toBe(nikB); // the defect this guards against
  });
  const raw = (fields: string) =>
    `{"USER_ID":${JSON.stringify(world.operator.username)},"PASSWORD":${JSON.stringify(PASSWORD)},` +
    `"IP_USER":"127.0.0.1",${fields}}`;

  it('CALL_NIK answers the record of exactly the digits sent', async () => {
    const c = expectCode(await call('CALL_NIK', raw(`"NIK":${nikA}`)), '01');
    expect(c.NIK).toBe(nikA);
    expect(c.NAMA_LGKP).toBe('YOHANES WENDA');
    const { rows } = await db.query<{ nik: string }>('SELECT nik FROM access_audit ORDER BY id DESC LIMIT 1');
    expect(rows[0]!.nik).toBe(nikA);
  });

  it("CALL_VERIFY_BY_ELEMEN compares against the digits sent, never the neighbour's record", async () => {
    const own = expectVerified(
      await call('CALL_VERIFY_BY_ELEMEN', raw(`"NIK":${nikA},"NAMA_LGKP":"YOHANES WENDA","TRESHOLD":90`)),
    );
    expect(own.NAMA_LGKP).toMatch(/^Sesuai/);
    const neighbour = expectVerified(
      await call('CALL_VERIFY_BY_ELEMEN', raw(`"NIK":${nikA},"NAMA_LGKP":"MARKUS TABUNI"`)),
    );
    expect(neighbour.NAMA_LGKP).toMatch(/^Tidak Sesuai/);
  });

  it('NO_KK sent as a number above 2^53 is compared by its exact digits', async () => {
    expect(String(JSON.parse('[9671040101200003]')[0])).not.toBe('9671040101200003');
    const c = expectVerified(
      await call('CALL_VERIFY_BY_ELEMEN', raw(`"NIK":${nikA},"NO_KK":9671040101200003`)),
    );
    expect(c.NO_KK).toBe('Sesuai');
    const other = expectVerified(
      await call('CALL_VERIFY_BY_ELEMEN', raw(`"NIK":${nikA},"NO_KK":9671040101200005`)),
    );
    expect(other.NO_KK).toBe('Tidak Sesuai (0)');
  });

  it('a number with a fraction or an exponent is not a NIK (08)', async () => {
    expectCode(await call('CALL_NIK', raw(`"NIK":9.671041010900003e15`)), '08');
    expectCode(await call('CALL_NIK', raw(`"NIK":9671041010900003.0`)), '08');
  });
});

describe('tolerant reading (issue 19)', () => {
  it('reads a JSON body under a malformed, several-valued or missing Content-Type', async () => {
    const body = { ...creds(), NIK: resident.nik };
    for (const contentType of [
      'application/json,Accept: application/json', // api-dukcapil's header, every PHP service of it
      'application/json, text/plain',
      'text/html; charset=iso-8859-1',
      'application/x-www-form-urlencoded',
      ';;;',
    ]) {
      expectCode(await call('CALL_NIK', body, { contentType }), '01');
    }
    const res = await app.inject({
      method: 'POST',
      url: `/dukcapil/get_json/${world.institution.code}/CALL_NIK`,
      headers: { 'content-type': ['application/json', 'text/plain'] as unknown as string },
      payload: JSON.stringify(body),
    });
    expectCode(res, '01');
  });

  it('takes the method name in any case and the older URL with a region prefix; never a non-wire 404', async () => {
    const inject = (url: string, body: Record<string, unknown>) =>
      app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: body });
    const code = world.institution.code;
    expectCode(await inject(`/dukcapil/get_json/${code}/call_nik`, { ...creds(), NIK: resident.nik }), '01');
    expectCode(
      await inject(`/dukcapil/get_json/33/${code}/call_nik`, { ...creds(), NIK: resident.nik }),
      '01',
    );
    expectCode(
      await inject(`/dukcapil/get_json/12-05/${code}/Call_Nik`, { ...creds(), NIK: resident.nik }),
      '01',
    );
    expectVerified(
      await inject(`/dukcapil/get_json/${code}/call_verify_by_elemen`, {
        ...creds(),
        NIK: resident.nik,
        NAMA_LGKP: 'BUDI SANTOSO',
      }),
    );
    // An unknown method or a region that is not one: the wire's 07, audited.
    expectCode(await inject(`/dukcapil/get_json/${code}/call_kk`, { ...creds(), NIK: resident.nik }), '07');
    expectCode(
      await inject(`/dukcapil/get_json/xx/${code}/call_nik`, { ...creds(), NIK: resident.nik }),
      '07',
    );
  });

  it('reads IP_USER under the aliases ip_address and ip_users', async () => {
    for (const alias of ['ip_address', 'IP_USERS', 'Ip_Address']) {
      const body = { USER_ID: world.operator.username, PASSWORD, [alias]: '127.0.0.1', NIK: resident.nik };
      expectCode(await call('CALL_NIK', body), '01');
      expectCode(await call('CALL_NIK', { ...body, [alias]: '10.1.1.1' }), '04');
    }
  });

  it('13 and 15 say "Data Tidak Ditemukan", the text clients match', async () => {
    expect(expectCode(await call('CALL_NIK', { ...creds(), NIK: '3301010703859999' }), '13').RESPON).toBe(
      'Data Tidak Ditemukan',
    );
    expect(expectCode(await call('CALL_NIK', { ...creds(), NIK: '0000000000000000' }), '15').RESPON).toBe(
      'Data Tidak Ditemukan',
    );
  });
});

describe('wire compatibility per client application (migration 014)', () => {
  it('puts RESPONSE_CODE 01 on a verification answer only for a client application that asks for it', async () => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO client_applications (id, institution_id, name, registered_at)
       VALUES ('capp_compat_test', $1, 'Aplikasi lama', now()) RETURNING id`,
      [world.institution.id],
    );
    const op = await addOperator(db, world.institution);
    await db.query('UPDATE user_accounts SET client_application_id = $2 WHERE id = $1', [op.id, rows[0]!.id]);
    const body = { ...creds({ USER_ID: op.username }), NIK: resident.nik, NAMA_LGKP: 'BUDI SANTOSO' };
    expect(content(await call('CALL_VERIFY_BY_ELEMEN', body)).RESPONSE_CODE).toBeUndefined();

    // Bearer tokens are checked against the real time: the officer acts at the real time here.
    const fixed = now;
    now = new Date();
    let set;
    let denied;
    try {
      const token = await tokenFor(app, world.officer.username);
      set = await app.inject({
        method: 'PATCH',
        url: `/v1/client-applications/${rows[0]!.id}/wire-compat`,
        headers: { authorization: `Bearer ${token}` },
        payload: { verifyResponseCode: true },
      });
      // The operator's own token cannot change it.
      const opToken = await tokenFor(app, op.username);
      denied = await app.inject({
        method: 'PATCH',
        url: `/v1/client-applications/${rows[0]!.id}/wire-compat`,
        headers: { authorization: `Bearer ${opToken}` },
        payload: { verifyResponseCode: false },
      });
    } finally {
      now = fixed;
    }
    expect(denied.statusCode).toBe(403);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ clientApplicationId: rows[0]!.id, verifyResponseCode: true });
    const c = content(await call('CALL_VERIFY_BY_ELEMEN', body));
    expect(c).toEqual({ NIK: 'Sesuai', NAMA_LGKP: 'Sesuai (100)', RESPONSE_CODE: '01' });
  });
});
