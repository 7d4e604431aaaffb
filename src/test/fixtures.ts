import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { createTestDb } from './db.ts';
import { loadConfig, type Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { buildApp } from '../http/app.ts';
import type { Clock } from '../lib/time.ts';
import { insertAccount, type Account, type NewAccount } from '../modules/accounts/accounts.repo.ts';
import { insertAgreement, type Agreement, type NewAgreement } from '../modules/agreements/agreements.repo.ts';
import { ELEMENT_CODES } from '../modules/elements/elements.ts';
import { insertInstitution, type Institution } from '../modules/institutions/institutions.repo.ts';
import { buildNik, type Sex } from '../modules/nik/nik.ts';
import type { MisuseGuard } from '../modules/misuse/misuse.guard.ts';
import { insertOffice, type Office } from '../modules/offices/offices.repo.ts';
import { loadRegionDataset } from '../modules/regions/regions.dataset.ts';
import { insertResidents } from '../modules/residents/residents.bulk.ts';
import type { ResidentRow } from '../modules/residents/residents.types.ts';

export const testConfig: Config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });

export const PASSWORD = 'rahasia-uji-123';

/**
 * The app builder, for tests that need options `testApp` does not take. Module tests reach the app through
 * the test harness: no file under src/modules imports src/http (ARCHITECTURE.md, "The module contract").
 */
export { buildApp };

export function testApp(
  db: Db,
  opts: { clock?: Clock; misuse?: MisuseGuard } = {},
): Promise<FastifyInstance> {
  return buildApp({ config: testConfig, db, logger: false, ...opts });
}

let serial = 0;

/** An invented resident in a real village (Kecamatan Kedungreja, Kabupaten Cilacap by default). */
export function makeResident(over: Partial<ResidentRow> & { sex?: Sex } = {}): ResidentRow {
  const villageCode = over.villageCode ?? '3301012001';
  const sex = over.sex ?? 'PEREMPUAN';
  const birthDate = over.birthDate ?? '1990-04-12';
  serial += 1;
  const nik = over.nik ?? buildNik({ districtCode: villageCode.slice(0, 6), birthDate, sex, serial });
  return {
    nik,
    familyCardNumber: '3301010101200001',
    fullName: 'SITI RAHAYU WULANDARI',
    birthPlace: 'CILACAP',
    birthDate,
    sex,
    bloodType: 'O',
    religion: 'ISLAM',
    maritalStatus: 'KAWIN',
    familyRelationship: 'ISTRI',
    education: 'SLTA/SEDERAJAT',
    occupation: 'WIRASWASTA',
    motherNik: null,
    motherName: 'SUMIATI',
    fatherNik: null,
    fatherName: 'KARTO SUWIRYO',
    streetAddress: 'JL. MELATI NO. 12',
    rt: '003',
    rw: '005',
    postalCode: '53263',
    villageCode,
    ektpStatus: 'KTP-EL',
    recordStatus: 'active',
    ...over,
  };
}

export async function addResident(db: Db, over: Partial<ResidentRow> = {}): Promise<ResidentRow> {
  const r = makeResident(over);
  await insertResidents(db, [r]);
  return r;
}

export interface World {
  central: Office;
  province: Office;
  officer: Account;
  provinceOfficer: Account;
  institution: Institution;
  agreement: Agreement;
  operator: Account;
  /** BPBD Jawa Tengah's head and admin; a central auditor and the Central Java office's auditor. */
  head: Account;
  admin: Account;
  auditor: Account;
  provinceAuditor: Account;
  /** A second institution under the central office, with its own operator and agreement. */
  other: { institution: Institution; operator: Account; agreement: Agreement };
}

export const GRANTED = [
  'NIK',
  'NO_KK',
  'NAMA_LGKP',
  'TMPT_LHR',
  'TGL_LHR',
  'JENIS_KLMIN',
  'STATUS_KAWIN',
  'JENIS_PKRJN',
  'ALAMAT',
] as const;

export function agreementFor(institution: Institution, over: Partial<NewAgreement> = {}): NewAgreement {
  return {
    institutionId: institution.id,
    officeId: institution.officeId,
    registryNumber: '470/123/DISDUKCAPIL/2026',
    institutionNumber: '800/45/BPBD/2026',
    purpose: 'Verifikasi data korban bencana',
    elements: [...GRANTED],
    methods: ['verification', 'portal'],
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    status: 'active',
    defaultThreshold: 80,
    allowedHoursStart: null,
    allowedHoursEnd: null,
    ...over,
  };
}

/** A minimal PDF, for uploads in tests (an SPTJM, an NDA). */
export { TINY_PDF, addNda, addStatement } from './gates.ts';
import { addNda, addStatement } from './gates.ts';

let n = 0;
/**
 * An operator of the institution. Unless `nda: false`, the world passes the gates for it: its NDA is recorded,
 * and the institution's SPTJM too when it has none yet.
 */
export async function addOperator(
  db: Db,
  institution: Institution,
  over: Partial<NewAccount> & { nda?: boolean } = {},
): Promise<Account> {
  n += 1;
  const { nda = true, ...rest } = over;
  const account = await insertAccount(db, {
    username: `operator${n}`,
    password: PASSWORD,
    role: 'operator',
    fullName: 'Operator Uji',
    institutionId: institution.id,
    dailyQuota: 50,
    ...rest,
  });
  if (nda) {
    await addNda(db, account);
    const { rows } = await db.query(`SELECT 1 FROM responsibility_statements WHERE institution_id = $1`, [
      institution.id,
    ]);
    if (rows.length === 0) await addStatement(db, institution);
  }
  return account;
}

/** The standard world of the integration tests: offices, two institutions, agreements, accounts. */
export async function seedWorld(db: Db): Promise<World> {
  const central = await insertOffice(db, {
    level: 'central',
    regionCode: null,
    name: 'Ditjen Dukcapil',
    parentId: null,
  });
  const province = await insertOffice(db, {
    level: 'province',
    regionCode: '33',
    name: 'Disdukcapil Provinsi Jawa Tengah',
    parentId: central.id,
  });
  const officer = await insertAccount(db, {
    username: 'pusat.admin',
    password: PASSWORD,
    role: 'central_officer',
    fullName: 'Petugas Pusat',
  });
  const provinceOfficer = await insertAccount(db, {
    username: 'jateng.admin',
    password: PASSWORD,
    role: 'office_officer',
    fullName: 'Petugas Provinsi',
    officeId: province.id,
  });
  const institution = await insertInstitution(db, {
    code: 'BPBD_JATENG',
    name: 'BPBD Provinsi Jawa Tengah',
    officeId: province.id,
    allowedNetworks: ['127.0.0.0/8', '10.33.0.0/16'],
  });
  const agreement = await insertAgreement(db, agreementFor(institution));
  await addStatement(db, institution);
  const operator = await addOperator(db, institution);
  const person = (username: string, role: NewAccount['role'], over: Partial<NewAccount> = {}) =>
    insertAccount(db, { username, password: PASSWORD, role, fullName: `Uji ${role}`, ...over });
  const head = await person('bpbd.kepala', 'institution_head', { institutionId: institution.id });
  const admin = await person('bpbd.admin', 'institution_admin', { institutionId: institution.id });
  const auditor = await person('pusat.auditor', 'auditor');
  const provinceAuditor = await person('jateng.auditor', 'auditor', { officeId: province.id });
  const otherInstitution = await insertInstitution(db, {
    code: 'BANK_X',
    name: 'Bank Sintetis',
    officeId: central.id,
    allowedNetworks: ['127.0.0.0/8'],
  });
  const otherAgreement = await insertAgreement(
    db,
    agreementFor(otherInstitution, { elements: [...ELEMENT_CODES], registryNumber: 'PKS/PUSAT/1' }),
  );
  await addStatement(db, otherInstitution);
  const otherOperator = await addOperator(db, otherInstitution, { dailyQuota: null });
  return {
    central,
    province,
    officer,
    provinceOfficer,
    institution,
    agreement,
    operator,
    head,
    admin,
    auditor,
    provinceAuditor,
    other: { institution: otherInstitution, operator: otherOperator, agreement: otherAgreement },
  };
}

export async function tokenFor(app: FastifyInstance, username: string, password = PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/v1/auth/token', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login failed for ${username}: ${res.body}`);
  return (res.json() as { token: string }).token;
}

/**
 * A complete, synthetic user-ID request form (formulir permohonan user ID): the NIK is built from a real
 * district code and belongs to nobody.
 */
export function userIdForm(localUserId: string, serial = 77) {
  return {
    nik: buildNik({ districtCode: '330101', birthDate: '1991-03-14', sex: 'PEREMPUAN', serial }),
    fullName: 'Sinta Operator Sintetis',
    nip: '199103142015032001',
    employmentStatus: 'PNS',
    position: 'Analis Data Bencana',
    officeRegionCode: '33.01',
    officeName: 'BPBD Provinsi Jawa Tengah',
    officeAddress: 'Jl. Contoh Sintetis No. 1, Semarang',
    localUserId,
  };
}

export function regionOf(villageCode: string) {
  return loadRegionDataset().byCode.get(villageCode);
}

export interface TestWorld {
  db: Db;
  app: FastifyInstance;
  world: World;
}

/**
 * The usual setup of an integration test file: a fresh database with the standard world and an app on it,
 * opened before the file's tests and closed after them. Read the fields inside tests (they are set in
 * `beforeAll`).
 */
export function useTestWorld(opts: { clock?: Clock } = {}): TestWorld {
  const t = {} as TestWorld;
  beforeAll(async () => {
    t.db = await createTestDb();
    t.world = await seedWorld(t.db);
    t.app = await testApp(t.db, opts);
  });
  afterAll(async () => {
    await t.app?.close();
    await t.db?.close();
  });
  return t;
}
