import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import { addResident, testConfig, tokenFor, useTestWorld, buildApp } from '../../test/fixtures.ts';
import { wibDay } from '../../lib/time.ts';
import { buildNik } from '../nik/nik.ts';
import type { ResidentRow } from '../residents/residents.types.ts';
import { evaluateObligations, runCompliance } from '../compliance/compliance.service.ts';
import { PRESETS } from './return-data.presets.ts';
import {
  checkDate,
  checkId16,
  checkValue,
  NOT_ACCESSED_REASON,
  validateRow,
} from './return-data.validate.ts';
import { multipart, readXlsx, xlsxOf, zipOf } from './return-data.test-helpers.ts';
import type { ReturnDataSchema } from './return-data.schema.ts';

// The app's clock, moved by the test (a minute ahead of the database's at start, as compliance.test.ts).
let now = Date.now() + 60_000;
const clock = () => new Date(now);
const t = useTestWorld({ clock });

const HEADER = 'NIK,PERIODE,ID_PENERIMA_BANTUAN,JENIS_BANTUAN,NO_KK,TANGGAL_PENETAPAN';
let accessed: ResidentRow[] = [];
let notAccessed: ResidentRow;
const unknownNik = buildNik({
  districtCode: '330101',
  birthDate: '1977-07-07',
  sex: 'LAKI-LAKI',
  serial: 9876,
});
let period = '';

async function operator() {
  return as(t.app, t.world.operator.username);
}

async function upload(file: Buffer | string, filename = 'data.csv', agreementId = t.world.agreement.id) {
  const { payload, headers } = multipart(filename, file);
  return t.app.inject({
    method: 'POST',
    url: `/v1/return-data/uploads?agreementId=${agreementId}`,
    headers: { ...headers, authorization: `Bearer ${(await operator()).token}` },
    payload,
  });
}

async function recordCount(): Promise<number> {
  const { rows } = await t.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM return_data_records WHERE agreement_id = $1',
    [t.world.agreement.id],
  );
  return rows[0]!.n;
}

describe('the return-data schema', () => {
  it('is set by an officer from a preset, versioned, and refused to an institution', async () => {
    const officer = await as(t.app, t.world.provinceOfficer.username);
    const presets = (await officer.get('/v1/return-data/presets')).json().items;
    expect(presets.map((p: { name: string }) => p.name)).toEqual([
      'kesbangpol_ormas',
      'bpbd_bencana',
      'baperlitbang_kemiskinan',
      'dinsos_pkh_pbi',
    ]);
    const url = `/v1/agreements/${t.world.agreement.id}/return-data-schema`;
    const head = await as(t.app, t.world.head.username);
    expect((await head.post(url, { ...PRESETS.dinsos_pkh_pbi.schema })).statusCode).toBe(403);
    // A first version (the share edited), then the preset as it is: version 2 is in force.
    const v1 = await officer.post(url, {
      ...PRESETS.dinsos_pkh_pbi.schema,
      coverageShare: 0.5,
      preset: 'dinsos_pkh_pbi',
    });
    expect(v1.statusCode).toBe(201);
    const v2 = await officer.post(url, { ...PRESETS.dinsos_pkh_pbi.schema, reason: 'Cakupan penuh' });
    expect(v2.json()).toMatchObject({ version: 2, period: 'monthly', coverageShare: 1 });
    const got = (await head.get(url)).json();
    expect(got.current.version).toBe(2);
    expect(got.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    // A bad schema is refused with the field named.
    const bad = await officer.post(url, {
      period: 'within_days',
      coverageShare: 1,
      fields: [{ key: 'jenis', label: 'Jenis', type: 'code', required: true }],
    });
    expect(bad.statusCode).toBe(400);
    // Another institution's operator does not see it.
    const other = await as(t.app, t.world.other.operator.username);
    expect((await other.get(url)).statusCode).toBe(404);
    const audit = (await officer.get(`/v1/admin-audit?entityId=${t.world.agreement.id}`)).json().items;
    expect(audit.filter((a: { action: string }) => a.action === 'return_data_schema.set')).toHaveLength(2);
  });

  it('is published as a Frictionless Table Schema, a CSV template and an XLSX template', async () => {
    const head = await as(t.app, t.world.head.username);
    const base = `/v1/agreements/${t.world.agreement.id}/return-data-schema`;
    const ts = (await head.get(`${base}/table-schema.json`)).json();
    expect(ts.primaryKey).toEqual(['NIK', 'PERIODE']);
    expect(ts.fields.map((f: { name: string }) => f.name)).toEqual(HEADER.split(','));
    expect(ts.fields[3]).toMatchObject({
      type: 'string',
      constraints: { required: true, enum: ['PKH', 'PBI', 'BPNT'] },
    });
    expect(ts.fields[0].constraints.pattern).toBe('^[0-9]{16}$');
    expect(ts.fields[5]).toMatchObject({ type: 'date' });

    const csv = await head.get(`${base}/template.csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^"3301014101900001","2026-03",/);

    const xlsx = await head.get(`${base}/template.xlsx`);
    const sheets = await readXlsx(xlsx.rawPayload);
    expect(Object.keys(sheets)).toEqual(['Data', 'Penjelasan']);
    expect(sheets.Data![0]).toEqual(HEADER.split(','));
    expect(sheets.Data).toHaveLength(2);
    expect(sheets.Data![1]![0]).toBe('3301014101900001'); // a text cell: every digit kept
    expect(sheets.Penjelasan![0]).toEqual([
      'Kolom',
      'Keterangan',
      'Jenis isian',
      'Wajib',
      'Batasan',
      'Penjelasan',
    ]);
    expect(sheets.Penjelasan!.map((r) => r[0])).toEqual(expect.arrayContaining(['NIK', 'JENIS_BANTUAN']));
    expect(JSON.stringify(sheets.Penjelasan)).toContain('pilihan: PKH, PBI, BPNT');
  });
});

describe('sending return data', () => {
  it('takes only NIKs the institution accessed (found), with one reason for any other', async () => {
    period = wibDay(clock()).slice(0, 7);
    accessed = [
      await addResident(t.db),
      await addResident(t.db),
      await addResident(t.db),
      await addResident(t.db),
    ];
    notAccessed = await addResident(t.db);
    const op = await operator();
    for (const r of accessed)
      expect((await op.post('/v1/lookups', { nik: r.nik })).json().outcome).toBe('FOUND');

    const values = { ID_PENERIMA_BANTUAN: 'PKH-0001', JENIS_BANTUAN: 'pkh' };
    const res = await op.post('/v1/return-data', {
      agreementId: t.world.agreement.id,
      records: [
        { nik: accessed[0]!.nik, period, values },
        { nik: notAccessed.nik, period, values },
        { nik: unknownNik, period, values },
        { nik: accessed[1]!.nik, period, values: { ...values, JENIS_BANTUAN: 'BLT', EXTRA: 1 } },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ received: 4, accepted: 1, rejected: 3 });
    // The registered and the unknown NIK get the very same answer: no enumeration oracle.
    const reasonOf = (i: number) => body.rejects.filter((r: { index: number }) => r.index === i);
    expect(reasonOf(1)).toEqual([{ index: 1, column: 'NIK', reason: NOT_ACCESSED_REASON }]);
    expect(reasonOf(2)).toEqual([{ index: 2, column: 'NIK', reason: NOT_ACCESSED_REASON }]);
    expect(
      reasonOf(3)
        .map((r: { column: string }) => r.column)
        .sort(),
    ).toEqual(['EXTRA', 'JENIS_BANTUAN']);
    // Stored typed, with the code in its canonical form.
    const officer = await as(t.app, t.world.provinceOfficer.username);
    const rec = (await officer.get(`/v1/return-data/records?nik=${accessed[0]!.nik}`)).json().items;
    expect(rec).toEqual([
      expect.objectContaining({
        institutionName: 'BPBD Provinsi Jawa Tengah',
        period,
        channel: 'web_service',
        data: { ID_PENERIMA_BANTUAN: 'PKH-0001', JENIS_BANTUAN: 'PKH' },
      }),
    ]);
    // Another institution's head sees none of it.
    const other = await as(t.app, t.world.other.operator.username);
    expect((await other.get(`/v1/return-data/records?nik=${accessed[0]!.nik}`)).statusCode).toBe(403);
  });

  it('refuses a sender outside the institution’s networks and other institutions’ agreements', async () => {
    const op = await operator();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/return-data',
      remoteAddress: '192.0.2.10',
      headers: { authorization: `Bearer ${op.token}` },
      payload: {
        agreementId: t.world.agreement.id,
        records: [{ nik: accessed[0]!.nik, period, values: {} }],
      },
    });
    expect(res.statusCode).toBe(403);
    const other = await as(t.app, t.world.other.operator.username);
    const cross = await other.post('/v1/return-data', {
      agreementId: t.world.agreement.id,
      records: [{ nik: accessed[0]!.nik, period, values: {} }],
    });
    expect(cross.statusCode).toBe(404);
    // A full batch (1,000 records, well over the API's usual 64 KiB body) is read; 1,001 is refused.
    const batch = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        nik: buildNik({
          districtCode: '330101',
          birthDate: '1980-01-01',
          sex: 'LAKI-LAKI',
          serial: 5000 + i,
        }),
        period,
        values: { ID_PENERIMA_BANTUAN: `PKH-${i}`, JENIS_BANTUAN: 'PKH', TANGGAL_PENETAPAN: '2026-01-02' },
      }));
    const full = await op.post('/v1/return-data', {
      agreementId: t.world.agreement.id,
      records: batch(1000),
    });
    expect(full.statusCode).toBe(200);
    expect(full.json()).toMatchObject({ received: 1000, accepted: 0, rejected: 1000 });
    const over = await op.post('/v1/return-data', {
      agreementId: t.world.agreement.id,
      records: batch(1001),
    });
    expect(over.statusCode).toBe(400);
  });

  it('reads an Indonesian-Excel CSV: BOM, semicolons, CRLF, quoted newline, label headers, local dates', async () => {
    const [a, b, c, d] = accessed;
    const csv =
      '\uFEFFnik ; Periode;id penerima bantuan;Jenis Bantuan;No. KK;Tanggal Penetapan;CATATAN LAIN\r\n' +
      `${a!.nik};${period};"PKH;0002";PKH;;15-03-2026;x\r\n` +
      `${b!.nik};${period};"PBI\r\n0003";pbi;${a!.nik};15/03/2026;\r\n` +
      `3.30101E+15;${period};PKH-9;PKH;;46096;\r\n` +
      `${c!.nik};${period};PKH-4;PKH;;46096;\r\n` +
      `${d!.nik};2026-13;;XYZ;123;31-02-2026;\r\n` +
      `${d!.nik};${period};PKH-5;PKH;;;;;extra\r\n`;
    const res = await upload(csv);
    expect(res.statusCode, res.body).toBe(201);
    const u = res.json();
    expect(u).toMatchObject({ status: 'done', format: 'csv', rowsRead: 6, accepted: 3, rejected: 3 });
    expect(u.warnings).toEqual(['Kolom "CATATAN LAIN" tidak ada dalam skema dan diabaikan']);
    const at = (line: number) => u.rejects.filter((r: { line: number }) => r.line === line);
    // The quoted newline keeps the row whole; the next row starts on line 5.
    expect(at(5)).toEqual([
      expect.objectContaining({
        column: 'NIK',
        reason: expect.stringMatching(/notasi ilmiah \(3\.30101E\+15\)/),
      }),
    ]);
    expect(
      at(7)
        .map((r: { column: string }) => r.column)
        .sort(),
    ).toEqual(['ID_PENERIMA_BANTUAN', 'JENIS_BANTUAN', 'NO_KK', 'PERIODE', 'TANGGAL_PENETAPAN'].sort());
    expect(at(8)).toEqual([expect.objectContaining({ column: '', reason: expect.stringMatching(/kolom/) })]);
    const officer = await as(t.app, t.world.provinceOfficer.username);
    const recs = (
      await officer.get(`/v1/return-data/records?agreementId=${t.world.agreement.id}&period=${period}`)
    ).json().items as { nik: string; data: Record<string, unknown> }[];
    const byNik = new Map(recs.map((r) => [r.nik, r.data]));
    expect(byNik.get(a!.nik)).toEqual({
      ID_PENERIMA_BANTUAN: 'PKH;0002',
      JENIS_BANTUAN: 'PKH',
      TANGGAL_PENETAPAN: '2026-03-15',
    });
    expect(byNik.get(b!.nik)).toMatchObject({
      ID_PENERIMA_BANTUAN: 'PBI\r\n0003',
      NO_KK: a!.nik,
      TANGGAL_PENETAPAN: '2026-03-15',
    });
    // 46096 is an Excel serial day: 15 March 2026.
    expect(byNik.get(c!.nik)).toMatchObject({ TANGGAL_PENETAPAN: '2026-03-15' });
  });

  it('reads Windows-1252 text, and a re-upload of the same rows does not duplicate them', async () => {
    const [a] = accessed;
    const text = `${HEADER}\n${a!.nik},${period},CAF\xc9-01,PBI,,\n`;
    const before = await recordCount();
    for (let i = 0; i < 2; i++) {
      const res = await upload(Buffer.from(text, 'latin1'));
      expect(res.json()).toMatchObject({ accepted: 1, rejected: 0 });
    }
    expect(await recordCount()).toBe(before);
    const officer = await as(t.app, t.world.provinceOfficer.username);
    const rec = (await officer.get(`/v1/return-data/records?nik=${a!.nik}`)).json().items[0];
    expect(rec.data.ID_PENERIMA_BANTUAN).toBe('CAFÉ-01');
  });

  it('refuses whole files clearly: empty, header only, missing column, old XLS, broken and bomb XLSX', async () => {
    const refused = async (file: Buffer | string, pattern: RegExp, name = 'data.csv') => {
      const res = await upload(file, name);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('RETURN_DATA_FILE_REFUSED');
      expect(res.json().error.message).toMatch(pattern);
    };
    await refused('', /Berkas kosong/);
    await refused('\uFEFF\r\n\r\n', /Berkas kosong/);
    await refused(`${HEADER}\r\n`, /tidak berisi baris data/);
    await refused(
      `NIK;PERIODE;JENIS_BANTUAN\n${accessed[0]!.nik};${period};PKH\n`,
      /Kolom wajib ID_PENERIMA_BANTUAN/,
    );
    await refused(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3, 4]), /XLS/, 'lama.xls');
    await refused(
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]),
      /XLSX rusak/,
      'rusak.xlsx',
    );
    const bomb = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(64 * 1024 * 1024, 0x20) },
    ]);
    expect(bomb.length).toBeLessThan(200_000);
    await refused(bomb, /bom ZIP/, 'bom.xlsx');
    // A whole ZIP that is no workbook.
    await refused(zipOf([{ name: 'a.txt', data: Buffer.from('halo') }]), /XLSX/, 'bukan.xlsx');
  });

  it('answers malformed multipart bodies and JSON with 400 or 415, never a 5xx', async () => {
    const token = (await operator()).token;
    const url = `/v1/return-data/uploads?agreementId=${t.world.agreement.id}`;
    const bodies: [string, string | Buffer, number, string][] = [
      ['multipart/form-data', 'garbage', 400, 'UPLOAD_UNREADABLE'],
      ['multipart/form-data; boundary=x', 'garbage without a boundary line', 400, 'UPLOAD_UNREADABLE'],
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nNIK',
        400,
        'UPLOAD_UNREADABLE',
      ],
      ['multipart/form-data; boundary=x', '--x--\r\n', 400, 'UPLOAD_NO_FILE'],
      ['application/json', '{"file":"x"}', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['text/csv', 'NIK,PERIODE\n', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ];
    for (const [type, payload, status, code] of bodies) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': type, authorization: `Bearer ${token}` },
        payload,
      });
      expect([res.statusCode, res.json().error.code], `${type}: ${res.body}`).toEqual([status, code]);
      expect(Object.keys(res.json().error)).toEqual(expect.arrayContaining(['code', 'message', 'requestId']));
    }
  });

  it('answers a file over the limit with 413 and the limit', async () => {
    const app = await buildApp({
      config: { ...testConfig, returnDataMaxBytes: 2048 },
      db: t.db,
      logger: false,
      clock,
    });
    try {
      const token = await tokenFor(app, t.world.operator.username);
      const { payload, headers } = multipart('besar.csv', `${HEADER}\n${'x'.repeat(5000)}\n`);
      const res = await app.inject({
        method: 'POST',
        url: `/v1/return-data/uploads?agreementId=${t.world.agreement.id}`,
        headers: { ...headers, authorization: `Bearer ${token}` },
        payload,
      });
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limitBytes: 2048 } });
      expect(res.json().error.message).toContain('2048');
    } finally {
      await app.close();
    }
  });

  it('reads XLSX: text and date cells, a NIK stored as a number is named; rejects as CSV and XLSX', async () => {
    const [, , , d] = accessed;
    const file = await xlsxOf(
      [
        HEADER.split(','),
        [d!.nik, period, 'PKH-77', 'BPNT', null, new Date(Date.UTC(2026, 2, 15))],
        [Number(accessed[0]!.nik), period, 'PKH-78', 'PKH', null, null],
      ],
      [0, 1],
    );
    const res = await upload(file, 'data.xlsx');
    expect(res.statusCode, res.body).toBe(201);
    const u = res.json();
    expect(u).toMatchObject({ format: 'xlsx', rowsRead: 2, accepted: 1, rejected: 1 });
    expect(u.rejects).toEqual([
      { line: 3, column: 'NIK', reason: expect.stringMatching(/tersimpan sebagai angka/) },
    ]);
    const op = await operator();
    const csv = await op.get(`/v1/return-data/uploads/${u.id}/rejects.csv`);
    expect(csv.body.split('\n')[0]).toBe('baris,kolom,alasan');
    expect(csv.body).toContain('"NIK"');
    const xlsx = await readXlsx((await op.get(`/v1/return-data/uploads/${u.id}/rejects.xlsx`)).rawPayload);
    expect(xlsx.Ditolak![1]).toEqual([3, 'NIK', expect.stringMatching(/tersimpan sebagai angka/)]);
    expect((await op.get(`/v1/return-data/uploads/${u.id}`)).json().accepted).toBe(1);
    const other = await as(t.app, t.world.other.operator.username);
    expect((await other.get(`/v1/return-data/uploads/${u.id}`)).statusCode).toBe(404);
  });

  it('stores every record under its agreement’s institution, one of its schemas, and its own upload', async () => {
    // Migration 042 left the agreement as the records' only foreign key: the writer must name the rest right.
    const { rows } = await t.db.query<{ n: number; wrong: number }>(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE g.institution_id IS DISTINCT FROM r.institution_id
                OR s.id IS NULL OR s.agreement_id <> r.agreement_id
                OR (r.upload_id IS NOT NULL AND (u.id IS NULL OR u.agreement_id <> r.agreement_id))
                OR (r.upload_id IS NULL) <> (r.channel IN ('web_service', 'form')))::int AS wrong
         FROM return_data_records r
         JOIN agreements g ON g.id = r.agreement_id
         LEFT JOIN return_data_schemas s ON s.id = r.schema_id
         LEFT JOIN return_data_uploads u ON u.id = r.upload_id`,
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
    expect(rows[0]!.wrong).toBe(0);
  });
});

describe('coverage and compliance', () => {
  it('counts coverage per period, and after the deadline a gap is a finding that warns until filled', async () => {
    const head = await as(t.app, t.world.head.username);
    const id = t.world.institution.id;
    const cov = (await head.get(`/v1/agreements/${t.world.agreement.id}/return-data/coverage`)).json();
    const p = cov.periods.find((x: { period: string }) => x.period === period);
    expect(p).toMatchObject({ accessed: 4, covered: 4, overdue: false });
    // One more NIK accessed and not yet covered.
    const late = await addResident(t.db);
    expect((await (await operator()).post('/v1/lookups', { nik: late.nik })).json().outcome).toBe('FOUND');
    const missing = (
      await head.get(`/v1/agreements/${t.world.agreement.id}/return-data/missing?period=${period}`)
    ).json();
    expect(missing.niks).toEqual([late.nik]);
    // Other obligations met, so the return data decides the state.
    expect(
      (await head.post(`/v1/institutions/${id}/certificates`, { number: 'ISO-1', validUntil: '2099-12-31' }))
        .statusCode,
    ).toBe(201);
    const deadline = (await head.get(`/v1/agreements/${t.world.agreement.id}/return-data/coverage`))
      .json()
      .periods.find((x: { period: string }) => x.period === period).deadline as string;
    const before = await evaluateObligations(t.db, id, deadline);
    expect(before.filter((f) => f.obligation === 'return_data')).toEqual([]);
    now = Date.parse(`${deadline}T03:00:00Z`) + 86_400_000;
    const findings = await evaluateObligations(t.db, id, wibDay(clock()));
    expect(findings.filter((f) => f.obligation === 'return_data')).toEqual([
      expect.objectContaining({
        severity: 'breach',
        message: expect.stringMatching(new RegExp(`periode ${period}: cakupan 80%`)),
      }),
    ]);
    for (const f of findings.filter((x) => x.obligation === 'semester_report')) {
      const sem = /Laporan semester (\S+)/.exec(f.message)![1]!;
      await t.db.query(
        `INSERT INTO semester_reports (id, institution_id, semester, submitted_at) VALUES ($1, $2, $3, now())`,
        [`rep_${sem}`, id, sem],
      );
    }
    await runCompliance(t.db, clock());
    let state = (
      await (await as(t.app, t.world.provinceOfficer.username)).get(`/v1/institutions/${id}/compliance`)
    ).json();
    expect(state.state).toBe('warned');
    expect(state.reason).toMatch(/Data balikan/);
    // The institution completes it (a period still open to it: the late NIK's), and the next run clears it.
    const op = await as(t.app, t.world.operator.username);
    const sent = await op.post('/v1/return-data', {
      agreementId: t.world.agreement.id,
      channel: 'form',
      records: [{ nik: late.nik, period, values: { ID_PENERIMA_BANTUAN: 'PKH-99', JENIS_BANTUAN: 'PKH' } }],
    });
    expect(sent.json()).toMatchObject({ accepted: 1, rejected: 0 });
    await runCompliance(t.db, clock());
    state = (
      await (await as(t.app, t.world.provinceOfficer.username)).get(`/v1/institutions/${id}/compliance`)
    ).json();
    expect(state.state).toBe('in_order');
    const full = (
      await (
        await as(t.app, t.world.head.username)
      ).get(`/v1/agreements/${t.world.agreement.id}/return-data/coverage`)
    ).json();
    expect(full.periods.find((x: { period: string }) => x.period === period)).toMatchObject({
      accessed: 5,
      covered: 5,
      share: 1,
    });
    expect(full.overduePeriods).toEqual([]);
  });
});

describe('the validator (property tests)', () => {
  const schema = {
    period: 'monthly',
    fields: PRESETS.baperlitbang_kemiskinan.schema.fields,
  } as unknown as ReturnDataSchema;

  it('never throws, whatever a row holds, and accepts only 16-digit NIK strings', () => {
    const raw = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.date());
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('NIK', 'PERIODE', 'DESIL_KESEJAHTERAAN', 'PENERIMA_BANTUAN', 'X'), raw),
        (row) => {
          const r = validateRow(schema, (k) => row[k] as never, '2026-12-01');
          if (r.record) expect(r.record.nik).toMatch(/^\d{16}$/);
          expect(r.record === null).toBe(r.problems.length > 0);
        },
      ),
      { seed: 12, numRuns: 2000 },
    );
  });

  it('reads every valid date in its three written forms alike', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-03-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (dt) => {
          const iso = dt.toISOString().slice(0, 10);
          const [y, m, d] = iso.split('-');
          for (const s of [iso, `${d}-${m}-${y}`, `${d}/${m}/${y}`])
            expect(checkDate(s)).toEqual({ ok: true, value: iso });
        },
      ),
      { seed: 7, numRuns: 500 },
    );
    expect(checkDate('46096')).toEqual({ ok: true, value: '2026-03-15' });
    expect(checkDate('31-02-2026').ok).toBe(false);
  });

  it('names a NIK Excel turned into a number', () => {
    expect(checkId16('3.30102E+15', 'NIK')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/notasi ilmiah/),
    });
    expect(checkId16(3301020000000000, 'NIK')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/angka/),
    });
    expect(checkId16('3301020101900001', 'NIK')).toEqual({ ok: true, value: '3301020101900001' });
    expect(checkValue({ key: 'A1', label: 'A', type: 'decimal', required: true }, '1.500.000,75')).toEqual({
      ok: true,
      value: 1500000.75,
    });
  });
});
