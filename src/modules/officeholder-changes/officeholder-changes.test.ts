import { describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import { PASSWORD, TINY_PDF, useTestWorld } from '../../test/fixtures.ts';
import { addDays } from '../../lib/dates.ts';
import { wibDay } from '../../lib/time.ts';
import { evaluateObligations } from '../compliance/compliance.service.ts';
import { SPTJM_RESIGN_DAYS } from './officeholder-changes.service.ts';

// Tokens are checked against the real time: the test clock starts now and moves forward.
let now = Date.now() + 60_000;
const clock = () => new Date(now);
const t = useTestWorld({ clock });
const TODAY = wibDay(new Date(now));
const EFFECTIVE = addDays(TODAY, -3);

const pdf = (filename = 'surat-pemberitahuan.pdf') => ({
  filename,
  contentType: 'application/pdf',
  base64: TINY_PDF.toString('base64'),
});
const officeholderNotice = (over: Record<string, unknown> = {}) => ({
  kind: 'officeholder',
  letterNumber: '800/77/BPBD/2026',
  effectiveOn: EFFECTIVE,
  newHead: { name: 'Kepala Baru Sintetis', title: 'Kepala Pelaksana BPBD', email: 'kepala.baru@contoh.test' },
  documents: [pdf(), pdf('sk-pengangkatan.pdf')],
  ...over,
});
const findingsOn = async (day: string) =>
  (await evaluateObligations(t.db, t.world.institution.id, day)).map((f) => `${f.severity}:${f.obligation}`);

describe('change of officeholder or organisation', () => {
  it('refuses bad notices with the field named, and notices for another institution', async () => {
    const head = await as(t.app, t.world.head.username);
    const url = `/v1/institutions/${t.world.institution.id}/officeholder-changes`;
    const cases: [Record<string, unknown>, string, string?][] = [
      [officeholderNotice({ documents: [] }), '/documents'],
      [
        officeholderNotice({ newHead: { name: 'A B', title: 'Kepala', email: 'bukan-email' } }),
        '/newHead/email',
      ],
      [officeholderNotice({ effectiveOn: '2026-02-30' }), '/effectiveOn'],
      [officeholderNotice({ effectiveOn: addDays(TODAY, 400) }), '/effectiveOn', 'NOTICE_TOO_FAR_AHEAD'],
      [
        {
          kind: 'organisation',
          letterNumber: 'x/1',
          effectiveOn: EFFECTIVE,
          newName: 'BPBD Provinsi Jawa Tengah',
          documents: [pdf()],
        },
        '/newName',
        'NOTICE_SAME_NAME',
      ],
      [{ kind: 'organisation', letterNumber: 'x/1', effectiveOn: EFFECTIVE, documents: [pdf()] }, '/newName'],
      [{ kind: 'merger', letterNumber: 'x/1', effectiveOn: EFFECTIVE, documents: [pdf()] }, '/kind'],
    ];
    for (const [body, path, code = 'VALIDATION_FAILED'] of cases) {
      const res = await head.post(url, body);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe(code);
      expect(JSON.stringify(res.json().error.details ?? res.json().error.message)).toContain(
        path.split('/').pop(),
      );
    }
    // A file that is not what it claims to be.
    const fake = await head.post(url, officeholderNotice({ documents: [{ ...pdf(), base64: 'aGVsbG8=' }] }));
    expect([fake.statusCode, fake.json().error.code]).toEqual([400, 'FILE_NOT_OF_TYPE']);
    // Another institution's notice is not the head's to file; an operator files none.
    const other = await head.post(
      `/v1/institutions/${t.world.other.institution.id}/officeholder-changes`,
      officeholderNotice(),
    );
    expect(other.statusCode).toBe(404);
    const operator = await as(t.app, t.world.operator.username);
    expect((await operator.post(url, officeholderNotice())).statusCode).toBe(403);
    // Nothing was stored by any of them.
    expect((await head.get('/v1/officeholder-changes')).json().items).toEqual([]);
  });

  it('an organisation change renames the institution on confirmation, audited; a rejected one changes nothing', async () => {
    const head = await as(t.app, t.world.head.username);
    const office = await as(t.app, t.world.provinceOfficer.username);
    const url = `/v1/institutions/${t.world.institution.id}/officeholder-changes`;
    const first = await head.post(url, {
      kind: 'organisation',
      letterNumber: '800/80/BPBD/2026',
      effectiveOn: EFFECTIVE,
      newName: 'Badan Penanggulangan Bencana Sintetis',
      documents: [pdf()],
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ status: 'filed', previousName: 'BPBD Provinsi Jawa Tengah' });
    expect(first.json().documents).toHaveLength(1);
    // One notice at a time.
    const another = await head.post(url, officeholderNotice());
    expect([another.statusCode, another.json().error.code]).toEqual([409, 'NOTICE_PENDING']);
    // The office rejects with a reason; too short a reason is bad input.
    expect(
      (await office.post(`/v1/officeholder-changes/${first.json().id}/reject`, { reason: 'x' })).statusCode,
    ).toBe(400);
    const rejected = await office.post(`/v1/officeholder-changes/${first.json().id}/reject`, {
      reason: 'Surat keputusan belum dilampirkan',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({
      status: 'rejected',
      decisionNote: 'Surat keputusan belum dilampirkan',
    });
    const late = await office.post(`/v1/officeholder-changes/${first.json().id}/confirm`, {});
    expect([late.statusCode, late.json().error.code]).toEqual([409, 'NOTICE_DECIDED']);
    expect((await office.get(`/v1/institutions/${t.world.institution.id}`)).json().name).toBe(
      'BPBD Provinsi Jawa Tengah',
    );

    const second = await head.post(url, {
      kind: 'organisation',
      letterNumber: '800/81/BPBD/2026',
      effectiveOn: EFFECTIVE,
      newName: 'Badan Penanggulangan Bencana Sintetis',
      documents: [pdf()],
    });
    expect(second.statusCode, second.body).toBe(201);
    // The head cannot confirm its own notice.
    expect((await head.post(`/v1/officeholder-changes/${second.json().id}/confirm`, {})).statusCode).toBe(
      403,
    );
    const confirmed = await office.post(`/v1/officeholder-changes/${second.json().id}/confirm`, {});
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({
      status: 'confirmed',
      newHead: null,
      sptjmDueOn: addDays(TODAY, SPTJM_RESIGN_DAYS),
    });
    expect((await office.get(`/v1/institutions/${t.world.institution.id}`)).json().name).toBe(
      'Badan Penanggulangan Bencana Sintetis',
    );
    const audit = (await office.get(`/v1/admin-audit?institutionId=${t.world.institution.id}`)).json().items;
    const rename = audit.find((a: { action: string }) => a.action === 'institution.rename');
    expect(rename?.before).toMatchObject({ name: 'BPBD Provinsi Jawa Tengah' });
    expect(rename?.after).toMatchObject({ name: 'Badan Penanggulangan Bencana Sintetis' });
  });

  it('an officeholder change: the new head gets an account, the old one closes, the SPTJM falls due again', async () => {
    const head = await as(t.app, t.world.head.username);
    const filed = await head.post(
      `/v1/institutions/${t.world.institution.id}/officeholder-changes`,
      officeholderNotice(),
    );
    expect(filed.statusCode, filed.body).toBe(201);
    const id = filed.json().id as string;
    // The province's auditor reads the notice but cannot decide it.
    const audit = await as(t.app, t.world.provinceAuditor.username);
    expect((await audit.get(`/v1/officeholder-changes/${id}`)).statusCode).toBe(200);
    expect((await audit.post(`/v1/officeholder-changes/${id}/confirm`, {})).statusCode).toBe(403);

    now += 2 * 86_400_000;
    const confirmDay = wibDay(clock());
    const office = await as(t.app, t.world.provinceOfficer.username);
    const confirmed = await office.post(`/v1/officeholder-changes/${id}/confirm`, { note: 'SK diperiksa' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const c = confirmed.json();
    expect(c.newHead.username).toBe('bpbd_jateng.kepala');
    expect(c.closedAccountIds).toEqual([t.world.head.id]);
    expect(c.sptjmDueOn).toBe(addDays(confirmDay, SPTJM_RESIGN_DAYS));
    // The old head's sign-in ends; the new head signs in with the one-time password and must change it.
    const oldLogin = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { username: t.world.head.username, password: PASSWORD },
    });
    expect(oldLogin.statusCode).not.toBe(200);
    const newLogin = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { username: c.newHead.username, password: c.newHead.oneTimePassword },
    });
    expect(newLogin.statusCode, newLogin.body).toBe(200);
    expect(newLogin.json().mustChangePassword).toBe(true);
    // The one-time password is never shown again.
    expect((await office.get(`/v1/officeholder-changes/${id}`)).body).not.toContain(
      c.newHead.oneTimePassword,
    );

    // The SPTJM signed before the change is stale: a notice until the deadline, a breach after it.
    expect(await findingsOn(confirmDay)).toContain('notice:sptjm_resign');
    const after = addDays(c.sptjmDueOn, 1);
    expect(await findingsOn(after)).toContain('breach:sptjm_stale');
    const message = (await evaluateObligations(t.db, t.world.institution.id, after)).find(
      (f) => f.obligation === 'sptjm_stale',
    )!.message;
    expect(message).toContain('pergantian kepala instansi');
    expect(message).toContain(c.sptjmDueOn);

    // The new head (password changed) uploads the new SPTJM: the finding is gone.
    const changed = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/password',
      headers: { authorization: `Bearer ${newLogin.json().token}` },
      payload: { currentPassword: c.newHead.oneTimePassword, newPassword: 'kepala-baru-rahasia-9' },
    });
    expect(changed.statusCode, changed.body).toBeLessThan(300);
    const token = (
      await t.app.inject({
        method: 'POST',
        url: '/v1/auth/token',
        payload: { username: c.newHead.username, password: 'kepala-baru-rahasia-9' },
      })
    ).json().token as string;
    const statement = await t.app.inject({
      method: 'POST',
      url: `/v1/institutions/${t.world.institution.id}/responsibility-statement`,
      headers: { authorization: `Bearer ${token}` },
      payload: {
        signatoryName: 'Kepala Baru Sintetis',
        signatoryPosition: 'Kepala Pelaksana BPBD',
        signedOn: confirmDay,
        document: pdf('sptjm-baru.pdf'),
      },
    });
    expect(statement.statusCode, statement.body).toBe(201);
    expect(await findingsOn(after)).not.toContain('breach:sptjm_stale');
    expect(await findingsOn(after)).not.toContain('notice:sptjm_resign');
  });

  it('lists are scoped: the other institution’s people see none of BPBD’s notices', async () => {
    const central = await as(t.app, t.world.officer.username);
    const all = (await central.get('/v1/officeholder-changes')).json().items;
    expect(all.length).toBeGreaterThanOrEqual(3);
    const filtered = (
      await central.get(`/v1/officeholder-changes?institutionId=${t.world.other.institution.id}`)
    ).json().items;
    expect(filtered).toEqual([]);
    expect((await central.get('/v1/officeholder-changes?status=done')).statusCode).toBe(400);
    const province = await as(t.app, t.world.provinceOfficer.username);
    expect((await province.get('/v1/officeholder-changes/ohc_doesnotexist')).statusCode).toBe(404);
  });
});
