import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import { useTestWorld } from '../../test/fixtures.ts';
import { pdfText } from '../../test/pdf-text.ts';
import { addDays } from '../../lib/dates.ts';
import { wibDay } from '../../lib/time.ts';
import { evaluateObligations, lastDueSemester } from '../compliance/compliance.service.ts';
import { insertInstitution } from '../institutions/institutions.repo.ts';
import { insertOffice } from '../offices/offices.repo.ts';
import { semesterOf } from '../reports/reports.overview.ts';

const clock = () => new Date(Date.now() + 60_000);
const t = useTestWorld({ clock });
const TODAY = wibDay(clock());
const SEM = lastDueSemester(TODAY).semester;

describe('evaluations', () => {
  it('are recorded by the managing office with a checklist from the data, read in scope, and printed', async () => {
    const id = t.world.institution.id;
    const office = await as(t.app, t.world.provinceOfficer.username);
    const body = {
      institutionId: id,
      kind: 'semester',
      semester: SEM,
      findings: 'Laporan semester belum diterima; sertifikat ISO/IEC 27001 belum ada.',
      result: 'kurang',
      recommendations: [{ text: 'Menyampaikan sertifikat ISO/IEC 27001', dueOn: addDays(TODAY, 30) }],
    };
    // Who may: officers only; in their area only; sound input only.
    expect((await (await as(t.app, t.world.head.username)).post('/v1/evaluations', body)).statusCode).toBe(
      403,
    );
    expect(
      (await office.post('/v1/evaluations', { ...body, institutionId: t.world.other.institution.id }))
        .statusCode,
    ).toBe(404);
    const adHoc = await office.post('/v1/evaluations', { ...body, kind: 'ad_hoc' });
    expect([adHoc.statusCode, adHoc.json().error.code]).toEqual([400, 'EVALUATION_AD_HOC_SEMESTER']);
    const { semester: _, ...noSemester } = body;
    const missing = await office.post('/v1/evaluations', noSemester);
    expect([missing.statusCode, missing.json().error.code]).toEqual([400, 'EVALUATION_SEMESTER_REQUIRED']);
    const running = await office.post('/v1/evaluations', { ...body, semester: semesterOf(TODAY) });
    expect([running.statusCode, running.json().error.code]).toEqual([400, 'EVALUATION_SEMESTER_NOT_ENDED']);
    expect((await office.post('/v1/evaluations', { ...body, result: 'sedang' })).statusCode).toBe(400);
    const dueToday = await office.post('/v1/evaluations', {
      ...body,
      recommendations: [{ text: 'Segera', dueOn: TODAY }],
    });
    expect([dueToday.statusCode, dueToday.json().error.code]).toEqual([400, 'FOLLOW_UP_DATE_NOT_AHEAD']);

    const res = await office.post('/v1/evaluations', body);
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json();
    expect(e).toMatchObject({
      result: 'kurang',
      kind: 'semester',
      semester: SEM,
      evaluatedBy: t.world.provinceOfficer.id,
    });
    expect(e.letterNumber).toBe(`1/EVAL-PKS/DISDUKCAPIL-33/${TODAY.slice(0, 4)}`);
    const items = Object.fromEntries(
      e.checklist.map((c: { key: string; met: boolean | null }) => [c.key, c.met]),
    );
    expect(items).toEqual({
      report_on_time: false,
      quota_use: true,
      misuse_alerts: true,
      return_data: null,
      disputes: true,
      iso27001: false,
      ndas_complete: true,
      sptjm: true,
    });

    // The head reads it; BANK_X's operator's institution is not its; the centre sees it.
    const head = await as(t.app, t.world.head.username);
    expect((await head.get(`/v1/evaluations/${e.id}`)).statusCode).toBe(200);
    expect((await head.get('/v1/evaluations')).json().items.map((x: { id: string }) => x.id)).toEqual([e.id]);
    expect(
      (await head.get(`/v1/evaluations?institutionId=${t.world.other.institution.id}`)).json().items,
    ).toEqual([]);

    const pdf = await head.get(`/v1/evaluations/${e.id}/document?format=pdf`);
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain(e.letterNumber);
    expect(text).toContain('BERITA ACARA EVALUASI');
    expect(text).toContain('KURANG');
    expect(text).toContain('Menyampaikan sertifikat ISO/IEC 27001');
    const xlsx = await head.get(`/v1/evaluations/${e.id}/document?format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows = wb.getWorksheet('Daftar periksa')!.getSheetValues().slice(2) as unknown[][];
    expect(rows.map((r) => [r[1], r[3]])).toContainEqual(['iso27001', false]);
  });

  it('tracks follow-up deadlines in the compliance engine until the institution reports them done', async () => {
    const id = t.world.institution.id;
    const office = await as(t.app, t.world.provinceOfficer.username);
    const due = addDays(TODAY, 10);
    const e = (
      await office.post('/v1/evaluations', {
        institutionId: id,
        kind: 'ad_hoc',
        findings: 'Pemeriksaan sewaktu-waktu',
        result: 'cukup',
        recommendations: [{ text: 'Memperbarui daftar operator', dueOn: due }],
      })
    ).json();
    expect(e.semester).toBeNull();
    const followUps = async (day: string) =>
      (await evaluateObligations(t.db, id, day)).filter((f) => f.obligation === 'evaluation_follow_up');
    expect(await followUps(due)).toEqual([]);
    expect(await followUps(addDays(due, 1))).toEqual([
      expect.objectContaining({
        severity: 'breach',
        message: expect.stringContaining('Memperbarui daftar operator'),
      }),
    ]);
    const head = await as(t.app, t.world.head.username);
    const recId = e.recommendations[0].id;
    const done = await head.post(`/v1/evaluation-recommendations/${recId}/follow-up`, {
      note: 'Sudah diperbarui',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().recommendations[0]).toMatchObject({
      doneNote: 'Sudah diperbarui',
      doneAt: expect.any(String),
    });
    expect(await followUps(addDays(due, 1))).toEqual([]);
    const again = await head.post(`/v1/evaluation-recommendations/${recId}/follow-up`, { note: 'Lagi' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'RECOMMENDATION_FOLLOWED_UP']);
  });

  it('rolls up regency → province → centre; an office sees only its area', async () => {
    const regency = await insertOffice(t.db, {
      level: 'regency',
      regionCode: '3301',
      name: 'Disdukcapil Kabupaten Cilacap',
      parentId: t.world.province.id,
    });
    const inst = await insertInstitution(t.db, {
      code: 'BPBD_CILACAP_R',
      name: 'BPBD Cilacap',
      officeId: regency.id,
      allowedNetworks: [],
    });
    const central = await as(t.app, t.world.officer.username);
    const r = await central.post('/v1/evaluations', {
      institutionId: inst.id,
      kind: 'semester',
      semester: SEM,
      findings: 'Baik',
      result: 'baik',
    });
    expect(r.statusCode, r.body).toBe(201);

    type Row = { officeId: string; total: Record<string, number> };
    const byOffice = (body: { offices: Row[] }): Record<string, Row> =>
      Object.fromEntries(body.offices.map((o) => [o.officeId, o]));
    const all = byOffice((await central.get(`/v1/evaluations/rollup?semester=${SEM}`)).json());
    expect(all[regency.id]).toMatchObject({
      institutions: 1,
      evaluated: 1,
      baik: 1,
      total: { institutions: 1, baik: 1 },
    });
    // The province's own institution (BPBD Jawa Tengah, evaluated kurang) plus the regency's.
    expect(all[t.world.province.id]).toMatchObject({
      institutions: 1,
      kurang: 1,
      total: { institutions: 2, evaluated: 2, baik: 1, kurang: 1 },
    });
    expect(all[t.world.central.id]!.total).toMatchObject({ evaluated: 2, baik: 1, kurang: 1 });
    expect(all[t.world.central.id]!.total.institutions).toBeGreaterThanOrEqual(3);

    const office = await as(t.app, t.world.provinceOfficer.username);
    const mine = byOffice((await office.get(`/v1/evaluations/rollup?semester=${SEM}`)).json());
    expect(Object.keys(mine).sort()).toEqual([t.world.province.id, regency.id].sort());
    const head = await as(t.app, t.world.head.username);
    expect((await head.get(`/v1/evaluations/rollup?semester=${SEM}`)).statusCode).toBe(403);
    expect((await office.get('/v1/evaluations/rollup?semester=2026-S9')).statusCode).toBe(400);

    // The roll-up as documents: the province's PDF names its own office and the regency below it, not the
    // central office's other institutions; the workbook's rows equal the JSON roll-up.
    const pdf = await office.get(`/v1/evaluations/rollup/document?semester=${SEM}&format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('REKAPITULASI EVALUASI');
    expect(text).toContain('DISDUKCAPIL PROVINSI JAWA TENGAH');
    expect(text).toContain('Disdukcapil Kabupaten Cilacap');
    expect(text).not.toContain('Ditjen Dukcapil (Pusat)');
    const xlsx = await central.get(`/v1/evaluations/rollup/document?semester=${SEM}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const header = sheet.getRow(1).values as unknown[];
    const rows = new Map<string, unknown[]>();
    sheet.eachRow((row, n) => {
      if (n > 1) rows.set(String(row.getCell(1).value), row.values as unknown[]);
    });
    const json = (await central.get(`/v1/evaluations/rollup?semester=${SEM}`)).json() as {
      offices: { officeName: string; baik: number; total: { institutions: number; kurang: number } }[];
    };
    expect(rows.size).toBe(json.offices.length);
    for (const o of json.offices) {
      const row = rows.get(o.officeName)!;
      expect(row[header.indexOf('Hasil baik')]).toBe(o.baik);
      expect(row[header.indexOf('Instansi (total)')]).toBe(o.total.institutions);
      expect(row[header.indexOf('Hasil kurang (total)')]).toBe(o.total.kurang);
    }
    expect((await head.get(`/v1/evaluations/rollup/document?semester=${SEM}&format=pdf`)).statusCode).toBe(
      403,
    );
    expect((await office.get(`/v1/evaluations/rollup/document?semester=${SEM}&format=doc`)).statusCode).toBe(
      400,
    );
  });

  it('previews the checklist from the data before the officer records it, in scope only', async () => {
    const office = await as(t.app, t.world.provinceOfficer.username);
    const id = t.world.institution.id;
    const res = await office.get(`/v1/institutions/${id}/evaluation-checklist?semester=${SEM}`);
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json() as { semester: string; checklist: { key: string; met: boolean | null }[] };
    expect(preview.semester).toBe(SEM);
    // The same checklist a recorded evaluation keeps.
    const recorded = await office.post('/v1/evaluations', {
      institutionId: id,
      kind: 'semester',
      semester: SEM,
      findings: 'Pratinjau sama dengan yang dicatat',
      result: 'cukup',
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json().checklist).toEqual(preview.checklist);
    // Ad hoc (no semester): the last due semester.
    expect((await office.get(`/v1/institutions/${id}/evaluation-checklist`)).json().semester).toBe(SEM);
    expect(
      (await office.get(`/v1/institutions/${t.world.other.institution.id}/evaluation-checklist`)).statusCode,
    ).toBe(404);
    const future = await office.get(`/v1/institutions/${id}/evaluation-checklist?semester=2099-S1`);
    expect([future.statusCode, future.json().error.code]).toEqual([400, 'SEMESTER_NOT_BEGUN']);
    expect(
      (await (await as(t.app, t.world.head.username)).get(`/v1/institutions/${id}/evaluation-checklist`))
        .statusCode,
    ).toBe(403);
  });
});
