/**
 * The operator's journeys in the browser, in Bahasa Indonesia with the exact wording of domain.md (the
 * portal's dictionary: portal/src/locales/operator.ts `outcomes`), plus the portal's safety in a real browser.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { operator as words } from '../src/locales/operator.ts';
import { common } from '../src/locales/common.ts';
import { buildNik } from '../../src/modules/nik/nik.ts';
import { addOperator, addResident, GRANTED, testConfig } from '../../src/test/fixtures.ts';
import { otherOrigin, useBrowser, useGerbang } from './browser.ts';

const O = words.id.outcomes;

const g = useGerbang(async (db, world) => {
  const found = await addResident(db, { fullName: 'SITI RAHAYU WULANDARI', religion: 'KRISTEN' });
  const deceased = await addResident(db, { recordStatus: 'deceased', fullName: 'ALMARHUM UJI' });
  const duplicate = await addResident(db, { recordStatus: 'duplicate' });
  const inactive = await addResident(db, { recordStatus: 'inactive' });
  // A NIK of valid structure (a real district, a real date, a serial) that no resident holds.
  const absent = buildNik({
    districtCode: '330101',
    birthDate: '1977-07-07',
    sex: 'LAKI-LAKI',
    serial: 9876,
  });
  // 16 digits, but day 32 of month 13: not a NIK Dukcapil would issue.
  const malformed = '3301013213900001';
  const limited = await addOperator(db, world.institution, {
    username: 'bpbd.kuota',
    fullName: 'Operator Kuota Kecil',
    dailyQuota: 2,
  });
  return { found, deceased, duplicate, inactive, absent, malformed, limited };
});
const b = useBrowser('operator');

const op = () => g.world.operator.username;

describe('operator: signing in', () => {
  it('refuses a wrong password with an error and opens no session', async () => {
    const page = b.page;
    b.allowHttpError('/v1/auth/session', 401);
    const doc = await page.goto(`${g.url}/`);
    expect(doc!.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(doc!.headers()['cache-control']).toBe('no-store');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Masuk');
    await b.shot('signin', { phone: true });

    await b.fillSignIn(op(), 'salah-sekali-123');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(O.LOGIN_FAILED);
    // Not the expiry of a session that never was.
    expect(await page.getByText(common.id.signIn.ended).count()).toBe(0);
    await b.shot('signin-wrong-password');

    expect((await b.context.cookies()).filter((c) => c.value !== '')).toEqual([]);
    const { rows } = await g.db.query(`SELECT 1 FROM sessions WHERE account_id = $1`, [g.world.operator.id]);
    expect(rows).toEqual([]);
    expect(await page.getByTestId('who').count()).toBe(0);
  });

  it('signs in and shows exactly the granted elements of a found NIK, with CSP and no-store', async () => {
    const page = b.page;
    await b.signIn(g, op());
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe(words.id.lookup.title);
    expect(await page.getByTestId('who').textContent()).toContain('Operator');
    const before = await b.quota().textContent();
    expect(before).toMatch(/^Sisa \d+ dari 50$/);
    await b.shot('lookup-empty');

    const response = page.waitForResponse((r) => r.url().endsWith('/v1/lookups'));
    const banner = await b.lookUp(g.seeded.found.nik);
    const headers = (await response).headers();
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['cache-control']).toBe('no-store');

    expect(await banner.textContent()).toBe(O.FOUND);
    const table = page.getByRole('table', { name: words.id.lookup.granted });
    const shown = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.element));
    expect(shown.sort()).toEqual([...GRANTED].sort());
    expect(await table.getByRole('rowheader', { name: 'Nama Lengkap' }).count()).toBe(1);
    expect(await table.textContent()).toContain('SITI RAHAYU WULANDARI');
    // Religion is held but not granted: neither its name nor its value appears.
    expect(await page.getByText('Agama/Kepercayaan').count()).toBe(0);
    expect(await page.getByText('KRISTEN').count()).toBe(0);
    expect(await page.getByText(words.id.lookup.notice).count()).toBe(1);

    const left = (s: string | null) => Number(/Sisa (\d+)/.exec(s ?? '')?.[1]);
    await expect.poll(async () => left(await b.quota().textContent())).toBe(left(before) - 1);
    await b.shot('lookup-found', { phone: true });
  });
});

describe('operator: the answers in the wording users know', () => {
  it('shows each status message: deceased, duplicate, inactive, not found, invalid NIK format', async () => {
    await b.signIn(g, op());
    const s = g.seeded;
    const cases: [string, string, string][] = [
      ['deceased', s.deceased.nik, O.DECEASED],
      ['duplicate', s.duplicate.nik, O.DUPLICATE],
      ['inactive', s.inactive.nik, O.INACTIVE],
      ['not-found', s.absent, O.NOT_FOUND],
      ['invalid-format', s.malformed, O.NIK_INVALID_FORMAT],
    ];
    for (const [step, nik, text] of cases) {
      const banner = await b.lookUp(nik);
      expect(await banner.textContent(), step).toBe(text);
      // No data with a status answer.
      expect(await b.page.getByRole('table').count(), step).toBe(0);
      await b.shot(`status-${step}`);
    }
    // Fewer than 16 digits never reaches the registry: the API refuses it, the screen says the same words.
    b.allowHttpError('/v1/lookups', 400);
    const banner = await b.lookUp('33010112');
    expect(await banner.textContent()).toBe(O.NIK_INVALID_FORMAT);
    expect(await b.page.getByText(s.deceased.fullName).count()).toBe(0);
  });

  it('says the quota is used up once the daily quota is consumed, and the badge counts down', async () => {
    const s = g.seeded;
    await b.signIn(g, s.limited.username);
    expect(await b.quota().textContent()).toBe('Sisa 2 dari 2');
    await b.lookUp(s.found.nik);
    await expect.poll(() => b.quota().textContent()).toBe('Sisa 1 dari 2');
    await b.lookUp(s.absent);
    await expect.poll(() => b.quota().textContent()).toBe('Sisa 0 dari 2');

    b.allowHttpError('/v1/lookups', 429);
    const banner = await b.lookUp(s.found.nik);
    expect(await banner.textContent()).toBe(O.QUOTA_EXHAUSTED);
    expect(O.QUOTA_EXHAUSTED).toBe('Kuota akses hari ini telah habis');
    expect(await b.page.getByText('SITI RAHAYU WULANDARI').count()).toBe(0);
    await b.shot('quota-exhausted', { phone: true });
  });
});

describe('operator: verification and history', () => {
  it('verifies held data: sesuai / tidak sesuai with the score', async () => {
    const page = b.page;
    const r = g.seeded.found;
    await b.signIn(g, op());
    await b.menu('Verifikasi data');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe(words.id.verify.title);
    await page.getByRole('textbox', { name: 'NIK' }).fill(r.nik);
    // The two default rows: full name and date of birth.
    await page.getByRole('textbox', { name: 'Nama Lengkap' }).fill('Siti Rahayu Wulandari');
    await page.getByLabel('Tanggal Lahir').fill('1985-01-01');
    await b.shot('verify-form');
    const answered = page.waitForResponse((x) => x.url().endsWith('/v1/verifications'));
    await page.getByRole('button', { name: words.id.verify.submit }).click();
    expect((await answered).status()).toBe(200);

    const name = page.locator('tr[data-element=NAMA_LGKP]');
    const birth = page.locator('tr[data-element=TGL_LHR]');
    await name.waitFor();
    expect(await name.getByRole('cell').nth(0).textContent()).toBe(words.id.verify.match);
    expect(await birth.getByRole('cell').nth(0).textContent()).toBe(words.id.verify.no_match);
    expect(words.id.verify.match).toBe('Sesuai');
    expect(words.id.verify.no_match).toBe('Tidak sesuai');
    const score = (row: typeof name) => row.getByRole('cell').nth(1).textContent().then(Number);
    expect(await score(name)).toBeGreaterThanOrEqual(80);
    expect(await score(birth)).toBeLessThan(80);
    expect(await page.getByText(`${words.id.verify.threshold}: 80`).count()).toBe(1);
    await b.shot('verify-result', { phone: true });
  });

  it("lists today's look-ups in the history", async () => {
    const page = b.page;
    await b.signIn(g, op());
    await b.lookUp(g.seeded.inactive.nik);
    await b.menu('Riwayat hari ini');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe(words.id.history.title);
    const rows = page.locator('table.data tbody tr');
    await rows.first().waitFor();
    const text = await page.locator('table.data').textContent();
    for (const nik of [g.seeded.found.nik, g.seeded.inactive.nik, g.seeded.absent, g.seeded.malformed])
      expect(text).toContain(nik);
    expect(text).toContain(O.FOUND);
    expect(text).toContain(O.INACTIVE);
    expect(text).toContain(words.id.history.verification);
    // Only this operator's: the limited operator's look-ups are not here.
    const { rows: own } = await g.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM access_audit WHERE account_id = $1`,
      [g.world.operator.id],
    );
    expect(await rows.count()).toBe(Number(own[0]!.n));
    expect(await page.getByText(`${own[0]!.n} permintaan hari ini`).count()).toBe(1);
    await b.shot('history', { phone: true });
  });
});

describe('operator: language, sign-out and session expiry', () => {
  it('switches to English and the words change', async () => {
    const page = b.page;
    await b.signIn(g, op());
    await page.getByRole('combobox', { name: 'Bahasa' }).selectOption('en');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe(words.en.lookup.title);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    expect(await b.quota().textContent()).toMatch(/^\d+ left of 50$/);
    const banner = await b.lookUp(g.seeded.deceased.nik);
    expect(await banner.textContent()).toBe(words.en.outcomes.DECEASED);
    await b.shot('english');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('id');
    await expect.poll(() => banner.textContent()).toBe(O.DECEASED);
  });

  it('signs out: the session ends on the server and the sign-in shows', async () => {
    const page = b.page;
    await b.signIn(g, op());
    const cookie = (await b.context.cookies()).find((c) => c.httpOnly && c.value !== '');
    expect(cookie?.sameSite).toBe('Strict');
    const id = createHash('sha256').update(cookie!.value).digest('hex');
    const ended = async () =>
      (await g.db.query<{ ended_at: Date | null }>(`SELECT ended_at FROM sessions WHERE id = $1`, [id]))
        .rows[0]!.ended_at;
    expect(await ended()).toBeNull();
    await b.signOut();
    await page.getByText(common.id.signIn.signedOut).waitFor();
    expect(await ended()).not.toBeNull();
    await page.reload();
    await page.getByRole('button', { name: 'Masuk' }).waitFor();
    expect(await page.getByTestId('who').count()).toBe(0);
    await b.shot('signed-out');
  });

  it('says the session has ended when the server ends it after idle time', async () => {
    const page = b.page;
    await b.signIn(g, op());
    b.allowHttpError('/v1/lookups', 401);
    const idle = (testConfig.sessionIdleMinutes + 1) * 60_000;
    g.clock.advance(idle);
    try {
      await page.getByRole('textbox', { name: 'NIK' }).fill(g.seeded.found.nik);
      await page.getByRole('search').getByRole('button').click();
      await page.getByText(common.id.signIn.ended).waitFor();
    } finally {
      g.clock.advance(-idle);
    }
    expect(common.id.signIn.ended).toBe('Sesi Anda telah berakhir. Silakan masuk kembali.');
    await page.getByRole('button', { name: 'Masuk' }).waitFor();
    expect(await page.getByText('SITI RAHAYU WULANDARI').count()).toBe(0);
    await b.shot('session-ended', { phone: true });
  });

  it('says the session has ended when its row is gone, on the next screen', async () => {
    const page = b.page;
    await b.signIn(g, op());
    b.allowHttpError('/v1/audit/mine', 401);
    await g.db.query(`DELETE FROM sessions WHERE account_id = $1`, [g.world.operator.id]);
    await b.menu('Riwayat hari ini');
    await page.getByText(common.id.signIn.ended).waitFor();
    expect(await page.getByTestId('who').count()).toBe(0);
  });
});

describe('operator: safety in the browser', () => {
  it('refuses a cross-origin POST with the session, and a same-origin one without the CSRF token', async () => {
    const page = b.page;
    await b.signIn(g, op());
    const count = async () =>
      Number(
        (
          await g.db.query<{ n: string }>(`SELECT count(*) AS n FROM access_audit WHERE account_id = $1`, [
            g.world.operator.id,
          ])
        ).rows[0]!.n,
      );
    const before = await count();

    // A page of another site: a credentialed fetch (no-cors, so no preflight) and a plain form post.
    const evil = await otherOrigin(`<!doctype html><title>lain</title>
      <form id="f" method="POST" action="${g.url}/v1/lookups" enctype="text/plain">
        <input name='{"nik":"${g.seeded.found.nik}","x":"' value='"}'>
      </form>
      <script>
        fetch('${g.url}/v1/lookups', { method: 'POST', mode: 'no-cors', credentials: 'include',
          headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ nik: '${g.seeded.found.nik}' }) })
          .finally(() => document.getElementById('f').submit());
      </script>`);
    try {
      const attacker = await b.context.newPage(); // not watched: its CORS errors are the point
      const statuses: number[] = [];
      attacker.on('response', (r) => {
        if (r.url().startsWith(`${g.url}/v1/lookups`)) statuses.push(r.status());
      });
      await attacker.goto(evil.url);
      await expect.poll(() => statuses.length, { timeout: 15_000 }).toBe(2);
      for (const s of statuses) expect([401, 403]).toContain(s);
      await attacker.close();
    } finally {
      await evil.close();
    }

    // Same origin, the session cookie, but no X-CSRF-Token.
    const bare = await page.request.post(`${g.url}/v1/lookups`, { data: { nik: g.seeded.found.nik } });
    expect(bare.status()).toBe(403);
    expect((await bare.json()).error.code).toBe('CSRF_FAILED');
    expect(await count()).toBe(before);

    // The session still works for the portal itself.
    const banner = await b.lookUp(g.seeded.found.nik);
    expect(await banner.textContent()).toBe(O.FOUND);
    expect(await count()).toBe(before + 1);
  });
});
