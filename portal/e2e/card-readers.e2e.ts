/**
 * KTP-el card readers in the browser (issue #14 §1), on a laptop and a 375 px phone: the institution head
 * registers a work unit and a reader and requests a SAM; the office exports the SIFILMA request, records its
 * answer, personalises (the private key shown once) and activates the SAM; a card read signed with that key
 * (the reader simulator's signing) appears in the institution's usage; the agreement's revocation deactivates
 * the SAM and opens the return-the-configuration task, which the head answers by uploading the file.
 */
import { describe, expect, it } from 'vitest';
import { common } from '../src/locales/common.ts';
import { readers } from '../src/locales/readers.ts';
import { PASSWORD, addOperator, addResident, agreementFor, tokenFor } from '../../src/test/fixtures.ts';
import { insertAccount } from '../../src/modules/accounts/accounts.repo.ts';
import { insertAgreement } from '../../src/modules/agreements/agreements.repo.ts';
import { insertInstitution } from '../../src/modules/institutions/institutions.repo.ts';
import { signedCardRead } from '../../src/cli/reader.commands.ts';
import { useBrowser, useGerbang } from './browser.ts';
import { SERVER_ACTOR } from '../../src/core/actor.ts';
import { recordSifilmaAnswer, requestSam } from '../../src/modules/card-readers/sams.service.ts';
import { registerWorkUnit } from '../../src/modules/card-readers/work-units.service.ts';
import { addReader } from '../../src/test/card-readers.ts';

const R = readers.id;
const SERIAL = 'DINSOS-RDR-0001';

const g = useGerbang(async (db, world) => {
  const institution = await insertInstitution(db, {
    code: 'DINSOS_CR',
    name: 'Dinas Sosial Card Reader Sintetis',
    officeId: world.province.id,
    allowedNetworks: ['127.0.0.0/8'],
  });
  const agreement = await insertAgreement(
    db,
    agreementFor(institution, { methods: ['card_reader', 'portal'], registryNumber: '470/CR/E2E/2026' }),
  );
  const operator = await addOperator(db, institution, { username: 'dinsos.op1' });
  await insertAccount(db, {
    username: 'dinsos.kepala',
    password: PASSWORD,
    role: 'institution_head',
    fullName: 'Kepala Dinas Sintetis',
    institutionId: institution.id,
  });
  const resident = await addResident(db, { fullName: 'WARGA KARTU SINTETIS' });
  return { institution, agreement, operator, resident };
});
const b = useBrowser('card-readers');

describe('card readers and SAM cards', () => {
  it('reader registered → SAM personalised and activated → a card read in the usage → revocation deactivates it and opens the return task', async () => {
    const page = b.page;
    await b.signIn(g, 'dinsos.kepala');
    await b.menu(R.readersNav.institution);
    await expect.poll(() => b.heading().textContent()).toBe(R.readers.title);

    // A work unit (a bad region code first), then its reader.
    b.allowHttpError(`/v1/institutions/${g.seeded.institution.id}/work-units`, 400);
    await page.getByLabel(R.readers.unitName, { exact: true }).fill('UPT Pelayanan Sosial');
    await page.getByLabel(R.readers.address, { exact: true }).fill('Jl. Sintetis No. 3, Cilacap');
    await page.getByLabel(R.readers.regionCode, { exact: true }).fill('99.99');
    await page.getByRole('button', { name: R.readers.addUnit, exact: true }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel(R.readers.regionCode, { exact: true }).fill('33.01');
    await page.getByRole('button', { name: R.readers.addUnit, exact: true }).click();
    const unit = page.getByTestId('work-unit');
    await unit.getByText(R.readers.noReader).waitFor();
    await unit.getByText(R.readers.addReader, { exact: true }).first().click();
    await unit.getByLabel(R.readers.serial, { exact: true }).fill(SERIAL);
    await unit.getByLabel(R.readers.vendor, { exact: true }).fill('Vendor Sintetis');
    await unit.getByLabel(R.readers.model, { exact: true }).fill('KTP-R1');
    await unit.getByLabel(R.readers.procuredOn, { exact: true }).fill('2026-03-01');
    await unit.getByRole('button', { name: R.readers.addReader, exact: true }).click();
    const reader = page.locator(`[data-testid=reader][data-serial="${SERIAL}"]`);
    await reader.waitFor();
    await reader.getByRole('button', { name: R.readers.requestSam }).click();
    await expect
      .poll(() => reader.getByTestId('sam-state').textContent())
      .toContain(R.readers.state_requested);
    await b.shot('institution-reader', { phone: true });

    // The office: SIFILMA export, answer, personalise (key shown once), activate.
    const office = await b.secondPage();
    const privateKeyPem = await b.onPage(office, async () => {
      await b.signIn(g, 'jateng.admin');
      await b.menu(R.readersNav.officer);
      await expect.poll(() => b.heading(office).textContent()).toBe(R.readers.officerTitle);
      const csv = office.waitForResponse((r) => r.url().endsWith('/v1/sams/sifilma-request.csv'));
      await office.getByRole('button', { name: R.readers.sifilmaCsv }).click();
      const csvResponse = await csv;
      expect(csvResponse.status()).toBe(200);
      expect(csvResponse.headers()['content-type']).toContain('text/csv');
      const sam = office.locator(`[data-testid=sam][data-reader="${SERIAL}"]`);
      await sam.getByLabel(R.readers.reference).fill('SIFILMA-2026-0042');
      await sam.getByRole('button', { name: R.readers.accept }).click();
      await sam.getByRole('button', { name: R.readers.personalise }).click();
      const pem = (await office.getByTestId('sam-private-key').inputValue()).trim();
      await sam.getByRole('button', { name: R.readers.activate }).click();
      await expect.poll(() => sam.getByTestId('sam-state').textContent()).toBe(R.readers.state_activated);
      await b.shot('officer-sam-active', { phone: true, page: office });
      return pem;
    });
    expect(privateKeyPem).toContain('BEGIN PRIVATE KEY');

    // The reader (its simulator's signing) reads a card: the granted elements come back.
    const samId = (
      await g.app.inject({
        method: 'GET',
        url: `/v1/sams?institutionId=${g.seeded.institution.id}`,
        headers: { authorization: `Bearer ${await tokenFor(g.app, 'dinsos.kepala')}` },
      })
    ).json().items[0].id as string;
    const read = await g.app.inject({
      method: 'POST',
      url: '/v1/card-reads',
      headers: { authorization: `Bearer ${await tokenFor(g.app, 'dinsos.op1')}` },
      payload: signedCardRead(privateKeyPem, { readerSerial: SERIAL, samId, nik: g.seeded.resident.nik }),
    });
    expect(read.statusCode, read.body).toBe(200);
    await b.menu(common.id.nav.usage);
    await expect.poll(() => page.getByTestId('usage-card-reader').textContent()).toContain('1');
    await b.shot('usage-card-reader', { phone: true });

    // The agreement is revoked: the SAM is deactivated at once and the return task opens.
    const revoked = await g.app.inject({
      method: 'POST',
      url: `/v1/agreements/${g.seeded.agreement.id}/revoke`,
      headers: { authorization: `Bearer ${await tokenFor(g.app, 'pusat.admin')}` },
      payload: { reason: 'Pelanggaran kewajiban (uji)' },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    await b.menu(R.readersNav.institution);
    await expect.poll(() => reader.getByTestId('sam-state').textContent()).toBe(R.readers.state_deactivated);
    await page.getByTestId('return-tasks').getByText(R.readers.open).waitFor();
    await reader.getByLabel(R.readers.configFile).setInputFiles({
      name: 'sam-config.cfg',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('SAM-CONFIG-SINTETIS'),
    });
    await reader.getByRole('button', { name: R.readers.uploadConfig }).click();
    await expect
      .poll(() => reader.getByTestId('sam-state').textContent())
      .toBe(R.readers.state_config_returned);
    await b.shot('config-returned', { phone: true });
    await office.context().close();
  });

  it('a SAM that SIFILMA refused asks for a new SAM, not for a configuration it never had', async () => {
    const page = b.page;
    const ctx = { db: g.db, now: new Date() };
    const unit = await registerWorkUnit(ctx, SERVER_ACTOR, {
      institutionId: g.seeded.institution.id,
      name: 'UPT Ditolak',
      address: 'Jl. Sintetis No. 9, Cilacap',
      regionCode: '33.01',
    });
    const rdr = await addReader(g.db, unit.id);
    const sam = await requestSam(ctx, SERVER_ACTOR, rdr.id);
    await recordSifilmaAnswer(ctx, SERVER_ACTOR, { id: sam.id, accepted: false, reference: 'SIF-TOLAK-1' });
    await b.signIn(g, 'dinsos.kepala');
    await b.menu(R.readersNav.institution);
    const reader = page.locator(`[data-testid=reader][data-serial="${rdr.serial}"]`);
    await expect
      .poll(() => reader.getByTestId('sam-state').textContent())
      .toContain(R.readers.sifilma_rejected);
    expect(await reader.getByLabel(R.readers.configFile).count()).toBe(0);
    await reader.getByRole('button', { name: R.readers.requestSam }).click();
    await expect
      .poll(() => reader.getByTestId('sam-state').textContent())
      .toContain(R.readers.state_requested);
  });
});
