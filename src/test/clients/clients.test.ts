/**
 * Client compatibility (issue 19): six public Dukcapil clients, each re-created as a harness in this folder
 * from its own request and decision code (every rule cites the client's file and line; docs/wire-evidence.md),
 * run over real HTTP on loopback against a Gerbang started here. Each case asserts what the client concludes —
 * what its authors wrote it to conclude — not what Gerbang sends.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { insertAgreement } from '../../modules/agreements/agreements.repo.ts';
import { insertInstitution } from '../../modules/institutions/institutions.repo.ts';
import type { ResidentRow } from '../../modules/residents/residents.types.ts';
import { createTestDb } from '../db.ts';
import {
  addOperator,
  addResident,
  agreementFor,
  PASSWORD,
  seedWorld,
  testApp,
  type World,
} from '../fixtures.ts';
import * as apiDukcapil from './api-dukcapil.ts';
import * as batavia from './batavia-ktp-pickup.ts';
import type { ClientSetup, Subject } from './http.ts';
import * as khanza from './simrs-khanza.ts';
import * as ksei from './ksei-pemadanan.ts';
import * as laravel from './laravel-dukcapil-service.ts';
import * as pivot from './pivot-backoffice.ts';

let db: Db;
let app: FastifyInstance;
let world: World;
let base: string;
// 10:00 WIB on a weekday inside every agreement's period.
const now = new Date('2026-06-15T03:00:00Z');

let person: ResidentRow;
const status: Record<'deceased' | 'duplicate' | 'inactive', ResidentRow> = {} as never;
const NOT_FOUND = '3301010703859999'; // Dukcapil format, in no record
const BAD_FORMAT = '0000000000000000'; // 16 digits, not Dukcapil format (wire 15)

/** Credentials per situation, made fresh for each client so quotas do not meet. */
type Situation = 'ok' | 'wrong_password' | 'wrong_ip' | 'unregistered_network' | 'quota_used_up';
let unregistered: { code: string; username: string };

async function setupFor(situation: Situation): Promise<ClientSetup> {
  if (situation === 'unregistered_network') {
    return {
      base,
      customerId: unregistered.code,
      userId: unregistered.username,
      password: PASSWORD,
      ipUser: '127.0.0.1',
    };
  }
  const op = await addOperator(db, world.institution, {
    dailyQuota: situation === 'quota_used_up' ? 1 : null,
  });
  const setup = {
    base,
    customerId: world.institution.code,
    userId: op.username,
    password: situation === 'wrong_password' ? 'bukan-password-ini' : PASSWORD,
    ipUser: situation === 'wrong_ip' ? '10.9.9.9' : '127.0.0.1',
  };
  if (situation === 'quota_used_up') {
    // The day's one hit is used by a first call; the client's own call is the next one.
    await fetch(`${base}/dukcapil/get_json/${setup.customerId}/CALL_NIK`, {
      method: 'POST',
      body: JSON.stringify({ USER_ID: op.username, PASSWORD, IP_USER: '127.0.0.1', NIK: person.nik }),
    });
  }
  return setup;
}

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  app = await testApp(db, { clock: () => now });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  person = await addResident(db, {
    fullName: 'BUDI SANTOSO',
    sex: 'LAKI-LAKI',
    birthDate: '1985-03-07',
    streetAddress: 'JL. MELATI NO. 12',
  });
  for (const s of ['deceased', 'duplicate', 'inactive'] as const) {
    status[s] = await addResident(db, { recordStatus: s, fullName: 'SITI AMINAH' });
  }
  // An institution whose registered network is not loopback: the registry's 10.
  const inst = await insertInstitution(db, {
    code: 'JARINGANLAIN',
    name: 'Jaringan lain',
    officeId: world.central.id,
    allowedNetworks: ['10.0.0.0/8'],
  });
  await insertAgreement(db, agreementFor(inst));
  const op = await addOperator(db, inst);
  unregistered = { code: inst.code, username: op.username };
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const asked = (nik: string, over: Partial<Subject> = {}): Subject => ({
  nik,
  name: 'BUDI SANTOSO',
  address: 'JL. MELATI NO. 12',
  birthDate: '1985-03-07',
  sex: 'LAKI-LAKI',
  ...over,
});

interface Case {
  name: string;
  situation: Situation;
  subject: () => Subject;
}
const LOOKUP_CASES: Case[] = [
  { name: 'found', situation: 'ok', subject: () => asked(person.nik) },
  { name: 'not found', situation: 'ok', subject: () => asked(NOT_FOUND) },
  { name: 'bad format', situation: 'ok', subject: () => asked(BAD_FORMAT) },
  { name: 'deceased', situation: 'ok', subject: () => asked(status.deceased.nik) },
  { name: 'duplicate', situation: 'ok', subject: () => asked(status.duplicate.nik) },
  { name: 'inactive', situation: 'ok', subject: () => asked(status.inactive.nik) },
  { name: 'wrong password', situation: 'wrong_password', subject: () => asked(person.nik) },
  { name: 'wrong IP', situation: 'wrong_ip', subject: () => asked(person.nik) },
  { name: 'unregistered network', situation: 'unregistered_network', subject: () => asked(person.nik) },
  { name: 'quota used up', situation: 'quota_used_up', subject: () => asked(person.nik) },
];
const VERIFY_CASES: Case[] = [
  { name: 'matching verification', situation: 'ok', subject: () => asked(person.nik) },
  {
    name: 'non-matching verification',
    situation: 'ok',
    subject: () => asked(person.nik, { name: 'AHMAD SUBARJO', birthDate: '1990-01-01' }),
  },
  ...LOOKUP_CASES.slice(1),
];

/** Runs every case through one client and checks its conclusion against what its authors intended. */
function suite<C>(
  client: string,
  cases: Case[],
  run: (setup: ClientSetup, subject: Subject) => Promise<C>,
  intended: Record<string, (c: C) => void>,
) {
  describe(client, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const conclusion = await run(await setupFor(c.situation), c.subject());
        const check = intended[c.name];
        if (!check) throw new Error(`no intended conclusion for ${c.name}`);
        check(conclusion);
      });
    }
  });
}

// SIMRS-Khanza: five dialogs by exact RESPON; everything else fills the form (DUKCAPILCekNIK.java l. 70–105).
const dialog = (text: string) => (c: khanza.KhanzaConclusion) => expect(c).toEqual({ dialog: text });
suite(khanza.CLIENT, LOOKUP_CASES, khanza.lookUp, {
  found: (c) => {
    expect(c).toMatchObject({ form: { NIK: person.nik, NAMA_LGKP: 'BUDI SANTOSO' }, logRow: person.nik });
  },
  'not found': dialog('Data Tidak Ditemukan'),
  'bad format': dialog('Data Tidak Ditemukan'),
  // No branch of the client knows 11, 12, 14: it fills nothing and logs an empty NIK — no record data reaches
  // the form, which is what these answers mean (the registry shows no data for them).
  deceased: (c) => expect(c).toEqual({ form: { NIK: '', NAMA_LGKP: '' }, logRow: '' }),
  duplicate: (c) => expect(c).toEqual({ form: { NIK: '', NAMA_LGKP: '' }, logRow: '' }),
  inactive: (c) => expect(c).toEqual({ form: { NIK: '', NAMA_LGKP: '' }, logRow: '' }),
  'wrong password': dialog('Login Gagal'),
  'wrong IP': dialog('IP Address Tidak Sesuai'),
  'unregistered network': dialog('IP Client  Tidak terdaftar'),
  'quota used up': dialog('Kuota Akses Hari ini telah Habis'),
});

// KSEI pemadanan: RESPON present → "Data tidak ditemukan"; absent → the record is stored.
const notFound = (c: ksei.PemadananConclusion) => expect(c).toEqual({ notFound: true });
suite(ksei.CLIENT, LOOKUP_CASES, ksei.lookUp, {
  found: (c) => expect(c).toEqual({ stored: { NIK: person.nik, NAMA_LGKP: 'BUDI SANTOSO' } }),
  'not found': notFound,
  'bad format': notFound,
  deceased: notFound,
  duplicate: notFound,
  inactive: notFound,
  'wrong password': notFound,
  'wrong IP': notFound,
  'unregistered network': notFound,
  'quota used up': notFound,
});

// KtpPickup: the KTP's fields come from the answer; a refusal or a status answer has no NIK in it.
const emptyKtp = (c: batavia.KtpConclusion) => expect(c).toEqual({ ktp: { NIK: null, NAMA_LGKP: null } });
suite(batavia.CLIENT, LOOKUP_CASES, batavia.lookUp, {
  found: (c) => expect(c).toEqual({ ktp: { NIK: person.nik, NAMA_LGKP: 'BUDI SANTOSO' } }),
  'not found': emptyKtp,
  'bad format': emptyKtp,
  deceased: emptyKtp,
  duplicate: emptyKtp,
  inactive: emptyKtp,
  'wrong password': emptyKtp,
  'wrong IP': emptyKtp,
  'unregistered network': emptyKtp,
  'quota used up': emptyKtp,
});

// api-dukcapil: verdict rows when no RESPONSE_CODE; a not-found row for 08, 11–15; nothing (retried) otherwise.
const notFoundRow = (code: string) => (c: apiDukcapil.BatchConclusion) =>
  expect(c).toEqual({ recorded: 'not_found', code, flagNik: 0 });
const retried = (code: string) => (c: apiDukcapil.BatchConclusion) =>
  expect(c).toEqual({ recorded: 'nothing', code });
suite(apiDukcapil.CLIENT, VERIFY_CASES, apiDukcapil.verify, {
  'matching verification': (c) =>
    expect(c).toEqual({
      recorded: 'verdicts',
      flagNik: 1,
      flagNama: 1,
      levelNama: '100',
      flagTglLahir: 1,
      flagAlamat: 1,
      levelAlamat: '100',
    }),
  'non-matching verification': (c) => {
    expect(c).toMatchObject({
      recorded: 'verdicts',
      flagNik: 1,
      flagNama: 0,
      flagTglLahir: 0,
      flagAlamat: 1,
    });
    expect(Number((c as { levelNama: string }).levelNama)).toBeLessThan(80);
  },
  'not found': notFoundRow('13'),
  'bad format': notFoundRow('15'),
  deceased: notFoundRow('11'),
  duplicate: notFoundRow('12'),
  inactive: notFoundRow('14'),
  'wrong password': retried('03'),
  'wrong IP': retried('04'),
  'unregistered network': retried('10'),
  'quota used up': retried('05'),
});

// Laravel DukcapilService: NIK's verdict first, then its own thresholds on the scores (95 name, 70 address).
const unregisteredNik = (c: laravel.LaravelConclusion) =>
  expect(c).toEqual({ is_valid: false, message: 'NIK tidak terdaftar dalam database kependudukan.' });
suite(laravel.CLIENT, VERIFY_CASES, laravel.verify, {
  'matching verification': (c) => expect(c).toEqual({ is_valid: true, message: 'Data kependudukan valid.' }),
  'non-matching verification': (c) =>
    expect(c).toEqual({ is_valid: false, message: 'Nama yang diinput tidak sesuai dengan ejaan KTP.' }),
  'not found': unregisteredNik,
  'bad format': unregisteredNik,
  deceased: unregisteredNik,
  duplicate: unregisteredNik,
  inactive: unregisteredNik,
  // The client reads no code or RESPON: every refusal, like every status answer, has no NIK verdict.
  'wrong password': unregisteredNik,
  'wrong IP': unregisteredNik,
  'unregistered network': unregisteredNik,
  'quota used up': unregisteredNik,
});

describe(`${laravel.CLIENT}: its stricter name threshold`, () => {
  it('reads the score of a "Sesuai" name and refuses a 92 that Gerbang matched at TRESHOLD 90', async () => {
    const c = await laravel.verify(await setupFor('ok'), asked(person.nik, { name: 'BUDI SANTOSA' }));
    expect(c).toEqual({ is_valid: false, message: 'Nama yang diinput tidak sesuai dengan ejaan KTP.' });
  });
});

// pivot-backoffice: 08/11/13/14/15 invalid identity; 03–07/09/10/16/17 set-up error; anything else verified.
const invalid = (code: string) => (c: pivot.PivotConclusion) =>
  expect(c).toEqual({ result: 'invalid_identity', code });
const setupError = (code: string) => (c: pivot.PivotConclusion) =>
  expect(c).toEqual({ result: 'setup_error', code });
suite(pivot.CLIENT, VERIFY_CASES, (s, subject) => pivot.verify(s, subject), {
  'matching verification': (c) =>
    expect(c).toMatchObject({
      result: 'verified',
      content: { NIK: 'Sesuai', NAMA_LGKP: 'Sesuai (100)', TGL_LHR: 'Sesuai', ALAMAT: 'Sesuai (100)' },
    }),
  'non-matching verification': (c) => {
    expect(c).toMatchObject({ result: 'verified', content: { NIK: 'Sesuai', TGL_LHR: 'Tidak Sesuai (0)' } });
    expect((c as { content: Record<string, string> }).content.NAMA_LGKP).toMatch(/^Tidak Sesuai \(\d+\)$/);
  },
  'not found': invalid('13'),
  'bad format': invalid('15'),
  deceased: invalid('11'),
  // The client counts 12 among its success codes (constant SuccessResponseCode): a duplicate record is
  // "verified" with the answer as it is, which carries no verdicts.
  duplicate: (c) =>
    expect(c).toEqual({ result: 'verified', content: expect.objectContaining({ RESPONSE_CODE: '12' }) }),
  inactive: invalid('14'),
  'wrong password': setupError('03'),
  'wrong IP': setupError('04'),
  'unregistered network': setupError('10'),
  'quota used up': setupError('05'),
});
