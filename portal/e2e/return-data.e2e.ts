/**
 * Return data end to end in the browser (issue #12's "done when"): the institution downloads its template,
 * uploads a file with bad rows, reads the rejects, completes the data through the online form and the web
 * service, and sees its coverage reach 100 %; the province officer sees it; a data-quality ticket opened from a
 * verification result reaches the office owning the resident's record and comes back resolved. Desktop and a
 * 375 px phone.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { common } from '../src/locales/common.ts';
import { institution as institutionWords } from '../src/locales/institution.ts';
import { officer as officerWords } from '../src/locales/officer.ts';
import { operator as operatorWords } from '../src/locales/operator.ts';
import { tickets as ticketWords } from '../src/locales/tickets.ts';
import { wibDay } from '../../src/lib/time.ts';
import { insertAccount } from '../../src/modules/accounts/accounts.repo.ts';
import { SERVER_ACTOR } from '../../src/core/actor.ts';
import { insertOffice } from '../../src/modules/offices/offices.repo.ts';
import { presetInput, setReturnDataSchema } from '../../src/modules/return-data/return-data.service.ts';
import { readXlsx } from '../../src/modules/return-data/return-data.test-helpers.ts';
import { addResident, PASSWORD, tokenFor } from '../../src/test/fixtures.ts';
import { PHONE, useBrowser, useGerbang } from './browser.ts';

const W = institutionWords.id.returnData;
const T = ticketWords.id.tickets;
const NAV = common.id.nav;

const g = useGerbang(async (db, world) => {
  // The regency office of Kabupaten Cilacap (where the residents live) and the city office of Semarang.
  const cilacap = await insertOffice(db, {
    level: 'regency',
    regionCode: '3301',
    name: 'Disdukcapil Kabupaten Cilacap',
    parentId: world.province.id,
  });
  const semarang = await insertOffice(db, {
    level: 'city',
    regionCode: '3374',
    name: 'Disdukcapil Kota Semarang',
    parentId: world.province.id,
  });
  for (const [username, office] of [
    ['cilacap.petugas', cilacap],
    ['semarang.petugas', semarang],
  ] as const) {
    await insertAccount(db, {
      username,
      password: PASSWORD,
      role: 'office_officer',
      fullName: `Petugas ${office.name}`,
      officeId: office.id,
    });
  }
  await setReturnDataSchema({ db, now: new Date() }, SERVER_ACTOR, {
    agreementId: world.agreement.id,
    ...presetInput('dinsos_pkh_pbi'),
  });
  const people = [];
  for (let i = 0; i < 4; i++) people.push(await addResident(db, { fullName: `PENERIMA SINTETIS ${i}` }));
  const outsider = await addResident(db, { fullName: 'TIDAK PERNAH DIAKSES' });
  return { cilacap, semarang, people, outsider };
});
const b = useBrowser('return-data');

/** The operator's look-ups through the API (the web service an institution's application calls). */
async function accessThroughApi(niks: string[]): Promise<void> {
  const token = await tokenFor(g.app, g.world.operator.username);
  for (const nik of niks) {
    const res = await g.app.inject({
      method: 'POST',
      url: '/v1/lookups',
      headers: { authorization: `Bearer ${token}` },
      payload: { nik },
    });
    expect(res.json().outcome).toBe('FOUND');
  }
}

const uploadForm = (page: Page) => page.locator('form:has(#rd-file)');

describe('return data and a data-quality ticket, end to end', () => {
  it('template → upload with bad rows → rejects → form and web service → 100 %; the officer sees it', async () => {
    const page = b.page;
    const [a, bb, c, d] = g.seeded.people;
    const period = wibDay(g.clock()).slice(0, 7);

    // The operator verifies D at the counter on a phone: the name does not match her KTP-el → a ticket.
    await page.setViewportSize(PHONE);
    await b.signIn(g, g.world.operator.username);
    await b.menu(NAV.verify);
    await expect.poll(() => b.heading().textContent()).toBe(operatorWords.id.verify.title);
    await page.getByLabel(operatorWords.id.lookup.nik, { exact: true }).fill(d!.nik);
    await page.locator('input[id^="val-"]').first().fill('NAMA YANG TERCATAT KELIRU');
    const verified = page.waitForResponse((r) => r.url().endsWith('/v1/verifications'));
    await page.getByRole('button', { name: operatorWords.id.verify.submit }).click();
    await verified;
    await page.locator('tr[data-status="no_match"]').first().waitFor();
    await page.getByTestId('open-ticket').click();
    await page
      .getByLabel(T.description)
      .fill('Warga membawa KTP-el; nama di KTP-el berbeda dengan hasil verifikasi');
    await page.getByRole('button', { name: T.submit }).click();
    await page.getByText(/^Tiket dqt_\w+ terkirim/).waitFor();
    await b.shot('ticket-opened', { phone: true });
    await b.signOut();
    await page.getByText(common.id.signIn.signedOut).waitFor();
    await page.setViewportSize({ width: 1280, height: 800 });

    // The other three are accessed by the institution's application through the API.
    await accessThroughApi([a!.nik, bb!.nik, c!.nik]);

    // The admin downloads the CSV template.
    await b.signIn(g, 'bpbd.admin');
    await b.menu(NAV.returnData);
    await expect.poll(() => b.heading().textContent()).toBe(W.title);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: W.templateCsv }).click();
    const template = await readFile((await (await downloading).path())!, 'utf8');
    const [header, example] = template.trim().split(/\r?\n/);
    expect(header).toBe('NIK,PERIODE,ID_PENERIMA_BANTUAN,JENIS_BANTUAN,NO_KK,TANGGAL_PENETAPAN');
    expect(example).toMatch(/^"\d{16}",/);

    // A file of Indonesian Excel: semicolons; A and B right, C with an unknown aid type, and a NIK never accessed.
    const rows = [
      'NIK;PERIODE;ID_PENERIMA_BANTUAN;JENIS_BANTUAN;NO_KK;TANGGAL_PENETAPAN',
      `${a!.nik};${period};PKH-0001;PKH;;15-01-2026`,
      `${bb!.nik};${period};PKH-0002;PBI;;15/01/2026`,
      `${c!.nik};${period};PKH-0003;SEMBAKO;;`,
      `${g.seeded.outsider.nik};${period};PKH-0004;PKH;;`,
    ];
    await page.setInputFiles('#rd-file', {
      name: 'data-balikan.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${rows.join('\r\n')}\r\n`, 'utf8'),
    });
    const uploaded = page.waitForResponse((r) => r.url().includes('/v1/return-data/uploads?'));
    await uploadForm(page).getByRole('button', { name: W.send }).click();
    expect((await uploaded).status()).toBe(201);
    const result = page.getByTestId('rd-result');
    await result.waitFor();
    expect(await result.getByRole('status').first().textContent()).toContain(
      '4 baris dibaca, 2 diterima, 2 ditolak.',
    );
    const rejectsTable = result.locator('table');
    expect(await rejectsTable.textContent()).toContain('JENIS_BANTUAN');
    await b.shot('upload-rejects', { phone: true });

    // The rejects file: line, column, reason in Indonesian.
    const rejectsDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: W.rejectsCsv }).click();
    const rejects = await readFile((await (await rejectsDownload).path())!, 'utf8');
    const lines = rejects
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toMatch(/^baris[,;]kolom[,;]alasan$/);
    expect(lines.some((l) => l.startsWith('4') && l.includes('JENIS_BANTUAN'))).toBe(true);
    expect(lines.some((l) => l.startsWith('5') && l.includes('NIK'))).toBe(true);
    expect(rejects).not.toContain(g.seeded.outsider.fullName);

    // C is fixed through the online form.
    const form = page.getByTestId('rd-form');
    await form.getByLabel('NIK *', { exact: true }).fill(c!.nik);
    await form.getByLabel(`${W.period} *`, { exact: true }).fill(period);
    await form.getByLabel('ID penerima bantuan *', { exact: true }).fill('PKH-0003');
    await form.getByLabel('Jenis bantuan *', { exact: true }).selectOption('PKH');
    await form.getByRole('button', { name: W.send }).click();
    await page.getByText(W.formSaved).waitFor();

    // D arrives through the web service (the institution's application, a bearer token).
    const head = await tokenFor(g.app, 'bpbd.kepala');
    const ws = await g.app.inject({
      method: 'POST',
      url: '/v1/return-data',
      headers: { authorization: `Bearer ${head}` },
      payload: {
        agreementId: g.world.agreement.id,
        records: [{ nik: d!.nik, period, values: { ID_PENERIMA_BANTUAN: 'PKH-0005', JENIS_BANTUAN: 'PKH' } }],
      },
    });
    expect(ws.json()).toMatchObject({ accepted: 1, rejected: 0 });

    // Coverage of the period: 4 of 4.
    await page.reload();
    const periodRow = page.getByTestId('rd-coverage').locator(`tr[data-period="${period}"]`);
    await periodRow.waitFor();
    await expect.poll(() => periodRow.textContent()).toMatch(/44100%/);
    await b.shot('coverage-full', { phone: true });
    await b.signOut();
    await page.getByText(common.id.signIn.signedOut).waitFor();

    // The province officer sees the same coverage and the upload.
    await b.signIn(g, g.world.provinceOfficer.username);
    await b.menu(NAV.returnDataOversight);
    await expect.poll(() => b.heading().textContent()).toBe(officerWords.id.returnDataOversight.title);
    await page.getByRole('cell', { name: period, exact: true }).waitFor();
    const officerRow = page.locator('tr', { has: page.getByRole('cell', { name: period, exact: true }) });
    expect(await officerRow.textContent()).toMatch(/44100%/);
    expect(await page.getByText('data-balikan.csv').count()).toBe(1);
    await b.shot('officer-coverage', { phone: true });

    // The officer exports the agreement's return data for Excel: every NIK a text cell, as sent.
    const exporting = page.waitForEvent('download');
    await page.getByRole('button', { name: ticketWords.id.returnDataExport.xlsx }).click();
    const sheet = (await readXlsx(await readFile((await (await exporting).path())!)))['Data balikan']!;
    expect(sheet.slice(1).map((r) => r[0])).toEqual([a, bb, c, d].map((p) => p!.nik).sort());

    // On a resident's record: what the institutions sent about her.
    await page.locator('#rdo-nik').fill(a!.nik);
    await page.getByRole('button', { name: officerWords.id.returnDataOversight.search }).click();
    const sentAbout = page.getByText('PKH-0001');
    await sentAbout.waitFor();
    expect(await page.locator('li', { has: sentAbout }).textContent()).toContain(g.world.institution.name);
  });

  it('the ticket reaches the Cilacap office, not Semarang’s, and comes back resolved', async () => {
    const page = b.page;
    // Semarang's board is empty; Cilacap's holds the ticket.
    const semarang = await tokenFor(g.app, 'semarang.petugas');
    const seen = await g.app.inject({
      method: 'GET',
      url: '/v1/data-quality-tickets',
      headers: { authorization: `Bearer ${semarang}` },
    });
    expect(seen.json().items).toEqual([]);

    await b.signIn(g, 'cilacap.petugas');
    await b.menu(T.boardNav);
    await expect.poll(() => b.heading().textContent()).toBe(T.boardTitle);
    const row = page.getByTestId('ticket-board').locator('tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Disdukcapil Kabupaten Cilacap');
    expect(await row.textContent()).toContain(T.state.open);
    await b.shot('board', { phone: true });
    await row.getByRole('link').click();
    await page.getByTestId('ticket-description').waitFor();
    await page.getByRole('button', { name: T.act_in_review }).click();
    await page.getByRole('button', { name: T.act_corrected }).waitFor();
    await page.getByLabel(T.note).fill('Nama telah diperbaiki sesuai akta kelahiran');
    await page.getByRole('button', { name: T.act_corrected }).click();
    await page.getByText(T.state.corrected, { exact: true }).first().waitFor();
    await b.shot('ticket-corrected', { phone: true });
    await b.signOut();
    await page.getByText(common.id.signIn.signedOut).waitFor();

    // The operator reads the outcome and the office's note — and not which office holds the record.
    await page.setViewportSize(PHONE);
    await b.signIn(g, g.world.operator.username);
    await b.menu(T.nav);
    await expect.poll(() => b.heading().textContent()).toBe(T.title);
    const mine = page.getByTestId('my-tickets');
    await mine.locator('[data-state="corrected"]').waitFor();
    expect(await mine.getByTestId('office-note').textContent()).toContain('diperbaiki sesuai akta kelahiran');
    expect(await mine.textContent()).not.toContain('Cilacap');
    await b.shot('institution-tickets', { phone: true });
  });
});
