import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import { addOperator, agreementFor, TINY_PDF, useTestWorld } from '../../test/fixtures.ts';
import { insertAccount } from '../accounts/accounts.repo.ts';
import { insertAgreement } from '../agreements/agreements.repo.ts';
import { runDueJobs } from '../jobs/jobs.ts';
import { rollUpAudit, rollupWatermark } from './reports.rollup.ts';
import { openSemester, runReportReminders } from './reports.reminders.ts';
import { HIT_OUTCOMES, OUTCOME_NAMES, type Outcome } from '../access/outcomes.ts';
import { BatchedAuditSink, type AuditEntry } from '../audit/audit.sink.ts';
import { insertInstitution } from '../institutions/institutions.repo.ts';
import { insertAlert } from '../misuse/misuse.repo.ts';
import { wibDay } from '../../lib/time.ts';
import { lastDueSemester } from '../compliance/compliance.service.ts';
import { monthLabel } from './reports.documents.ts';
import { DISTINCT_NIKS_SQL, GROUPS_SQL, semesterBounds, semesterFigures } from './reports.figures.ts';
import { pdfText } from '../../test/pdf-text.ts';
import { PURPOSES_SQL } from './reports.sources.ts';
import { semesterOf } from './reports.overview.ts';

// The app's clock (a minute ahead of the database's at start, so tokens are younger than passwords).
const clock = () => new Date(Date.now() + 60_000);
const t = useTestWorld({ clock });
/** The latest semester whose report is due by now, and the one before it. */
const DUE = lastDueSemester(wibDay(clock()));
const SEM = DUE.semester;
const PREV = SEM.endsWith('S2') ? `${SEM.slice(0, 4)}-S1` : `${Number(SEM.slice(0, 4)) - 1}-S2`;
const B = semesterBounds(SEM);
const YEAR = wibDay(clock()).slice(0, 4);
/** An instant `days` after the semester's first WIB midnight, plus `hours`. */
const inSem = (days: number, hours = 10) =>
  new Date(B.start.getTime() + days * 86_400_000 + hours * 3600_000);

interface Row {
  at: Date;
  method: 'verification' | 'portal';
  outcome: Outcome;
  account: 0 | 1 | null;
  nik: string;
  own: boolean;
}

const S1 = semesterBounds('2026-S1');
// From 10 days before the semester to 10 days after it, so rows fall on both sides of both edges.
const atArb = fc
  .integer({ min: S1.start.getTime() - 10 * 86_400_000, max: S1.end.getTime() + 10 * 86_400_000 })
  .map((ms) => new Date(ms));
const rowArb: fc.Arbitrary<Row> = fc.record({
  at: fc.oneof(
    atArb,
    // Exactly on the edges (WIB midnight), and a millisecond before them.
    fc.constantFrom(S1.start, S1.end, new Date(S1.start.getTime() - 1), new Date(S1.end.getTime() - 1)),
  ),
  method: fc.constantFrom('verification' as const, 'portal' as const),
  outcome: fc.constantFrom(...OUTCOME_NAMES),
  account: fc.constantFrom(0 as const, 1 as const, null),
  // A small pool, so NIKs repeat (distinct counts differ from hits).
  nik: fc.integer({ min: 0, max: 40 }).map((i) => `33010154039100${String(i).padStart(2, '0')}`),
  own: fc.boolean(),
});

let seq = 0;

/**
 * A fresh institution with two operators, and the rows written through the audit writer; with `rollUpAfter`,
 * the audit's roll-up (reports.rollup.ts) runs after that many rows, so the figures read rolled-up rows and
 * live ones together.
 */
async function semesterWorld(rows: Row[], rollUpAfter: number[] = []) {
  seq += 1;
  const inst = await insertInstitution(t.db, {
    code: `GEN_${seq}`,
    name: `Instansi Generasi ${seq}`,
    officeId: t.world.province.id,
    allowedNetworks: [],
  });
  const ops = [
    await addOperator(t.db, inst, { dailyQuota: 3 }),
    await addOperator(t.db, inst, { dailyQuota: null }),
  ];
  const sink = new BatchedAuditSink(t.db);
  const at = rollUpAfter.map((c) => Math.min(c, rows.length));
  const cuts = [...new Set([0, ...at.filter((c) => c < rows.length), rows.length])].sort((x, y) => x - y);
  for (let k = 0; k + 1 < cuts.length; k++) {
    if (k > 0) await rollUpAudit(t.db, new Date());
    await Promise.all(
      rows.slice(cuts[k], cuts[k + 1]).map((r, j) => {
        const i = cuts[k]! + j;
        return sink.record({
          requestId: `req-gen-${seq}-${i}`,
          protocol: 'v1',
          method: r.method,
          institutionId: r.own ? inst.id : t.world.other.institution.id,
          accountId: r.own && r.account !== null ? ops[r.account]!.id : null,
          username: null,
          nik: r.nik,
          elementsRequested: [],
          elementsReturned: [],
          outcome: r.outcome,
          callerIp: '10.33.1.1',
          at: r.at,
        } satisfies AuditEntry);
      }),
    );
    await sink.flush();
  }
  if (at.includes(rows.length)) await rollUpAudit(t.db, new Date());
  return { inst, ops };
}

const wibDayOf = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

describe('the semester report figures', () => {
  it('equal the audit rows counted by hand, for generated semesters, rolled up or live (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: 0, maxLength: 120 }),
        // Where the roll-up ran: nowhere (every row live), between rows, after the last one.
        fc.array(fc.integer({ min: 1, max: 120 }), { maxLength: 2 }),
        async (rows, rollUpAfter) => {
          const { inst, ops } = await semesterWorld(rows, rollUpAfter);
          const f = await semesterFigures(t.db, inst.id, '2026-S1', new Date());
          const mine = rows.filter((r) => r.own && r.at >= S1.start && r.at < S1.end);
          const hit = (r: Row) => HIT_OUTCOMES.includes(r.outcome);
          expect(f.totals).toEqual({
            attempts: mine.length,
            hits: mine.filter(hit).length,
            refused: mine.filter((r) => !hit(r)).length,
            distinctNiks: new Set(mine.filter(hit).map((r) => r.nik)).size,
          });
          for (const m of ['verification', 'portal'] as const) {
            expect(f.byMethod.find((x) => x.method === m)).toEqual({
              method: m,
              hits: mine.filter((r) => r.method === m && hit(r)).length,
              refused: mine.filter((r) => r.method === m && !hit(r)).length,
            });
          }
          expect(f.byMethod.find((x) => x.method === 'card_reader')).toEqual({
            method: 'card_reader',
            hits: 0,
            refused: 0,
          });
          expect(f.byMonth.map((m) => m.month)).toEqual([
            '2026-01',
            '2026-02',
            '2026-03',
            '2026-04',
            '2026-05',
            '2026-06',
          ]);
          for (const m of f.byMonth) {
            const inMonth = mine.filter((r) => wibDayOf(r.at).startsWith(m.month));
            expect(m.hits).toBe(inMonth.filter(hit).length);
            expect(m.refused).toBe(inMonth.filter((r) => !hit(r)).length);
            expect(m.verification + m.portal).toBe(m.hits);
          }
          const outcomes: Record<string, number> = {};
          for (const r of mine) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
          expect(Object.fromEntries(f.outcomes.map((o) => [o.outcome, o.count]))).toEqual(outcomes);
          for (const [k, op] of ops.entries()) {
            const own = mine.filter((r) => r.account === k);
            const perDay = new Map<string, number>();
            for (const r of own.filter(hit))
              perDay.set(wibDayOf(r.at), (perDay.get(wibDayOf(r.at)) ?? 0) + 1);
            expect(f.operators.find((o) => o.accountId === op.id)).toMatchObject({
              hits: own.filter(hit).length,
              refused: own.filter((r) => !hit(r)).length,
              activeDays: perDay.size,
              peakDay: Math.max(0, ...perDay.values()),
              dailyQuota: k === 0 ? 3 : null,
              daysQuotaExhausted: new Set(
                own.filter((r) => r.outcome === 'quota_exhausted').map((r) => wibDayOf(r.at)),
              ).size,
            });
          }
        },
      ),
      { numRuns: 16, seed: 1302 },
    );
  });

  it('count a NIK once when it is both rolled up and live, and per semester', async () => {
    const row = (nik: string, at: Date, outcome: Outcome = 'found'): Row => ({
      at,
      method: 'portal',
      outcome,
      account: 0,
      nik,
      own: true,
    });
    const a = '3301015403910001';
    const b = '3301015403910002';
    const c = '3301015403910003';
    const inS1 = new Date(S1.start.getTime() + 40 * 86_400_000);
    const { inst } = await semesterWorld(
      [
        row(a, inS1),
        row(b, inS1, 'login_failed'), // not a hit: not counted
        row(c, new Date(S1.start.getTime() - 1)), // 2025-S2
        // after the roll-up: the same NIK again (live), a new one, and the 2025-S2 NIK inside 2026-S1
        row(a, new Date(inS1.getTime() + 86_400_000)),
        row(b, inS1),
        row(c, inS1),
      ],
      [3],
    );
    expect((await semesterFigures(t.db, inst.id, '2026-S1', new Date())).totals.distinctNiks).toBe(3);
    expect((await semesterFigures(t.db, inst.id, '2025-S2', new Date())).totals.distinctNiks).toBe(1);
    await rollUpAudit(t.db, new Date());
    expect((await semesterFigures(t.db, inst.id, '2026-S1', new Date())).totals.distinctNiks).toBe(3);
    expect((await semesterFigures(t.db, inst.id, '2025-S2', new Date())).totals.distinctNiks).toBe(1);
  });

  it('count misuse alerts and their handling inside the semester only', async () => {
    const { inst, ops } = await semesterWorld([]);
    const alert = (at: string) =>
      insertAlert(t.db, {
        institutionId: inst.id,
        accountId: ops[0]!.id,
        agreementId: null,
        reason: 'burst',
        severity: 'medium',
        action: 'throttle',
        evidence: { scope: 'account', count: 0, threshold: 1, windowSeconds: 60, events: [] },
        at: new Date(at),
      });
    const a = await alert('2026-03-02T03:00:00Z');
    await alert('2026-05-02T03:00:00Z');
    await alert('2026-06-30T17:30:00Z'); // 1 July WIB: the next semester
    await t.db.query(`UPDATE misuse_alerts SET acknowledged_at = $2, note = 'Ditangani' WHERE id = $1`, [
      a,
      '2026-03-03T03:00:00Z',
    ]);
    const f = await semesterFigures(t.db, inst.id, '2026-S1', new Date());
    expect(f.misuse).toMatchObject({ total: 2, acknowledged: 1, open: 1 });
    expect(f.misuse.byReason).toEqual([
      { reason: 'burst', severity: 'medium', action: 'throttle', count: 2, acknowledged: 1 },
    ]);
    expect(f.misuse.alerts.map((x) => x.note)).toEqual(['Ditangani', null]);
    // Return data, card readers, purposes: not applicable without their obligations; disputes always count.
    expect(f.extensions.map((e) => [e.key, e.status])).toEqual([
      ['return_data', 'not_applicable'],
      ['card_readers', 'not_applicable'],
      ['purposes', 'not_applicable'],
      ['disputes', 'reported'],
    ]);
  });

  it('reads the roll-ups by their keys and only the live tail of the audit', async () => {
    const { rows } = await t.db.query<{ def: string }>(
      `SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'access_audit_institution_idx'`,
    );
    expect(rows[0]!.def).toMatch(
      /\(institution_id, at\) INCLUDE \(method, outcome, account_id, nik, purpose\)/,
    );
    await rollUpAudit(t.db, new Date());
    const through = await rollupWatermark(t.db);
    // With sequential and bitmap scans off, the planner shows which index answers each part: the roll-up
    // tables by their keys (041), and the audit rows above the watermark by an index (never the table).
    await t.db.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      await tx.query('SET LOCAL enable_bitmapscan = off');
      const inst = t.world.institution.id;
      const range = [inst, S1.start.toISOString(), S1.end.toISOString(), through];
      for (const [sql, p, indexes] of [
        [GROUPS_SQL, [...range, S1.from, S1.to], ['audit_daily_detail_key']],
        [DISTINCT_NIKS_SQL, [...range, '2026-S1', HIT_OUTCOMES], ['audit_semester_counts_pkey']],
        [PURPOSES_SQL, [inst, S1.from, S1.to, through], ['audit_daily_detail_key']],
        // A statement's sums of charges (037: the charged-rows index carries the amount).
        [
          `SELECT coalesce(sum(a.fee_rupiah), 0) FROM access_audit a
            WHERE a.institution_id = $1 AND a.fee_lease_id IS NOT NULL AND a.at < $2`,
          [inst, S1.end.toISOString()],
          ['Index Only Scan using access_audit_charged_idx'],
        ],
      ] as const) {
        const plan = (await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, [...p])).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
        for (const index of indexes) expect(plan).toContain(index);
        expect(plan).not.toMatch(/Seq Scan on access_audit/);
      }
    });
  });
});

describe('the semester report flow', () => {
  it('drafts, takes the narrative, is submitted and signed by the head, and satisfies the obligation', async () => {
    const id = t.world.institution.id;
    const sink = new BatchedAuditSink(t.db);
    const entry = (at: Date, outcome: Outcome, method: 'verification' | 'portal' = 'portal'): AuditEntry => ({
      requestId: `req-flow-${at.getTime()}-${outcome}`,
      protocol: 'v1',
      method,
      institutionId: id,
      accountId: t.world.operator.id,
      username: t.world.operator.username,
      nik: '3301015403910001',
      elementsRequested: [],
      elementsReturned: [],
      outcome,
      callerIp: '10.33.1.1',
      at,
    });
    await Promise.all([
      sink.record(entry(inSem(33), 'found')),
      sink.record(entry(inSem(33, 11), 'not_found', 'verification')),
      sink.record(entry(inSem(95), 'quota_exhausted')),
    ]);
    await sink.flush();

    const head = await as(t.app, t.world.head.username);
    const admin = await as(t.app, t.world.admin.username);
    const operator = await as(t.app, t.world.operator.username);
    expect(
      (await operator.post('/v1/semester-reports', { institutionId: id, semester: SEM })).statusCode,
    ).toBe(403);
    const ahead = await admin.post('/v1/semester-reports', { institutionId: id, semester: '2027-S1' });
    expect([ahead.statusCode, ahead.json().error.code]).toEqual([400, 'SEMESTER_NOT_BEGUN']);
    expect(
      (await admin.post('/v1/semester-reports', { institutionId: id, semester: '2026-S3' })).statusCode,
    ).toBe(400);
    // Another institution's: not found.
    expect(
      (
        await admin.post('/v1/semester-reports', {
          institutionId: t.world.other.institution.id,
          semester: SEM,
        })
      ).statusCode,
    ).toBe(404);

    const draft = await admin.post('/v1/semester-reports', { institutionId: id, semester: SEM });
    expect(draft.statusCode).toBe(201);
    const r = draft.json();
    expect(r).toMatchObject({ status: 'draft', kind: 'generated', letterNumber: null, due: DUE.due });
    expect(r.figures.totals).toEqual({ attempts: 3, hits: 2, refused: 1, distinctNiks: 1 });

    // Submitting before the narrative is complete: refused, naming what is missing.
    const early = await head.post(`/v1/semester-reports/${r.id}/submit`, {});
    expect([early.statusCode, early.json().error.code]).toEqual([400, 'REPORT_NARRATIVE_INCOMPLETE']);
    expect(early.json().error.details.missing).toEqual(['servicesSupported', 'problems', 'plans']);
    const patched = await admin.post(`/v1/semester-reports/${r.id}/narrative`, {
      servicesSupported: 'Verifikasi data korban bencana banjir',
      problems: 'Jaringan tertutup sempat terputus dua hari',
    });
    expect(patched.json().narrative.problems).toMatch(/terputus/);
    await head.post(`/v1/semester-reports/${r.id}/narrative`, { plans: 'Menambah satu operator' });

    // The obligation is still open while the report is a draft.
    const compliance = async () =>
      (await head.get(`/v1/institutions/${id}/compliance`))
        .json()
        .findings.map((f: { obligation: string }) => f.obligation);
    expect(await compliance()).toContain('semester_report');

    const submitted = await head.post(`/v1/semester-reports/${r.id}/submit`, {});
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({
      status: 'submitted',
      signedBy: t.world.head.id,
      submittedBy: t.world.head.id,
      letterNumber: `1/LAP-SEM/BPBD_JATENG/${YEAR}`,
    });
    expect(await compliance()).not.toContain('semester_report');
    // Final: no new narrative, no regeneration, no second submission.
    for (const final of [
      await admin.post(`/v1/semester-reports/${r.id}/narrative`, { plans: 'x' }),
      await admin.post('/v1/semester-reports', { institutionId: id, semester: SEM }),
      await head.post(`/v1/semester-reports/${r.id}/submit`, {}),
      await head.post(`/v1/institutions/${id}/semester-reports`, { semester: SEM }),
    ]) {
      expect([final.statusCode, final.json().error.code]).toEqual([409, 'REPORT_SUBMITTED']);
    }

    // The PDF, read back: letter number, institution, figures, narrative, the head's signature.
    const pdf = await head.get(`/v1/semester-reports/${r.id}/document?format=pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain(`1/LAP-SEM/BPBD_JATENG/${YEAR}`);
    expect(text).toContain('LAPORAN SEMESTER');
    expect(text).toContain(SEM.endsWith('S1') ? 'Semester I (Januari' : 'Semester II (Juli');
    expect(text).toContain(monthLabel(wibDay(inSem(33)).slice(0, 7)));
    expect(text).toContain('Jaringan tertutup sempat terputus');
    expect(text).toContain('ditandatangani secara elektronik oleh Uji institution_head');
    expect(text).not.toContain('3301015403910001');

    // The XLSX, read back: the same figures.
    const xlsx = await head.get(`/v1/semester-reports/${r.id}/document?format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const summary = Object.fromEntries(
      wb
        .getWorksheet('Ringkasan')!
        .getSheetValues()
        .slice(2)
        .map((row) => [(row as unknown[])[1], (row as unknown[])[2]]),
    );
    expect(summary).toMatchObject({
      Nomor: `1/LAP-SEM/BPBD_JATENG/${YEAR}`,
      'Hit NIK': 2,
      Ditolak: 1,
      'NIK berbeda': 1,
    });
    const months = wb
      .getWorksheet('Bulan')!
      .getSheetValues()
      .slice(2)
      .map((row) => (row as unknown[]).slice(1, 3));
    expect(months).toContainEqual([wibDay(inSem(33)).slice(0, 7), 2]);
    expect((await head.get(`/v1/semester-reports/${r.id}/document?format=doc`)).statusCode).toBe(400);

    // Scope: the province officer sees it; the other institution's operator's office does not.
    const office = await as(t.app, t.world.provinceOfficer.username);
    expect((await office.get(`/v1/semester-reports/${r.id}`)).statusCode).toBe(200);
    expect(
      (await office.get(`/v1/semester-reports?semester=${SEM}`))
        .json()
        .items.map((x: { id: string }) => x.id),
    ).toContain(r.id);
    const audit = (await office.get(`/v1/admin-audit?entityId=${r.id}&limit=50`)).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining([
        'semester_report.generated',
        'semester_report.narrative',
        'semester_report.submitted',
      ]),
    );
  });

  it('takes a manual PDF instead, submitted at once; the admin sends it on the head’s behalf', async () => {
    const id = t.world.institution.id;
    const admin = await as(t.app, t.world.admin.username);
    const doc = {
      filename: 'laporan-2026-s2.pdf',
      contentType: 'application/pdf',
      base64: TINY_PDF.toString('base64'),
    };
    const png = { ...doc, contentType: 'image/png' };
    const notPdf = await admin.post('/v1/semester-reports/manual', {
      institutionId: id,
      semester: PREV,
      document: png,
    });
    expect([notPdf.statusCode, notPdf.json().error.code]).toEqual([400, 'REPORT_NOT_PDF']);
    // The semester under way has no report yet, manual or generated.
    const running = await admin.post('/v1/semester-reports/manual', {
      institutionId: id,
      semester: semesterOf(wibDay(clock())),
      document: doc,
    });
    expect([running.statusCode, running.json().error.code]).toEqual([409, 'REPORT_SEMESTER_NOT_ENDED']);
    const res = await admin.post('/v1/semester-reports/manual', {
      institutionId: id,
      semester: PREV,
      document: doc,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'submitted',
      kind: 'manual',
      signedBy: null,
      submittedBy: t.world.admin.id,
    });
    const back = await admin.get(`/v1/semester-reports/${res.json().id}/document?format=pdf`);
    expect(Buffer.from(back.rawPayload).equals(TINY_PDF)).toBe(true);
    expect((await admin.get(`/v1/semester-reports/${res.json().id}/document?format=xlsx`)).statusCode).toBe(
      404,
    );
  });
});

describe('reminders before the deadline', () => {
  it('go to the head and admin 5 working days and 1 working day before it, once each, until submitted', async () => {
    // A world of its own: an institution whose 2026-S1 report is not submitted (the clock is the job's).
    const inst = await insertInstitution(t.db, {
      code: 'REMIND_1',
      name: 'Dinas Pengingat',
      officeId: t.world.province.id,
      allowedNetworks: [],
    });
    await insertAgreement(t.db, agreementFor(inst, { registryNumber: 'PKS/REM/1' }));
    const head = await insertAccount(t.db, {
      username: 'rem.kepala',
      password: 'rahasia-uji-123',
      role: 'institution_head',
      fullName: 'Kepala Pengingat',
      institutionId: inst.id,
    });
    await t.db.query(`UPDATE user_accounts SET email = 'kepala@dinas-pengingat.example' WHERE id = $1`, [
      head.id,
    ]);
    const notes = async () =>
      (
        await t.db.query<{ subject: string; emailStatus: string }>(
          `SELECT subject, email_status AS "emailStatus" FROM notifications
            WHERE account_id = $1 AND subject LIKE 'Pengingat%' ORDER BY id`,
          [head.id],
        )
      ).rows;
    // 2026-S1 ends 30 June; due 14 July 2026 (10 working days); 5 left on 7 July, 1 left on 13 July.
    const at = (day: string) => new Date(`${day}T01:00:00Z`);
    expect(openSemester('2026-07-14', new Set())).toMatchObject({ semester: '2026-S1', due: '2026-07-14' });
    expect(openSemester('2026-07-15', new Set())).toBeNull();
    await runReportReminders(t.db, at('2026-07-06'));
    expect(await notes()).toEqual([]);
    await runReportReminders(t.db, at('2026-07-07'));
    await runReportReminders(t.db, at('2026-07-07'));
    await runReportReminders(t.db, at('2026-07-08'));
    expect(await notes()).toEqual([
      { subject: 'Pengingat: laporan semester 2026-S1 jatuh tempo 14 Juli 2026', emailStatus: 'pending' },
    ]);
    // Through the scheduler too (its daily run key): the last working day before the deadline.
    const ran = await runDueJobs(t.db, at('2026-07-13'));
    expect(ran.find((j) => j.job === 'semester-report-reminders')).toMatchObject({ ok: true });
    expect(await notes()).toHaveLength(2);
    await runReportReminders(t.db, at('2026-07-15'));
    expect(await notes()).toHaveLength(2);

    // A submitted report stops them: the next semester's reminder goes to no one once it is in.
    await t.db.query(
      `INSERT INTO semester_reports (id, institution_id, semester, submitted_at) VALUES ('rep_rem', $1, '2026-S2', $2)`,
      [inst.id, '2027-01-05T01:00:00Z'],
    );
    await runReportReminders(t.db, at('2027-01-08'));
    expect(await notes()).toHaveLength(2);
  });
});
