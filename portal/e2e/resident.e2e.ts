/**
 * The resident's journeys in the browser ("Cek akses data saya", /warga): sign-in with a code read from the
 * development outbox, the history of the accesses an operator has just made, enumeration resistance, the
 * lockout, the English switch, the PDF, and a dispute — on a 375 px phone and on a desktop.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resident as words } from '../src/locales/resident.ts';
import { addResident, tokenFor } from '../../src/test/fixtures.ts';
import { pdfText } from '../../src/test/pdf-text.ts';
import { addSyntheticContacts } from '../../src/modules/resident/resident.contacts.ts';
import { maskNik } from '../../src/modules/resident/resident.document.ts';
import { PHONE, useBrowser, useGerbang } from './browser.ts';

const W = words.id.resident;
const E = words.en.resident;

const g = useGerbang(async (db, world) => {
  // The world's agreement grants two purposes, disaster-victim verification being the default.
  for (const table of ['agreements', 'agreement_versions']) {
    await db.query(
      `UPDATE ${table} SET purpose_codes = '{BENCANA,BANSOS}', default_purpose = 'BENCANA'
        WHERE ${table === 'agreements' ? 'id' : 'agreement_id'} = $1`,
      [world.agreement.id],
    );
  }
  const make = async (fullName: string) => addResident(db, { fullName });
  const sari = await make('SARI INDAH SINTETIS');
  const locked = await make('KUNCI TERLALU SINTETIS');
  const english = await make('ENGLISH READER SINTETIS');
  const pdf = await make('DOKUMEN PDF SINTETIS');
  const disputer = await make('KEBERATAN WARGA SINTETIS');
  const idle = await make('DIAM LAMA SINTETIS');
  await addSyntheticContacts(
    db,
    [sari, locked, english, pdf, disputer, idle].map((r) => r.nik),
  );
  return { sari, locked, english, pdf, disputer, idle };
});
const b = useBrowser('resident');

/** An operator's look-up through the API (as an institution's application would make it). */
async function lookUp(nik: string, purpose?: string): Promise<number> {
  const token = await tokenFor(g.app, g.world.operator.username);
  const res = await g.app.inject({
    method: 'POST',
    url: '/v1/lookups',
    headers: { authorization: `Bearer ${token}` },
    payload: purpose ? { nik, purpose } : { nik },
  });
  return res.statusCode;
}

/** The newest code the development sink holds (what the resident reads in the e-mail). */
async function latestCode(): Promise<{ to: string; code: string } | undefined> {
  const res = await fetch(`${g.url}/v1/resident/dev/outbox`);
  return ((await res.json()) as { items: { to: string; code: string }[] }).items[0];
}

async function outboxSize(): Promise<number> {
  const res = await fetch(`${g.url}/v1/resident/dev/outbox`);
  return ((await res.json()) as { items: unknown[] }).items.length;
}

/** Opens /warga (no session yet: the page asks and hears 401) and asks for a code for the NIK. */
async function askCode(nik: string, askLabel = W.signIn.askCode): Promise<void> {
  const page = b.page;
  b.allowHttpError('/v1/resident/session', 401);
  if (!page.url().includes('/warga')) await page.goto(`${g.url}/warga`);
  await page.getByRole('textbox', { name: /^NIK/ }).fill(nik);
  await page.getByRole('button', { name: askLabel }).click();
  await page.getByRole('textbox', { name: /^(Kode masuk|Sign-in code)/ }).waitFor();
}

async function signIn(nik: string): Promise<void> {
  await askCode(nik);
  const code = (await latestCode())!.code;
  await b.page.getByRole('textbox', { name: /^Kode masuk/ }).fill(code);
  await b.page.getByRole('button', { name: W.signIn.submit, exact: true }).click();
  await expect.poll(() => b.heading().textContent(), { timeout: 15_000 }).toBe(W.history.title);
}

describe('resident: sign-in and history on a phone', () => {
  it('an unknown NIK sees the same screen; a registered one signs in and sees the accesses just made', async () => {
    const page = b.page;
    await page.setViewportSize(PHONE);
    const doc = await page.goto(`${g.url}/warga`);
    b.allowHttpError('/v1/resident/session', 401);
    expect(doc!.headers()['cache-control']).toBe('no-store');
    expect(doc!.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect.poll(() => b.heading().textContent()).toBe(W.title);
    await b.shot('signin', { phone: true });

    // Enumeration: a NIK nobody holds gets the very screen a registered one gets, and no code is sent.
    const before = await outboxSize();
    await askCode('3201019999990001');
    const unknownScreen = await page.locator('main').innerText();
    expect(unknownScreen).toContain(W.signIn.sent);
    expect(await outboxSize()).toBe(before);
    await page.getByRole('button', { name: W.signIn.otherNik }).click();

    // The operator's accesses: the default purpose, a stated one, and a refusal (a purpose not granted).
    expect(await lookUp(g.seeded.sari.nik)).toBe(200);
    expect(await lookUp(g.seeded.sari.nik, 'BANSOS')).toBe(200);
    expect(await lookUp(g.seeded.sari.nik, 'REKENING')).toBe(403);

    await askCode(g.seeded.sari.nik);
    expect(await page.locator('main').innerText()).toBe(unknownScreen);
    expect((await latestCode())!.to).toMatch(/@warga\.example$/);
    await page.getByRole('textbox', { name: /^Kode masuk/ }).fill((await latestCode())!.code);
    await page.getByRole('button', { name: W.signIn.submit, exact: true }).click();
    await expect.poll(() => b.heading().textContent(), { timeout: 15_000 }).toBe(W.history.title);

    const records = page.locator('.resident-record');
    await expect.poll(() => records.count()).toBe(3);
    const [refused, stated, defaulted] = await records.allInnerTexts();
    expect(refused).toContain('Pembukaan rekening');
    expect(refused).toContain(
      W.outcome.refusedBecause.replace('{{reason}}', W.outcome.reasons.purpose_not_granted),
    );
    expect(stated).toContain('Validasi penerima bantuan sosial');
    expect(stated).toContain(W.outcome.answered);
    expect(defaulted).toContain(`Verifikasi korban bencana (${W.record.defaulted})`);
    for (const text of [refused!, stated!, defaulted!]) {
      expect(text).toContain(g.world.institution.name);
      expect(text).toContain(W.method.portal);
      expect(text).toMatch(/\d{1,2} [A-Z][a-z]+ \d{4} \d{2}\.\d{2} WIB/);
    }
    expect(defaulted).toContain('Nama Lengkap');
    // Names of the elements, never their values.
    expect(await page.locator('main').innerText()).not.toContain(g.seeded.sari.fullName);
    await b.settle();
    await b.shot('history', { phone: true });

    await records.first().getByRole('link', { name: W.history.details }).click();
    await expect.poll(() => b.heading().textContent()).toBe(W.record.title);
    // The heading shows before the record loads: wait for the record itself.
    await expect.poll(() => page.locator('main').innerText()).toContain(W.record.number);
    await b.settle();
    await b.shot('record', { phone: true });

    await page.getByRole('button', { name: W.signOut }).click();
    await expect.poll(() => b.heading().textContent()).toBe(W.title);
    expect(await page.getByText(W.signIn.signedOut).count()).toBe(1);
  });

  it('pages with "muat lebih banyak" over the cursor', async () => {
    for (let i = 0; i < 21; i++) expect(await lookUp(g.seeded.idle.nik)).toBe(200);
    await b.page.setViewportSize(PHONE);
    await signIn(g.seeded.idle.nik);
    const records = b.page.locator('.resident-record');
    await expect.poll(() => records.count()).toBe(20);
    await b.page.getByRole('button', { name: W.history.more }).click();
    await expect.poll(() => records.count()).toBe(21);
    expect(await b.page.getByText(W.history.end).count()).toBe(1);
  });
});

describe('resident: on a desktop', () => {
  it('locks a NIK after five wrong codes, saying so in words', async () => {
    const page = b.page;
    b.allowHttpError('/v1/resident/sign-in', 401);
    b.allowHttpError('/v1/resident/sign-in', 429);
    await askCode(g.seeded.locked.nik);
    const right = (await latestCode())!.code;
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      await page.getByRole('textbox', { name: /^Kode masuk/ }).fill(wrong);
      await page.getByRole('button', { name: W.signIn.submit, exact: true }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe(W.signIn.wrongCode);
      await b.settle(200);
    }
    // Now even the right code is refused, with the lockout's own words.
    await page.getByRole('textbox', { name: /^Kode masuk/ }).fill(right);
    await page.getByRole('button', { name: W.signIn.submit, exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(W.signIn.locked);
    await b.shot('locked');
  });

  it('switches to English', async () => {
    const page = b.page;
    expect(await lookUp(g.seeded.english.nik)).toBe(200);
    b.allowHttpError('/v1/resident/session', 401);
    await page.goto(`${g.url}/warga`);
    await page.getByRole('combobox', { name: /Bahasa|Language/ }).selectOption('en');
    await expect.poll(() => b.heading().textContent()).toBe(E.title);
    await askCode(g.seeded.english.nik, E.signIn.askCode);
    expect(await page.locator('main').innerText()).toContain(E.signIn.sent);
    await page.getByRole('textbox', { name: /^Sign-in code/ }).fill((await latestCode())!.code);
    await page.getByRole('button', { name: E.signIn.submit, exact: true }).click();
    await expect.poll(() => b.heading().textContent(), { timeout: 15_000 }).toBe(E.history.title);
    const record = await page.locator('.resident-record').first().innerText();
    expect(record).toContain(E.method.portal);
    expect(record).toContain(E.outcome.answered);
    expect(record).toMatch(/\d{1,2} [A-Z][a-z]+ \d{4} \d{2}:\d{2} WIB/);
    await b.settle();
    await b.shot('history-english');
  });

  it('downloads the history as a PDF', async () => {
    expect(await lookUp(g.seeded.pdf.nik)).toBe(200);
    await signIn(g.seeded.pdf.nik);
    const download = b.page.waitForEvent('download');
    await b.page.getByRole('button', { name: W.history.pdf }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^riwayat-akses-\d{4}-\d{2}-\d{2}\.pdf$/);
    const text = await pdfText(readFileSync((await file.path())!));
    expect(text).toContain('RIWAYAT AKSES DATA KEPENDUDUKAN');
    expect(text).toContain(maskNik(g.seeded.pdf.nik));
    expect(text).toContain(g.world.institution.name);
    expect(text).not.toContain(g.seeded.pdf.nik);
    expect(text).not.toContain(g.seeded.pdf.fullName);
  });

  it('ends the session after the idle time and says so', async () => {
    await signIn(g.seeded.sari.nik);
    await b.settle();
    g.clock.advance(31 * 60_000);
    b.allowHttpError(`/v1/resident/history/${await firstRecordId()}`, 401);
    await b.page.locator('.resident-record').first().getByRole('link', { name: W.history.details }).click();
    await expect.poll(() => b.page.getByText(W.signIn.ended).count()).toBe(1);
    expect(await b.heading().textContent()).toBe(W.title);
  });

  it("opens a dispute from a record and follows it to the office's decision", async () => {
    const page = b.page;
    expect(await lookUp(g.seeded.disputer.nik)).toBe(200);
    await signIn(g.seeded.disputer.nik);
    await page.locator('.resident-record').first().getByRole('link', { name: W.history.details }).click();
    await page.getByRole('link', { name: W.record.dispute }).click();
    await expect.poll(() => b.heading().textContent()).toBe(W.disputes.newTitle);
    await page.getByRole('radio', { name: W.disputes.reasons.never_dealt }).check();
    await page.getByLabel(W.disputes.text).fill('Saya tidak pernah mendaftar di instansi ini.');
    const answer = page.waitForResponse((r) => r.url().endsWith('/v1/resident/disputes'));
    await page.getByRole('button', { name: W.disputes.submit }).click();
    const res = await answer;
    expect(res.status()).toBe(201);
    const disputeId = ((await res.json()) as { id: string }).id;
    await expect.poll(() => b.heading().textContent()).toBe(W.disputes.detailTitle);
    // The heading and the "received" notice show before the dispute loads.
    await expect
      .poll(() => page.locator('main').innerText())
      .toContain(W.disputes.states.awaiting_institution);
    const detail = await page.locator('main').innerText();
    expect(detail).toContain(W.disputes.sent);
    expect(detail).toContain(W.disputes.states.awaiting_institution);
    expect(detail).toContain(W.disputes.reasons.never_dealt);
    expect(detail).toContain(g.world.institution.name);
    await b.settle();
    await b.shot('dispute', { phone: true });
    await page.getByRole('link', { name: W.nav.disputes }).first().click();
    await expect.poll(() => page.locator('.resident-records li').count()).toBe(1);

    // The institution's head answers and the managing office decides (their screens: disputes.e2e.ts) …
    const as = async (username: string) => ({ authorization: `Bearer ${await tokenFor(g.app, username)}` });
    const answered = await g.app.inject({
      method: 'POST',
      url: `/v1/disputes/${disputeId}/answer`,
      headers: await as(g.world.head.username),
      payload: { explanation: 'Pendaftaran layanan nomor LAY-77 atas nama pemohon.' },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const decided = await g.app.inject({
      method: 'POST',
      url: `/v1/disputes/${disputeId}/decision`,
      headers: await as(g.world.provinceOfficer.username),
      payload: { decision: 'justified', note: 'Akses sesuai layanan LAY-77.' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    // … and the resident reads the outcome, the answer and the office's note on the dispute's page.
    await page.locator('.resident-records li').first().getByRole('link').first().click();
    await expect.poll(() => b.heading().textContent()).toBe(W.disputes.detailTitle);
    await expect.poll(() => page.locator('main').innerText()).toContain(W.disputes.states.justified);
    const outcome = await page.locator('main').innerText();
    expect(outcome).toContain('Pendaftaran layanan nomor LAY-77 atas nama pemohon.');
    expect(outcome).toContain('Akses sesuai layanan LAY-77.');
    await b.shot('dispute-decided', { phone: true });
  });
});

async function firstRecordId(): Promise<string> {
  const href = await b.page.locator('.resident-record a').first().getAttribute('href');
  return href!.split('/').pop()!;
}
