/**
 * The portal's rough edges of issue 18, in the browser at 1280 and 375 px: the audit table fits a laptop
 * (the outcome column in view), dates read the Indonesian way (never ISO, never MM-DD), the dashboard labels
 * every outcome, the XLSX export keeps NIKs intact, and an operator is offered only what the agreement grants
 * (told plainly when the institution is inactive).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { common } from '../src/locales/common.ts';
import { operator as opWords } from '../src/locales/operator.ts';
import { oversight } from '../src/locales/oversight.ts';
import type { Outcome } from '../../src/modules/access/outcomes.ts';
import { insertAgreement } from '../../src/modules/agreements/agreements.repo.ts';
import { BatchedAuditSink } from '../../src/modules/audit/audit.sink.ts';
import { insertInstitution, updateInstitution } from '../../src/modules/institutions/institutions.repo.ts';
import { addOperator, addResident, agreementFor } from '../../src/test/fixtures.ts';
import { LAPTOP, PHONE, SCREENSHOTS, useBrowser, useGerbang } from './browser.ts';

const V = oversight.id;
const N = common.id.nav;
const MONTHS = 'Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember';
const DATE_TIME_ID = new RegExp(`^\\d{1,2} (${MONTHS}) \\d{4} \\d{2}\\.\\d{2} WIB$`);

const OUTCOMES: Outcome[] = ['found', 'not_found', 'nik_invalid_format', 'deceased', 'quota_exhausted'];

const g = useGerbang(async (db, world) => {
  const residents = [await addResident(db), await addResident(db), await addResident(db)];
  // Ten days of attempts, through the audit sink (backdated, chained like live rows).
  const sink = new BatchedAuditSink(db);
  const now = Date.now();
  for (let i = 0; i < 40; i++) {
    const outcome = OUTCOMES[i % OUTCOMES.length]!;
    await sink.record({
      requestId: randomUUID(),
      protocol: i % 2 ? 'wire' : 'v1',
      method: 'verification',
      institutionId: world.institution.id,
      accountId: world.operator.id,
      username: world.operator.username,
      nik: residents[i % residents.length]!.nik,
      elementsRequested: ['NAMA_LGKP', 'TGL_LHR', 'TMPT_LHR'],
      elementsReturned: outcome === 'found' ? ['NAMA_LGKP', 'TGL_LHR', 'TMPT_LHR'] : [],
      outcome,
      callerIp: '10.33.1.20',
      at: new Date(now - (40 - i) * 6 * 3600_000),
      agreementVersionId: null,
    });
  }
  // An institution whose agreement grants only the portal (look-up), and one that is inactive.
  const portalOnly = await insertInstitution(db, {
    code: 'PORTAL_SAJA',
    name: 'Badan Portal Saja',
    officeId: world.province.id,
    allowedNetworks: ['127.0.0.0/8', '::1/128'],
    isActive: true,
  });
  await insertAgreement(
    db,
    agreementFor(portalOnly, { methods: ['portal'], registryNumber: 'PKS/PORTAL/9' }),
  );
  const portalOp = await addOperator(db, portalOnly, { username: 'portal.op' });
  const inactive = await insertInstitution(db, {
    code: 'RSUD_NONAKTIF',
    name: 'RSUD Contoh Nonaktif',
    officeId: world.province.id,
    allowedNetworks: ['127.0.0.0/8', '::1/128'],
    isActive: true,
  });
  await insertAgreement(db, agreementFor(inactive, { registryNumber: 'PKS/NONAKTIF/9' }));
  const inactiveOp = await addOperator(db, inactive, { username: 'rsud.op' });
  await updateInstitution(db, inactive.id, { isActive: false });
  return { residents, portalOp, inactiveOp };
});
const b = useBrowser('rough-edges');

describe('officers: the audit search and the dashboard', () => {
  it('fits the audit table into 1280 px with the outcome in view, Indonesian times, and an XLSX export', async () => {
    const page = b.page;
    await b.signIn(g, 'pusat.admin');
    await b.menu(N.audit);
    const table = page.locator('table.audit-table');
    await table.waitFor();
    // The outcome column is in the viewport, and the table does not scroll sideways.
    const header = table.getByRole('columnheader', { name: V.audit.outcome, exact: true });
    const box = (await header.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(LAPTOP.width);
    const overflow = await page.evaluate(() => {
      const wrap = document.querySelector('table.audit-table')!.parentElement!;
      return wrap.scrollWidth - wrap.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(LAPTOP.width);
    const firstOutcome = table.locator('tbody tr').first().locator('td[data-outcome]');
    const cell = (await firstOutcome.boundingBox())!;
    expect(cell.x + cell.width).toBeLessThanOrEqual(LAPTOP.width);
    // Times read "10 April 2026 14.05 WIB", never ISO.
    const time = (await table.locator('tbody tr td').first().textContent())!.trim();
    expect(time).toMatch(DATE_TIME_ID);
    expect(await table.textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await b.shot('audit-table', { phone: true });
    // What a phone shows of the results (the full-page shot is too tall to read): rows as cards.
    await page.setViewportSize(PHONE);
    await table.locator('tbody tr').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'rough-edges-audit-table-phone-view.png') });
    await page.setViewportSize(LAPTOP);

    // The XLSX export: a workbook whose NIK cells are the NIKs, digit for digit.
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: V.audit.exportXlsx }).click();
    const file = await downloaded;
    expect(file.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.xlsx$/);
    await page.getByText(/^Ekspor selesai \(/).waitFor({ timeout: 30_000 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await file.path())!) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Audit')!;
    const nikCol = (ws.getRow(1).values as unknown[]).indexOf('nik');
    const niks = new Set<unknown>();
    for (let r = 2; r <= ws.rowCount; r++) niks.add(ws.getRow(r).getCell(nikCol).value);
    expect([...niks].sort()).toEqual(g.seeded.residents.map((r) => r.nik).sort());
    await b.shot('audit-exported');
  });

  it('labels every outcome on the dashboard and names the month on the day axis', async () => {
    const page = b.page;
    await b.signIn(g, 'pusat.admin');
    await b.menu(N.dashboard);
    const outcomes = page.locator('#chart-outcomes-title').locator('..').locator('figure svg');
    const days = page.locator('#chart-days-title').locator('..').locator('figure');
    // The chart library arrives on demand; then every outcome's whole wording is drawn (none skipped, none
    // cut: wrapped lines join without spaces in the text content, so spaces are ignored).
    await outcomes.first().waitFor({ timeout: 20_000 });
    const squash = (x: string) => x.replace(/\s+/g, '');
    const drawn = squash((await outcomes.first().textContent()) ?? '');
    const O = opWords.id.outcomes;
    for (const w of [O.FOUND, O.NOT_FOUND, O.NIK_INVALID_FORMAT, O.DECEASED, O.QUOTA_EXHAUSTED])
      expect(drawn).toContain(squash(w));
    expect(drawn).not.toContain('…');
    // The day axis names the month ("3 Nov", "2 Des"), never MM-DD.
    await expect.poll(async () => (await days.first().textContent()) ?? '').toMatch(/\d/);
    const dayText = (await days.first().textContent()) ?? '';
    expect(dayText).toMatch(/\d{1,2} (Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des)/);
    expect(dayText).not.toMatch(/\d{2}-\d{2}/);
    // The period line: "2 November 2026 – 1 Desember 2026".
    expect(await page.getByText(/^Periode: /).textContent()).toMatch(
      new RegExp(`\\d{1,2} (${MONTHS}) \\d{4}`),
    );
    await b.shot('dashboard', { phone: true });
  });
});

describe('operators: what the agreement allows', () => {
  it('offers no verification to an operator whose agreement grants only the portal', async () => {
    const page = b.page;
    await b.signIn(g, 'portal.op');
    const nav = page.getByRole('navigation');
    await expect.poll(() => nav.getByRole('link', { name: N.lookup }).isVisible()).toBe(true);
    expect(await nav.getByRole('link', { name: N.verify }).count()).toBe(0);
    // A bookmark of the verification screen leads to the look-up instead of a form the server would refuse.
    await page.goto(`${g.url}/operator/verify`);
    await expect.poll(() => page.url()).toMatch(/\/operator\/lookup$/);
    await b.shot('portal-only', { phone: true });
  });

  it('tells an operator of an inactive institution before any search, and offers no search', async () => {
    const page = b.page;
    await b.signIn(g, 'rsud.op');
    const notice = page.getByTestId('access-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain(
      opWords.id.access.institution_inactive.title.replace('{{name}}', 'RSUD Contoh Nonaktif'),
    );
    const nav = page.getByRole('navigation');
    expect(await nav.getByRole('link', { name: N.lookup }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: N.verify }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: N.history }).count()).toBe(1);
    await b.shot('inactive-institution', { phone: true });
  });

  it('shows the full menu to an operator whose agreement grants both methods', async () => {
    const page = b.page;
    await b.signIn(g, g.world.operator.username);
    const nav = page.getByRole('navigation');
    await expect.poll(() => nav.getByRole('link', { name: N.verify }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: N.lookup }).count()).toBe(1);
    expect(await page.getByTestId('access-notice').count()).toBe(0);
  });
});
