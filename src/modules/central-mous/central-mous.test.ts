import { describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import { PASSWORD, TINY_PDF, useTestWorld } from '../../test/fixtures.ts';
import { addDays } from '../../lib/dates.ts';
import { wibDay } from '../../lib/time.ts';
import { insertAccount } from '../accounts/accounts.repo.ts';
import { insertInstitution } from '../institutions/institutions.repo.ts';
import { insertOffice } from '../offices/offices.repo.ts';

// Tokens are checked against the real time: the test clock starts now and moves forward.
let now = Date.now() + 60_000;
const clock = () => new Date(now);
const t = useTestWorld({ clock });
const TODAY = wibDay(new Date(now));

const pdf = { filename: 'mou.pdf', contentType: 'application/pdf', base64: TINY_PDF.toString('base64') };
const mou = (over: Record<string, unknown> = {}) => ({
  centralBody: 'Kementerian Agama Sintetis',
  mouNumber: 'MOU/KEMENAG-SINT/01/2026',
  signedOn: addDays(TODAY, -40),
  validFrom: addDays(TODAY, -30),
  validUntil: addDays(TODAY, 10),
  document: pdf,
  ...over,
});
const application = (institutionId: string) => ({
  institutionId,
  purpose: 'Verifikasi data calon jemaah haji',
  elements: ['NIK', 'NAMA_LGKP'],
  methods: ['verification'],
  returnData: ['STATUS_JEMAAH'],
});

describe('the MoU rule', () => {
  it('the central office registers MoUs; bad input, other roles and duplicate numbers are refused', async () => {
    const central = await as(t.app, t.world.officer.username);
    const province = await as(t.app, t.world.provinceOfficer.username);
    expect((await province.post('/v1/central-mous', mou())).statusCode).toBe(403);
    const bad: [Record<string, unknown>, string][] = [
      [mou({ validUntil: addDays(TODAY, -31) }), 'MOU_PERIOD_ORDER'],
      [mou({ signedOn: addDays(TODAY, 5) }), 'MOU_SIGNED_IN_FUTURE'],
      [mou({ validFrom: '2026-13-01' }), 'VALIDATION_FAILED'],
      [mou({ centralBody: '' }), 'VALIDATION_FAILED'],
      [mou({ document: { ...pdf, base64: 'aGVsbG8=' } }), 'FILE_NOT_OF_TYPE'],
    ];
    for (const [body, code] of bad) {
      const res = await central.post('/v1/central-mous', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe(code);
    }
    const ok = await central.post('/v1/central-mous', mou());
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({
      centralBody: 'Kementerian Agama Sintetis',
      validUntil: addDays(TODAY, 10),
    });
    const twice = await central.post('/v1/central-mous', mou());
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'MOU_NUMBER_TAKEN']);
    // The same body, named in another case, is one body with two MoUs.
    const second = await central.post(
      '/v1/central-mous',
      mou({
        centralBody: 'KEMENTERIAN AGAMA SINTETIS',
        mouNumber: 'MOU/KEMENAG-SINT/00/2024',
        validFrom: addDays(TODAY, -800),
        validUntil: addDays(TODAY, -31),
        signedOn: addDays(TODAY, -800),
      }),
    );
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().centralBodyId).toBe(ok.json().centralBodyId);
    const bodies = (await province.get('/v1/central-bodies')).json().items;
    expect(bodies).toHaveLength(1);
    expect(bodies[0].mouInForce.mouNumber).toBe('MOU/KEMENAG-SINT/01/2026');
    expect((await province.get('/v1/central-mous')).json().items).toHaveLength(2);
    const head = await as(t.app, t.world.head.username);
    expect((await head.get('/v1/central-mous')).statusCode).toBe(403);
  });

  it('a regency-level institution whose parent holds an MoU in force is refused at submission, until the MoU ends', async () => {
    const regency = await insertOffice(t.db, {
      level: 'regency',
      regionCode: '3301',
      name: 'Disdukcapil Kabupaten Cilacap',
      parentId: t.world.province.id,
    });
    const kemenag = await insertInstitution(t.db, {
      code: 'KEMENAG_CLP',
      name: 'Kantor Kementerian Agama Sintetis Kabupaten Cilacap',
      officeId: regency.id,
      allowedNetworks: [],
    });
    await insertAccount(t.db, {
      username: 'kemenag.kepala',
      password: PASSWORD,
      role: 'institution_head',
      fullName: 'Kepala Kantor Sintetis',
      institutionId: kemenag.id,
    });
    const province = await as(t.app, t.world.provinceOfficer.username);
    const bodyId = (await province.get('/v1/central-bodies')).json().items[0].id as string;
    // Bad input and scope: an unknown body; BANK_X is outside the province office's area; a head sets nothing.
    const unknown = await province.patch(`/v1/institutions/${kemenag.id}/vertical-parent`, {
      centralBodyId: 'cbd_none',
    });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([400, 'CENTRAL_BODY_UNKNOWN']);
    expect(
      (
        await province.patch(`/v1/institutions/${t.world.other.institution.id}/vertical-parent`, {
          centralBodyId: bodyId,
        })
      ).statusCode,
    ).toBe(404);
    const head = await as(t.app, 'kemenag.kepala');
    expect(
      (await head.patch(`/v1/institutions/${kemenag.id}/vertical-parent`, { centralBodyId: bodyId }))
        .statusCode,
    ).toBe(403);
    // Without a parent it may apply.
    const before = await head.post('/v1/applications', application(kemenag.id));
    expect(before.statusCode, before.body).toBe(201);

    const set = await province.patch(`/v1/institutions/${kemenag.id}/vertical-parent`, {
      centralBodyId: bodyId,
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ covered: true, centralBody: { name: 'Kementerian Agama Sintetis' } });
    expect((await head.get(`/v1/institutions/${kemenag.id}/vertical-parent`)).json().covered).toBe(true);

    const refused = await head.post('/v1/applications', application(kemenag.id));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('APPLICATION_COVERED_BY_MOU');
    expect(refused.json().error.message).toContain('Kementerian Agama Sintetis');
    expect(refused.json().error.message).toContain('MOU/KEMENAG-SINT/01/2026');
    const listed = (await head.get(`/v1/applications?institutionId=${kemenag.id}`)).json().items;
    expect(listed).toHaveLength(1); // the refused one was not stored

    // A province-level institution with the same parent is not covered.
    expect(
      (
        await province.patch(`/v1/institutions/${t.world.institution.id}/vertical-parent`, {
          centralBodyId: bodyId,
        })
      ).json().covered,
    ).toBe(false);
    const bpbd = await as(t.app, t.world.head.username);
    expect((await bpbd.post('/v1/applications', application(t.world.institution.id))).statusCode).toBe(201);

    // The day after the MoU ends, the regency institution may apply again.
    now = Date.parse(`${addDays(TODAY, 11)}T02:00:00Z`);
    const later = await as(t.app, 'kemenag.kepala');
    const after = await later.post('/v1/applications', application(kemenag.id));
    expect(after.statusCode, after.body).toBe(201);
    const officer = await as(t.app, t.world.provinceOfficer.username);
    const audit = (await officer.get(`/v1/admin-audit?institutionId=${kemenag.id}`)).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toContain('institution.vertical_parent');
  });
});
