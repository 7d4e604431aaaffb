import { beforeAll, describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import { addResident, testConfig, tokenFor, useTestWorld, buildApp } from '../../test/fixtures.ts';
import { wibDay } from '../../lib/time.ts';
import { SERVER_ACTOR } from '../../core/actor.ts';
import type { ResidentRow } from '../residents/residents.types.ts';
import { presetInput, setReturnDataSchema } from './return-data.service.ts';
import { multipart, xlsxOf } from './return-data.test-helpers.ts';

/**
 * The bad-input list, the cases return-data.test.ts does not already drive: the web service's JSON
 * (a NIK as a JSON number, Excel's notation, local dates), header variants and a missing optional column, a tab
 * separator, Excel serial dates and a NIK in scientific notation inside an XLSX, a file cut short after good
 * rows (they stay), and a declared size over the limit (413 before a byte is read).
 */
const t = useTestWorld();
const people: ResidentRow[] = [];
const period = wibDay(new Date()).slice(0, 7);
type Client = Awaited<ReturnType<typeof as>>;
let op: Client;
let officer: Client;

async function upload(file: Buffer | string, filename = 'data.csv') {
  const { payload, headers } = multipart(filename, file);
  return t.app.inject({
    method: 'POST',
    url: `/v1/return-data/uploads?agreementId=${t.world.agreement.id}`,
    headers: { ...headers, authorization: `Bearer ${op.token}` },
    payload,
  });
}

const stored = async (nik: string) =>
  (await officer.get(`/v1/return-data/records?nik=${nik}`)).json().items[0]?.data as
    Record<string, unknown> | undefined;

beforeAll(async () => {
  await setReturnDataSchema({ db: t.db, now: new Date() }, SERVER_ACTOR, {
    agreementId: t.world.agreement.id,
    ...presetInput('dinsos_pkh_pbi'),
  });
  for (let i = 0; i < 8; i++) people.push(await addResident(t.db));
  op = await as(t.app, t.world.operator.username);
  officer = await as(t.app, t.world.provinceOfficer.username);
  for (const p of people) expect((await op.post('/v1/lookups', { nik: p.nik })).json().outcome).toBe('FOUND');
});

describe('bad input through the web service (JSON)', () => {
  it('refuses a NIK sent as a JSON number whole (it would have lost digits), storing nothing', async () => {
    const raw = `{"agreementId":"${t.world.agreement.id}","records":[{"nik":${people[0]!.nik},"period":"${period}","values":{"ID_PENERIMA_BANTUAN":"X","JENIS_BANTUAN":"PKH"}}]}`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/return-data',
      headers: { authorization: `Bearer ${op.token}`, 'content-type': 'application/json' },
      payload: raw,
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(await stored(people[0]!.nik)).toBeUndefined();
  });

  it('names Excel’s notation, reads local dates and serials, and keeps the good records of a mixed batch', async () => {
    const values = (d: string) => ({
      ID_PENERIMA_BANTUAN: 'PKH-1',
      JENIS_BANTUAN: 'PKH',
      TANGGAL_PENETAPAN: d,
    });
    const res = await op.post('/v1/return-data', {
      agreementId: t.world.agreement.id,
      records: [
        { nik: '3.30101E+15', period, values: values('2026-03-15') },
        { nik: people[0]!.nik, period, values: values('15-03-2026') },
        { nik: people[1]!.nik, period, values: values('15/03/2026') },
        { nik: people[2]!.nik, period, values: values('46096') },
        // A period not yet begun (next year), and a day that does not exist.
        { nik: people[3]!.nik, period: `${Number(period.slice(0, 4)) + 1}-01`, values: values('31-02-2026') },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ received: 5, accepted: 3, rejected: 2 });
    expect(body.rejects.filter((r: { index: number }) => r.index === 0)).toEqual([
      { index: 0, column: 'NIK', reason: expect.stringMatching(/notasi ilmiah \(3\.30101E\+15\)/) },
    ]);
    expect(
      body.rejects
        .filter((r: { index: number }) => r.index === 4)
        .map((r: { column: string }) => r.column)
        .sort(),
    ).toEqual(['PERIODE', 'TANGGAL_PENETAPAN']);
    for (const p of people.slice(0, 3))
      expect(await stored(p.nik)).toMatchObject({ TANGGAL_PENETAPAN: '2026-03-15' });
  });
});

describe('bad input in files', () => {
  it('reads a tab-separated file with header variants and without an optional column (a warning)', async () => {
    const p = people[4]!;
    const res = await upload(
      `  nik  \tPeriode\tid_Penerima_Bantuan\tJENIS  BANTUAN\tTanggal-Penetapan\n${p.nik}\t${period}\tPKH-44\tPBI\t01.02.2026\n`,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ rowsRead: 1, accepted: 1, rejected: 0 });
    expect(res.json().warnings).toEqual(['Kolom NO_KK tidak ada; nilainya dianggap kosong']);
    expect(await stored(p.nik)).toEqual({
      ID_PENERIMA_BANTUAN: 'PKH-44',
      JENIS_BANTUAN: 'PBI',
      TANGGAL_PENETAPAN: '2026-02-01',
    });
  });

  it('reads an Excel serial in an XLSX number cell as a date, and names a NIK turned into 3.30102E+15 text', async () => {
    const p = people[5]!;
    const file = await xlsxOf(
      [
        ['NIK', 'PERIODE', 'ID_PENERIMA_BANTUAN', 'JENIS_BANTUAN', 'NO_KK', 'TANGGAL_PENETAPAN'],
        [p.nik, period, 'PKH-55', 'PKH', null, 46096],
        ['3.30102E+15', period, 'PKH-56', 'PKH', null, null],
      ],
      [0, 1],
    );
    const res = await upload(file, 'data.xlsx');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ rowsRead: 2, accepted: 1, rejected: 1 });
    expect(res.json().rejects).toEqual([
      { line: 3, column: 'NIK', reason: expect.stringMatching(/notasi ilmiah \(3\.30102E\+15\)/) },
    ]);
    expect(await stored(p.nik)).toMatchObject({ TANGGAL_PENETAPAN: '2026-03-15' });
  });

  it('keeps the rows accepted before a file breaks (an unclosed quote), and says where it broke', async () => {
    const [a, b] = [people[6]!, people[7]!];
    const res = await upload(
      'NIK,PERIODE,ID_PENERIMA_BANTUAN,JENIS_BANTUAN\n' +
        `${a.nik},${period},PKH-66,PKH\n${b.nik},${period},PKH-77,PBI\n` +
        `${a.nik},${period},"PKH-88,PKH\n`,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'failed', accepted: 2 });
    expect(res.json().failure).toMatch(/Tanda kutip \("\) tidak ditutup/);
    expect(await stored(a.nik)).toMatchObject({ ID_PENERIMA_BANTUAN: 'PKH-66' });
    expect(await stored(b.nik)).toMatchObject({ ID_PENERIMA_BANTUAN: 'PKH-77' });
  });

  it('stores a NUL inside a text cell as U+FFFD (PostgreSQL text holds none) and rejects a NIK holding one', async () => {
    const p = people[2]!;
    const res = await upload(
      'NIK,PERIODE,ID_PENERIMA_BANTUAN,JENIS_BANTUAN\n' +
        `${p.nik},${period},PKH\u00009,PKH\n${p.nik.slice(0, 15)}\u0000,${period},PKH-1,PKH\n`,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ rowsRead: 2, accepted: 1, rejected: 1 });
    expect(res.json().rejects).toEqual([{ line: 3, column: 'NIK', reason: 'NIK harus 16 digit angka' }]);
    expect(await stored(p.nik)).toMatchObject({ ID_PENERIMA_BANTUAN: 'PKH\ufffd9' });
  });

  it('answers a declared size far over the limit with 413 and the limit, before reading the file', async () => {
    const app = await buildApp({
      config: { ...testConfig, returnDataMaxBytes: 2048 },
      db: t.db,
      logger: false,
    });
    try {
      const token = await tokenFor(app, t.world.operator.username);
      const { payload, headers } = multipart('besar.csv', `NIK,PERIODE\n${'1'.repeat(200_000)}\n`);
      const before = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM return_data_uploads');
      const res = await app.inject({
        method: 'POST',
        url: `/v1/return-data/uploads?agreementId=${t.world.agreement.id}`,
        headers: { ...headers, authorization: `Bearer ${token}` },
        payload,
      });
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limitBytes: 2048 } });
      const after = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM return_data_uploads');
      expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    } finally {
      await app.close();
    }
  });
});
