/**
 * Semester reports and evaluations in the browser: the head drafts the semester's report from the access data,
 * writes the narrative and submits it (the signature of record), then downloads its PDF (on a laptop); the admin
 * submits an earlier semester on a 375 px phone on the head's behalf; the province's officer reads the submitted
 * reports, records an evaluation with the checklist drawn from the data, and downloads the roll-up; the
 * institution reads its evaluation.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/modules/access/outcomes.ts';
import { BatchedAuditSink } from '../../src/modules/audit/audit.sink.ts';
import { semesterBounds } from '../../src/modules/reports/reports.figures.ts';
import { pdfText } from '../../src/test/pdf-text.ts';
import { reports } from '../src/locales/reports.ts';
import { PHONE, useBrowser, useGerbang } from './browser.ts';

const R = reports.id.semesterReports;
const E = reports.id.evaluationsView;
const YEAR = new Date().getUTCFullYear();
/** Seeded semesters: the last one that has ended, and the one before it (the agreement starts before both). */
const month = new Date().getUTCMonth() + 1;
const LAST = month <= 6 ? `${YEAR - 1}-S2` : `${YEAR}-S1`;
const EARLIER = LAST.endsWith('S2') ? `${YEAR - 1}-S1` : `${YEAR - 1}-S2`;
const name = (s: string) =>
  R.semesterName.replace('{{half}}', s.endsWith('S1') ? R.half1 : R.half2).replace('{{year}}', s.slice(0, 4));

/** The seeded attempts of a semester: found and not found on both methods, one refused for quota. */
const PLAN: { outcome: Outcome; method: 'portal' | 'verification'; n: number }[] = [
  { outcome: 'found', method: 'portal', n: 7 },
  { outcome: 'not_found', method: 'portal', n: 2 },
  { outcome: 'found', method: 'verification', n: 3 },
  { outcome: 'quota_exhausted', method: 'portal', n: 1 },
];
const HITS = 12;

const g = useGerbang(async (db, world) => {
  // The agreement began two semesters back, so both seeded semesters are owed.
  await db.query(`UPDATE agreements SET start_date = $2::date WHERE id = $1`, [
    world.agreement.id,
    semesterBounds(EARLIER).from,
  ]);
  const sink = new BatchedAuditSink(db);
  let i = 0;
  for (const semester of [EARLIER, LAST]) {
    const start = semesterBounds(semester).start.getTime();
    for (const p of PLAN)
      for (let k = 0; k < p.n; k++) {
        i += 1;
        void sink.record({
          requestId: `req-e2e-report-${i}`,
          protocol: 'v1',
          method: p.method,
          institutionId: world.institution.id,
          accountId: world.operator.id,
          username: world.operator.username,
          nik: `33010154039100${String(i % 9).padStart(2, '0')}`,
          elementsRequested: [],
          elementsReturned: [],
          outcome: p.outcome,
          callerIp: '10.33.1.1',
          // Working hours on successive days of the semester's second month.
          at: new Date(start + (35 + i) * 86_400_000 + 3 * 3600_000),
        });
      }
  }
  await sink.flush();
  return {};
});
const b = useBrowser('reports');

async function draftAndSubmit(semester: string, narrative: string) {
  const page = b.page;
  await b.menu(new RegExp(`^${R.nav}$`));
  await expect.poll(() => b.heading().textContent()).toBe(R.title);
  const row = page.locator(`tr[data-semester="${semester}"]`);
  expect(await row.getAttribute('data-state')).toBe('overdue');
  await b.shot(`semesters-${semester}`, { phone: true });
  await page.getByRole('link', { name: `${R.open} ${name(semester)}` }).click();
  await page.getByRole('button', { name: R.generate }).click();
  await page.getByTestId('report-figures').waitFor();
  expect((await page.getByTestId('total-hits').textContent())!.trim()).toBe(String(HITS));
  expect((await page.getByTestId('total-refused').textContent())!.trim()).toBe('1');
  await page.getByLabel(R.servicesSupported).fill(`Verifikasi penerima bantuan ${narrative}`);
  await page.getByLabel(R.problems).fill('Jaringan tertutup sempat terputus dua hari');
  await page.getByLabel(R.plans).fill('Menambah satu operator terlatih');
  await page.getByRole('button', { name: R.submit, exact: true }).click();
  await page.getByRole('button', { name: R.confirmYes }).click();
  await page.getByTestId('letter-number').waitFor();
  return (await page.getByTestId('letter-number').textContent())!.trim();
}

describe('semester reports', () => {
  it('the head drafts, writes the narrative, submits (signing it) and downloads the PDF', async () => {
    const page = b.page;
    await b.signIn(g, 'bpbd.kepala');
    const number = await draftAndSubmit(LAST, 'bencana');
    expect(number).toMatch(new RegExp(`^\\d+/LAP-SEM/BPBD_JATENG/${YEAR}$`));
    await page.getByText(R.signedBy).waitFor();
    await b.shot('submitted');

    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: R.pdf }).click();
    const file = await downloaded;
    expect(file.suggestedFilename()).toBe(`laporan-semester-${LAST}-BPBD_JATENG.pdf`);
    const text = await pdfText(readFileSync((await file.path())!));
    expect(text).toContain(number);
    expect(text).toContain('bencana');

    // The list now says submitted; the narrative can no longer be edited.
    await page.getByRole('link', { name: R.back }).click();
    await expect
      .poll(() => page.locator(`tr[data-semester="${LAST}"]`).getAttribute('data-state'))
      .toBe('submitted');
  });

  it('the admin submits the earlier semester on a 375 px phone, on the head’s behalf', async () => {
    const page = b.page;
    await page.setViewportSize(PHONE);
    await b.signIn(g, 'bpbd.admin');
    // On a phone the menu is still reachable (a wrapping or scrolling bar).
    await draftAndSubmit(EARLIER, 'banjir');
    await page.getByText(R.onBehalf).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await b.shot('submitted-by-admin-phone');
  });
});

describe('the office evaluates and rolls up', () => {
  it('reads the submitted reports, records an evaluation from the checklist, and downloads the roll-up', async () => {
    const page = b.page;
    await b.signIn(g, 'jateng.admin');
    await b.menu(new RegExp(`^${R.navOfficer}$`));
    const reportRows = page.getByTestId('officer-reports').locator('tbody tr');
    await expect.poll(() => reportRows.count()).toBe(2);
    await page.getByRole('link', { name: 'BPBD Provinsi Jawa Tengah' }).first().click();
    await page.getByTestId('report-figures').waitFor();
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: R.xlsx }).click();
    const xlsx = await downloaded;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
    const summary = wb.getWorksheet('Ringkasan')!;
    const values = new Map<string, unknown>();
    summary.eachRow((r) => values.set(String(r.getCell(1).value), r.getCell(2).value));
    expect(values.get('Hit NIK')).toBe(HITS);
    await b.shot('officer-report');

    await b.menu(new RegExp(`^${E.nav}$`));
    await expect.poll(() => b.heading().textContent()).toBe(E.title);
    await page
      .getByLabel(E.institution, { exact: true })
      .selectOption({ label: 'BPBD Provinsi Jawa Tengah' });
    const checklist = page.getByTestId('checklist-preview');
    await checklist.waitFor();
    // Submitted after its deadline: the checklist says so; the SPTJM is recorded in the seed.
    expect(await checklist.locator('[data-key="report_on_time"]').getAttribute('data-met')).toBe('false');
    expect(await checklist.locator('[data-key="sptjm"]').getAttribute('data-met')).toBe('true');
    await page.getByLabel(E.findings).fill('Laporan semester terlambat; sertifikat ISO/IEC 27001 belum ada.');
    await page.getByLabel(E.results.kurang).check();
    await page.getByRole('button', { name: E.addRecommendation }).click();
    await page.getByLabel(`${E.recommendation} 1`).fill('Menyampaikan sertifikat ISO/IEC 27001');
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/v1/evaluations') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: E.save }).click();
    expect((await saved).status()).toBe(201);
    await page.getByText(/^Evaluasi dicatat dengan nomor \d+\/EVAL-PKS\/DISDUKCAPIL-33\//).waitFor();
    const card = page.locator('[data-evaluation]').first();
    expect(await card.getByTestId('evaluation-result').textContent()).toBe(E.results.kurang);

    // The roll-up counts it under the province, and its PDF is the report upward.
    const province = page.getByTestId('rollup').locator(`tr[data-office="${g.world.province.id}"]`);
    await expect.poll(() => province.locator('td[data-col="kurang"]').textContent()).toMatch(/^1/);
    await b.shot('evaluations', { phone: true });
    const rollupPdf = page.waitForEvent('download');
    await page.getByRole('button', { name: E.rollupPdf }).click();
    const pdf = await rollupPdf;
    expect(pdf.suggestedFilename()).toBe(`rekap-evaluasi-${LAST}.pdf`);
    const text = await pdfText(readFileSync((await pdf.path())!));
    expect(text).toContain('REKAPITULASI EVALUASI');
    expect(text).toContain('Disdukcapil Provinsi Jawa Tengah');
  });

  it('the institution reads its evaluation', async () => {
    await b.signIn(g, 'bpbd.kepala');
    await b.menu(new RegExp(`^${E.nav}$`));
    await expect.poll(() => b.heading().textContent()).toBe(E.institutionTitle);
    const card = b.page.locator('[data-evaluation]').first();
    await card.waitFor();
    expect(await card.getByTestId('evaluation-result').textContent()).toBe(E.results.kurang);
    expect(await card.textContent()).toContain('Menyampaikan sertifikat ISO/IEC 27001');
    await b.shot('institution-evaluations', { phone: true });
  });
});
