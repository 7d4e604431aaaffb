/**
 * Disputes in the browser (issue #15): a resident opens two disputes through the resident API (as the /warga
 * portal does); the institution's head answers them in the portal (one on a laptop, one on a 375 px phone), the
 * province office's officer decides them (misuse found with the operator suspended; justified), and the
 * resident's API shows the outcome. The institution's screens never show the NIK in full nor a name.
 */
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { addResident, tokenFor } from '../../src/test/fixtures.ts';
import { addSyntheticContacts } from '../../src/modules/resident/resident.contacts.ts';
import { common } from '../src/locales/common.ts';
import { disputes as words } from '../src/locales/disputes.ts';
import { LAPTOP, PHONE, useBrowser, useGerbang } from './browser.ts';

const W = words.id.disputes;

const g = useGerbang(async (db) => {
  const resident = await addResident(db, { fullName: 'WARGA SENGKETA SINTETIS' });
  await addSyntheticContacts(db, [resident.nik]);
  return { resident };
});
const b = useBrowser('disputes');

/** The resident's session through the API (the development sink shows the code). */
async function residentSession(app: FastifyInstance, nik: string) {
  await app.inject({ method: 'POST', url: '/v1/resident/sign-in/code', payload: { nik } });
  const code = (await app.inject({ url: '/v1/resident/dev/outbox' })).json().items[0].code as string;
  const res = await app.inject({ method: 'POST', url: '/v1/resident/sign-in', payload: { nik, code } });
  return { cookie: String(res.headers['set-cookie']).split(';')[0]!, csrf: res.json().csrfToken as string };
}

let ids: string[] = [];
let session: { cookie: string; csrf: string };

async function seedDisputes() {
  const { app, world } = g;
  const { resident } = g.seeded;
  const token = await tokenFor(app, world.operator.username);
  for (let i = 0; i < 2; i++) {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/lookups',
      headers: { authorization: `Bearer ${token}` },
      payload: { nik: resident.nik },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  session = await residentSession(app, resident.nik);
  const history = (
    await app.inject({ url: '/v1/resident/history', headers: { cookie: session.cookie } })
  ).json().items as { id: number }[];
  for (const [n, record] of history.slice(0, 2).entries()) {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/resident/disputes',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      payload: { recordId: record.id, reason: n === 0 ? 'never_dealt' : 'wrong_purpose', text: 'Bukan saya' },
    });
    expect(res.statusCode, res.body).toBe(201);
    ids.push(res.json().id as string);
  }
}

describe('disputes: the institution answers, the office decides', () => {
  it('the head answers one dispute on a laptop and one on a phone; no NIK in full, no name', async () => {
    ids = [];
    await seedDisputes();
    const { resident } = g.seeded;
    const page = b.page;
    await b.signIn(g, 'bpbd.kepala');
    await b.menu(W.nav);
    await expect.poll(() => b.heading().textContent()).toBe(W.title);
    for (const id of ids) await page.locator(`li[data-dispute="${id}"]`).waitFor();
    await b.shot('institution-list', { phone: true });

    for (const [n, id] of ids.entries()) {
      if (n === 1) await page.setViewportSize(PHONE);
      await page.getByRole('link', { name: `${W.open} ${id}` }).click();
      await page.getByText(`************${resident.nik.slice(-4)}`).waitFor();
      const text = (await page.content()) ?? '';
      expect(text).not.toContain(resident.nik);
      expect(text).not.toContain(resident.fullName);
      await page.getByLabel(W.explanation).fill(`Layanan pendaftaran nomor LAY-${n + 1}`);
      await page.getByRole('button', { name: W.submitAnswer }).click();
      await page.getByText(W.answered).waitFor();
      await page.locator('[data-state="awaiting_decision"]').first().waitFor();
      await b.shot(`institution-answered-${n + 1}`, { phone: n === 1 });
      await page.getByRole('link', { name: W.back }).click();
    }
  });

  it('the officer decides: misuse found (operator suspended) on a laptop, justified on a phone', async () => {
    const page = b.page;
    await b.signIn(g, 'jateng.admin');
    await b.menu(W.nav);
    await expect.poll(() => b.heading().textContent()).toBe(W.boardTitle);
    await b.shot('officer-board', { phone: true });

    await page.getByRole('link', { name: `${W.open} ${ids[0]}` }).click();
    await page.getByRole('heading', { name: W.decisionTitle }).waitFor();
    await page.getByLabel(W.misuseFound).check();
    await page.getByLabel(W.note).fill('Tidak ada layanan yang mendasari akses');
    await page.getByLabel(new RegExp(W.suspendOperator)).check();
    await page.getByRole('button', { name: W.submitDecision }).click();
    await page.getByText(W.decided).waitFor();
    await page.getByText(W.operatorSuspended).waitFor();
    await page.locator('[data-state="misuse_found"]').first().waitFor();
    await b.shot('officer-misuse');
    await page.getByRole('link', { name: W.back }).click();

    await page.setViewportSize(PHONE);
    await page.getByRole('link', { name: `${W.open} ${ids[1]}` }).click();
    await page.getByLabel(W.justified).check();
    await page.getByLabel(W.note).fill('Akses sesuai layanan LAY-2');
    await page.getByRole('button', { name: W.submitDecision }).click();
    await page.getByText(W.decided).waitFor();
    await page.locator('[data-state="justified"]').first().waitFor();
    await b.shot('officer-justified', { phone: true });

    // The resident sees both outcomes and the whole trail.
    const fresh = await residentSession(g.app, g.seeded.resident.nik);
    const mine = (
      await g.app.inject({ url: '/v1/resident/disputes', headers: { cookie: fresh.cookie } })
    ).json().items as { id: string; state: string; trail: unknown[] }[];
    const byId = new Map(mine.map((d) => [d.id, d]));
    expect(byId.get(ids[0]!)).toMatchObject({ state: 'misuse_found' });
    expect(byId.get(ids[1]!)).toMatchObject({ state: 'justified' });
    expect(byId.get(ids[0]!)!.trail).toHaveLength(3);

    // The dashboard counts them for the institution.
    await page.setViewportSize(LAPTOP);
    await b.menu(common.id.nav.dashboard);
    const row = page.locator(`#table-disputes tr[data-institution="${g.world.institution.id}"]`);
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual(['2', '0', '0', '1', '1']);
    await b.shot('officer-dashboard');
  });
});
