/**
 * The registry officers' journeys in the browser: an application forwarded by the province office and approved
 * by Ditjen Dukcapil until the institution's operator can look up; the agreement revoked and the operator
 * refused; and screenshots of the officers' main screens (dashboard, inbox, institutions, agreements, user-ID
 * requests, compliance board, audit search with its CSV export).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { common } from '../src/locales/common.ts';
import { officer as words } from '../src/locales/officer.ts';
import { operator as opWords } from '../src/locales/operator.ts';
import { oversight } from '../src/locales/oversight.ts';
import { insertAccount } from '../../src/modules/accounts/accounts.repo.ts';
import { insertApplication } from '../../src/modules/applications/applications.repo.ts';
import { insertInstitution } from '../../src/modules/institutions/institutions.repo.ts';
import { addOperator, addResident, addStatement, PASSWORD } from '../../src/test/fixtures.ts';
import { useBrowser, useGerbang } from './browser.ts';

const W = words.id;
const V = oversight.id;
const O = opWords.id.outcomes;
const ASKED = ['NIK', 'NAMA_LGKP', 'TMPT_LHR', 'TGL_LHR', 'ALAMAT'];
const REGISTRY_NUMBER = '470/777/DUKCAPIL/2026';

const g = useGerbang(async (db, world) => {
  const found = await addResident(db, { fullName: 'RATNA DEWI SINTETIS', religion: 'HINDU' });
  // Dinas Sosial under the province office: SPTJM recorded, an operator with an NDA, no agreement yet.
  const institution = await insertInstitution(db, {
    code: 'DINSOS_JATENG',
    name: 'Dinas Sosial Provinsi Jawa Tengah',
    officeId: world.province.id,
    allowedNetworks: ['127.0.0.0/8'],
  });
  await addStatement(db, institution);
  const operator = await addOperator(db, institution, {
    username: 'dinsos.op1',
    fullName: 'Operator Dinsos',
  });
  const head = await insertAccount(db, {
    username: 'dinsos.kepala',
    password: PASSWORD,
    role: 'institution_head',
    fullName: 'Kepala Dinsos Sintetis',
    institutionId: institution.id,
  });
  // The head's application, with the portal method (the look-up) as well as verification.
  const application = await insertApplication(db, {
    institutionId: institution.id,
    officeId: institution.officeId,
    purpose: 'Verifikasi calon penerima bantuan sosial',
    elements: ASKED,
    methods: ['verification', 'portal'],
    returnData: ['STATUS_PENERIMA_BANSOS'],
    periodMonths: 24,
    periodUntil: null,
    applicantId: head.id,
    now: new Date(),
  });
  return { found, institution, operator, application };
});
const b = useBrowser('officer');

const heading = (page?: Page) => b.heading(page);
const inForce = () => g.seeded.operator.username;
let agreementPath = '';

const onPage = <T>(page: Page, steps: () => Promise<T>) => b.onPage(page, steps);

/** The operator in a browser of its own (its own cookies), watched like the journey's page. */
async function operatorPage(): Promise<Page> {
  const page = await b.secondPage();
  await onPage(page, () => b.signIn(g, inForce()));
  return page;
}

describe('officers: from application to access', () => {
  it('forwards, approves, drafts, signs and activates the agreement; then the operator can look up', async () => {
    const page = b.page;
    const app = g.seeded.application;
    const op = await operatorPage();
    try {
      // No agreement yet: the operator is told before any search, and is offered no look-up form.
      const notice = op.getByTestId('access-notice');
      await onPage(op, () => notice.waitFor());
      expect(await notice.textContent()).toContain(opWords.id.access.agreement_not_in_force.title);
      expect(await op.getByRole('textbox', { name: 'NIK' }).count()).toBe(0);

      // The province office forwards it to Ditjen Dukcapil.
      await b.signIn(g, 'jateng.admin');
      await b.menu(common.id.nav.applications);
      await expect.poll(() => heading().textContent()).toBe(W.applications.title);
      const row = page.locator(`tr[data-application="${app.id}"]`);
      expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('submitted');
      await row.getByRole('link').click();
      await expect.poll(() => heading().textContent()).toBe(W.applications.detailTitle);
      await page
        .getByLabel(W.applications.forwardNote)
        .fill('Telaah Dinas: kebutuhan sesuai tugas dan fungsi');
      await page.getByRole('button', { name: W.applications.forward }).click();
      await expect
        .poll(() => page.locator('[data-status]').first().getAttribute('data-status'))
        .toBe('forwarded');
      expect(await page.getByText(W.applications.status.forwarded).count()).toBeGreaterThan(0);
      await b.signOut();
      await page.getByText(common.id.signIn.signedOut).waitFor();

      // Ditjen Dukcapil approves.
      await b.signIn(g, 'pusat.admin');
      await b.menu(common.id.nav.applications);
      await expect.poll(() => heading().textContent()).toBe(W.applications.title);
      await row.waitFor();
      await b.shot('applications', { phone: true });
      await row.getByRole('link').click();
      await expect.poll(() => heading().textContent()).toBe(W.applications.detailTitle);
      await page.getByText(app.purpose).first().waitFor();
      await b.shot('application-detail');
      await page.getByRole('button', { name: W.applications.approve }).click();
      await expect
        .poll(() => page.locator('[data-status]').first().getAttribute('data-status'))
        .toBe('approved');
      await page.getByRole('button', { name: W.applications.letter }).waitFor();

      // The agreement's draft: both numbers, the portal method granted, the institution's network.
      await page.getByRole('heading', { name: W.applications.draftTitle }).waitFor();
      await page.getByLabel(W.agreements.registryNumber, { exact: true }).fill(REGISTRY_NUMBER);
      await page.getByLabel(W.agreements.institutionNumber, { exact: true }).fill('460/12/DINSOS/2026');
      const portal = page.getByRole('checkbox', { name: W.officerCommon.method.portal, exact: true });
      if (!(await portal.isChecked())) await portal.check();
      await page.getByLabel(W.officerCommon.networks).fill('127.0.0.0/8');
      await b.shot('agreement-draft');
      await page.getByRole('button', { name: W.applications.createAgreement }).click();
      await expect
        .poll(() => heading().textContent())
        .toBe(W.agreements.detailTitle.replace('{{number}}', REGISTRY_NUMBER));
      agreementPath = new URL(page.url()).pathname;
      expect(agreementPath).toMatch(/^\/officer\/agreements\/\S+$/);
      const badge = page.locator('main [data-status]').first();
      expect(await badge.getAttribute('data-status')).toBe('draft');

      // Signed, then in force.
      await page.getByLabel(W.agreements.signedPlace).fill('Semarang');
      await page.getByRole('button', { name: W.agreements.sign }).click();
      await expect.poll(() => badge.getAttribute('data-status')).toBe('signed');
      await page.getByRole('button', { name: W.agreements.activate }).click();
      await expect.poll(() => badge.getAttribute('data-status')).toBe('active');
      expect(await badge.textContent()).toBe(W.agreements.status.active);
      await b.shot('agreement-detail', { phone: true });

      // The operator's look-up now finds the resident, with exactly the granted elements (the portal reads
      // what the agreement allows when it loads: reloaded, the form is there).
      await onPage(op, async () => {
        // Without an agreement the menu offered no look-up; with it in force, the look-up screen is there.
        await op.goto(new URL('/operator/lookup', op.url()).toString());
        const banner = await b.lookUp(g.seeded.found.nik);
        expect(await banner.textContent()).toBe(O.FOUND);
        const table = op.getByRole('table', { name: opWords.id.lookup.granted });
        const shown = await table
          .locator('tbody tr')
          .evaluateAll((rows) => rows.map((r) => r.dataset.element));
        expect(shown.sort()).toEqual([...ASKED].sort());
        expect(await table.textContent()).toContain('RATNA DEWI SINTETIS');
        expect(await op.getByText('HINDU').count()).toBe(0);
        await b.shot('operator-found-after-activation', { page: op });
      });
    } finally {
      await op.context().close();
    }
  }, 120_000);

  it('revokes the agreement: the badge and the reason show, and the operator is refused', async () => {
    expect(agreementPath, 'the previous journey activated an agreement').not.toBe('');
    const page = b.page;
    const op = await operatorPage();
    try {
      const before = await onPage(op, () => b.lookUp(g.seeded.found.nik));
      expect(await before.textContent()).toBe(O.FOUND);

      await b.signIn(g, 'pusat.admin');
      await page.goto(`${g.url}${agreementPath}`);
      await expect
        .poll(() => heading().textContent())
        .toBe(W.agreements.detailTitle.replace('{{number}}', REGISTRY_NUMBER));
      await page.getByRole('button', { name: W.agreements.revoke }).click();
      await page.getByRole('heading', { name: W.agreements.revokeTitle }).waitFor();
      const reason = 'Instansi membagikan data kepada pihak ketiga tanpa hak';
      await page.getByLabel(W.agreements.revokeReason).fill(reason);
      const submit = page.getByRole('button', { name: W.agreements.revokeSubmit, exact: true });
      expect(await submit.isDisabled()).toBe(true);
      await page
        .getByRole('checkbox', { name: W.agreements.revokeConfirm.replace('{{number}}', REGISTRY_NUMBER) })
        .check();
      await submit.click();
      const badge = page.locator('main [data-status]').first();
      await expect.poll(() => badge.getAttribute('data-status')).toBe('revoked');
      expect(await badge.textContent()).toBe(W.agreements.status.revoked);
      await page.getByText(W.agreements.endedAs.revoked).waitFor();
      expect(await page.getByTestId('ended-reason').textContent()).toBe(reason);
      expect(await page.getByRole('button', { name: W.agreements.revoke }).count()).toBe(0);
      await b.shot('agreement-revoked');

      // The operator's next look-up is refused (the access cache is cleared by the change, or lasts 1 s).
      b.allowHttpError('/v1/lookups', 403);
      await onPage(op, async () => {
        await expect
          .poll(async () => (await b.lookUp(g.seeded.found.nik)).textContent(), { timeout: 10_000 })
          .toBe(O.AGREEMENT_NOT_IN_FORCE);
        expect(await op.getByText('RATNA DEWI SINTETIS').count()).toBe(0);
        await b.shot('operator-refused-after-revocation', { page: op });
      });
    } finally {
      await op.context().close();
    }
  }, 90_000);
});

describe('officers: the main screens', () => {
  it('shows the dashboard, institutions, agreements, user-ID requests and the compliance board', async () => {
    const page = b.page;
    await b.signIn(g, 'pusat.admin');
    await b.menu(common.id.nav.dashboard);
    await expect.poll(() => heading().textContent()).toBe(V.dashboard.title);
    // The journeys above made traffic: found look-ups and refusals.
    await expect
      .poll(async () => Number(await page.getByTestId('total-hits').textContent()))
      .toBeGreaterThan(0);
    await expect
      .poll(async () => Number(await page.getByTestId('total-refused').textContent()))
      .toBeGreaterThan(0);
    await page.getByTestId('open-alerts').waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    await b.shot('dashboard', { phone: true });

    // Exactly: "Laporan semester instansi" also contains the word.
    await b.menu(new RegExp(`^${common.id.nav.institutions}$`));
    await expect.poll(() => heading().textContent()).toBe(W.institutions.title);
    const ins = page.locator(`tr[data-institution="${g.seeded.institution.code}"]`);
    await ins.waitFor();
    await b.shot('institutions');
    await ins.getByRole('link').first().click();
    await expect.poll(() => heading().textContent()).toBe(g.seeded.institution.name);
    await page.getByText(W.institutions.gates).first().waitFor();
    await b.shot('institution-detail', { phone: true });

    await b.menu(common.id.nav.agreements);
    await expect.poll(() => heading().textContent()).toBe(W.agreements.title);
    await page.locator(`tr[data-agreement="${g.world.agreement.id}"]`).waitFor();
    await b.shot('agreements');

    await b.menu(common.id.nav.userIdRequests);
    await expect.poll(() => heading().textContent()).toBe(V.userIdRequests.title);
    await b.settle();
    await b.shot('user-id-requests');

    await b.menu(common.id.nav.complianceBoard);
    await expect.poll(() => heading().textContent()).toBe(V.complianceBoard.title);
    await page.getByText(V.complianceBoard.state).first().waitFor();
    await page.getByText(g.world.institution.name).first().waitFor();
    await b.shot('compliance-board');
  });

  it('searches the access audit by NIK and exports it as CSV', async () => {
    const page = b.page;
    await b.signIn(g, 'pusat.admin');
    await b.menu(common.id.nav.audit);
    await expect.poll(() => heading().textContent()).toBe(V.audit.title);
    await page.getByLabel(V.audit.nik, { exact: true }).fill(g.seeded.found.nik);
    await page.getByRole('button', { name: V.audit.search, exact: true }).click();
    // Every look-up of the journeys above, found and refused, is in the audit.
    const shown = page.getByText(/^\d+ baris ditampilkan$/);
    await shown.waitFor();
    expect(Number(/^(\d+)/.exec((await shown.textContent())!)![1])).toBeGreaterThanOrEqual(3);
    const table = page.locator('table.data');
    expect(await table.textContent()).toContain(g.seeded.found.nik);
    expect(await table.textContent()).toContain('DINSOS_JATENG');
    await b.shot('audit-results', { phone: true });

    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: V.audit.export }).click();
    await page.getByText(/^Ekspor selesai: /).waitFor({ timeout: 30_000 });
    const file = await downloaded;
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    await b.shot('audit-exported');
  });
});
