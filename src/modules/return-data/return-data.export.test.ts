import { beforeAll, describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import { addResident, useTestWorld } from '../../test/fixtures.ts';
import { wibDay } from '../../lib/time.ts';
import { SERVER_ACTOR } from '../../core/actor.ts';
import type { ResidentRow } from '../residents/residents.types.ts';
import { presetInput, setReturnDataSchema } from './return-data.service.ts';
import { readXlsx } from './return-data.test-helpers.ts';

/** The officers' search and export of return data (CSV, XLSX), scoped like every read. */
const t = useTestWorld();
let own: ResidentRow[] = [];
let foreign: ResidentRow;
const period = wibDay(new Date()).slice(0, 7);
type Client = Awaited<ReturnType<typeof as>>;
let central: Client;
let province: Client;
let head: Client;

beforeAll(async () => {
  const opts = { actor: SERVER_ACTOR, now: new Date() };
  await setReturnDataSchema({ db: t.db, now: opts.now }, opts.actor, {
    agreementId: t.world.agreement.id,
    ...presetInput('dinsos_pkh_pbi'),
  });
  await setReturnDataSchema({ db: t.db, now: opts.now }, opts.actor, {
    agreementId: t.world.other.agreement.id,
    ...presetInput('bpbd_bencana'),
  });
  own = [await addResident(t.db), await addResident(t.db)];
  foreign = await addResident(t.db, { fullName: 'NASABAH LAIN' });
  const bpbd = await as(t.app, t.world.operator.username);
  const bank = await as(t.app, t.world.other.operator.username);
  for (const r of own) expect((await bpbd.post('/v1/lookups', { nik: r.nik })).json().outcome).toBe('FOUND');
  expect((await bank.post('/v1/lookups', { nik: foreign.nik })).json().outcome).toBe('FOUND');
  const sent = await bpbd.post('/v1/return-data', {
    agreementId: t.world.agreement.id,
    records: own.map((r, i) => ({
      nik: r.nik,
      period,
      values: { ID_PENERIMA_BANTUAN: `=HYPERLINK("x")${i}`, JENIS_BANTUAN: 'PKH', NO_KK: r.familyCardNumber },
    })),
  });
  expect(sent.json()).toMatchObject({ accepted: 2 });
  const other = await bank.post('/v1/return-data', {
    agreementId: t.world.other.agreement.id,
    records: [
      {
        nik: foreign.nik,
        period,
        values: { JENIS_BENCANA: 'BANJIR', TANGGAL_KEJADIAN: '2026-01-15', STATUS_KORBAN: 'MENGUNGSI' },
      },
    ],
  });
  expect(other.json(), other.body).toMatchObject({ accepted: 1 });
  central = await as(t.app, t.world.officer.username);
  province = await as(t.app, t.world.provinceOfficer.username);
  head = await as(t.app, t.world.head.username);
});

const csvLines = (body: string) =>
  body
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);

describe('searching and exporting return data', () => {
  it('exports an agreement’s records as CSV: the schema’s columns, NIKs quoted as text', async () => {
    const res = await central.get(`/v1/return-data/records/export.csv?agreementId=${t.world.agreement.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['cache-control']).toMatch(/no-store/);
    const lines = csvLines(res.body);
    expect(lines[0]).toBe(
      'NIK,PERIODE,ID_PENERIMA_BANTUAN,JENIS_BANTUAN,NO_KK,TANGGAL_PENETAPAN,INSTANSI,PKS,SALURAN,DITERIMA_WIB',
    );
    expect(lines).toHaveLength(3);
    for (const r of own) expect(res.body).toContain(`"${r.nik}","${period}"`);
    expect(res.body).not.toContain(foreign.nik);
    // The Excel form: BOM, semicolons, CRLF, and a formula sent by the institution is not run.
    const excel = await central.get(
      `/v1/return-data/records/export.csv?agreementId=${t.world.agreement.id}&excel=true`,
    );
    expect(excel.body.startsWith('\uFEFFNIK;PERIODE;')).toBe(true);
    expect(excel.body).toContain('\r\n');
    expect(excel.body).toContain(`"'=HYPERLINK`);
  });

  it('exports XLSX with NIKs and values as text cells (Excel keeps every digit)', async () => {
    const res = await central.get(
      `/v1/return-data/records/export.xlsx?institutionId=${t.world.institution.id}&period=${period}`,
    );
    expect(res.statusCode).toBe(200);
    const sheet = (await readXlsx(res.rawPayload))['Data balikan']!;
    expect(sheet[0]!.slice(0, 4)).toEqual(['NIK', 'PERIODE', 'ID_PENERIMA_BANTUAN', 'JENIS_BANTUAN']);
    const niks = sheet.slice(1).map((row) => row[0]);
    expect(niks.sort()).toEqual(own.map((r) => r.nik).sort());
    for (const n of niks) expect(typeof n).toBe('string');
  });

  it('keeps to the caller’s scope: the province sees its area, an institution only its own', async () => {
    const all = await province.get('/v1/return-data/records/export.csv');
    expect(all.statusCode).toBe(200);
    expect(csvLines(all.body)).toHaveLength(3);
    expect(all.body).not.toContain(foreign.nik);
    // BANK_X is under the central office: outside the province's area, asked for by name or not.
    const asked = await province.get(
      `/v1/return-data/records/export.csv?institutionId=${t.world.other.institution.id}`,
    );
    expect(csvLines(asked.body)).toHaveLength(1);
    const centre = await central.get('/v1/return-data/records/export.csv');
    expect(centre.body).toContain(foreign.nik);
    // The union of both schemas' columns when the filter spans agreements.
    expect(csvLines(centre.body)[0]).toContain('JENIS_BENCANA');
    // The institution's head: its own records only, even when asking for another institution.
    const mine = await head.get('/v1/return-data/records/export.csv');
    expect(csvLines(mine.body)).toHaveLength(3);
    const theirs = await head.get(
      `/v1/return-data/records/export.xlsx?institutionId=${t.world.other.institution.id}`,
    );
    expect((await readXlsx(theirs.rawPayload))['Data balikan']).toHaveLength(1);
    // The search by institution.
    const found = await province.get(`/v1/return-data/records?institutionId=${t.world.institution.id}`);
    expect(found.json().items).toHaveLength(2);
    expect(
      (await head.get(`/v1/return-data/records?institutionId=${t.world.other.institution.id}`)).json().items,
    ).toEqual([]);
  });

  it('shows an officer what every institution sent about one resident', async () => {
    const res = await central.get(`/v1/return-data/records?nik=${foreign.nik}`);
    expect(res.json().items).toEqual([
      expect.objectContaining({
        institutionName: t.world.other.institution.name,
        period,
        data: expect.objectContaining({ JENIS_BENCANA: 'BANJIR' }),
      }),
    ]);
    expect((await province.get(`/v1/return-data/records?nik=${foreign.nik}`)).json().items).toEqual([]);
  });

  it('answers bad filters with 400, and an operator with 403', async () => {
    for (const url of [
      '/v1/return-data/records/export.csv?period=2026-13',
      '/v1/return-data/records/export.xlsx?period=03-2026',
      '/v1/return-data/records/export.csv?excel=kadang',
      '/v1/return-data/records',
    ]) {
      const res = await central.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const op = await as(t.app, t.world.operator.username);
    expect((await op.get('/v1/return-data/records/export.csv')).statusCode).toBe(403);
  });
});
