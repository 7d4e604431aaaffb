import { describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import { TINY_PDF, useTestWorld } from '../../test/fixtures.ts';
import { addDays, addMonths } from '../../lib/dates.ts';
import { wibDay } from '../../lib/time.ts';
import { evaluateObligations } from '../compliance/compliance.service.ts';

// Tokens are checked against the real time: the test clock starts now and moves forward.
let now = Date.now() + 60_000;
const clock = () => new Date(now);
const t = useTestWorld({ clock });
const TODAY = wibDay(new Date(now));

const findings = async (day: string) =>
  (await evaluateObligations(t.db, t.world.institution.id, day)).map((f) => `${f.severity}:${f.obligation}`);
const pdf = { filename: 'dok.pdf', contentType: 'application/pdf', base64: TINY_PDF.toString('base64') };

describe('SPTJM and NDA validity', () => {
  it('an amendment asks for a new SPTJM and new NDAs: a notice within the grace period, a breach after, gone once uploaded', async () => {
    // The world's SPTJM and NDAs were signed on 2026-01-02, before anything below.
    expect(await findings(TODAY)).not.toContain('notice:sptjm_resign');
    const office = await as(t.app, t.world.provinceOfficer.username);
    const amended = await office.post(`/v1/agreements/${t.world.agreement.id}/amendments`, {
      reason: 'Adendum: tanpa status perkawinan',
      terms: { elements: ['NIK', 'NAMA_LGKP', 'TGL_LHR'] },
    });
    expect(amended.statusCode, amended.body).toBe(201);
    const soon = await findings(TODAY);
    expect(soon).toEqual(expect.arrayContaining(['notice:sptjm_resign', 'notice:nda_resign']));
    const late = addDays(TODAY, 31);
    const all = await evaluateObligations(t.db, t.world.institution.id, late);
    expect(all.map((f) => `${f.severity}:${f.obligation}`)).toEqual(
      expect.arrayContaining(['breach:sptjm_stale', 'breach:nda_stale']),
    );
    // Each finding says what to upload.
    expect(all.find((f) => f.obligation === 'sptjm_stale')!.message).toMatch(
      /adendum PKS .*unggah SPTJM baru/,
    );
    expect(all.find((f) => f.obligation === 'nda_stale')!.message).toContain(t.world.operator.username);

    // The institution uploads both: nothing stale any more.
    const head = await as(t.app, t.world.head.username);
    const s = await head.post(`/v1/institutions/${t.world.institution.id}/responsibility-statement`, {
      signatoryName: 'Kepala Instansi Uji',
      signatoryPosition: 'Kepala',
      signedOn: TODAY,
      document: pdf,
    });
    expect(s.statusCode, s.body).toBe(201);
    const { rows } = await t.db.query<{ id: string }>(
      `SELECT id FROM user_accounts WHERE institution_id = $1 AND role = 'operator' AND is_active`,
      [t.world.institution.id],
    );
    for (const r of rows) {
      const n = await head.post(`/v1/accounts/${r.id}/nda`, { signedOn: TODAY });
      expect(n.statusCode, n.body).toBe(201);
    }
    const clean = await findings(late);
    expect(clean.filter((f) => /sptjm|nda/.test(f))).toEqual([]);
  });

  it('a granted extension asks again; yearly re-signing is a setting of the central office only', async () => {
    const head = await as(t.app, t.world.head.username);
    const ext = await head.post(`/v1/agreements/${t.world.agreement.id}/extension-requests`, {
      newEndDate: addMonths('2027-12-31', 24),
      reason: 'Program berlanjut',
    });
    expect(ext.statusCode, ext.body).toBe(201);
    now += 2 * 86_400_000;
    const day = wibDay(clock());
    const office = await as(t.app, t.world.provinceOfficer.username);
    const granted = await office.post(
      `/v1/agreements/${t.world.agreement.id}/extension-requests/${ext.json().id}/decision`,
      { grant: true },
    );
    expect(granted.statusCode, granted.body).toBe(200);
    expect(await findings(day)).toContain('notice:sptjm_resign');
    const msg = (await evaluateObligations(t.db, t.world.institution.id, day)).find(
      (f) => f.obligation === 'sptjm_resign',
    )!.message;
    expect(msg).toContain('perpanjangan PKS');

    // The yearly setting: off by default; bad input and other roles are refused.
    const central = await as(t.app, t.world.officer.username);
    expect((await central.get('/v1/document-validity-policy')).json()).toMatchObject({
      resignYearly: false,
      graceDays: 30,
    });
    expect((await office.patch('/v1/document-validity-policy', { resignYearly: true })).statusCode).toBe(403);
    expect((await central.patch('/v1/document-validity-policy', { graceDays: -1 })).statusCode).toBe(400);
    expect((await central.patch('/v1/document-validity-policy', {})).statusCode).toBe(400);
    const yearDay = addMonths(TODAY, 13);
    const other = async (d: string) =>
      (await evaluateObligations(t.db, t.world.other.institution.id, d)).map((f) => f.obligation);
    expect(await other(yearDay)).not.toContain('sptjm_stale');
    const on = await central.patch('/v1/document-validity-policy', { resignYearly: true, graceDays: 10 });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toMatchObject({ resignYearly: true, graceDays: 10 });
    // BANK_X signed on 2026-01-02: a year on, plus the grace, its SPTJM and NDAs are stale.
    expect(await other(addDays('2027-01-02', 5))).toContain('sptjm_resign');
    expect(await other(addDays('2027-01-02', 11))).toEqual(
      expect.arrayContaining(['sptjm_stale', 'nda_stale']),
    );
  });
});
