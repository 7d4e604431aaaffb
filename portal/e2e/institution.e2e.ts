/**
 * The institution's journeys in the browser: the admin issues an operator's user ID through the user-ID request
 * form, the operator changes the one-time password, the NDA gate refuses until the admin records the NDA, and a
 * deactivated operator is refused. Plus screenshots of the institution's main screens.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { common } from '../src/locales/common.ts';
import { institution as words } from '../src/locales/institution.ts';
import { operator as opWords } from '../src/locales/operator.ts';
import { addOperator, addResident, userIdForm } from '../../src/test/fixtures.ts';
import { useBrowser, useGerbang } from './browser.ts';

const W = words.id;
const O = opWords.id.outcomes;
const NEW_PASSWORD = 'Sandi-Baru-Operator-2026';

/** A complete, synthetic user-ID form (see the fixtures). */
const FORM = userIdForm('SINTA01', 4321);

const g = useGerbang(async (db, world) => {
  const found = await addResident(db, { fullName: 'BUDI SANTOSO SINTETIS', sex: 'LAKI-LAKI' });
  // An operator who works today and is deactivated by the admin while signed in.
  const leaving = await addOperator(db, world.institution, {
    username: 'bpbd.keluar',
    fullName: 'Operator Yang Keluar',
  });
  return { found, leaving };
});
const b = useBrowser('institution');

const heading = (page?: Page) => b.heading(page);
const onPage = <T>(page: Page, steps: () => Promise<T>) => b.onPage(page, steps);
const secondPage = () => b.secondPage();

describe('institution admin: issuing an operator', () => {
  it('creates an operator through the form; the NDA gate refuses until the admin records the NDA', async () => {
    const page = b.page;
    await b.signIn(g, 'bpbd.admin');
    await b.menu(common.id.nav.operators);
    await expect.poll(() => heading().textContent()).toBe(W.operators.title);
    await page.locator('tr[data-username="bpbd.keluar"]').waitFor();
    await b.shot('operators', { phone: true });

    // An incomplete form: the server names every missing field, the screen lists their labels.
    await page.getByRole('button', { name: W.operators.create }).click();
    await page.getByRole('heading', { name: W.operators.formTitle }).waitFor();
    await page.getByLabel(W.operators.fullName, { exact: true }).fill(FORM.fullName);
    await page.getByLabel(W.operators.nik, { exact: true }).fill(FORM.nik);
    await page.getByLabel(W.operators.officeName, { exact: true }).fill(FORM.officeName);
    b.allowHttpError('/v1/user-id-requests', 400);
    await page.getByRole('button', { name: W.operators.submit }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('Formulir belum lengkap:');
    const missing = [
      'nip',
      'employmentStatus',
      'position',
      'officeRegionCode',
      'officeAddress',
      'localUserId',
    ];
    const listed = await alert.getByRole('listitem').allTextContents();
    expect(listed.sort()).toEqual(missing.map((f) => W.operators[f as keyof typeof FORM]).sort());
    for (const f of ['nik', 'fullName', 'officeName'] as const) expect(listed).not.toContain(W.operators[f]);
    await b.shot('user-id-form-error');

    // Completed: the user ID and its one-time password are shown once.
    for (const [field, value] of Object.entries(FORM)) {
      await page.getByLabel(W.operators[field as keyof typeof FORM], { exact: true }).fill(value);
    }
    const issuedResponse = page.waitForResponse((r) => r.url().endsWith('/v1/user-id-requests'));
    await page.getByRole('button', { name: W.operators.submit }).click();
    expect((await issuedResponse).status()).toBe(201);
    const issued = page.getByTestId('issued');
    await issued.waitFor();
    expect(await issued.textContent()).toContain(W.operators.issued);
    const username = (await page.getByTestId('issued-username').textContent())!.trim();
    const otp = (await page.getByTestId('issued-password').textContent())!.trim();
    expect(username).toMatch(/\S/);
    expect(otp.length).toBeGreaterThanOrEqual(10);
    expect(await page.getByRole('alert').count()).toBe(0);
    const row = page.locator(`tr[data-username="${username}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(W.operators.ndaNo);
    await b.shot('issued-credentials');
    // Once: after a reload the password is not shown again.
    await page.reload();
    await expect.poll(() => heading().textContent()).toBe(W.operators.title);
    expect(await page.getByText(otp).count()).toBe(0);
    await b.signOut();
    await page.getByText(common.id.signIn.signedOut).waitFor();

    // The new operator signs in with the one-time password and must change it first.
    await b.fillSignIn(username, otp);
    await expect.poll(() => heading().textContent(), { timeout: 15_000 }).toBe(common.id.password.title);
    expect(await page.getByText(common.id.password.why).count()).toBe(1);
    await page.getByLabel(common.id.password.current, { exact: true }).fill(otp);
    await page.getByLabel(common.id.password.next, { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel(common.id.password.repeat, { exact: true }).fill(NEW_PASSWORD);
    await b.shot('change-password');
    await page.getByRole('button', { name: common.id.password.submit }).click();
    await expect.poll(() => heading().textContent(), { timeout: 15_000 }).toBe(opWords.id.lookup.title);
    await b.settle();

    // The NDA gate: no data until the admin records the operator's NDA.
    b.allowHttpError('/v1/lookups', 403);
    let banner = await b.lookUp(g.seeded.found.nik);
    expect(await banner.textContent()).toBe(O.NDA_MISSING);
    expect(O.NDA_MISSING).toBe('NDA operator belum tercatat');
    expect(await page.getByText('BUDI SANTOSO SINTETIS').count()).toBe(0);
    await b.shot('operator-nda-missing');
    await b.signOut();
    await page.getByText(common.id.signIn.signedOut).waitFor();

    await b.signIn(g, 'bpbd.admin');
    await b.menu(common.id.nav.operators);
    const newRow = page.locator(`tr[data-username="${username}"]`);
    await newRow.getByRole('button', { name: W.operators.recordNda }).click();
    await newRow.getByLabel(W.operators.ndaDate).fill('2026-02-03');
    await newRow.getByRole('button', { name: common.id.common.save }).click();
    await page.getByText(W.operators.ndaSaved).waitFor();
    await expect.poll(() => newRow.getByText(W.operators.ndaYes).count()).toBe(1);
    await b.signOut();
    await page.getByText(common.id.signIn.signedOut).waitFor();

    await b.signIn(g, username, NEW_PASSWORD);
    banner = await b.lookUp(g.seeded.found.nik);
    expect(await banner.textContent()).toBe(O.FOUND);
    expect(await page.getByText('BUDI SANTOSO SINTETIS').count()).toBe(1);
  });

  it('deactivates an operator: its open session is refused at once, and it cannot sign in again', async () => {
    const page = b.page;
    const leaving = g.seeded.leaving.username;
    // The operator works in a browser of its own.
    const opPage = await secondPage();
    try {
      await onPage(opPage, async () => {
        await b.signIn(g, leaving);
        const banner = await b.lookUp(g.seeded.found.nik);
        expect(await banner.textContent()).toBe(O.FOUND);
      });

      await b.signIn(g, 'bpbd.admin');
      await b.menu(common.id.nav.operators);
      const row = page.locator(`tr[data-username="${leaving}"]`);
      await row.getByRole('button', { name: `${W.operators.deactivate} ${leaving}` }).click();
      const submit = row.getByRole('button', { name: W.operators.deactivate, exact: true });
      expect(await submit.isDisabled()).toBe(true);
      await row.getByLabel(W.operators.deactivateReason).fill('Pindah tugas ke instansi lain');
      await submit.click();
      await page.getByText(W.operators.deactivated.replace('{{username}}', leaving)).waitFor();
      await expect.poll(() => row.getByText(W.operators.inactive, { exact: true }).count()).toBe(1);
      await b.shot('operator-deactivated');

      // The operator's open session: the next look-up is refused by the server with the words users know
      // ("User ID non aktif…", 403); the portal then finds the account refused and shows the sign-in with the
      // same words.
      b.allowHttpError('/v1/lookups', 403);
      b.allowHttpError('/v1/me', 403);
      const refused = opPage.waitForResponse((r) => r.url().endsWith('/v1/lookups'));
      await opPage.getByRole('textbox', { name: 'NIK' }).fill(g.seeded.found.nik);
      await opPage.getByRole('search').getByRole('button').click();
      const res = await refused;
      expect(res.status()).toBe(403);
      expect((await res.json()).error.message).toBe(O.ACCOUNT_INACTIVE);
      await opPage.getByRole('status').getByText(O.ACCOUNT_INACTIVE).waitFor();
      expect(await opPage.getByText(common.id.signIn.ended).count()).toBe(0);
      expect(await opPage.getByTestId('who').count()).toBe(0);
      expect(await opPage.getByText('BUDI SANTOSO SINTETIS').count()).toBe(0);
      await b.shot('operator-inactive-refused', { page: opPage });

      // Signing in again is refused with the same words.
      const fresh = await secondPage();
      try {
        b.allowHttpError('/v1/auth/session', 403);
        await fresh.goto(`${g.url}/`);
        await onPage(fresh, () => b.fillSignIn(leaving, 'rahasia-uji-123'));
        const alert = fresh.getByRole('alert');
        await alert.waitFor();
        expect(await alert.textContent()).toContain(O.ACCOUNT_INACTIVE);
        expect(await fresh.getByTestId('who').count()).toBe(0);
      } finally {
        await fresh.context().close();
      }
    } finally {
      await opPage.context().close();
    }
  });
});

describe('institution: the main screens', () => {
  it('shows the agreement, the usage chart, the requests and the compliance state', async () => {
    const page = b.page;
    await b.signIn(g, 'bpbd.kepala');
    expect(await page.getByTestId('who').textContent()).toContain(common.id.roles.institution_head);

    await b.menu(common.id.nav.agreement);
    await expect.poll(() => heading().textContent()).toBe(W.agreementView.title);
    await page.getByText(g.world.agreement.registryNumber).first().waitFor();
    await page.getByText(W.agreementView.method.portal).first().waitFor();
    await b.shot('agreement', { phone: true });

    await b.menu(common.id.nav.usage);
    await expect.poll(() => heading().textContent()).toBe(W.usage.title);
    await page.locator('.recharts-surface').first().waitFor();
    await b.shot('usage');

    await b.menu(common.id.nav.requests);
    await expect.poll(() => heading().textContent()).toBe(W.requests.title);
    await page.getByRole('heading', { name: W.requests.applications }).waitFor();
    await page.getByRole('heading', { name: W.requests.quotaRequests }).waitFor();
    await b.shot('requests', { phone: true });

    await b.menu(common.id.nav.compliance);
    await expect.poll(() => heading().textContent()).toBe(W.complianceView.title);
    await page.getByText(W.complianceView.state).first().waitFor();
    await page.getByText(W.complianceView.states.in_order).first().waitFor();
    await b.shot('compliance');
  });
});
