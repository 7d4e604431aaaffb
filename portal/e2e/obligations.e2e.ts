/**
 * The agreement's remaining obligations in the browser (issue #14 §2): an officer enters the network
 * provisioning record that the access path then uses, and a mandatory PoC — a web-service caller is held to the
 * development quota until the officer records the PoC of the institution's client application passed. The
 * institution's screen is checked at 375 px too.
 */
import { describe, expect, it } from 'vitest';
import { network as words } from '../src/locales/network.ts';
import { insertAccount } from '../../src/modules/accounts/accounts.repo.ts';
import { insertAgreement } from '../../src/modules/agreements/agreements.repo.ts';
import { DEVELOPMENT_QUOTA } from '../../src/modules/gates/gates.service.ts';
import { insertInstitution } from '../../src/modules/institutions/institutions.repo.ts';
import { addOperator, addResident, addStatement, agreementFor, TINY_PDF } from '../../src/test/fixtures.ts';
import { PASSWORD, useBrowser, useGerbang } from './browser.ts';

const W = words.id.network;

const g = useGerbang(async (db, world) => {
  // An institution with no network recorded and no client application whose PoC passed.
  const inst = await insertInstitution(db, {
    code: 'JARINGAN_E2E',
    name: 'Instansi Jaringan Sintetis',
    officeId: world.province.id,
    allowedNetworks: [],
  });
  await insertAgreement(db, agreementFor(inst));
  await addStatement(db, inst, { poc: false });
  const operator = await addOperator(db, inst, { username: 'jaringan.op', dailyQuota: null });
  await insertAccount(db, {
    username: 'jaringan.kepala',
    password: PASSWORD,
    role: 'institution_head',
    fullName: 'Kepala Instansi Jaringan',
    institutionId: inst.id,
  });
  const resident = await addResident(db);
  return { inst, operator, resident };
});
const b = useBrowser('obligations');

async function tokenOf(username: string): Promise<string> {
  const res = await g.app.inject({
    method: 'POST',
    url: '/v1/auth/token',
    payload: { username, password: PASSWORD },
  });
  return (res.json() as { token: string }).token;
}

/** A web-service caller: v1 with a bearer token, from 127.0.0.1 (as the institution's application calls). */
async function webServiceLookup(): Promise<{ status: number; code?: string }> {
  const token = await fetch(`${g.url}/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'jaringan.op', password: PASSWORD }),
  }).then(async (r) => ((await r.json()) as { token: string }).token);
  const res = await fetch(`${g.url}/v1/lookups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ nik: g.seeded.resident.nik }),
  });
  const body = (await res.json()) as { error?: { code: string } };
  return { status: res.status, ...(body.error ? { code: body.error.code } : {}) };
}

describe('network provisioning and the mandatory PoC', () => {
  it('an officer enters the network record; once connected, the access path admits the network', async () => {
    const page = b.page;
    expect(await webServiceLookup()).toEqual({ status: 403, code: 'NETWORK_NOT_ALLOWED' });

    await b.signIn(g, 'jateng.admin');
    await page.goto(`${g.url}/officer/institutions/${g.seeded.inst.id}/network`);
    await expect.poll(() => b.heading().textContent()).toBe(W.officerTitle);
    await page.getByLabel(W.provider, { exact: true }).fill('PT Jaringan Tertutup Sintetis');
    await page.getByLabel(W.networks, { exact: true }).fill('127.0.0.1, 10.40.0.0/24');
    await page.getByLabel(W.bandwidth, { exact: true }).fill('10');
    await page.getByRole('button', { name: W.save }).click();
    const row = page.locator('tr[data-provision]');
    await expect.poll(() => row.getAttribute('data-status')).toBe('requested');
    // Not yet connected: still refused.
    expect((await webServiceLookup()).code).toBe('NETWORK_NOT_ALLOWED');

    await row.getByRole('button', { name: W.moveTo.provisioned }).click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('provisioned');
    await row.getByRole('button', { name: W.moveTo.connected }).click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('connected');
    await expect
      .poll(() => page.getByTestId('allowed-networks').textContent())
      .toBe('10.40.0.0/24, 127.0.0.1/32');
    await b.shot('officer-network');
    // The access path uses it at once (the institution's client application has not passed a PoC yet, so the
    // caller is on development terms, but it is let in).
    expect((await webServiceLookup()).status).toBe(200);
  });

  it('holds the web-service caller to the development quota until the officer records the PoC passed', async () => {
    const page = b.page;
    // The institution head registers its client application (and so requests the PoC) — on a phone.
    await page.setViewportSize({ width: 375, height: 812 });
    await b.signIn(g, 'jaringan.kepala');
    await b.menu(W.nav);
    await expect.poll(() => b.heading().textContent()).toBe(W.institutionTitle);
    await page.getByLabel(W.appName, { exact: true }).fill('Aplikasi Layanan Sintetis');
    await page.getByRole('button', { name: W.registerApp }).click();
    const app = page.locator('li[data-app="Aplikasi Layanan Sintetis"]');
    await expect.poll(() => app.textContent()).toContain(W.poc.pending);
    await b.shot('institution-network', { phone: true });

    // One hit was used by the first test; the development quota holds the rest of the day.
    let answered = 1;
    for (;;) {
      const res = await webServiceLookup();
      if (res.status !== 200) {
        expect(res).toEqual({ status: 429, code: 'QUOTA_EXHAUSTED' });
        break;
      }
      answered += 1;
      expect(answered).toBeLessThanOrEqual(DEVELOPMENT_QUOTA);
    }
    expect(answered).toBe(DEVELOPMENT_QUOTA);

    // The officer records the PoC passed: production terms at once.
    const officer = await b.secondPage();
    await b.onPage(officer, async () => {
      await b.signIn(g, 'jateng.admin');
      await officer.goto(`${g.url}/officer/institutions/${g.seeded.inst.id}/network`);
      await officer.getByLabel(W.pocNote, { exact: true }).fill('PoC lulus: format dan pola akses sesuai');
      const item = officer.locator('li[data-app="Aplikasi Layanan Sintetis"]');
      await item.getByRole('button', { name: W.pass }).click();
      await expect.poll(() => item.textContent()).toContain(W.poc.passed);
      await b.shot('officer-poc', { page: officer });
    });
    expect((await webServiceLookup()).status).toBe(200);
    // The institution sees the result.
    await page.reload();
    await expect.poll(() => app.textContent()).toContain(W.poc.passed);
  });

  it('the central office adds and removes a public holiday', async () => {
    const page = b.page;
    await b.signIn(g, 'pusat.admin');
    await b.menu(W.holidays.nav);
    await expect.poll(() => b.heading().textContent()).toBe(W.holidays.title);
    const year = new Date().getFullYear();
    const day = `${year}-12-26`;
    await page.getByLabel(W.holidays.day, { exact: true }).fill(day);
    await page.getByLabel(W.holidays.name, { exact: true }).fill('Cuti bersama sintetis');
    await page.getByRole('button', { name: W.holidays.add }).click();
    const item = page.locator(`li[data-day="${day}"]`);
    await expect.poll(() => item.textContent()).toContain('Cuti bersama sintetis');
    const listed = await g.app.inject({
      url: `/v1/holidays?year=${year}`,
      headers: { authorization: `Bearer ${await tokenOf('pusat.admin')}` },
    });
    expect(listed.json().items).toContainEqual({ day, name: 'Cuti bersama sintetis' });
    await b.shot('holidays');
    await item.getByRole('button', { name: W.holidays.remove }).click();
    await expect.poll(() => item.count()).toBe(0);
  });

  it('an institution head sends the SPTJM, the ISO/IEC 27001 certificate and an extension request from a phone', async () => {
    const page = b.page;
    await page.setViewportSize({ width: 375, height: 812 });
    await b.signIn(g, 'bpbd.kepala');
    await page.goto(`${g.url}/institution/obligations`);
    await expect.poll(() => b.heading().textContent()).toBe(W.obligations.title);
    await page.getByLabel(W.obligations.signatoryName, { exact: true }).fill('Kepala Baru Sintetis');
    await page.getByLabel(W.obligations.signatoryPosition, { exact: true }).fill('Kepala Pelaksana');
    await page.getByLabel(W.obligations.signedOn, { exact: true }).fill('2026-11-02');
    await page.getByLabel(W.obligations.document, { exact: true }).setInputFiles({
      name: 'sptjm.pdf',
      mimeType: 'application/pdf',
      buffer: TINY_PDF,
    });
    await page.getByRole('button', { name: W.obligations.uploadSptjm }).click();
    await expect
      .poll(() => page.getByTestId('sptjm-current').textContent())
      .toContain('Kepala Baru Sintetis');
    await b.shot('institution-sptjm', { phone: true });

    // The ISO/IEC 27001 certificate with its document, on the same screen.
    await page.getByLabel(W.obligations.certificateNumber, { exact: true }).fill('ISO-27001-SINTETIS-9');
    await page.getByLabel(W.obligations.certificateValidUntil, { exact: true }).fill('2029-06-30');
    await page.getByLabel(W.obligations.certificateDocument, { exact: true }).setInputFiles({
      name: 'iso27001.pdf',
      mimeType: 'application/pdf',
      buffer: TINY_PDF,
    });
    const sent = page.waitForResponse((r) => r.url().endsWith('/certificates'));
    await page.getByRole('button', { name: W.obligations.recordCertificate }).click();
    const res = await sent;
    expect(res.status()).toBe(201);
    const { documentId } = (await res.json()) as { documentId: string };
    const doc = await g.app.inject({
      url: `/v1/documents/${documentId}`,
      headers: { authorization: `Bearer ${await tokenOf('bpbd.kepala')}` },
    });
    expect(Buffer.from(doc.rawPayload).equals(TINY_PDF)).toBe(true);
    await b.shot('institution-iso27001', { phone: true });

    // An extension of the agreement, requested on the same screen; the office sees the request.
    const agreement = g.world.agreement;
    const newEnd = `${Number(agreement.endDate.slice(0, 4)) + 2}${agreement.endDate.slice(4)}`;
    await page.getByLabel(W.obligations.newEndDate, { exact: true }).fill(newEnd);
    await page
      .getByLabel(W.obligations.reason, { exact: true })
      .fill('Layanan verifikasi korban bencana berlanjut dua tahun lagi.');
    const extended = page.waitForResponse((r) => r.url().endsWith('/extension-requests'));
    await page.getByRole('button', { name: W.obligations.requestExtension }).click();
    expect((await extended).status()).toBe(201);
    const listed = await g.app.inject({
      url: `/v1/agreements/${agreement.id}/extension-requests`,
      headers: { authorization: `Bearer ${await tokenOf('jateng.admin')}` },
    });
    expect(listed.json().items).toContainEqual(expect.objectContaining({ newEndDate: newEnd }));
    await b.shot('institution-extension', { phone: true });
  });

  it('the central office decides a quota increase an institution asked for', async () => {
    const page = b.page;
    const op = await addOperator(g.db, g.seeded.inst, { username: 'kuota.op', dailyQuota: 100 });
    const asked = await g.app.inject({
      method: 'POST',
      url: `/v1/accounts/${op.id}/quota-requests`,
      headers: { authorization: `Bearer ${await tokenOf('jateng.admin')}` },
      payload: { requestedQuota: 500, justification: 'Kajian teknis: layanan bantuan bencana bertambah.' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const id = (asked.json() as { id: string }).id;
    await b.signIn(g, 'pusat.admin');
    await b.menu(W.quotaRequests.nav);
    await expect.poll(() => b.heading().textContent()).toBe(W.quotaRequests.title);
    const item = page.locator(`li[data-quota-request="${id}"]`);
    await expect
      .poll(() => item.textContent())
      .toContain('Kajian teknis: layanan bantuan bencana bertambah.');
    await item.getByLabel(W.quotaRequests.note, { exact: true }).fill('Disetujui sesuai kajian teknis.');
    await item.getByRole('button', { name: W.quotaRequests.grant }).click();
    await expect.poll(() => item.getAttribute('data-status')).toBe('granted');
    await b.shot('officer-quota-request');
    // The operator's quota is the one granted.
    const account = await g.app.inject({
      url: `/v1/accounts/${op.id}`,
      headers: { authorization: `Bearer ${await tokenOf('pusat.admin')}` },
    });
    expect(account.json(), account.body).toMatchObject({ dailyQuota: 500 });
  });
});
