import { describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import { addOperator, addResident, PASSWORD, TINY_PDF, tokenFor, useTestWorld } from '../../test/fixtures.ts';
import { insertInstitution } from '../institutions/institutions.repo.ts';
import { insertAgreement } from '../agreements/agreements.repo.ts';
import { agreementFor } from '../../test/fixtures.ts';
import { DEVELOPMENT_QUOTA } from './gates.service.ts';

const t = useTestWorld();

const pdf = (bytes: Buffer = TINY_PDF) => ({
  filename: 'sptjm.pdf',
  contentType: 'application/pdf',
  base64: bytes.toString('base64'),
});

async function lookup(username: string, nik: string) {
  return t.app.inject({
    method: 'POST',
    url: '/v1/lookups',
    headers: { authorization: `Bearer ${await tokenFor(t.app, username)}` },
    payload: { nik },
  });
}
const wire = (code: string, username: string, nik: string) =>
  t.app
    .inject({
      method: 'POST',
      url: `/dukcapil/get_json/${code}/CALL_NIK`,
      payload: { USER_ID: username, PASSWORD, IP_USER: '127.0.0.1', NIK: nik },
    })
    .then((r) => r.json().content[0].RESPONSE_CODE as string);

describe('the gates of access', () => {
  it('refuses without the head’s SPTJM (wire 16) and without the operator’s NDA (wire 17); recorded, it opens', async () => {
    const r = await addResident(t.db);
    const inst = await insertInstitution(t.db, {
      code: 'GATE_1',
      name: 'Instansi Gerbang Satu',
      officeId: t.world.province.id,
      allowedNetworks: ['127.0.0.0/8'],
    });
    await insertAgreement(t.db, agreementFor(inst));
    const op = await addOperator(t.db, inst, { nda: false });

    expect((await lookup(op.username, r.nik)).json().error.code).toBe('RESPONSIBILITY_STATEMENT_MISSING');
    expect(await wire('GATE_1', op.username, r.nik)).toBe('16');

    const office = await as(t.app, t.world.provinceOfficer.username);
    const bad = await office.post(`/v1/institutions/${inst.id}/responsibility-statement`, {
      signatoryName: 'Kepala Gerbang',
      signatoryPosition: 'Kepala',
      signedOn: '2026-01-02',
      document: pdf(Buffer.from('bukan sebuah pdf')),
    });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'FILE_NOT_OF_TYPE']);
    const tooBig = await office.post(`/v1/institutions/${inst.id}/responsibility-statement`, {
      signatoryName: 'Kepala Gerbang',
      signatoryPosition: 'Kepala',
      signedOn: '2026-01-02',
      document: pdf(Buffer.concat([TINY_PDF, Buffer.alloc(2 * 1024 * 1024)])),
    });
    expect(tooBig.statusCode).toBe(413);
    const ok = await office.post(`/v1/institutions/${inst.id}/responsibility-statement`, {
      signatoryName: 'Kepala Gerbang',
      signatoryPosition: 'Kepala',
      signedOn: '2026-01-02',
      document: pdf(),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    // The uploaded document is kept and can be read back.
    const doc = await t.app.inject({
      url: `/v1/documents/${ok.json().documentId}`,
      headers: { authorization: `Bearer ${office.token}` },
    });
    expect(doc.rawPayload.equals(TINY_PDF)).toBe(true);

    expect((await lookup(op.username, r.nik)).json().error.code).toBe('NDA_MISSING');
    expect(await wire('GATE_1', op.username, r.nik)).toBe('17');
    const status = (await office.get(`/v1/institutions/${inst.id}/gates`)).json();
    expect(status.operators).toEqual([expect.objectContaining({ username: op.username, hasNda: false })]);
    expect(status.responsibilityStatement).toMatchObject({ signatoryName: 'Kepala Gerbang' });

    expect((await office.post(`/v1/accounts/${op.id}/nda`, { signedOn: '2026-01-03' })).statusCode).toBe(201);
    expect((await lookup(op.username, r.nik)).statusCode).toBe(200);
    expect(await wire('GATE_1', op.username, r.nik)).toBe('01');
  });

  it('holds a client application to the development quota until its PoC passes; each new one needs its own', async () => {
    const r = await addResident(t.db);
    const op = await addOperator(t.db, t.world.institution, { dailyQuota: null });
    const admin = await as(t.app, t.world.admin.username);
    const office = await as(t.app, t.world.provinceOfficer.username);
    const first = await admin.post(`/v1/institutions/${t.world.institution.id}/client-applications`, {
      name: 'SIKS-NG Daerah',
    });
    expect(first.json()).toMatchObject({ pocStatus: 'pending' });
    expect(
      (await admin.post(`/v1/accounts/${op.id}/client-application`, { clientApplicationId: first.json().id }))
        .statusCode,
    ).toBe(200);

    const token = await tokenFor(t.app, op.username);
    const hit = () =>
      t.app.inject({
        method: 'POST',
        url: '/v1/lookups',
        headers: { authorization: `Bearer ${token}` },
        payload: { nik: r.nik },
      });
    for (let i = 0; i < DEVELOPMENT_QUOTA; i++) expect((await hit()).statusCode).toBe(200);
    expect((await hit()).json().error.code).toBe('QUOTA_EXHAUSTED');

    // Only the registry decides the PoC.
    expect(
      (await admin.post(`/v1/client-applications/${first.json().id}/poc`, { passed: true, note: 'Lulus' }))
        .statusCode,
    ).toBe(403);
    const passed = await office.post(`/v1/client-applications/${first.json().id}/poc`, {
      passed: true,
      note: 'PoC lulus: format dan pola akses sesuai',
    });
    expect(passed.json().pocStatus).toBe('passed');
    expect((await hit()).statusCode).toBe(200); // production: the agreed (here unlimited) quota

    const second = await admin.post(`/v1/institutions/${t.world.institution.id}/client-applications`, {
      name: 'Aplikasi Baru',
    });
    await admin.post(`/v1/accounts/${op.id}/client-application`, { clientApplicationId: second.json().id });
    expect((await hit()).json().error.code).toBe('QUOTA_EXHAUSTED');
  });

  it('puts only operators under a client application of their own institution, and records NDAs only for operators', async () => {
    const op = await addOperator(t.db, t.world.institution, { dailyQuota: null });
    const central = await as(t.app, t.world.officer.username);
    const foreign = await central.post(
      `/v1/institutions/${t.world.other.institution.id}/client-applications`,
      {
        name: 'Aplikasi Instansi Lain',
      },
    );
    expect(foreign.statusCode, foreign.body).toBe(201);
    const assign = await central.post(`/v1/accounts/${op.id}/client-application`, {
      clientApplicationId: foreign.json().id,
    });
    expect([assign.statusCode, assign.json().error.code]).toEqual([400, 'CLIENT_APPLICATION_FOREIGN']);
    const head = await central.post(`/v1/accounts/${t.world.head.id}/client-application`, {
      clientApplicationId: null,
    });
    expect([head.statusCode, head.json().error.code]).toEqual([400, 'NOT_AN_OPERATOR_ACCOUNT']);
    const nda = await central.post(`/v1/accounts/${t.world.head.id}/nda`, { signedOn: '2026-01-03' });
    expect([nda.statusCode, nda.json().error.code]).toEqual([400, 'NOT_AN_OPERATOR_ACCOUNT']);
  });
});
