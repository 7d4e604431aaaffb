import { describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import { addResident, tokenFor, useTestWorld } from '../../test/fixtures.ts';
import { runDueJobs } from '../jobs/jobs.ts';
import { addWorkingDays } from '../holidays/holidays.ts';
import { lastDueSemester, WARNING_GRACE_DAYS } from './compliance.service.ts';

// The app's clock, moved by the test (a minute ahead of the database's at start; see signin.test.ts).
let now = Date.now() + 60_000;
const clock = () => new Date(now);
const t = useTestWorld({ clock });

describe('the compliance engine', () => {
  it('knows the semester report deadline: 10 working days after June and December', () => {
    expect(addWorkingDays('2026-06-30', 10)).toBe('2026-07-14');
    expect(lastDueSemester('2026-07-14')).toMatchObject({ semester: '2025-S2' });
    expect(lastDueSemester('2026-07-15')).toMatchObject({ semester: '2026-S1', due: '2026-07-14' });
    expect(lastDueSemester('2027-01-20')).toMatchObject({ semester: '2026-S2' });
  });

  it('warns, suspends after the grace period (access refused at once), and an officer reinstates', async () => {
    const id = t.world.institution.id;
    const r = await addResident(t.db);
    const lookup = async () =>
      t.app.inject({
        method: 'POST',
        url: '/v1/lookups',
        headers: { authorization: `Bearer ${await tokenFor(t.app, t.world.operator.username)}` },
        payload: { nik: r.nik },
      });
    expect((await lookup()).statusCode).toBe(200);

    // Day 0: the semester report and the ISO/IEC 27001 certificate are missing → warned.
    const ran = await runDueJobs(t.db, clock());
    expect(ran.find((j) => j.job === 'compliance')?.ok).toBe(true);
    let head = await as(t.app, t.world.head.username);
    let state = (await head.get(`/v1/institutions/${id}/compliance`)).json();
    expect(state.state).toBe('warned');
    expect(state.findings.map((f: { obligation: string }) => f.obligation)).toEqual(
      expect.arrayContaining(['semester_report', 'iso27001']),
    );
    const notes = (await head.get('/v1/notifications')).json().items;
    expect(notes[0].subject).toMatch(/^Peringatan/);
    const office = await as(t.app, t.world.provinceOfficer.username);
    expect((await office.get('/v1/notifications')).json().items[0].subject).toMatch(/^Peringatan/);
    expect((await lookup()).statusCode).toBe(200); // a warning does not close access

    // The same day again: the job's run key makes it a no-op.
    expect((await runDueJobs(t.db, clock())).find((j) => j.job === 'compliance')).toBeUndefined();

    // The head sends the report, but the certificate is still missing after the grace period → suspended.
    const sem = lastDueSemester(new Date(now + 7 * 3600_000).toISOString().slice(0, 10)).semester;
    expect((await head.post(`/v1/institutions/${id}/semester-reports`, { semester: sem })).statusCode).toBe(
      201,
    );
    now += (WARNING_GRACE_DAYS + 1) * 86_400_000;
    await runDueJobs(t.db, clock());
    head = await as(t.app, t.world.head.username);
    state = (await head.get(`/v1/institutions/${id}/compliance`)).json();
    expect(state.state).toBe('suspended');
    expect(state.reason).toMatch(/ISO\/IEC 27001/);
    const refused = await lookup();
    expect(refused.json().error.code).toBe('INSTITUTION_INACTIVE');

    // Only an officer reinstates, with a reason; access opens again.
    expect(
      (await head.post(`/v1/institutions/${id}/compliance/reinstate`, { reason: 'Sudah dipenuhi' }))
        .statusCode,
    ).toBe(403);
    // The certificate with its document (the portal's upload); the document reads back byte for byte.
    const pdf = Buffer.from('%PDF-1.4\n% sertifikat sintetis\n%%EOF\n');
    const cert = await head.post(`/v1/institutions/${id}/certificates`, {
      number: 'ISO-27001-0042',
      validUntil: '2029-12-31',
      document: { filename: 'iso27001.pdf', contentType: 'application/pdf', base64: pdf.toString('base64') },
    });
    expect(cert.statusCode, cert.body).toBe(201);
    expect(cert.json()).toMatchObject({ number: 'ISO-27001-0042', documentId: expect.any(String) });
    const stored = await head.get(`/v1/documents/${cert.json().documentId}`);
    expect(stored.statusCode).toBe(200);
    expect(Buffer.from(stored.rawPayload).equals(pdf)).toBe(true);
    // A document that is not what it says is refused, and nothing is recorded.
    const fake = await head.post(`/v1/institutions/${id}/certificates`, {
      number: 'ISO-27001-0043',
      validUntil: '2029-12-31',
      document: {
        filename: 'iso.pdf',
        contentType: 'application/pdf',
        base64: Buffer.from('not a pdf').toString('base64'),
      },
    });
    expect([fake.statusCode, fake.json().error.code]).toEqual([400, 'FILE_NOT_OF_TYPE']);
    const cut = await head.post(`/v1/institutions/${id}/certificates`, {
      number: 'ISO-27001-0044',
      validUntil: '2029-12-31',
      document: { filename: 'iso.pdf', contentType: 'application/pdf', base64: 'JVBERi0x LjQ*' },
    });
    expect([cut.statusCode, cut.json().error.code]).toEqual([400, 'FILE_NOT_BASE64']);
    let officer = await as(t.app, t.world.provinceOfficer.username);
    const back = await officer.post(`/v1/institutions/${id}/compliance/reinstate`, {
      reason: 'Sertifikat ISO/IEC 27001 telah diterima',
    });
    expect(back.json()).toEqual({ state: 'reinstated' });
    const again = await officer.post(`/v1/institutions/${id}/compliance/reinstate`, { reason: 'Dua kali' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'INSTITUTION_NOT_SUSPENDED']);
    expect((await lookup()).statusCode).toBe(200);

    // The next day's run finds nothing open: the institution stays reinstated.
    now += 86_400_000;
    await runDueJobs(t.db, clock());
    officer = await as(t.app, t.world.provinceOfficer.username);
    const trail = (await officer.get(`/v1/institutions/${id}/compliance`)).json();
    expect(trail.state).toBe('reinstated');
    expect(trail.findings.filter((f: { severity: string }) => f.severity === 'breach')).toEqual([]);
    expect(
      trail.events.map((e: { fromState: string; toState: string }) => `${e.fromState}→${e.toState}`),
    ).toEqual(['in_order→warned', 'warned→suspended', 'suspended→reinstated']);
    expect(trail.events[2]).toMatchObject({ actorId: t.world.provinceOfficer.id });
    const audit = (await officer.get(`/v1/admin-audit?entityId=${id}&limit=500`)).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['compliance.warned', 'compliance.suspended', 'compliance.reinstated']),
    );
  });
});

describe('the compliance board', () => {
  it('lists every institution in scope with its state, filtered by state, in one call', async () => {
    const { setState } = await import('./compliance.repo.ts');
    const own = t.world.institution;
    const other = t.world.other.institution;
    await t.db.transaction((tx) =>
      setState(tx, {
        institutionId: other.id,
        from: 'warned',
        to: 'suspended',
        reason: 'Laporan semester belum diterima',
        findings: [],
        actorId: null,
        now: clock(),
      }),
    );

    // The centre sees both institutions; an untouched one is in order.
    const central = await as(t.app, t.world.officer.username);
    const all = (await central.get('/v1/compliance')).json().items;
    const byId = Object.fromEntries(all.map((r: { institutionId: string }) => [r.institutionId, r]));
    expect(byId[other.id]).toMatchObject({
      code: other.code,
      state: 'suspended',
      reason: 'Laporan semester belum diterima',
    });
    expect(byId[other.id].since).toEqual(expect.any(String));
    expect(byId[own.id]).toMatchObject({ code: own.code, name: own.name });
    const suspended = (await central.get('/v1/compliance?state=suspended')).json().items;
    expect(suspended.map((r: { institutionId: string }) => r.institutionId)).toEqual([other.id]);

    // The province office sees its area only; an institution's head its own institution only.
    const office = await as(t.app, t.world.provinceOfficer.username);
    const mine = (await office.get('/v1/compliance')).json().items;
    expect(mine.map((r: { institutionId: string }) => r.institutionId)).toContain(own.id);
    expect(mine.map((r: { institutionId: string }) => r.institutionId)).not.toContain(other.id);
    expect((await office.get('/v1/compliance?state=suspended')).json().items).toEqual([]);
    const head = await as(t.app, t.world.head.username);
    expect(
      (await head.get('/v1/compliance')).json().items.map((r: { institutionId: string }) => r.institutionId),
    ).toEqual([own.id]);

    expect((await central.get('/v1/compliance?state=closed')).statusCode).toBe(400);
    const operator = await as(t.app, t.world.operator.username);
    expect((await operator.get('/v1/compliance')).statusCode).toBe(403);
  });
});
