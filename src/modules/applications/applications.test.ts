import { describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import { useTestWorld } from '../../test/fixtures.ts';
import { pdfText } from '../../test/pdf-text.ts';

const t = useTestWorld();

const applicationBody = (institutionId: string) => ({
  institutionId,
  purpose: 'Verifikasi data korban bencana untuk penyaluran bantuan logistik',
  elements: ['NIK', 'NO_KK', 'NAMA_LGKP', 'TGL_LHR', 'ALAMAT'],
  methods: ['verification', 'portal'],
  returnData: ['CATATAN_KORBAN_BENCANA', 'JENIS_BENCANA'],
});

async function letterOf(client: Awaited<ReturnType<typeof as>>, id: string) {
  const res = await t.app.inject({
    url: `/v1/applications/${id}/letter`,
    headers: { authorization: `Bearer ${client.token}` },
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  return pdfText(res.rawPayload);
}

describe('application → decision', () => {
  it('the head applies, the province office forwards, the central office approves with a numbered letter', async () => {
    const head = await as(t.app, t.world.head.username);
    const office = await as(t.app, t.world.provinceOfficer.username);
    const central = await as(t.app, t.world.officer.username);

    const applied = await head.post('/v1/applications', applicationBody(t.world.institution.id));
    expect(applied.statusCode, applied.body).toBe(201);
    const app = applied.json();
    expect(app).toMatchObject({ status: 'submitted', periodMonths: 24, officeId: t.world.province.id });

    // The central office decides only what was forwarded; the province office cannot decide.
    const early = await central.post(`/v1/applications/${app.id}/approve`, {});
    expect([early.statusCode, early.json().error.code]).toEqual([409, 'APPLICATION_NOT_FORWARDED']);
    expect((await office.post(`/v1/applications/${app.id}/approve`, {})).statusCode).toBe(403);
    const forwarded = await office.post(`/v1/applications/${app.id}/forward`, {
      note: 'Berkas lengkap, mohon persetujuan',
    });
    expect(forwarded.json()).toMatchObject({
      status: 'forwarded',
      forwardNote: 'Berkas lengkap, mohon persetujuan',
    });
    const again = await office.post(`/v1/applications/${app.id}/forward`, { note: 'lagi' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'APPLICATION_NOT_SUBMITTED']);

    const approved = await central.post(`/v1/applications/${app.id}/approve`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    const decided = approved.json();
    expect(decided.status).toBe('approved');
    expect(decided.letterNumber).toMatch(/^\d+\/PERSETUJUAN\/DITJEN-DUKCAPIL\/\d{4}$/);
    expect(decided.annex).toMatchObject({
      user: t.world.institution.name,
      purpose: app.purpose,
      returnData: ['CATATAN_KORBAN_BENCANA', 'JENIS_BENCANA'],
      period: '24 bulan sejak penandatanganan PKS',
    });
    expect(decided.annex.elements.map((e: { label: string }) => e.label)).toContain('Nomor KK');

    // The letter, read back from the PDF: number, addressee, annex table.
    const text = await letterOf(head, app.id);
    for (const s of [
      decided.letterNumber,
      'Persetujuan Pemanfaatan Data Kependudukan',
      `Kepala ${t.world.institution.name}`,
      'LAMPIRAN',
      'Tujuan Pemanfaatan',
      'Nomor KK',
      'Web Service Kesesuaian',
      'JENIS_BENCANA',
      '24 bulan',
    ]) {
      expect(text).toContain(s);
    }
    const audit = await central.get(`/v1/admin-audit?entityId=${app.id}`);
    expect(audit.json().items.map((r: { action: string }) => r.action)).toEqual([
      'application.approve',
      'application.forward',
      'application.submit',
    ]);
  });

  it('the central office rejects with reasons, in a numbered rejection letter', async () => {
    const admin = await as(t.app, t.world.admin.username);
    const office = await as(t.app, t.world.provinceOfficer.username);
    const central = await as(t.app, t.world.officer.username);
    const app = (
      await admin.post('/v1/applications', {
        ...applicationBody(t.world.institution.id),
        periodUntil: '2030-06-30',
      })
    ).json();
    expect(app).toMatchObject({ periodMonths: null, periodUntil: '2030-06-30' });
    await office.post(`/v1/applications/${app.id}/forward`, { note: 'Diteruskan' });
    expect((await central.post(`/v1/applications/${app.id}/reject`, { reasons: [] })).statusCode).toBe(400);
    const rejected = await central.post(`/v1/applications/${app.id}/reject`, {
      reasons: ['Kajian teknis belum dilampirkan', 'Elemen data melebihi kebutuhan tujuan'],
    });
    expect(rejected.json()).toMatchObject({ status: 'rejected', annex: null });
    expect(rejected.json().letterNumber).toMatch(/^\d+\/PENOLAKAN\/DITJEN-DUKCAPIL\/\d{4}$/);
    const text = await letterOf(office, app.id);
    for (const s of [
      rejected.json().letterNumber,
      'Penolakan Permohonan',
      'Kajian teknis belum dilampirkan',
      'Elemen data melebihi kebutuhan tujuan',
    ]) {
      expect(text).toContain(s);
    }
    expect((await central.post(`/v1/applications/${app.id}/approve`, {})).statusCode).toBe(409);
  });

  it('refuses elements outside the master list, a bad period, and other institutions', async () => {
    const head = await as(t.app, t.world.head.username);
    const bad = await head.post('/v1/applications', {
      ...applicationBody(t.world.institution.id),
      elements: ['NIK', 'GAJI_BULANAN'],
    });
    expect(bad.statusCode).toBe(400);
    const noReturn = await head.post('/v1/applications', {
      ...applicationBody(t.world.institution.id),
      returnData: [],
    });
    expect(noReturn.statusCode).toBe(400);
    const past = await head.post('/v1/applications', {
      ...applicationBody(t.world.institution.id),
      periodUntil: '2020-01-01',
    });
    expect([past.statusCode, past.json().error.code]).toEqual([400, 'APPLICATION_PERIOD_PAST']);
    const other = await head.post('/v1/applications', applicationBody(t.world.other.institution.id));
    expect(other.statusCode).toBe(404);
    // Officers do not apply for an institution; its people do.
    const central = await as(t.app, t.world.officer.username);
    expect((await central.post('/v1/applications', applicationBody(t.world.institution.id))).statusCode).toBe(
      403,
    );
  });

  it('numbers letters one after another', async () => {
    const head = await as(t.app, t.world.head.username);
    const office = await as(t.app, t.world.provinceOfficer.username);
    const central = await as(t.app, t.world.officer.username);
    const numbers: number[] = [];
    for (let i = 0; i < 2; i++) {
      const app = (await head.post('/v1/applications', applicationBody(t.world.institution.id))).json();
      await office.post(`/v1/applications/${app.id}/forward`, { note: 'Diteruskan' });
      const approved = (await central.post(`/v1/applications/${app.id}/approve`, {})).json();
      numbers.push(Number(String(approved.letterNumber).split('/')[0]));
    }
    expect(numbers[1]).toBe(numbers[0]! + 1);
  });
});
