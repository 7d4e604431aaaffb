import { describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import { addResident, PASSWORD, userIdForm, useTestWorld } from '../../test/fixtures.ts';
import { pdfText } from '../../test/pdf-text.ts';
import { insertAccount } from '../accounts/accounts.repo.ts';
import { deriveUsername } from './user-id-requests.service.ts';

const t = useTestWorld();

const fullForm = (localUserId: string) => userIdForm(localUserId);

async function documentText(token: string, id: string) {
  const res = await t.app.inject({
    url: `/v1/documents/${id}`,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  return pdfText(res.rawPayload);
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('user-ID requests', () => {
  it('refuses an incomplete form, naming each missing field', async () => {
    const admin = await as(t.app, t.world.admin.username);
    const { nip: _nip, position: _p, officeAddress: _a, ...partial } = fullForm('op.kurang');
    const res = await admin.post('/v1/user-id-requests', { kind: 'issue', form: { ...partial, nik: ' ' } });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('Formulir belum lengkap: NIK, NIP, jabatan, alamat kantor');
    expect(error.details).toEqual([
      { path: '/form/nik', message: 'NIK' },
      { path: '/form/nip', message: 'NIP' },
      { path: '/form/position', message: 'jabatan' },
      { path: '/form/officeAddress', message: 'alamat kantor' },
    ]);
    const none = await admin.post('/v1/user-id-requests', { kind: 'issue' });
    expect(none.json().error.details).toHaveLength(9);

    const change = await admin.post('/v1/user-id-requests', { kind: 'change', form: {} });
    expect(change.json().error.details.map((d: { path: string }) => d.path)).toEqual(['/accountId', '/form']);
    const deactivate = await admin.post('/v1/user-id-requests', {
      kind: 'deactivate',
      accountId: t.world.operator.id,
    });
    expect(deactivate.statusCode).toBe(400);
    expect(deactivate.json().error.message).toBe('Formulir belum lengkap: alasan penonaktifan');
    // An officer must name the institution.
    const office = await as(t.app, t.world.provinceOfficer.username);
    const noInstitution = await office.post('/v1/user-id-requests', { kind: 'issue', form: fullForm('x1') });
    expect(noInstitution.json().error.details).toEqual([{ path: '/institutionId', message: 'instansi' }]);
  });

  it('checks the NIK format and the office region code', async () => {
    const admin = await as(t.app, t.world.admin.username);
    const res = await admin.post('/v1/user-id-requests', {
      kind: 'issue',
      form: { ...fullForm('op.salah'), nik: '3301011403911234'.slice(0, 15), officeRegionCode: '99.99' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { path: string }) => d.path)).toEqual([
      '/form/nik',
      '/form/officeRegionCode',
    ]);
    expect(res.json().error.message).toContain('NIK tidak sesuai format Dukcapil');
  });

  it('issue → sign in with the one-time password → must change it → change → look-up works', async () => {
    const admin = await as(t.app, t.world.admin.username);
    const res = await admin.post('/v1/user-id-requests', { kind: 'issue', form: fullForm('OP01') });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.username).toBe('bpbd_jateng.op01');
    expect(body.oneTimePassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(body.account).toMatchObject({
      role: 'operator',
      institutionId: t.world.institution.id,
      dailyQuota: 50,
      mustChangePassword: true,
      fullName: 'Sinta Operator Sintetis',
    });
    expect(body.request).toMatchObject({
      kind: 'issue',
      accountId: body.account.id,
      form: { ...fullForm('OP01'), officeRegionCode: '3301' },
      handoverDocumentId: body.handoverDocumentId,
    });
    expect(body.request.handoverNumber).toMatch(/^\d+\/BAST-UID\/BPBD_JATENG\/\d{4}$/);
    const otp: string = body.oneTimePassword;

    // The handover record: numbered, the holder's data, never the password.
    const text = await documentText(admin.token, body.handoverDocumentId);
    for (const s of ['BERITA ACARA SERAH TERIMA USER ID', body.request.handoverNumber, 'bpbd_jateng.op01']) {
      expect(text).toContain(s);
    }
    expect(text).toContain('Analis Data Bencana');
    expect(text).toContain('KABUPATEN CILACAP');
    expect(text).not.toContain(otp);
    // A second person with the same local user ID gets another username.
    const twin = await admin.post('/v1/user-id-requests', { kind: 'issue', form: fullForm('op01') });
    expect(twin.json().username).toBe('bpbd_jateng.op01-2');
    // Neither the answer's listing nor the admin audit holds the password.
    const { rows } = await t.db.query<{ row: string }>(
      `SELECT row_to_json(a)::text AS row FROM admin_audit a`,
    );
    for (const r of rows) expect(r.row).not.toContain(otp);
    expect(rows.some((r) => r.row.includes('user_id_request.issue'))).toBe(true);

    // Sign in: it works, and says the password must change.
    const login = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { username: body.username, password: otp },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().mustChangePassword).toBe(true);
    const first = login.json().token as string;
    expect((await t.app.inject({ url: '/v1/me', headers: bearer(first) })).json().mustChangePassword).toBe(
      true,
    );
    const admin403 = await t.app.inject({ url: '/v1/accounts', headers: bearer(first) });
    expect(admin403.statusCode).toBe(403);
    expect(admin403.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    // The NDA gate is met, so the only thing in the way is the password.
    expect(
      (await admin.post(`/v1/accounts/${body.account.id}/nda`, { signedOn: '2026-01-02' })).statusCode,
    ).toBe(201);
    const resident = await addResident(t.db);
    const lookup = (token: string) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/lookups',
        headers: bearer(token),
        payload: { nik: resident.nik },
      });
    const refused = await lookup(first);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const wire = await t.app.inject({
      method: 'POST',
      url: `/dukcapil/get_json/${t.world.institution.code}/CALL_NIK`,
      payload: { USER_ID: body.username, PASSWORD: otp, IP_USER: '127.0.0.1', NIK: resident.nik },
    });
    expect(wire.json().content[0]).toEqual({ RESPON: 'Login Gagal', RESPONSE_CODE: '03' });

    // Change it: a wrong current password and the same password are refused.
    const change = (token: string, payload: object) =>
      t.app.inject({ method: 'POST', url: '/v1/auth/password', headers: bearer(token), payload });
    const wrong = await change(first, {
      currentPassword: 'bukan-ini-sama-sekali',
      newPassword: 'pilihan-sendiri-1',
    });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([400, 'PASSWORD_CURRENT_WRONG']);
    expect(wrong.json().error.details).toEqual([
      { path: '/currentPassword', message: 'Password saat ini salah' },
    ]);
    const same = await change(first, { currentPassword: otp, newPassword: otp });
    expect([same.statusCode, same.json().error.code]).toEqual([400, 'PASSWORD_UNCHANGED']);
    await new Promise((r) => setTimeout(r, 5)); // the change must come after the first token, in ms
    const changed = await change(first, { currentPassword: otp, newPassword: 'pilihan-sendiri-1' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().account.mustChangePassword).toBe(false);
    expect(changed.body).not.toContain('pilihan-sendiri-1');
    const fresh = changed.json().token.token as string;
    // The token from the one-time password is void; the new one looks up data.
    expect((await t.app.inject({ url: '/v1/me', headers: bearer(first) })).statusCode).toBe(401);
    const ok = await lookup(fresh);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().outcome).toBe('FOUND');
    // The one-time password no longer signs in; the new one does, without the flag.
    const again = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { username: body.username, password: 'pilihan-sendiri-1' },
    });
    expect(again.json().mustChangePassword).toBe(false);
  });

  it('changes a password through a browser session too', async () => {
    const admin = await as(t.app, t.world.admin.username);
    const issued = (
      await admin.post('/v1/user-id-requests', { kind: 'issue', form: fullForm('sesi') })
    ).json();
    const session = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/session',
      payload: { username: issued.username, password: issued.oneTimePassword },
    });
    expect(session.statusCode).toBe(201);
    expect(session.json().mustChangePassword).toBe(true);
    const cookie = String(session.headers['set-cookie']).split(';')[0]!;
    const changed = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/password',
      // A change made with the cookie carries the session's CSRF token.
      headers: { cookie, 'x-csrf-token': session.json().csrfToken },
      payload: { currentPassword: issued.oneTimePassword, newPassword: 'sandi-peramban-baru-1' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().token).toBeNull();
    const next = String(changed.headers['set-cookie']).split(';')[0]!;
    expect(next).not.toBe(cookie);
    expect((await t.app.inject({ url: '/v1/me', headers: { cookie } })).statusCode).toBe(401);
    const me = await t.app.inject({ url: '/v1/me', headers: { cookie: next } });
    expect(me.statusCode).toBe(200);
    expect(me.json().mustChangePassword).toBe(false);
  });

  it('change and deactivate produce handover records; the account follows', async () => {
    const admin = await as(t.app, t.world.admin.username);
    const issued = (
      await admin.post('/v1/user-id-requests', { kind: 'issue', form: fullForm('op02') })
    ).json();
    const id = issued.account.id as string;

    const changed = await admin.post('/v1/user-id-requests', {
      kind: 'change',
      accountId: id,
      form: { position: 'Kepala Seksi Data', fullName: 'Sinta Operator Baru' },
    });
    expect(changed.statusCode, changed.body).toBe(201);
    const c = changed.json();
    expect(c.oneTimePassword).toBeUndefined();
    expect(c.account.fullName).toBe('Sinta Operator Baru');
    expect(c.request.changedFields).toEqual(['fullName', 'position']);
    expect(c.request.form).toMatchObject({ position: 'Kepala Seksi Data', nip: '199103142015032001' });
    const changeText = await documentText(admin.token, c.handoverDocumentId);
    expect(changeText).toContain('Perubahan data user ID');
    expect(changeText).toContain('Kepala Seksi Data');
    expect(changeText).toContain('Isian yang diubah: nama lengkap, jabatan');
    expect(changeText).toContain(c.request.handoverNumber);
    // Nothing changes: refused.
    const nothing = await admin.post('/v1/user-id-requests', {
      kind: 'change',
      accountId: id,
      form: { position: 'Kepala Seksi Data' },
    });
    expect(nothing.statusCode).toBe(400);
    // An institution admin never sets a quota.
    const quota = await admin.post('/v1/user-id-requests', {
      kind: 'change',
      accountId: id,
      dailyQuota: 999,
    });
    expect(quota.statusCode).toBe(403);

    const ended = await admin.post('/v1/user-id-requests', {
      kind: 'deactivate',
      accountId: id,
      reason: 'Pegawai dimutasi ke dinas lain',
    });
    expect(ended.statusCode, ended.body).toBe(201);
    expect(ended.json().account.isActive).toBe(false);
    const endText = await documentText(admin.token, ended.json().handoverDocumentId);
    expect(endText).toContain('Penonaktifan user ID');
    expect(endText).toContain('Alasan penonaktifan: Pegawai dimutasi ke dinas lain');
    expect(endText).toContain('Sinta Operator Baru');
    const twice = await admin.post('/v1/user-id-requests', {
      kind: 'deactivate',
      accountId: id,
      reason: 'Lagi',
    });
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'ACCOUNT_ALREADY_INACTIVE']);

    // The history, newest first, for its institution's readers.
    const head = await as(t.app, t.world.head.username);
    const list = await head.get(`/v1/user-id-requests?accountId=${id}`);
    expect(list.json().items.map((r: { kind: string }) => r.kind)).toEqual(['deactivate', 'change', 'issue']);
    expect((await head.get(`/v1/user-id-requests/${c.request.id}`)).json().id).toBe(c.request.id);
  });

  it("refuses another institution's admin, operators, and officers outside their area", async () => {
    const admin = await as(t.app, t.world.admin.username);
    const issued = (
      await admin.post('/v1/user-id-requests', { kind: 'issue', form: fullForm('op03') })
    ).json();
    await insertAccount(t.db, {
      username: 'bank.admin',
      password: PASSWORD,
      role: 'institution_admin',
      fullName: 'Admin Bank Sintetis',
      institutionId: t.world.other.institution.id,
    });
    const stranger = await as(t.app, 'bank.admin');
    const tries = [
      { kind: 'issue', institutionId: t.world.institution.id, form: fullForm('penyusup') },
      { kind: 'change', accountId: issued.account.id, form: { position: 'Penyusup' } },
      { kind: 'deactivate', accountId: issued.account.id, reason: 'Diambil alih' },
      { kind: 'deactivate', accountId: t.world.operator.id, reason: 'Diambil alih' },
    ];
    for (const body of tries) {
      const res = await stranger.post('/v1/user-id-requests', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(404);
    }
    expect((await stranger.get(`/v1/user-id-requests/${issued.request.id}`)).statusCode).toBe(404);
    expect((await stranger.get(`/v1/documents/${issued.handoverDocumentId}`)).statusCode).toBe(404);
    const list = await stranger.get(`/v1/user-id-requests?institutionId=${t.world.institution.id}`);
    expect(list.json().items).toEqual([]);
    // Its own institution works (the refusals above are about scope only).
    const own = await stranger.post('/v1/user-id-requests', { kind: 'issue', form: fullForm('bank01') });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().username).toBe('bank_x.bank01');

    const operator = await as(t.app, t.world.operator.username);
    expect((await operator.post('/v1/user-id-requests', tries[0]!)).statusCode).toBe(403);
    const office = await as(t.app, t.world.provinceOfficer.username);
    const outside = await office.post('/v1/user-id-requests', {
      kind: 'issue',
      institutionId: t.world.other.institution.id,
      form: fullForm('luar'),
    });
    expect(outside.statusCode).toBe(404);
    // The officer of the area may, and sets the quota.
    const inside = await office.post('/v1/user-id-requests', {
      kind: 'issue',
      institutionId: t.world.institution.id,
      form: fullForm('petugas'),
      dailyQuota: 200,
    });
    expect(inside.statusCode, inside.body).toBe(201);
    expect(inside.json().account.dailyQuota).toBe(200);
  });

  it('gives up deriving a username once the base and its 998 numbered forms are all taken', async () => {
    const inst = t.world.institution;
    const base = `${inst.code}.penuh`.toLowerCase();
    await t.db.query(
      `INSERT INTO user_accounts (id, username, password_hash, role, full_name, institution_id)
       SELECT 'exhaust-' || n, CASE n WHEN 1 THEN $1 ELSE $1 || '-' || n END, 'x', 'operator', 'Uji Penuh', $2
         FROM generate_series(1, 999) AS n`,
      [base, inst.id],
    );
    await expect(deriveUsername(t.db, inst.code, 'PENUH')).rejects.toMatchObject({
      code: 'USERNAME_EXHAUSTED',
      status: 409,
    });
  });
});
