import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import { addResident, PASSWORD, seedWorld, testApp, tokenFor, type World } from '../../test/fixtures.ts';
import type { ResidentRow } from '../residents/residents.types.ts';
import { addSyntheticContacts } from './resident.contacts.ts';

let db: Db;
let app: FastifyInstance;
let world: World;
// From the real time on (accounts are made at it; a token issued before a password change is void).
let now = new Date();
const clock = () => now;
let alice: ResidentRow;
let bob: ResidentRow;
let noContact: ResidentRow;

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  app = await testApp(db, { clock });
  alice = await addResident(db, { fullName: 'ALICE WIDYA SINTETIS' });
  bob = await addResident(db, { fullName: 'BOB PRAKOSO SINTETIS' });
  noContact = await addResident(db, { fullName: 'TANPA KONTAK SINTETIS' });
  await addSyntheticContacts(db, [alice.nik, bob.nik]);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

/** A fresh bearer header (the test clock moves on; older tokens expire). */
const bearer = async (username: string) => ({
  authorization: `Bearer ${await tokenFor(app, username)}`,
});
const post = (url: string, payload: object, over: Partial<InjectOptions> = {}) =>
  app.inject({ method: 'POST', url, payload, ...over });
const outbox = async () =>
  (await app.inject({ url: '/v1/resident/dev/outbox' })).json().items as { to: string; code: string }[];

/** Signs a resident in through the development sink; returns the cookie header and the CSRF token. */
async function signIn(nik: string, remoteAddress = '127.0.0.1') {
  const asked = await post('/v1/resident/sign-in/code', { nik }, { remoteAddress });
  expect(asked.statusCode).toBe(202);
  const code = (await outbox())[0]!.code;
  const res = await post('/v1/resident/sign-in', { nik, code }, { remoteAddress });
  expect(res.statusCode, res.body).toBe(201);
  const setCookie = String(res.headers['set-cookie']);
  expect(setCookie).toMatch(
    /^gerbang_resident=[\w-]+; Path=\/v1\/resident; HttpOnly; Secure; SameSite=Strict$/,
  );
  return { cookie: setCookie.split(';')[0]!, csrf: res.json().csrfToken as string };
}
const history = (cookie: string) => app.inject({ url: '/v1/resident/history', headers: { cookie } });

describe('resident sign-in', () => {
  it('answers the same whether the NIK exists, has a contact, or neither; only a contact gets a code', async () => {
    const before = (await outbox()).length;
    const answers = [];
    for (const nik of [alice.nik, noContact.nik, '3374019999990001']) {
      const res = await post('/v1/resident/sign-in/code', { nik }, { remoteAddress: '10.1.0.1' });
      answers.push([res.statusCode, res.body]);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]![0]).toBe(202);
    const sent = await outbox();
    expect(sent.length).toBe(before + 1);
    expect(sent[0]!.to).toMatch(/@warga\.example$/);
    expect(JSON.stringify(sent[0])).not.toContain(alice.nik);
  });

  it('refuses a wrong code and an unknown NIK alike (401), and signs in with the right code', async () => {
    const wrong = await post('/v1/resident/sign-in', { nik: alice.nik, code: '000000' });
    const unknown = await post('/v1/resident/sign-in', { nik: '3374019999990002', code: '123456' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
    const { cookie } = await signIn(alice.nik);
    expect((await history(cookie)).statusCode).toBe(200);
  });

  it('locks a NIK after 5 failed codes, existing or not, even for the right code; then lifts the lock', async () => {
    now = new Date(now.getTime() + 60 * 60_000);
    await post('/v1/resident/sign-in/code', { nik: bob.nik });
    const code = (await outbox())[0]!.code;
    const wrongCode = code === '111111' ? '222222' : '111111';
    for (const nik of [bob.nik, '3374019999990003']) {
      for (let i = 0; i < 5; i++) {
        expect((await post('/v1/resident/sign-in', { nik, code: wrongCode })).statusCode).toBe(401);
      }
    }
    const locked = await post('/v1/resident/sign-in', { nik: bob.nik, code });
    const lockedUnknown = await post('/v1/resident/sign-in', { nik: '3374019999990003', code });
    expect(locked.statusCode).toBe(429);
    expect(lockedUnknown.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('RATE_LIMITED');
    expect((await post('/v1/resident/sign-in/code', { nik: bob.nik })).statusCode).toBe(429);
    now = new Date(now.getTime() + 31 * 60_000);
    await signIn(bob.nik);
  });

  it('limits code requests per NIK and per address', async () => {
    now = new Date(now.getTime() + 60 * 60_000);
    const nik = '3374019999990004';
    for (let i = 0; i < 3; i++)
      expect((await post('/v1/resident/sign-in/code', { nik })).statusCode).toBe(202);
    expect((await post('/v1/resident/sign-in/code', { nik })).statusCode).toBe(429);
    for (let i = 0; i < 20; i++) {
      const res = await post(
        '/v1/resident/sign-in/code',
        { nik: `33740199999${String(100 + i).padStart(5, '0')}` },
        { remoteAddress: '10.2.0.2' },
      );
      expect(res.statusCode).toBe(202);
    }
    const over = await post('/v1/resident/sign-in/code', { nik: alice.nik }, { remoteAddress: '10.2.0.2' });
    expect(over.statusCode).toBe(429);
  });
});

describe("the resident's history", () => {
  it('shows an access at once: institution, purpose, element names (never values), refusals too', async () => {
    now = new Date(now.getTime() + 60 * 60_000);
    const headers = await bearer(world.operator.username);
    const found = await post('/v1/lookups', { nik: alice.nik }, { headers });
    expect(found.json().outcome, found.body).toBe('FOUND');
    const refused = await post('/v1/lookups', { nik: alice.nik, purpose: 'REKENING' }, { headers });
    expect(refused.statusCode).toBe(403);
    const { cookie } = await signIn(alice.nik);
    const res = await history(cookie);
    expect(res.headers['cache-control']).toBe('no-store');
    const items = res.json().items as Record<string, unknown>[];
    expect(items.slice(0, 2)).toMatchObject([
      { outcome: 'purpose_not_granted', purpose: 'REKENING', purposeLabel: 'Pembukaan rekening' },
      {
        outcome: 'found',
        institutionName: world.institution.name,
        method: 'portal',
        elementsDisclosed: expect.arrayContaining(['NAMA_LGKP', 'TGL_LHR']),
      },
    ]);
    expect(res.body).not.toContain(alice.fullName);
    expect(res.body).not.toContain(alice.birthDate);
    expect(res.body).not.toContain(world.operator.username);
  });

  it('pages with a cursor', async () => {
    const { cookie } = await signIn(alice.nik);
    const first = await app.inject({ url: '/v1/resident/history?limit=1', headers: { cookie } });
    const next = first.json().nextCursor as number;
    expect(next).toBe(first.json().items[0].id);
    const second = await app.inject({
      url: `/v1/resident/history?limit=1&before=${next}`,
      headers: { cookie },
    });
    expect(second.json().items[0].id).toBeLessThan(next);
  });

  it("hides a covert agreement's accesses until its delay has passed (the change admin-audited)", async () => {
    const set = await app.inject({
      method: 'PATCH',
      url: `/v1/agreements/${world.agreement.id}/disclosure-delay`,
      headers: await bearer(world.officer.username),
      payload: { days: 90 },
    });
    expect(set.statusCode).toBe(200);
    const { rows } = await db.query(
      `SELECT after FROM admin_audit WHERE action = 'agreement.disclosure_delay'`,
    );
    expect(rows).toEqual([{ after: { disclosureDelayDays: 90 } }]);
    await post('/v1/lookups', { nik: bob.nik }, { headers: await bearer(world.operator.username) });
    let { cookie } = await signIn(bob.nik);
    expect((await history(cookie)).json().items).toEqual([]);
    now = new Date(now.getTime() + 91 * 86_400_000);
    ({ cookie } = await signIn(bob.nik));
    expect((await history(cookie)).json().items).toMatchObject([{ outcome: 'found' }]);
  });
});

describe('isolation', () => {
  it('opens a history only to its resident: not another resident, an institution or an officer', async () => {
    const aliceSession = await signIn(alice.nik);
    const bobSession = await signIn(bob.nik);
    const mine = (await history(bobSession.cookie)).json().items as { id: number }[];
    const alices = (await history(aliceSession.cookie)).json().items as { id: number }[];
    expect(mine.some((r) => alices.some((a) => a.id === r.id))).toBe(false);
    for (const u of [world.operator.username, world.officer.username]) {
      const res = await app.inject({ url: '/v1/resident/history', headers: await bearer(u) });
      expect(res.statusCode).toBe(401);
    }
    const portal = await post('/v1/auth/session', { username: world.officer.username, password: PASSWORD });
    const portalCookie = String(portal.headers['set-cookie']).split(';')[0]!;
    expect((await history(portalCookie)).statusCode).toBe(401);
    // The resident cookie opens nothing outside /v1/resident.
    for (const url of ['/v1/audit', '/v1/me', `/v1/audit?nik=${alice.nik}`]) {
      expect((await app.inject({ url, headers: { cookie: aliceSession.cookie } })).statusCode).toBe(401);
    }
  });

  it('needs the CSRF token for a change, and ends a session after the idle time', async () => {
    const s = await signIn(alice.nik);
    const noToken = await post('/v1/resident/sign-out', {}, { headers: { cookie: s.cookie } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('CSRF_FAILED');
    now = new Date(now.getTime() + 31 * 60_000);
    expect((await history(s.cookie)).statusCode).toBe(401);
    const t = await signIn(alice.nik);
    const out = await post(
      '/v1/resident/sign-out',
      {},
      { headers: { cookie: t.cookie, 'x-csrf-token': t.csrf } },
    );
    expect(out.statusCode).toBe(204);
    expect((await history(t.cookie)).statusCode).toBe(401);
  });
});
