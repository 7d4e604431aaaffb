/**
 * The agreement's remaining obligations in the browser (issue #14 §2): the institution files a change of
 * officeholder with its letter, the office confirms it and hands over the new head's one-time password, and
 * the institution sees the SPTJM to sign again; the central office registers a central MoU and sets a
 * regency-level institution's vertical parent, whose application is then refused at submission.
 */
import { describe, expect, it } from 'vitest';
import { common } from '../src/locales/common.ts';
import { institution as instWords } from '../src/locales/institution.ts';
import { obligations } from '../src/locales/obligations.ts';
import { PASSWORD, TINY_PDF } from '../../src/test/fixtures.ts';
import { insertAccount } from '../../src/modules/accounts/accounts.repo.ts';
import { insertInstitution } from '../../src/modules/institutions/institutions.repo.ts';
import { insertOffice } from '../../src/modules/offices/offices.repo.ts';
import { addDays } from '../../src/lib/dates.ts';
import { wibDay } from '../../src/lib/time.ts';
import { useBrowser, useGerbang } from './browser.ts';

const W = obligations.id;
const I = instWords.id;
const TODAY = wibDay(new Date());
const pdf = (name: string) => ({ name, mimeType: 'application/pdf', buffer: TINY_PDF });

const g = useGerbang(async (db, world) => {
  const regency = await insertOffice(db, {
    level: 'regency',
    regionCode: '3301',
    name: 'Disdukcapil Kabupaten Cilacap',
    parentId: world.province.id,
  });
  const kemenag = await insertInstitution(db, {
    code: 'KEMENAG_CLP',
    name: 'Kantor Kementerian Sintetis Kabupaten Cilacap',
    officeId: regency.id,
    allowedNetworks: [],
  });
  await insertAccount(db, {
    username: 'kemenag.kepala',
    password: PASSWORD,
    role: 'institution_head',
    fullName: 'Kepala Kantor Sintetis',
    institutionId: kemenag.id,
  });
  return { kemenag };
});
const b = useBrowser('obligations');

describe('change of officeholder', () => {
  it('the head files the notice with its letter; the office confirms; the new head gets an account; the SPTJM falls due', async () => {
    const page = b.page;
    await b.signIn(g, 'bpbd.kepala');
    await b.menu(W.obligationsNav.changes);
    await expect.poll(() => b.heading().textContent()).toBe(W.changes.title);
    await page.getByLabel(W.changes.letterNumber, { exact: true }).fill('800/99/BPBD/2026');
    await page.getByLabel(W.changes.effectiveOn, { exact: true }).fill(addDays(TODAY, -2));
    await page.getByLabel(W.changes.newHeadName, { exact: true }).fill('Kepala Baru Sintetis');
    await page.getByLabel(W.changes.newHeadTitle, { exact: true }).fill('Kepala Pelaksana');
    await page.getByLabel(W.changes.newHeadEmail, { exact: true }).fill('kepala.baru@contoh.test');
    // Without the letter the server refuses, naming the documents.
    b.allowHttpError(`/v1/institutions/${g.world.institution.id}/officeholder-changes`, 400);
    await page.locator('form').getByRole('button', { name: W.changes.file }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(W.changes.documents);
    await page.getByLabel(W.changes.documents).setInputFiles([pdf('surat-pemberitahuan.pdf'), pdf('sk.pdf')]);
    const filed = page.waitForResponse(
      (r) => r.url().endsWith('/officeholder-changes') && r.request().method() === 'POST',
    );
    await page.locator('form').getByRole('button', { name: W.changes.file }).click();
    expect((await filed).status()).toBe(201);
    await page.getByText(W.changes.filed).waitFor();
    await page.getByTestId('change-list').getByText(W.changes.status_filed).waitFor();
    await b.shot('change-filed', { phone: true });

    // The province office confirms; the one-time password is shown once.
    const office = await b.secondPage();
    const password = await b.onPage(office, async () => {
      await b.signIn(g, 'jateng.admin');
      await b.menu(W.obligationsNav.changeNotices);
      await expect.poll(() => b.heading(office).textContent()).toBe(W.changes.title);
      const notice = office.getByTestId('change-notice');
      await notice.getByText('Kepala Baru Sintetis').waitFor();
      await notice.getByRole('button', { name: W.changes.confirm }).click();
      await office.getByTestId('change-confirmed').waitFor();
      const otp = (await office.getByTestId('one-time-password').textContent())!.trim();
      await b.shot('change-confirmed', { phone: true, page: office });
      return otp;
    });
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await office.context().close();

    // The admin sees the SPTJM to sign again, with what to upload.
    const admin = await b.secondPage();
    await b.onPage(admin, async () => {
      await b.signIn(g, 'bpbd.admin');
      await b.menu(common.id.nav.compliance);
      await admin.getByText(/SPTJM perlu ditandatangani ulang karena pergantian kepala instansi/).waitFor();
      await b.shot('sptjm-due', { phone: true, page: admin });
      await b.menu(W.obligationsNav.changes);
      await admin.getByTestId('change-list').getByText(W.changes.status_confirmed).waitFor();
    });
    await admin.context().close();

    // The new head signs in with the one-time password and is asked for a new one.
    const head = await b.secondPage();
    await b.onPage(head, async () => {
      await head.goto(`${g.url}/`);
      await b.fillSignIn('bpbd_jateng.kepala', password);
      await head
        .getByLabel(/Kata sandi baru/)
        .first()
        .waitFor();
    });
    await head.context().close();
  });
});

describe('the MoU rule', () => {
  it('the central office registers an MoU and sets the parent; the regency institution’s application is refused', async () => {
    const page = b.page;
    await b.signIn(g, 'pusat.admin');
    await b.menu(W.obligationsNav.mous);
    await expect.poll(() => b.heading().textContent()).toBe(W.mous.title);
    await page.getByLabel(W.mous.centralBody, { exact: true }).fill('Kementerian Sintetis');
    await page.getByLabel(W.mous.mouNumber, { exact: true }).fill('MOU/SINT/7/2026');
    await page.getByLabel(W.mous.signedOn, { exact: true }).fill(addDays(TODAY, -20));
    await page.getByLabel(W.mous.validFrom, { exact: true }).fill(addDays(TODAY, -20));
    await page.getByLabel(W.mous.validUntil, { exact: true }).fill(addDays(TODAY, 700));
    await page.getByLabel(W.mous.document).setInputFiles(pdf('mou.pdf'));
    await page.getByRole('button', { name: W.mous.register }).click();
    await page.getByText(W.mous.registered, { exact: true }).waitFor();
    await page.getByTestId('mou-list').getByText('MOU/SINT/7/2026').waitFor();

    await page.getByLabel(W.mous.institution, { exact: true }).selectOption(g.seeded.kemenag.id);
    await page.getByLabel(W.mous.parent, { exact: true }).selectOption({ label: 'Kementerian Sintetis' });
    await page.getByRole('button', { name: W.mous.setParent }).click();
    await page.getByText(W.mous.parentSaved, { exact: true }).waitFor();
    expect(await page.getByTestId('parent-state').textContent()).toContain(W.mous.covered);
    await b.shot('mou-register', { phone: true });

    const head = await b.secondPage();
    await b.onPage(head, async () => {
      await b.signIn(g, 'kemenag.kepala');
      await b.menu(common.id.nav.requests);
      await head.getByRole('button', { name: I.requests.newApplication, exact: true }).click();
      await head.getByLabel(I.requests.purpose, { exact: true }).fill('Verifikasi data calon jemaah');
      await head.getByLabel(I.requests.returnData, { exact: true }).fill('STATUS_JEMAAH');
      b.allowHttpError('/v1/applications', 409);
      await head.getByRole('button', { name: I.requests.submitApplication, exact: true }).click();
      const alert = head.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain(common.id.errors.APPLICATION_COVERED_BY_MOU);
      expect(await head.getByTestId('mou-refusal').textContent()).toContain('MOU/SINT/7/2026');
      await b.shot('mou-refusal', { phone: true, page: head });
    });
    await head.context().close();
  });
});
