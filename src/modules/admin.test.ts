import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db.ts';
import { createTestDb } from '../test/db.ts';
import {
  addResident,
  PASSWORD,
  seedWorld,
  testApp,
  TINY_PDF,
  tokenFor,
  type World,
} from '../test/fixtures.ts';
import type { ResidentRow } from './residents/residents.types.ts';
import { updateAgreement, type AgreementStatus } from './agreements/agreements.repo.ts';

/**
 * The admin REST API end to end, through `app.inject()`, as the central officer (`pusat.admin`) and the
 * officer of the Central Java province office (`jateng.admin`): offices, institutions, agreements, accounts
 * and the audit, and how each change governs an operator's access. Every answer is checked for
 * `cache-control: no-store`, an `x-request-id`, and the absence of any password or password hash.
 */
let db: Db;
let app: FastifyInstance;
let world: World;
let central: Client;
let office: Client;
let resident: ResidentRow;

/** Passwords sent in this file: none may come back in any answer. */
const passwords = new Set<string>([PASSWORD]);

interface Client {
  token: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body: object): Promise<LightMyRequestResponse>;
  patch(url: string, body: object): Promise<LightMyRequestResponse>;
}

function hygiene(res: LightMyRequestResponse): LightMyRequestResponse {
  expect(res.statusCode, res.body).toBeLessThan(500);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['x-request-id']).toBeTruthy();
  expect(res.body).not.toContain('$argon2');
  expect(res.body.toLowerCase()).not.toMatch(/password_?hash/);
  for (const p of passwords) expect(res.body).not.toContain(p);
  return res;
}

async function client(username: string, password = PASSWORD): Promise<Client> {
  const token = await tokenFor(app, username, password);
  const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    if (payload && 'password' in payload && typeof payload.password === 'string') {
      passwords.add(payload.password);
    }
    return hygiene(
      await app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(payload ? { payload } : {}),
      }),
    );
  };
  return {
    token,
    get: (url) => call('GET', url),
    post: (url, body) => call('POST', url, body),
    patch: (url, body) => call('PATCH', url, body),
  };
}

function expectError(res: LightMyRequestResponse, status: number, code: string): string {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json() as {
    error: { code: string; message: string; requestId: string; details?: unknown };
  };
  expect(body.error.code).toBe(code);
  expect(body.error.requestId).toBe(res.headers['x-request-id']);
  // The message and the details together, for checking that the caller is told what is wrong.
  return `${body.error.message} ${JSON.stringify(body.error.details ?? '')}`;
}

const ids = (res: LightMyRequestResponse) => (res.json().items as { id: string }[]).map((i) => i.id);

/** An operator's v1 look-up and wire CALL_NIK. */
const lookup = (token: string, nik = resident.nik) =>
  app
    .inject({
      method: 'POST',
      url: '/v1/lookups',
      headers: { authorization: `Bearer ${token}` },
      payload: { nik },
    })
    .then(hygiene);
const wireLookup = async (code: string, username: string, password: string, nik = resident.nik) => {
  const res = hygiene(
    await app.inject({
      method: 'POST',
      url: `/dukcapil/get_json/${code}/CALL_NIK`,
      payload: { USER_ID: username, PASSWORD: password, IP_USER: '127.0.0.1', NIK: nik },
    }),
  );
  return (res.json() as { content: Record<string, string>[] }).content[0]!.RESPONSE_CODE;
};

const agreementBody = (institutionId: string, over: Record<string, unknown> = {}) => ({
  institutionId,
  registryNumber: '470/900/DISDUKCAPIL/2026',
  institutionNumber: '800/12/INSTANSI/2026',
  purpose: 'Verifikasi penerima bantuan',
  elements: ['NIK', 'NAMA_LGKP', 'TGL_LHR', 'ALAMAT'],
  methods: ['verification', 'portal'],
  startDate: '2020-01-01',
  endDate: '2099-12-31',
  ...over,
});

let provisioned = 0;
/**
 * A new institution under the province office, provisioned through the API by `by`: one agreement in force
 * and one operator (password `password`, logged in).
 */
async function provision(by: Client, over: { dailyQuota?: number | null } = {}) {
  provisioned += 1;
  const code = `ADM_${provisioned}`;
  const inst = await by.post('/v1/institutions', {
    code,
    name: `Instansi Admin ${provisioned}`,
    officeId: world.province.id,
    allowedNetworks: ['127.0.0.1', '10.33.0.0/16'],
  });
  expect(inst.statusCode, inst.body).toBe(201);
  const institution = inst.json() as { id: string; code: string };
  const agr = await by.post('/v1/agreements', agreementBody(institution.id));
  expect(agr.statusCode, agr.body).toBe(201);
  const password = `kata-sandi-admin-${provisioned}`;
  const acc = await by.post('/v1/accounts', {
    username: `adm.operator${provisioned}`,
    password,
    fullName: `Operator Admin ${provisioned}`,
    institutionId: institution.id,
    dailyQuota: over.dailyQuota === undefined ? 50 : over.dailyQuota,
  });
  expect(acc.statusCode, acc.body).toBe(201);
  const account = acc.json() as { id: string; username: string };
  // The gates: the head's SPTJM and the operator's NDA, recorded through the API.
  const sptjm = await by.post(`/v1/institutions/${institution.id}/responsibility-statement`, {
    signatoryName: 'Kepala Instansi Admin',
    signatoryPosition: 'Kepala Dinas',
    signedOn: '2026-01-02',
    document: { filename: 'sptjm.pdf', contentType: 'application/pdf', base64: TINY_PDF.toString('base64') },
  });
  expect(sptjm.statusCode, sptjm.body).toBe(201);
  expect((await by.post(`/v1/accounts/${account.id}/nda`, { signedOn: '2026-01-02' })).statusCode).toBe(201);
  return {
    institution,
    agreement: agr.json() as { id: string },
    account,
    password,
    token: await tokenFor(app, account.username, password),
  };
}

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  app = await testApp(db);
  central = await client(world.officer.username);
  office = await client(world.provinceOfficer.username);
  resident = await addResident(db);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('/v1/offices', () => {
  it('lets the central office create offices with real region codes, each under the office of the region above', async () => {
    const diy = await central.post('/v1/offices', {
      level: 'province',
      regionCode: '34',
      name: 'Disdukcapil DIY',
    });
    expect(diy.statusCode).toBe(201);
    expect(diy.json()).toMatchObject({ level: 'province', regionCode: '34', parentId: world.central.id });
    expect(diy.json().id).toMatch(/^off_/);
    const banyumas = await central.post('/v1/offices', {
      level: 'regency',
      regionCode: '33.02',
      name: 'Disdukcapil Kabupaten Banyumas',
    });
    expect(banyumas.statusCode).toBe(201);
    expect(banyumas.json()).toMatchObject({
      level: 'regency',
      regionCode: '3302',
      parentId: world.province.id,
    });
    const semarang = await central.post('/v1/offices', {
      level: 'city',
      regionCode: '3374',
      name: 'Disdukcapil Kota Semarang',
    });
    expect(semarang.json()).toMatchObject({ level: 'city', regionCode: '3374', parentId: world.province.id });
    const bantul = await central.post('/v1/offices', {
      level: 'regency',
      regionCode: '34.02',
      name: 'Disdukcapil Kabupaten Bantul',
    });
    expect(bantul.json()).toMatchObject({ parentId: diy.json().id });

    const list = await central.get('/v1/offices');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((o: { regionCode: string | null }) => o.regionCode)).toEqual([
      null,
      '33',
      '3302',
      '3374',
      '34',
      '3402',
    ]);
    // Every officer may read the list of offices.
    expect((await office.get('/v1/offices')).json().items).toHaveLength(6);
  });

  it('refuses unknown and malformed codes, a level that does not fit the code, duplicates and a second central office', async () => {
    const post = (body: object) => central.post('/v1/offices', { name: 'Disdukcapil Uji', ...body });
    expect(
      expectError(await post({ level: 'province', regionCode: '99' }), 400, 'OFFICE_REGION_UNKNOWN'),
    ).toContain('not an existing province');
    expect(
      expectError(await post({ level: 'regency', regionCode: '3399' }), 400, 'OFFICE_REGION_UNKNOWN'),
    ).toContain('not an existing regency/city');
    expectError(await post({ level: 'province', regionCode: 'ab' }), 400, 'VALIDATION_FAILED');
    expectError(await post({ level: 'regency', regionCode: '330101' }), 400, 'VALIDATION_FAILED');
    expectError(await post({ level: 'regency', regionCode: '35' }), 400, 'OFFICE_REGION_UNKNOWN');
    expectError(await post({ level: 'province', regionCode: '3301' }), 400, 'OFFICE_REGION_UNKNOWN');
    expectError(await post({ level: 'district', regionCode: '3301' }), 400, 'VALIDATION_FAILED');
    // A kota is a city, a kabupaten a regency.
    expect(
      expectError(await post({ level: 'regency', regionCode: '3371' }), 400, 'OFFICE_REGION_LEVEL'),
    ).toContain('KOTA MAGELANG is a city, not a regency');
    expect(
      expectError(await post({ level: 'city', regionCode: '3301' }), 400, 'OFFICE_REGION_LEVEL'),
    ).toContain('KABUPATEN CILACAP is a regency, not a city');
    // One office per region, and one central office.
    expectError(await post({ level: 'province', regionCode: '33' }), 409, 'OFFICE_REGION_TAKEN');
    expectError(await post({ level: 'city', regionCode: '33.74' }), 409, 'OFFICE_REGION_TAKEN');
    expectError(await post({ level: 'central' }), 409, 'OFFICE_CENTRAL_EXISTS');
    expectError(await post({ level: 'central', regionCode: '35' }), 400, 'OFFICE_CENTRAL_REGION');
    // A parent that does not exist, and a name too short.
    expectError(
      await post({ level: 'regency', regionCode: '3303', parentId: 'off_tidakada' }),
      400,
      'OFFICE_PARENT_UNKNOWN',
    );
    expectError(await post({ level: 'regency', regionCode: '3303', name: 'X' }), 400, 'VALIDATION_FAILED');
    expect((await central.get('/v1/offices')).json().items).toHaveLength(6);
  });

  it('lets only the central office create offices', async () => {
    const body = { level: 'regency', regionCode: '3303', name: 'Disdukcapil Kabupaten Purbalingga' };
    expectError(await office.post('/v1/offices', body), 403, 'FORBIDDEN');
    const operator = await client(world.operator.username);
    expectError(await operator.post('/v1/offices', body), 403, 'FORBIDDEN');
    expectError(await operator.get('/v1/offices'), 403, 'FORBIDDEN');
    expect((await central.get('/v1/offices')).json().items).toHaveLength(6);
  });
});

describe('/v1/institutions', () => {
  it('registers an institution with normalised networks, and reads it back', async () => {
    const res = await central.post('/v1/institutions', {
      code: 'DINKES_JATENG',
      name: 'Dinas Kesehatan Provinsi Jawa Tengah',
      officeId: world.province.id,
      allowedNetworks: ['10.33.1.0/24', ' 10.33.2.9 ', '2001:db8::/48', '2001:db8:0:0::1'],
    });
    expect(res.statusCode).toBe(201);
    const inst = res.json();
    expect(inst).toMatchObject({
      code: 'DINKES_JATENG',
      officeId: world.province.id,
      isActive: true,
      allowedNetworks: ['10.33.1.0/24', '10.33.2.9/32', '2001:db8::/48', '2001:db8::1/128'],
    });
    expect(inst.id).toMatch(/^ins_/);
    expect((await central.get(`/v1/institutions/${inst.id}`)).json()).toEqual(inst);
    expect(ids(await central.get('/v1/institutions'))).toContain(inst.id);
    expect(ids(await office.get('/v1/institutions'))).toContain(inst.id);
  });

  it('explains bad networks, codes and names with a 400 naming each problem', async () => {
    const message = expectError(
      await central.post('/v1/institutions', {
        code: 'BADNET',
        name: 'Jaringan Salah',
        officeId: world.central.id,
        allowedNetworks: ['10.0.0.0/33', 'bukan-ip', '300.1.1.1', '10.1.0.0/16'],
      }),
      400,
      'VALIDATION_FAILED',
    );
    for (const bad of ['10.0.0.0/33', 'bukan-ip', '300.1.1.1']) {
      expect(message).toContain(`Not a CIDR range or IP address: ${bad}`);
    }
    expect(message).not.toContain('10.1.0.0/16');
    const badCode = expectError(
      await central.post('/v1/institutions', {
        code: 'kode spasi',
        name: 'Kode Salah',
        officeId: world.central.id,
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(badCode).toContain('/code');
    expectError(
      await central.post('/v1/institutions', { code: 'OK_CODE', name: 'X', officeId: world.central.id }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await central.post('/v1/institutions', {
        code: 'OK_CODE',
        name: 'Kantor Tak Ada',
        officeId: 'off_tidakada',
      }),
      400,
      'OFFICE_UNKNOWN',
    );
    expect(
      expectError(
        await central.patch(`/v1/institutions/${world.institution.id}`, { allowedNetworks: ['1.2.3.4/99'] }),
        400,
        'VALIDATION_FAILED',
      ),
    ).toContain('Not a CIDR range or IP address: 1.2.3.4/99');
    expectError(
      await central.patch(`/v1/institutions/${world.institution.id}`, {}),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await central.get('/v1/institutions/ins_tidakada'), 404, 'NOT_FOUND');
    expectError(
      await central.patch('/v1/institutions/ins_tidakada', { name: 'Tidak Ada' }),
      404,
      'NOT_FOUND',
    );
    expect(ids(await central.get('/v1/institutions'))).toHaveLength(3);
  });

  it('answers a second institution with a code already taken with 409 CONFLICT', async () => {
    const dup = await central.post('/v1/institutions', {
      code: world.institution.code,
      name: 'Kode Kembar',
      officeId: world.central.id,
    });
    expectError(dup, 409, 'CONFLICT');
    expect((await central.get('/v1/institutions')).json().items).toHaveLength(3);
  });

  it('lets an office officer register and manage institutions only within its offices', async () => {
    const own = await office.post('/v1/institutions', {
      code: 'DINSOS_JATENG',
      name: 'Dinas Sosial Provinsi Jawa Tengah',
      officeId: world.province.id,
    });
    expect(own.statusCode).toBe(201);
    expect(own.json().allowedNetworks).toEqual([]);
    const outside = await office.post('/v1/institutions', {
      code: 'DI_PUSAT',
      name: 'Di Bawah Pusat',
      officeId: world.central.id,
    });
    expectError(outside, 400, 'OFFICE_UNKNOWN');
    expectError(await office.get(`/v1/institutions/${world.other.institution.id}`), 404, 'NOT_FOUND');
    expectError(
      await office.patch(`/v1/institutions/${world.other.institution.id}`, { isActive: false }),
      404,
      'NOT_FOUND',
    );
    expect((await central.get(`/v1/institutions/${world.other.institution.id}`)).json().isActive).toBe(true);
    const list = ids(await office.get('/v1/institutions'));
    expect(list).toContain(own.json().id);
    expect(list).not.toContain(world.other.institution.id);
    const codes = (await central.get('/v1/institutions')).json().items.map((i: { code: string }) => i.code);
    expect(codes).not.toContain('DI_PUSAT');
    const renamed = await office.patch(`/v1/institutions/${own.json().id}`, { name: 'Dinas Sosial Jateng' });
    expect(renamed.json()).toMatchObject({ name: 'Dinas Sosial Jateng', code: 'DINSOS_JATENG' });
  });

  it('deactivating an institution refuses its operators (INSTITUTION_INACTIVE, wire 16); networks govern them too', async () => {
    const p = await provision(office);
    expect((await lookup(p.token)).statusCode).toBe(200);
    const off = await office.patch(`/v1/institutions/${p.institution.id}`, { isActive: false });
    expect(off.json().isActive).toBe(false);
    expectError(await lookup(p.token), 403, 'INSTITUTION_INACTIVE');
    expect(await wireLookup(p.institution.code, p.account.username, p.password)).toBe('16');
    await office.patch(`/v1/institutions/${p.institution.id}`, { isActive: true });
    expect((await lookup(p.token)).statusCode).toBe(200);
    await office.patch(`/v1/institutions/${p.institution.id}`, { allowedNetworks: ['10.0.0.0/8'] });
    expectError(await lookup(p.token), 403, 'NETWORK_NOT_ALLOWED');
    expect(await wireLookup(p.institution.code, p.account.username, p.password)).toBe('10');
    await office.patch(`/v1/institutions/${p.institution.id}`, { allowedNetworks: ['127.0.0.0/8'] });
    expect((await lookup(p.token)).statusCode).toBe(200);
  });
});

describe('/v1/agreements', () => {
  it('records an agreement with both numbers, elements, methods, period and hours, and reads it back', async () => {
    const res = await central.post(
      '/v1/agreements',
      agreementBody(world.other.institution.id, {
        elements: ['NIK', 'NAMA_LGKP', 'NIK', 'ALAMAT'],
        methods: ['verification', 'verification'],
        allowedHours: { start: '07:00', end: '17:30' },
        status: 'signed',
      }),
    );
    expect(res.statusCode).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({
      institutionId: world.other.institution.id,
      officeId: world.other.institution.officeId,
      registryNumber: '470/900/DISDUKCAPIL/2026',
      institutionNumber: '800/12/INSTANSI/2026',
      elements: ['NIK', 'NAMA_LGKP', 'ALAMAT'],
      methods: ['verification'],
      startDate: '2020-01-01',
      endDate: '2099-12-31',
      status: 'signed',
      defaultThreshold: 80,
      allowedHoursStart: '07:00:00',
      allowedHoursEnd: '17:30:00',
    });
    expect(a.id).toMatch(/^agr_/);
    expect((await central.get(`/v1/agreements/${a.id}`)).json()).toEqual(a);
    expect(
      ids(await central.get(`/v1/agreements?institutionId=${world.other.institution.id}`)).sort(),
    ).toEqual([a.id, world.other.agreement.id].sort());
  });

  it('refuses an end before the start, unknown elements and methods, bad dates, hours and thresholds', async () => {
    const post = (over: Record<string, unknown>) =>
      central.post('/v1/agreements', agreementBody(world.institution.id, over));
    const before = expectError(
      await post({ startDate: '2026-06-01', endDate: '2026-05-31' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(before).toContain('endDate is before startDate');
    expect((await post({ startDate: '2026-06-01', endDate: '2026-06-01' })).statusCode).toBe(201);
    for (const over of [
      { elements: ['NAMA_IBU'] },
      { elements: [] },
      { methods: ['fax'] },
      { methods: [] },
      { startDate: '2026-02-30' },
      { endDate: '31-12-2027' },
      { allowedHours: { start: '25:00', end: '17:00' } },
      { defaultThreshold: 101 },
      { status: 'berlaku' },
      { purpose: '' },
    ]) {
      expectError(await post(over), 400, 'VALIDATION_FAILED');
    }
    expectError(await post({ institutionId: 'ins_tidakada' }), 404, 'NOT_FOUND');
    expectError(
      await central.patch(`/v1/agreements/${world.agreement.id}`, { status: 'berlaku' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await central.get('/v1/agreements/agr_tidakada'), 404, 'NOT_FOUND');
  });

  it('only an agreement in force (active or expiring) lets the operator in: revoked → AGREEMENT_NOT_IN_FORCE', async () => {
    const p = await provision(central);
    expect((await lookup(p.token)).statusCode).toBe(200);
    const revoked = await central.post(`/v1/agreements/${p.agreement.id}/revoke`, {
      reason: 'Pelanggaran kewajiban dalam uji',
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().status).toBe('revoked');
    expectError(await lookup(p.token), 403, 'AGREEMENT_NOT_IN_FORCE');
    expect(await wireLookup(p.institution.code, p.account.username, p.password)).toBe('16');
    // Every other status, set underneath the API (the lifecycle routes move only forward); an administrative
    // change through the API then makes the process forget what it cached of the caller.
    const setStatus = async (status: AgreementStatus) => {
      await updateAgreement(db, p.agreement.id, { status });
      await central.patch(`/v1/agreements/${p.agreement.id}`, { misuseAction: 'alert' });
    };
    for (const status of ['draft', 'signed', 'expired', 'terminated'] as const) {
      await setStatus(status);
      expectError(await lookup(p.token), 403, 'AGREEMENT_NOT_IN_FORCE');
    }
    for (const status of ['expiring', 'active'] as const) {
      await setStatus(status);
      expect((await lookup(p.token)).statusCode).toBe(200);
    }
    // An agreement granting verification only does not open the portal look-up.
    const q = await provision(central);
    await central.post(`/v1/agreements/${q.agreement.id}/revoke`, { reason: 'Diganti perjanjian baru' });
    await central.post('/v1/agreements', agreementBody(q.institution.id, { methods: ['verification'] }));
    expectError(await lookup(q.token), 403, 'METHOD_NOT_GRANTED');
  });

  it("keeps an office officer to its own institutions' agreements", async () => {
    expectError(
      await office.post('/v1/agreements', agreementBody(world.other.institution.id)),
      404,
      'NOT_FOUND',
    );
    expectError(await office.get(`/v1/agreements/${world.other.agreement.id}`), 404, 'NOT_FOUND');
    expectError(
      await office.post(`/v1/agreements/${world.other.agreement.id}/revoke`, { reason: 'Di luar wilayah' }),
      404,
      'NOT_FOUND',
    );
    expect((await central.get(`/v1/agreements/${world.other.agreement.id}`)).json().status).toBe('active');
    const list = ids(await office.get('/v1/agreements'));
    expect(list).toContain(world.agreement.id);
    expect(list).not.toContain(world.other.agreement.id);
    expect(
      (await office.get(`/v1/agreements?institutionId=${world.other.institution.id}`)).json().items,
    ).toEqual([]);
    const own = await office.post(
      '/v1/agreements',
      agreementBody(world.institution.id, { registryNumber: 'ADD/1' }),
    );
    expect(own.statusCode).toBe(201);
    expect(own.json().officeId).toBe(world.province.id);
  });
});

describe('/v1/accounts', () => {
  it('issues an operator ID with its quota; no answer holds the password or its hash', async () => {
    const res = await office.post('/v1/accounts', {
      username: 'bpbd.operator7',
      password: 'kata-sandi-kuat-7',
      fullName: 'Operator Tujuh',
      institutionId: world.institution.id,
      dailyQuota: 5,
    });
    expect(res.statusCode).toBe(201);
    const account = res.json();
    expect(Object.keys(account).sort()).toEqual(
      [
        'createdAt',
        'dailyQuota',
        'email',
        'fullName',
        'id',
        'institutionId',
        'isActive',
        'officeId',
        'passwordChangedAt',
        'mustChangePassword',
        'role',
        'username',
      ].sort(),
    );
    expect(account).toMatchObject({
      username: 'bpbd.operator7',
      role: 'operator',
      institutionId: world.institution.id,
      officeId: null,
      isActive: true,
      dailyQuota: 5,
    });
    expect(account.id).toMatch(/^usr_/);
    // Every read of accounts goes through `hygiene` (no password, no hash).
    expect((await office.get(`/v1/accounts/${account.id}`)).json()).toEqual(account);
    expect(ids(await office.get('/v1/accounts'))).toContain(account.id);
    expect(ids(await central.get(`/v1/accounts?institutionId=${world.institution.id}`))).toContain(
      account.id,
    );
    const changed = await office.patch(`/v1/accounts/${account.id}`, { password: 'kata-sandi-baru-7' });
    expect(changed.statusCode).toBe(200);
    expect(Date.parse(changed.json().passwordChangedAt)).toBeGreaterThan(
      Date.parse(account.passwordChangedAt),
    );
    const operator = await client('bpbd.operator7', 'kata-sandi-baru-7');
    const me = hygiene(
      await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${operator.token}` } }),
    ).json();
    expect(me).toMatchObject({ username: 'bpbd.operator7', quota: { limit: 5, used: 0 } });
  });

  it('refuses short passwords, officer IDs from an office officer, incomplete accounts and duplicates', async () => {
    const operatorBody = (over: Record<string, unknown> = {}) => ({
      username: 'bpbd.baru',
      password: 'kata-sandi-kuat-1',
      fullName: 'Operator Baru',
      institutionId: world.institution.id,
      dailyQuota: 5,
      ...over,
    });
    expect(
      expectError(
        await office.post('/v1/accounts', operatorBody({ password: 'pendek' })),
        400,
        'VALIDATION_FAILED',
      ),
    ).toContain('At least 10 characters');
    expectError(
      await office.patch(`/v1/accounts/${world.operator.id}`, { password: 'pendek' }),
      400,
      'VALIDATION_FAILED',
    );
    for (const role of ['office_officer', 'central_officer']) {
      const res = await office.post('/v1/accounts', {
        username: `petugas.${role}`,
        password: 'kata-sandi-kuat-2',
        fullName: 'Petugas Baru',
        role,
        ...(role === 'office_officer' ? { officeId: world.province.id } : {}),
      });
      expectError(res, 403, 'FORBIDDEN');
    }
    expectError(
      await central.post('/v1/accounts', operatorBody({ institutionId: undefined })),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await central.post('/v1/accounts', operatorBody({ role: 'office_officer', institutionId: undefined })),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await central.post(
        '/v1/accounts',
        operatorBody({ role: 'office_officer', institutionId: undefined, officeId: 'off_x' }),
      ),
      400,
      'OFFICE_UNKNOWN',
    );
    expectError(
      await central.post('/v1/accounts', operatorBody({ institutionId: 'ins_tidakada' })),
      404,
      'NOT_FOUND',
    );
    expectError(
      await central.post('/v1/accounts', operatorBody({ dailyQuota: -1 })),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await central.post('/v1/accounts', operatorBody({ username: 'ab' })),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await central.post('/v1/accounts', operatorBody({ username: world.operator.username })),
      409,
      'CONFLICT',
    );
    expectError(await central.get('/v1/accounts/usr_tidakada'), 404, 'NOT_FOUND');
    expectError(await central.patch(`/v1/accounts/${world.operator.id}`, {}), 400, 'VALIDATION_FAILED');
    expect((await central.get('/v1/accounts')).body).not.toContain('bpbd.baru');
  });

  it('counts the daily quota: set to 1, the second look-up is 429 QUOTA_EXHAUSTED (wire 05); unlimited opens it', async () => {
    const p = await provision(office);
    const set = await office.patch(`/v1/accounts/${p.account.id}`, { dailyQuota: 1 });
    expect(set.json().dailyQuota).toBe(1);
    expect((await lookup(p.token)).statusCode).toBe(200);
    expectError(await lookup(p.token), 429, 'QUOTA_EXHAUSTED');
    expect(await wireLookup(p.institution.code, p.account.username, p.password)).toBe('05');
    const me = hygiene(await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${p.token}` } }));
    expect(me.json().quota).toMatchObject({ limit: 1, used: 1 });
    const unlimited = await office.patch(`/v1/accounts/${p.account.id}`, { dailyQuota: null });
    expect(unlimited.json().dailyQuota).toBeNull();
    expect((await lookup(p.token)).statusCode).toBe(200);
    await office.patch(`/v1/accounts/${p.account.id}`, { dailyQuota: 0 });
    expectError(await lookup(p.token), 429, 'QUOTA_EXHAUSTED');
  });

  it('a deactivated account is refused (ACCOUNT_INACTIVE, wire 17, no new token); reactivated, it is let in', async () => {
    const p = await provision(office);
    const off = await office.patch(`/v1/accounts/${p.account.id}`, { isActive: false });
    expect(off.json().isActive).toBe(false);
    expectError(await lookup(p.token), 403, 'ACCOUNT_INACTIVE');
    expect(await wireLookup(p.institution.code, p.account.username, p.password)).toBe('17');
    const login = hygiene(
      await app.inject({
        method: 'POST',
        url: '/v1/auth/token',
        payload: { username: p.account.username, password: p.password },
      }),
    );
    expectError(login, 403, 'FORBIDDEN');
    await office.patch(`/v1/accounts/${p.account.id}`, { isActive: true });
    expect((await lookup(p.token)).statusCode).toBe(200);
  });

  it('lets the central office issue officer IDs, scoped to their office', async () => {
    const res = await central.post('/v1/accounts', {
      username: 'banyumas.admin',
      password: 'kata-sandi-kuat-3',
      fullName: 'Petugas Banyumas',
      role: 'office_officer',
      officeId: world.province.id,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      role: 'office_officer',
      officeId: world.province.id,
      institutionId: null,
    });
    const officer = await client('banyumas.admin', 'kata-sandi-kuat-3');
    expect(ids(await officer.get('/v1/institutions'))).not.toContain(world.other.institution.id);
  });

  it("keeps an office officer to its own scope's accounts", async () => {
    expectError(await office.get(`/v1/accounts/${world.other.operator.id}`), 404, 'NOT_FOUND');
    expectError(await office.get(`/v1/accounts/${world.officer.id}`), 404, 'NOT_FOUND');
    expectError(
      await office.patch(`/v1/accounts/${world.other.operator.id}`, { password: 'diambil-alih-123' }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await office.patch(`/v1/accounts/${world.officer.id}`, { isActive: false }),
      404,
      'NOT_FOUND',
    );
    expect((await central.get(`/v1/accounts/${world.officer.id}`)).json().isActive).toBe(true);
    expectError(
      await office.post('/v1/accounts', {
        username: 'bank.penyusup',
        password: 'kata-sandi-kuat-4',
        fullName: 'Penyusup Bank',
        institutionId: world.other.institution.id,
      }),
      404,
      'NOT_FOUND',
    );
    const list = (await office.get('/v1/accounts')).json().items as { id: string; username: string }[];
    const usernames = list.map((a) => a.username);
    expect(usernames).toContain(world.operator.username);
    expect(usernames).toContain(world.provinceOfficer.username);
    expect(usernames).not.toContain(world.other.operator.username);
    expect(usernames).not.toContain(world.officer.username);
    expect(
      (await office.get(`/v1/accounts?institutionId=${world.other.institution.id}`)).json().items,
    ).toEqual([]);
  });
});

describe('GET /v1/audit', () => {
  let p: Awaited<ReturnType<typeof provision>>;
  let deceased: ResidentRow;
  type Row = { id: number; at: string; nik: string | null; outcome: string; institutionId: string | null };
  const items = (res: LightMyRequestResponse) => res.json().items as Row[];

  beforeAll(async () => {
    p = await provision(central, { dailyQuota: null });
    deceased = await addResident(db, { recordStatus: 'deceased' });
    await lookup(p.token); // found
    await lookup(p.token, deceased.nik); // deceased
    await lookup(p.token); // found
    await lookup(p.token, '9999990101700001'); // nik_invalid_format
    expect(await wireLookup(p.institution.code, p.account.username, 'salah-salah-salah')).toBe('03');
    await lookup(p.token); // found
    // BANK_X's operator, and a caller without credentials (no institution).
    await lookup(await tokenFor(app, world.other.operator.username));
    await app.inject({ method: 'POST', url: '/v1/lookups', payload: { nik: resident.nik } });
  });

  it('lists the attempts of an institution newest first, refused ones included, without passwords', async () => {
    const res = await central.get(`/v1/audit?institutionId=${p.institution.id}`);
    const rows = items(res);
    expect(rows.map((r) => r.outcome)).toEqual([
      'found',
      'login_failed',
      'nik_invalid_format',
      'found',
      'deceased',
      'found',
    ]);
    expect(rows[1]).toMatchObject({ username: p.account.username, protocol: 'wire', nik: resident.nik });
    expect(res.json().nextCursor).toBeNull();
    expect(res.body).not.toContain('salah-salah-salah');
  });

  it('filters by NIK, outcome, account, protocol and time', async () => {
    const q = async (query: string) =>
      items(await central.get(`/v1/audit?institutionId=${p.institution.id}&${query}`));
    expect((await q(`nik=${deceased.nik}`)).map((r) => r.outcome)).toEqual(['deceased']);
    expect(await q('outcome=found')).toHaveLength(3);
    expect(await q('outcome=quota_exhausted')).toEqual([]);
    expect(await q(`accountId=${p.account.id}`)).toHaveLength(6);
    expect((await q('protocol=wire')).map((r) => r.outcome)).toEqual(['login_failed']);
    expect(await q('method=verification')).toEqual([]);
    const all = await q('limit=500');
    const pivot = all[3]!; // the second found
    const from = await q(`from=${encodeURIComponent(pivot.at)}`);
    const to = await q(`to=${encodeURIComponent(pivot.at)}`);
    expect(from.map((r) => r.id)).toContain(pivot.id);
    for (const r of from) expect(Date.parse(r.at)).toBeGreaterThanOrEqual(Date.parse(pivot.at));
    for (const r of to) expect(Date.parse(r.at)).toBeLessThan(Date.parse(pivot.at));
    expect(to.map((r) => r.id)).not.toContain(pivot.id);
    expect(from.length + to.length).toBe(all.length);
    expect(
      await q(`from=2000-01-01T00:00:00Z&to=${encodeURIComponent('2000-01-02T00:00:00+07:00')}`),
    ).toEqual([]);
  });

  it('pages with limit and nextCursor, newest first, without gaps or repeats', async () => {
    const all = items(await central.get(`/v1/audit?institutionId=${p.institution.id}`)).map((r) => r.id);
    const seen: number[] = [];
    let cursor: number | null = null;
    let pages = 0;
    do {
      const res = await central.get(
        `/v1/audit?institutionId=${p.institution.id}&limit=4${cursor === null ? '' : `&before=${cursor}`}`,
      );
      const page = items(res).map((r) => r.id);
      expect(page.length).toBeLessThanOrEqual(4);
      seen.push(...page);
      cursor = res.json().nextCursor as number | null;
      if (cursor !== null) expect(cursor).toBe(page.at(-1));
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(2);
    expect(seen).toEqual(all);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  it('refuses malformed filters with 400', async () => {
    for (const query of [
      'nik=123',
      'outcome=bogus',
      'protocol=soap',
      'method=biometric',
      'limit=0',
      'limit=501',
      'limit=abc',
      'before=-1',
      'from=kemarin',
      'to=2026-13-01T00:00:00Z',
    ]) {
      expectError(await central.get(`/v1/audit?${query}`), 400, 'VALIDATION_FAILED');
    }
  });

  it("shows an office officer only its own institutions' rows", async () => {
    const everything = items(await central.get('/v1/audit?limit=500'));
    expect(everything.some((r) => r.institutionId === world.other.institution.id)).toBe(true);
    expect(everything.some((r) => r.institutionId === null)).toBe(true);
    const mine = items(await office.get('/v1/audit?limit=500'));
    const inScope = new Set(ids(await office.get('/v1/institutions')));
    expect(mine.length).toBeGreaterThan(0);
    for (const r of mine) expect(inScope.has(r.institutionId!), `${r.institutionId}`).toBe(true);
    expect(
      everything.filter((r) => r.institutionId !== null && inScope.has(r.institutionId)).map((r) => r.id),
    ).toEqual(mine.map((r) => r.id));
    expect(items(await office.get(`/v1/audit?institutionId=${world.other.institution.id}`))).toEqual([]);
    expect(items(await office.get(`/v1/audit?accountId=${world.other.operator.id}`))).toEqual([]);
    expect(items(await office.get(`/v1/audit?outcome=credentials_missing`))).toEqual([]);
  });
});
