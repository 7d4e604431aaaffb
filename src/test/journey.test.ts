import { describe, expect, it } from 'vitest';
import { TINY_PDF, useTestWorld } from './fixtures.ts';
import { pdfText } from './pdf-text.ts';
import { addResident } from './fixtures.ts';

/**
 * One institution from application to revocation, through the API alone (the resident record is the only
 * thing put in the database directly: the population registry is not part of the API).
 */
const t = useTestWorld();

describe('an institution from application to revocation, through the API', () => {
  it('applies, is approved, signs, passes the gates, works, and is revoked', async () => {
    const call = async (token: string, method: 'GET' | 'POST', url: string, payload?: object) => {
      const res = await t.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(payload ? { payload } : {}),
      });
      return res;
    };
    const login = async (username: string, password: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/token',
        payload: { username, password },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().token as string;
    };
    const ok = (res: { statusCode: number; body: string }, status = 200) => {
      expect(res.statusCode, res.body).toBe(status);
      return JSON.parse(res.body || 'null');
    };
    const central = await login(t.world.officer.username, 'rahasia-uji-123');
    const office = await login(t.world.provinceOfficer.username, 'rahasia-uji-123');

    // The office registers the institution and issues its head and admin.
    const inst = ok(
      await call(office, 'POST', '/v1/institutions', {
        code: 'BAKESBANGPOL_X',
        name: 'Badan Kesatuan Bangsa dan Politik X',
        officeId: t.world.province.id,
      }),
      201,
    );
    for (const [username, role] of [
      ['kesbang.kepala', 'institution_head'],
      ['kesbang.admin', 'institution_admin'],
    ]) {
      ok(
        await call(office, 'POST', '/v1/accounts', {
          username,
          password: 'kata-sandi-kesbang-1',
          fullName: `Uji ${role}`,
          role,
          institutionId: inst.id,
        }),
        201,
      );
    }
    const head = await login('kesbang.kepala', 'kata-sandi-kesbang-1');
    const admin = await login('kesbang.admin', 'kata-sandi-kesbang-1');

    // Application → forward → approval with its letter.
    const application = ok(
      await call(head, 'POST', '/v1/applications', {
        institutionId: inst.id,
        purpose: 'Verifikasi data anggota organisasi kemasyarakatan (ORMAS)',
        elements: ['NIK', 'NO_KK', 'NAMA_LGKP', 'TMPT_LHR', 'TGL_LHR', 'JENIS_KLMIN', 'ALAMAT'],
        methods: ['verification', 'portal'],
        returnData: ['NOMOR_ANGGOTA_ORMAS', 'NAMA_ORMAS'],
      }),
      201,
    );
    ok(await call(office, 'POST', `/v1/applications/${application.id}/forward`, { note: 'Lengkap' }));
    const approved = ok(await call(central, 'POST', `/v1/applications/${application.id}/approve`));
    const letter = await call(head, 'GET', `/v1/applications/${application.id}/letter`);
    expect(await pdfText(letter.rawPayload)).toContain(approved.letterNumber);

    // Agreement: drafted, signed, opened.
    const agreement = ok(
      await call(office, 'POST', `/v1/applications/${application.id}/agreement`, {
        registryNumber: '470/501/DISDUKCAPIL/2026',
        institutionNumber: '200/77/BAKESBANGPOL/2026',
        terms: { allowedNetworks: ['127.0.0.0/8'], quotaPerAccount: 200, cardReaders: 1 },
      }),
      201,
    );
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    ok(
      await call(office, 'POST', `/v1/agreements/${agreement.id}/sign`, {
        signedOn: today,
        signedPlace: 'Semarang',
      }),
    );
    ok(await call(office, 'POST', `/v1/agreements/${agreement.id}/activate`));

    // The admin issues an operator; the gates hold until the SPTJM and the NDA are recorded.
    const operator = ok(
      await call(admin, 'POST', '/v1/accounts', {
        username: 'kesbang.op1',
        password: 'kata-sandi-operator-1',
        fullName: 'Operator Kesbangpol',
        institutionId: inst.id,
      }),
      201,
    );
    const resident = await addResident(t.db);
    const opToken = await login('kesbang.op1', 'kata-sandi-operator-1');
    const lookup = () => call(opToken, 'POST', '/v1/lookups', { nik: resident.nik });
    expect((await lookup()).json().error.code).toBe('RESPONSIBILITY_STATEMENT_MISSING');
    ok(
      await call(head, 'POST', `/v1/institutions/${inst.id}/responsibility-statement`, {
        signatoryName: 'Kepala Bakesbangpol X',
        signatoryPosition: 'Kepala Badan',
        signedOn: today,
        document: {
          filename: 'sptjm.pdf',
          contentType: 'application/pdf',
          base64: TINY_PDF.toString('base64'),
        },
      }),
      201,
    );
    expect((await lookup()).json().error.code).toBe('NDA_MISSING');
    ok(await call(admin, 'POST', `/v1/accounts/${operator.id}/nda`, { signedOn: today }), 201);
    const found = ok(await lookup());
    expect(found.outcome).toBe('FOUND');
    expect(Object.keys(found.elements)).not.toContain('AGAMA');

    // Revocation ends access at once; the trail shows every step.
    const revoked = ok(
      await call(central, 'POST', `/v1/agreements/${agreement.id}/revoke`, {
        reason: 'Pelanggaran zero sharing',
      }),
    );
    expect(revoked.status).toBe('revoked');
    expect((await lookup()).json().error.code).toBe('AGREEMENT_NOT_IN_FORCE');
    const trail = ok(
      await call(central, 'GET', `/v1/admin-audit?institutionId=${inst.id}&limit=500`),
    ).items.map((r: { action: string }) => r.action);
    for (const action of [
      'institution.create',
      'application.submit',
      'application.forward',
      'application.approve',
      'agreement.draft',
      'agreement.sign',
      'agreement.activate',
      'institution.responsibility_statement',
      'account.nda',
      'agreement.revoke',
    ]) {
      expect(trail).toContain(action);
    }
  });
});
