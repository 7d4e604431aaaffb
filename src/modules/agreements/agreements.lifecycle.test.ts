import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../lib/dates.ts';
import { wibDay } from '../../lib/time.ts';
import { as } from '../../test/admin-client.ts';
import { addResident, PASSWORD, TINY_PDF, tokenFor, useTestWorld } from '../../test/fixtures.ts';
import { runAgreementExpiry } from './agreements.lifecycle.ts';

// The app's clock; tests move it (a minute ahead of the database's clock at start, see signin.test.ts).
let now = Date.now() + 60_000;
const clock = () => new Date(now);
const t = useTestWorld({ clock });

async function setUp(prefix = 'dinsos') {
  const office = await as(t.app, t.world.provinceOfficer.username);
  const central = await as(t.app, t.world.officer.username);
  const inst = (
    await office.post('/v1/institutions', {
      code: `${prefix.toUpperCase()}_JTG`,
      name: `Dinas Sosial Provinsi Jawa Tengah (${prefix})`,
      officeId: t.world.province.id,
    })
  ).json();
  for (const [username, role] of [
    [`${prefix}.kepala`, 'institution_head'],
    [`${prefix}.op1`, 'operator'],
  ] as const) {
    const res = await office.post('/v1/accounts', {
      username,
      password: PASSWORD,
      fullName: `Uji ${role}`,
      role,
      institutionId: inst.id,
      ...(role === 'operator' ? { dailyQuota: 100 } : {}),
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  const head = await as(t.app, `${prefix}.kepala`);
  // The gates: the head's SPTJM (uploaded by the head) and the operator's NDA.
  const sptjm = await head.post(`/v1/institutions/${inst.id}/responsibility-statement`, {
    signatoryName: 'Kepala Dinas Sosial',
    signatoryPosition: 'Kepala Dinas',
    signedOn: '2026-01-02',
    document: { filename: 'sptjm.pdf', contentType: 'application/pdf', base64: TINY_PDF.toString('base64') },
  });
  expect(sptjm.statusCode, sptjm.body).toBe(201);
  const op = (await office.get(`/v1/accounts?institutionId=${inst.id}`))
    .json()
    .items.find((a: { username: string }) => a.username === `${prefix}.op1`);
  expect((await office.post(`/v1/accounts/${op.id}/nda`, { signedOn: '2026-01-02' })).statusCode).toBe(201);
  const application = (
    await head.post('/v1/applications', {
      institutionId: inst.id,
      purpose: 'Verifikasi penerima bantuan sosial PKH dan PBI',
      elements: ['NIK', 'NAMA_LGKP', 'TGL_LHR', 'ALAMAT'],
      methods: ['verification', 'portal'],
      returnData: ['ID_PENERIMA', 'JENIS_BANTUAN'],
    })
  ).json();
  await office.post(`/v1/applications/${application.id}/forward`, { note: 'Lengkap' });
  await central.post(`/v1/applications/${application.id}/approve`, {});
  return { office, central, head, inst, application };
}

const lookup = async (nik: string) =>
  t.app.inject({
    method: 'POST',
    url: '/v1/lookups',
    headers: { authorization: `Bearer ${await tokenFor(t.app, 'dinsos.op1')}` },
    payload: { nik },
  });

describe('agreement lifecycle', () => {
  it('revocation ends access at once; an ended agreement does not come back through lifecycle actions', async () => {
    const central = await as(t.app, t.world.officer.username);
    const res = await central.post(`/v1/agreements/${t.world.other.agreement.id}/revoke`, {
      reason: 'Pelanggaran zero sharing',
    });
    expect(res.json()).toMatchObject({ status: 'revoked', endedReason: 'Pelanggaran zero sharing' });
    const r = await addResident(t.db);
    const op = await tokenFor(t.app, t.world.other.operator.username);
    const refused = await t.app.inject({
      method: 'POST',
      url: '/v1/lookups',
      headers: { authorization: `Bearer ${op}` },
      payload: { nik: r.nik },
    });
    expect(refused.json().error.code).toBe('AGREEMENT_NOT_IN_FORCE');
    expect((await central.post(`/v1/agreements/${t.world.other.agreement.id}/activate`, {})).statusCode).toBe(
      409,
    );
  });
  it('refuses lifecycle steps out of order with their specific codes', async () => {
    const { office, central, head, inst, application } = await setUp('dinkes');
    const today = wibDay(clock());
    const tomorrow = addDays(today, 1);
    const code = (res: { statusCode: number; json: () => { error: { code: string } } }) => [
      res.statusCode,
      res.json().error.code,
    ];

    // A draft comes only from an approved application.
    const pending = (
      await head.post('/v1/applications', {
        institutionId: inst.id,
        purpose: 'Verifikasi data pasien jaminan kesehatan daerah',
        elements: ['NIK', 'NAMA_LGKP'],
        methods: ['verification'],
        returnData: ['ID_PASIEN'],
        periodUntil: tomorrow,
      })
    ).json();
    expect(pending.status, JSON.stringify(pending)).toBe('submitted');
    const unapproved = await office.post(`/v1/applications/${pending.id}/agreement`, {
      registryNumber: 'x',
      institutionNumber: 'y',
    });
    expect(code(unapproved)).toEqual([409, 'AGREEMENT_APPLICATION_NOT_APPROVED']);

    const agreement = (
      await office.post(`/v1/applications/${application.id}/agreement`, {
        registryNumber: '470/78/DISDUKCAPIL/2026',
        institutionNumber: '440/3/DINKES/2026',
      })
    ).json();
    const extension = (newEndDate: string) =>
      head.post(`/v1/agreements/${agreement.id}/extension-requests`, { newEndDate, reason: 'Berlanjut' });
    expect(code(await extension(addMonths(today, 48)))).toEqual([409, 'AGREEMENT_NOT_EXTENDABLE']);
    const future = await office.post(`/v1/agreements/${agreement.id}/sign`, {
      signedOn: tomorrow,
      signedPlace: 'Semarang',
    });
    expect(code(future)).toEqual([400, 'AGREEMENT_SIGNED_IN_FUTURE']);
    const signed = await office.post(`/v1/agreements/${agreement.id}/sign`, {
      signedOn: today,
      signedPlace: 'Semarang',
    });
    expect(signed.statusCode, signed.body).toBe(200);
    const end = signed.json().endDate as string;

    const shortened = await office.post(`/v1/agreements/${agreement.id}/amendments`, {
      reason: 'Adendum: berakhir lebih awal',
      terms: { endDate: addDays(today, -1) },
    });
    expect(code(shortened)).toEqual([400, 'AGREEMENT_ENDS_BEFORE_START']);
    expect(code(await extension(end))).toEqual([400, 'EXTENSION_NOT_LATER']);
    const ext = await extension(addMonths(end, 12));
    expect(ext.statusCode, ext.body).toBe(201);
    const decide = () =>
      office.post(`/v1/agreements/${agreement.id}/extension-requests/${ext.json().id}/decision`, {
        grant: false,
      });
    expect((await decide()).statusCode).toBe(200);
    expect(code(await decide())).toEqual([409, 'EXTENSION_DECIDED']);

    // An agreement recorded as signed with a period that has not begun is not activated yet.
    const recorded = await central.post('/v1/agreements', {
      institutionId: inst.id,
      registryNumber: '470/79/DISDUKCAPIL/2026',
      institutionNumber: '440/4/DINKES/2026',
      purpose: 'Verifikasi data pasien',
      elements: ['NIK'],
      methods: ['verification'],
      startDate: tomorrow,
      endDate: addMonths(tomorrow, 12),
      status: 'signed',
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const early = await central.post(`/v1/agreements/${recorded.json().id}/activate`, {});
    expect(code(early)).toEqual([409, 'AGREEMENT_NOT_BEGUN']);

    // An application approved until tomorrow, signed two days later, would end before its signing.
    await office.post(`/v1/applications/${pending.id}/forward`, { note: 'Lengkap' });
    expect((await central.post(`/v1/applications/${pending.id}/approve`, {})).statusCode).toBe(200);
    const short = await office.post(`/v1/applications/${pending.id}/agreement`, {
      registryNumber: '470/80/DISDUKCAPIL/2026',
      institutionNumber: '440/5/DINKES/2026',
    });
    expect(short.statusCode, short.body).toBe(201);
    const before = now;
    now += 2 * 86_400_000;
    try {
      const later = await as(t.app, t.world.provinceOfficer.username);
      const tooLate = await later.post(`/v1/agreements/${short.json().id}/sign`, {
        signedOn: wibDay(clock()),
        signedPlace: 'Semarang',
      });
      expect(code(tooLate)).toEqual([400, 'AGREEMENT_ENDS_BEFORE_SIGNING']);
    } finally {
      now = before;
    }
  });
  it('drafts from the approval, signs, activates, amends as versions, extends, and expires by itself', async () => {
    const { office, central, head, inst, application } = await setUp();
    const resident = await addResident(t.db);

    // Drafting: only from an approved application, only within what was approved.
    const beyond = await office.post(`/v1/applications/${application.id}/agreement`, {
      registryNumber: '470/77/DISDUKCAPIL/2026',
      institutionNumber: '460/12/DINSOS/2026',
      terms: { elements: ['NIK', 'NAMA_LGKP_IBU'] },
    });
    expect([beyond.statusCode, beyond.json().error.code]).toEqual([400, 'AGREEMENT_BEYOND_APPROVAL']);
    const drafted = await office.post(`/v1/applications/${application.id}/agreement`, {
      registryNumber: '470/77/DISDUKCAPIL/2026',
      institutionNumber: '460/12/DINSOS/2026',
      terms: {
        allowedNetworks: ['127.0.0.0/8'],
        bandwidthMbps: 10,
        quotaPerAccount: 1000,
        cardReaders: 2,
        contactPersons: [
          { name: 'Budi Santoso', party: 'institution', position: 'Kepala Bidang', phone: '0241234567' },
          { name: 'Sri Lestari', party: 'registry', email: 'sri@disdukcapil.example.go.id' },
        ],
      },
    });
    expect(drafted.statusCode, drafted.body).toBe(201);
    const agreement = drafted.json();
    expect(agreement).toMatchObject({ status: 'draft', applicationId: application.id, periodMonths: 24 });
    // The terms' allowed networks become the institution's only on activation.
    expect((await lookup(resident.nik)).json().error.code).toBe('NETWORK_NOT_ALLOWED');
    // One agreement per application.
    expect(
      (
        await office.post(`/v1/applications/${application.id}/agreement`, {
          registryNumber: 'x',
          institutionNumber: 'y',
        })
      ).statusCode,
    ).toBe(409);

    const today = wibDay(clock());
    const unsigned = await office.post(`/v1/agreements/${agreement.id}/activate`, {});
    expect([unsigned.statusCode, unsigned.json().error.code]).toEqual([409, 'AGREEMENT_STATE']);
    const signed = await office.post(`/v1/agreements/${agreement.id}/sign`, {
      signedOn: today,
      signedPlace: 'Semarang',
    });
    expect(signed.json()).toMatchObject({
      status: 'signed',
      signedOn: today,
      signedPlace: 'Semarang',
      startDate: today,
      endDate: addDays(addMonths(today, 24), -1),
    });
    const active = await office.post(`/v1/agreements/${agreement.id}/activate`, {});
    expect(active.json().status).toBe('active');
    const v1 = active.json().currentVersionId as string;

    const first = await lookup(resident.nik);
    expect(first.statusCode, first.body).toBe(200);
    expect(Object.keys(first.json().elements).sort()).toEqual(['ALAMAT', 'NAMA_LGKP', 'NIK', 'TGL_LHR']);

    // An amendment narrows the elements: version 2 governs from now on; the history is kept.
    const amended = await office.post(`/v1/agreements/${agreement.id}/amendments`, {
      reason: 'Adendum: alamat tidak lagi diperlukan',
      terms: { elements: ['NIK', 'NAMA_LGKP', 'TGL_LHR'] },
    });
    expect(amended.statusCode, amended.body).toBe(201);
    expect(amended.json()).toMatchObject({ version: 2, cardReaders: 2, bandwidthMbps: 10 });
    const second = await lookup(resident.nik);
    expect(Object.keys(second.json().elements).sort()).toEqual(['NAMA_LGKP', 'NIK', 'TGL_LHR']);
    // Widening needs the central office.
    const widen = { reason: 'Adendum: tambah alamat', terms: { elements: ['NIK', 'NAMA_LGKP', 'ALAMAT'] } };
    expect((await office.post(`/v1/agreements/${agreement.id}/amendments`, widen)).statusCode).toBe(403);
    expect((await central.post(`/v1/agreements/${agreement.id}/amendments`, widen)).statusCode).toBe(201);
    const versions = (await head.get(`/v1/agreements/${agreement.id}/versions`)).json().items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2, 3]);
    expect(versions[0].contactPersons).toHaveLength(2);

    // Each access is audited against the version in force at that moment.
    const audit = (await central.get(`/v1/audit?institutionId=${inst.id}&outcome=found`)).json().items;
    expect(audit.map((r: { agreementVersionId: string }) => r.agreementVersionId)).toEqual([
      versions[1].id,
      v1,
    ]);

    // Extension: requested by the institution until 2 months before the end.
    const end = addDays(addMonths(today, 24), -1);
    const ext = await head.post(`/v1/agreements/${agreement.id}/extension-requests`, {
      newEndDate: addMonths(end, 24),
      reason: 'Program bantuan berlanjut',
    });
    expect(ext.statusCode, ext.body).toBe(201);
    now = Date.parse(`${addDays(addMonths(end, -2), 1)}T05:00:00Z`);
    const late = await as(t.app, 'dinsos.kepala');
    const tooLate = await late.post(`/v1/agreements/${agreement.id}/extension-requests`, {
      newEndDate: addMonths(end, 24),
      reason: 'Terlambat',
    });
    expect([tooLate.statusCode, tooLate.json().error.code]).toEqual([409, 'EXTENSION_TOO_LATE']);
    expect(tooLate.json().error.message).toMatch(/2 months before the end/);

    // Expiry happens by itself: expiring within 2 months of the end, expired after it.
    expect(await runAgreementExpiry(t.db, clock())).toMatchObject({ expiring: 1 });
    expect(await runAgreementExpiry(t.db, clock())).toMatchObject({ expiring: 0, expired: 0 });
    expect((await lookup(resident.nik)).statusCode).toBe(200);
    now = Date.parse(`${addDays(end, 1)}T05:00:00Z`);
    expect(await runAgreementExpiry(t.db, clock())).toMatchObject({ expired: 1 });
    const centralNow = await as(t.app, t.world.officer.username);
    expect((await centralNow.get(`/v1/agreements/${agreement.id}`)).json().status).toBe('expired');
    expect((await lookup(resident.nik)).json().error.code).toBe('AGREEMENT_NOT_IN_FORCE');
    const trail = (await centralNow.get(`/v1/admin-audit?entityId=${agreement.id}`)).json().items;
    expect(trail.map((r: { action: string }) => r.action)).toEqual(
      expect.arrayContaining(['agreement.draft', 'agreement.sign', 'agreement.activate', 'agreement.amend']),
    );
    expect(trail[0]).toMatchObject({ action: 'agreement.expired', actorId: null });
  });
});
