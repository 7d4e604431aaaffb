import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import { PASSWORD, addResident, seedWorld, testApp, tokenFor, type World } from '../../test/fixtures.ts';
import { insertAccount } from '../accounts/accounts.repo.ts';
import { SERVER_ACTOR } from '../../core/actor.ts';
import { evaluateObligations } from '../compliance/compliance.service.ts';
import type { MailMessage } from '../compliance/notifications.mail.ts';
import { recordHoliday } from '../holidays/holidays.ts';
import { addSyntheticContacts } from '../resident/resident.contacts.ts';
import type { ResidentRow } from '../residents/residents.types.ts';
import { sendDisputeResidentMail } from './disputes.mail.ts';
import { runDisputeDeadlines } from './disputes.service.ts';

/**
 * Disputes through every state on a controllable clock. Monday 4 January 2027, 10:00 WIB; Wednesday 6 January
 * is recorded as a public holiday, so the institution's 5 working days end on Tuesday 12 January (answer due
 * at its end, 17:00 UTC) and an office's 10 working days from the 4th end on Tuesday 19 January.
 */
let now = new Date('2027-01-04T03:00:00Z');
const clock = () => now;
let db: Db;
let app: FastifyInstance;
let world: World;
let alice: ResidentRow;
let bob: ResidentRow;
/** Alice's records: three lookups by BPBD's operator, one by BANK_X's; Bob's one lookup by BPBD. */
let records: { a1: number; a2: number; a3: number; a4: number; b1: number };
let aliceSession: { cookie: string; csrf: string };
let bobSession: { cookie: string; csrf: string };

const bearer = async (username: string) => ({ authorization: `Bearer ${await tokenFor(app, username)}` });
const post = (url: string, payload: object, over: Partial<InjectOptions> = {}) =>
  app.inject({ method: 'POST', url, payload, ...over });

async function signIn(nik: string) {
  expect((await post('/v1/resident/sign-in/code', { nik })).statusCode).toBe(202);
  const code = (await app.inject({ url: '/v1/resident/dev/outbox' })).json().items[0].code as string;
  const res = await post('/v1/resident/sign-in', { nik, code });
  expect(res.statusCode, res.body).toBe(201);
  return { cookie: String(res.headers['set-cookie']).split(';')[0]!, csrf: res.json().csrfToken as string };
}
const asResident = (s: { cookie: string; csrf: string }) => ({
  headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
});
const openDispute = (s: { cookie: string; csrf: string }, body: object) =>
  post('/v1/resident/disputes', body, asResident(s));
const minutes = (n: number) => {
  now = new Date(now.getTime() + n * 60_000);
};

async function lookUp(username: string, nik: string): Promise<number> {
  const res = await post('/v1/lookups', { nik }, { headers: await bearer(username) });
  expect(res.statusCode, res.body).toBe(200);
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM access_audit WHERE request_id = $1`, [
    res.headers['x-request-id'],
  ]);
  minutes(3);
  return Number(rows[0]!.id);
}

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  app = await testApp(db, { clock });
  alice = await addResident(db, { fullName: 'ALICE DISPUTASI SINTETIS' });
  bob = await addResident(db, { fullName: 'BOB DISPUTASI SINTETIS' });
  await addSyntheticContacts(db, [alice.nik, bob.nik]);
  await recordHoliday({ db, now }, SERVER_ACTOR, { day: '2027-01-06', name: 'Libur uji' });
  await insertAccount(db, {
    username: 'bank.kepala',
    password: PASSWORD,
    role: 'institution_head',
    fullName: 'Kepala Bank Uji',
    institutionId: world.other.institution.id,
  });
  const op = world.operator.username;
  records = {
    a1: await lookUp(op, alice.nik),
    a2: await lookUp(op, alice.nik),
    a3: await lookUp(op, alice.nik),
    a4: await lookUp(world.other.operator.username, alice.nik),
    b1: await lookUp(op, bob.nik),
  };
  aliceSession = await signIn(alice.nik);
  bobSession = await signIn(bob.nik);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

let d1 = '';
let d2 = '';
let d3 = '';
let d4 = '';

describe('opening a dispute (the resident)', () => {
  it('refuses bad input with 400, and a change without the CSRF token with 403', async () => {
    for (const body of [
      { recordId: records.a1, reason: 'never_dealt', text: '' },
      { recordId: records.a1, reason: 'never_dealt', text: '   ' },
      { recordId: records.a1, reason: 'bogus', text: 'x' },
      { recordId: 'abc', reason: 'other', text: 'x' },
      { recordId: -1, reason: 'other', text: 'x' },
      { recordId: 1.5, reason: 'other', text: 'x' },
      { recordId: records.a1, reason: 'other', text: 'x'.repeat(1001) },
      { reason: 'other', text: 'x' },
    ]) {
      const res = await openDispute(aliceSession, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const noCsrf = await post(
      '/v1/resident/disputes',
      { recordId: records.a1, reason: 'other', text: 'x' },
      { headers: { cookie: aliceSession.cookie } },
    );
    expect(noCsrf.statusCode).toBe(403);
    const noSession = await post('/v1/resident/disputes', {
      recordId: records.a1,
      reason: 'other',
      text: 'x',
    });
    expect(noSession.statusCode).toBe(401);
    const bad = await app.inject({
      url: '/v1/resident/disputes/x'.padEnd(100, 'x'),
      ...asResident(aliceSession),
    });
    expect(bad.statusCode).toBe(400);
  });

  it("answers 404 for another resident's record exactly as for no record", async () => {
    const others = await openDispute(aliceSession, {
      recordId: records.b1,
      reason: 'other',
      text: 'bukan saya',
    });
    const none = await openDispute(aliceSession, {
      recordId: 987654321,
      reason: 'other',
      text: 'bukan saya',
    });
    expect(others.statusCode).toBe(404);
    expect(none.statusCode).toBe(404);
    expect(others.json().error.code).toBe('NOT_FOUND');
    expect(others.json().error.message).toBe(none.json().error.message);
  });

  it('opens a dispute with the deadline in working days (holiday skipped); one open dispute per record', async () => {
    const res = await openDispute(aliceSession, {
      recordId: records.a1,
      reason: 'never_dealt',
      text: 'Saya tidak pernah berurusan dengan instansi ini',
    });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json();
    d1 = d.id;
    expect(d).toMatchObject({
      recordId: records.a1,
      state: 'awaiting_institution',
      reason: 'never_dealt',
      institution: { id: world.institution.id, name: world.institution.name },
      record: { method: 'portal', protocol: 'v1', outcome: 'found' },
      answerDueAt: '2027-01-12T17:00:00.000Z',
      decisionDueAt: null,
      institutionAnswer: null,
      officeNote: null,
      trail: [{ state: 'awaiting_institution', party: 'resident', note: null }],
    });
    expect(d.record.elementsDisclosed).toContain('NAMA_LGKP');
    const again = await openDispute(aliceSession, { recordId: records.a1, reason: 'other', text: 'lagi' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DISPUTE_EXISTS');

    const history = await app.inject({
      url: '/v1/resident/history',
      headers: { cookie: aliceSession.cookie },
    });
    const item = (history.json().items as { id: number; disputeId: string | null }[]).find(
      (i) => i.id === records.a1,
    );
    expect(item?.disputeId).toBe(d1);

    minutes(1);
    d2 = (
      await openDispute(aliceSession, { recordId: records.a2, reason: 'wrong_purpose', text: 'Tujuan salah' })
    ).json().id;
    minutes(1);
    d3 = (await openDispute(aliceSession, { recordId: records.a3, reason: 'other', text: 'Lainnya' })).json()
      .id;
    minutes(1);
    d4 = (await openDispute(aliceSession, { recordId: records.a4, reason: 'other', text: 'Bank?' })).json()
      .id;
    expect([d2, d3, d4].every((id) => id.startsWith('dsp_'))).toBe(true);
  });

  it("lists the resident's own disputes only; another resident gets 404 for them", async () => {
    const mine = await app.inject({ url: '/v1/resident/disputes', headers: { cookie: aliceSession.cookie } });
    expect(mine.headers['cache-control']).toBe('no-store');
    expect((mine.json().items as { id: string }[]).map((i) => i.id)).toEqual([d4, d3, d2, d1]);
    const bobs = await app.inject({ url: '/v1/resident/disputes', headers: { cookie: bobSession.cookie } });
    expect(bobs.json().items).toEqual([]);
    const peek = await app.inject({
      url: `/v1/resident/disputes/${d1}`,
      headers: { cookie: bobSession.cookie },
    });
    expect(peek.statusCode).toBe(404);
    const none = await app.inject({
      url: '/v1/resident/disputes/dsp_none',
      headers: { cookie: bobSession.cookie },
    });
    expect(peek.json().error.message).toBe(none.json().error.message);
  });

  it('tells the institution and the office, and queues the resident an e-mail that names no NIK', async () => {
    const { rows } = await db.query<{ accountId: string; body: string }>(
      `SELECT account_id AS "accountId", body FROM notifications WHERE subject = 'Sengketa akses data baru'`,
    );
    const told = new Set(rows.map((r) => r.accountId));
    for (const a of [world.head, world.admin, world.provinceOfficer]) expect(told.has(a.id)).toBe(true);
    expect(told.has(world.officer.id)).toBe(true); // the central office: BANK_X's dispute
    expect(told.has(world.operator.id)).toBe(false);
    for (const r of rows) expect(r.body).not.toContain(alice.nik);
    const sent: MailMessage[] = [];
    const counts = await sendDisputeResidentMail(
      db,
      { send: async (m) => void sent.push(m), close: () => {} },
      { now },
    );
    expect(counts.sent).toBe(4);
    expect(sent.every((m) => m.to === sent[0]!.to && m.to.endsWith('@warga.example'))).toBe(true);
    expect(JSON.stringify(sent)).not.toContain(alice.nik);
    expect(JSON.stringify(sent)).not.toContain(world.institution.name);
  });
});

describe('the institution and the office', () => {
  it('shows the institution only metadata of the record: no NIK, no name, no other data of the person', async () => {
    const headers = await bearer(world.head.username);
    const list = await app.inject({ url: '/v1/disputes', headers });
    expect(list.statusCode, list.body).toBe(200);
    expect((list.json().items as { id: string }[]).map((i) => i.id)).toEqual([d3, d2, d1]);
    const one = await app.inject({ url: `/v1/disputes/${d1}`, headers });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({
      nikMasked: `************${alice.nik.slice(-4)}`,
      reason: 'never_dealt',
      text: 'Saya tidak pernah berurusan dengan instansi ini',
      record: { id: records.a1, accountId: world.operator.id, username: world.operator.username },
    });
    for (const body of [list.body, one.body]) {
      expect(body).not.toContain(alice.nik);
      expect(body).not.toContain(alice.nik.slice(0, 12));
      for (const value of [
        alice.fullName,
        alice.birthDate,
        alice.motherName,
        alice.streetAddress,
        alice.familyCardNumber,
      ]) {
        expect(body).not.toContain(value);
      }
      expect(body).not.toContain('@warga.example');
    }
  });

  it('keeps each party to its scope: another institution and an officer outside the area get 404', async () => {
    const bank = await bearer('bank.kepala');
    expect((await app.inject({ url: `/v1/disputes/${d1}`, headers: bank })).statusCode).toBe(404);
    expect(
      (await app.inject({ url: '/v1/disputes', headers: bank }))
        .json()
        .items.map((i: { id: string }) => i.id),
    ).toEqual([d4]);
    const province = await bearer(world.provinceOfficer.username);
    expect((await app.inject({ url: `/v1/disputes/${d4}`, headers: province })).statusCode).toBe(404);
    const answer = await post(`/v1/disputes/${d1}/answer`, { explanation: 'x' }, { headers: bank });
    expect(answer.statusCode).toBe(404);
    const decide = await post(
      `/v1/disputes/${d4}/decision`,
      { decision: 'justified', note: 'x' },
      { headers: province },
    );
    expect(decide.statusCode).toBe(404);
    const central = await bearer(world.officer.username);
    const all = (await app.inject({ url: '/v1/disputes', headers: central })).json().items as {
      id: string;
    }[];
    expect(all.map((i) => i.id)).toEqual([d4, d3, d2, d1]);
    const operator = await bearer(world.operator.username);
    expect((await app.inject({ url: '/v1/disputes', headers: operator })).statusCode).toBe(403);
    const filtered = await app.inject({ url: '/v1/disputes?state=justified', headers: central });
    expect(filtered.json().items).toEqual([]);
    expect((await app.inject({ url: '/v1/disputes?state=nope', headers: central })).statusCode).toBe(400);
  });

  it('takes the answer of the head or admin, then the decision of the office (justified)', async () => {
    const admin = await bearer(world.admin.username);
    for (const body of [{}, { explanation: '' }, { explanation: 'x'.repeat(2001) }, { explanation: 7 }]) {
      expect((await post(`/v1/disputes/${d1}/answer`, body, { headers: admin })).statusCode).toBe(400);
    }
    const officer = await bearer(world.provinceOfficer.username);
    const early = await post(
      `/v1/disputes/${d1}/decision`,
      { decision: 'justified', note: 'x' },
      { headers: officer },
    );
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('DISPUTE_NOT_AWAITING_DECISION');

    const res = await post(
      `/v1/disputes/${d1}/answer`,
      { explanation: 'Terkait layanan pendaftaran korban banjir nomor LAY-2027-001' },
      { headers: admin },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      state: 'awaiting_decision',
      decisionDueAt: '2027-01-19T17:00:00.000Z',
      institutionAnswer: 'Terkait layanan pendaftaran korban banjir nomor LAY-2027-001',
    });
    expect(res.body).not.toContain(alice.nik);
    const twice = await post(`/v1/disputes/${d1}/answer`, { explanation: 'lagi' }, { headers: admin });
    expect(twice.json().error.code).toBe('DISPUTE_NOT_AWAITING_ANSWER');

    const head = await bearer(world.head.username);
    expect(
      (await post(`/v1/disputes/${d1}/decision`, { decision: 'justified', note: 'x' }, { headers: head }))
        .statusCode,
    ).toBe(403);
    for (const body of [
      { decision: 'maybe', note: 'x' },
      { decision: 'justified', note: '' },
      { decision: 'justified', note: 'x', suspendOperator: 'yes' },
      { decision: 'justified', note: 'x', suspendOperator: true },
    ]) {
      const bad = await post(`/v1/disputes/${d1}/decision`, body, { headers: officer });
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      if (body.suspendOperator === true) {
        expect(bad.json().error.code).toBe('DISPUTE_SUSPEND_WITHOUT_MISUSE');
      }
    }
    minutes(60);
    const decided = await post(
      `/v1/disputes/${d1}/decision`,
      { decision: 'justified', note: 'Akses sesuai layanan yang tercatat' },
      { headers: await bearer(world.provinceOfficer.username) },
    );
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({
      state: 'justified',
      officeNote: 'Akses sesuai layanan yang tercatat',
    });

    const seen = (
      await app.inject({
        url: `/v1/resident/disputes/${d1}`,
        headers: { cookie: (await signIn(alice.nik)).cookie },
      })
    ).json();
    expect(seen).toMatchObject({ state: 'justified', officeNote: 'Akses sesuai layanan yang tercatat' });
    expect(seen.trail.map((t: { party: string; state: string }) => `${t.party}:${t.state}`)).toEqual([
      'resident:awaiting_institution',
      'institution:awaiting_decision',
      'office:justified',
    ]);
    const { rows } = await db.query<{ action: string }>(
      `SELECT action FROM admin_audit WHERE entity_type = 'dispute' AND entity_id = $1 ORDER BY id`,
      [d1],
    );
    expect(rows.map((r) => r.action)).toEqual(['dispute.opened', 'dispute.answered', 'dispute.decided']);
  });
});

describe('deadlines, the compliance finding and the operator', () => {
  it('moves an unanswered dispute to the office when its deadline passes (holiday skipped), on the trail', async () => {
    now = new Date('2027-01-12T16:59:00Z');
    expect(await runDisputeDeadlines(db, now)).toEqual({ answerMissed: 0, decisionOverdue: 0 });
    // d3 is answered in time (last day), d2 is not.
    const admin = await bearer(world.admin.username);
    expect(
      (await post(`/v1/disputes/${d3}/answer`, { explanation: 'Layanan LAY-3' }, { headers: admin }))
        .statusCode,
    ).toBe(200);
    now = new Date('2027-01-12T17:00:00Z');
    const late = await post(`/v1/disputes/${d2}/answer`, { explanation: 'terlambat' }, { headers: admin });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('DISPUTE_ANSWER_OVERDUE');
    // BANK_X's dispute (d4) has passed its deadline too.
    expect(await runDisputeDeadlines(db, now)).toEqual({ answerMissed: 2, decisionOverdue: 0 });
    expect(await runDisputeDeadlines(db, now)).toEqual({ answerMissed: 0, decisionOverdue: 0 });
    const d = (await app.inject({ url: `/v1/disputes/${d2}`, headers: admin })).json();
    expect(d).toMatchObject({ state: 'awaiting_decision', answerMissed: true, institutionAnswer: null });
    expect(d.trail.at(-1)).toMatchObject({ party: 'system', state: 'awaiting_decision' });
    const findings = await evaluateObligations(db, world.institution.id, '2027-01-13');
    expect(findings).toContainEqual(
      expect.objectContaining({ obligation: 'dispute_answer_missed', severity: 'notice' }),
    );
  });

  it('records the office deadline passing once', async () => {
    // d3 was answered on 12 January: the office has until Tuesday 26 January.
    now = new Date('2027-01-26T16:59:00Z');
    expect((await runDisputeDeadlines(db, now)).decisionOverdue).toBe(0);
    now = new Date('2027-01-26T17:00:00Z');
    // d2 (missed on the 12th: due the 26th as well) and d3; d4 likewise.
    expect((await runDisputeDeadlines(db, now)).decisionOverdue).toBe(3);
    expect((await runDisputeDeadlines(db, now)).decisionOverdue).toBe(0);
    const officer = await bearer(world.provinceOfficer.username);
    const d = (await app.inject({ url: `/v1/disputes/${d3}`, headers: officer })).json();
    expect(d.decisionOverdue).toBe(true);
    expect(d.trail.at(-1)).toMatchObject({ party: 'system' });
  });

  it('decides misuse: a compliance breach until closed, and the operator who made the access suspended', async () => {
    const officer = await bearer(world.provinceOfficer.username);
    const opHeaders = await bearer(world.operator.username);
    const res = await post(
      `/v1/disputes/${d2}/decision`,
      { decision: 'misuse_found', note: 'Tidak ada layanan yang mendasari akses', suspendOperator: true },
      { headers: officer },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'misuse_found', operatorSuspended: true, findingOpen: true });
    const { rows } = await db.query<{ isActive: boolean }>(
      `SELECT is_active AS "isActive" FROM user_accounts WHERE id = $1`,
      [world.operator.id],
    );
    expect(rows[0]!.isActive).toBe(false);
    const refused = await post('/v1/lookups', { nik: bob.nik }, { headers: opHeaders });
    expect(refused.statusCode).toBeGreaterThanOrEqual(401);
    const findings = await evaluateObligations(db, world.institution.id, '2027-01-27');
    expect(findings).toContainEqual(
      expect.objectContaining({ obligation: 'dispute_misuse', severity: 'breach' }),
    );
    expect(findings.some((f) => f.obligation === 'dispute_answer_missed')).toBe(false);

    const resident = (
      await app.inject({
        url: `/v1/resident/disputes/${d2}`,
        headers: { cookie: (await signIn(alice.nik)).cookie },
      })
    ).json();
    expect(resident.state).toBe('misuse_found');
    expect(resident.trail.map((t: { party: string }) => t.party)).toEqual([
      'resident',
      'system',
      'system',
      'office',
    ]);

    const again = await post(
      `/v1/disputes/${d2}/decision`,
      { decision: 'justified', note: 'x' },
      { headers: officer },
    );
    expect(again.json().error.code).toBe('DISPUTE_NOT_AWAITING_DECISION');
    const noOp = await post(`/v1/disputes/${d1}/finding-closed`, { note: 'x' }, { headers: officer });
    expect(noOp.json().error.code).toBe('DISPUTE_FINDING_NOT_OPEN');
    const closed = await post(
      `/v1/disputes/${d2}/finding-closed`,
      { note: 'Operator dibina; SOP diperbaiki' },
      { headers: officer },
    );
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().findingOpen).toBe(false);
    const after = await evaluateObligations(db, world.institution.id, '2027-01-27');
    expect(after.some((f) => f.obligation === 'dispute_misuse')).toBe(false);
    const audit = await db.query<{ action: string }>(
      `SELECT action FROM admin_audit WHERE entity_id = $1 AND action = 'account.suspended_by_dispute'`,
      [world.operator.id],
    );
    expect(audit.rows.length).toBe(1);
  });
});

describe('counts for the report, the evaluation and the dashboard', () => {
  it("counts the semester's disputes of the institution in the report section and the checklist", async () => {
    const { reportExtensionSections } = await import('../reports/reports.extensions.ts');
    await import('../reports/reports.sources.ts');
    const { buildChecklist } = await import('../evaluations/evaluations.service.ts');
    const q = {
      institutionId: world.institution.id,
      semester: '2027-S1',
      from: '2027-01-01',
      to: '2027-06-30',
    };
    const section = (await reportExtensionSections(db, { ...q, today: '2027-02-01' })).find(
      (s) => s.key === 'disputes',
    )!;
    const value = (label: string) => section.rows.find((r) => r.label === label)?.value;
    expect(section.status).toBe('reported');
    expect(value('Sengketa diajukan penduduk')).toBe('3');
    expect(value('Diputus: akses sah')).toBe('1');
    expect(value('Diputus: penyalahgunaan ditemukan')).toBe('1');
    expect(value('Tidak dijawab sampai batas waktu')).toBe('1');
    expect(value('Masih berjalan')).toBe('1');
    expect(section.met).toBe(false);
    const other = (
      await reportExtensionSections(db, {
        ...q,
        semester: '2026-S2',
        from: '2026-07-01',
        to: '2026-12-31',
        today: '2027-02-01',
      })
    ).find((s) => s.key === 'disputes')!;
    expect(other.rows[0]!.value).toBe('0');
    const checklist = await buildChecklist(db, world.institution.id, '2027-S1', '2027-02-01');
    expect(checklist.find((c) => c.key === 'disputes')).toMatchObject({ met: false });
    expect(JSON.stringify(checklist)).not.toContain(alice.nik);
  });

  it('gives the dashboard the counts per institution in scope', async () => {
    const central = await bearer(world.officer.username);
    const all = (await app.inject({ url: '/v1/disputes/counts', headers: central })).json().items;
    expect(all).toEqual([
      {
        institutionId: world.institution.id,
        name: world.institution.name,
        opened: 3,
        open: 1,
        answerMissed: 1,
        justified: 1,
        misuseFound: 1,
      },
      {
        institutionId: world.other.institution.id,
        name: world.other.institution.name,
        opened: 1,
        open: 1,
        answerMissed: 1,
        justified: 0,
        misuseFound: 0,
      },
    ]);
    const province = await bearer(world.provinceOfficer.username);
    const mine = (await app.inject({ url: '/v1/disputes/counts', headers: province })).json().items;
    expect(mine.map((c: { institutionId: string }) => c.institutionId)).toEqual([world.institution.id]);
  });
});
