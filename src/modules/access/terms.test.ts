import { describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import {
  addOperator,
  addResident,
  addStatement,
  agreementFor,
  PASSWORD,
  tokenFor,
  useTestWorld,
} from '../../test/fixtures.ts';
import { insertAgreement } from '../agreements/agreements.repo.ts';
import { DEVELOPMENT_QUOTA } from '../gates/gates.service.ts';
import { insertInstitution } from '../institutions/institutions.repo.ts';
import { lowestLimit } from './access.service.ts';

/**
 * The agreement's remaining access obligations (issue #14 §2): every web-service caller on development terms
 * until its client application's PoC has passed, and the Juknis quota per account applied.
 */
// A clock the tests move (a WIB day later the quotas start again); a minute ahead of the seeded passwords.
let now = Date.now() + 60_000;
const clock = () => new Date(now);
const t = useTestWorld({ clock });

const DAY = 24 * 3600_000;

async function newInstitution(code: string, opts: { poc: boolean }) {
  const inst = await insertInstitution(t.db, {
    code,
    name: `Instansi ${code}`,
    officeId: t.world.province.id,
    allowedNetworks: ['127.0.0.0/8'],
  });
  const agreement = await insertAgreement(t.db, agreementFor(inst));
  await addStatement(t.db, inst, { poc: opts.poc });
  return { inst, agreement };
}

const bearerLookup = (token: string, nik: string) =>
  t.app.inject({
    method: 'POST',
    url: '/v1/lookups',
    headers: { authorization: `Bearer ${token}` },
    payload: { nik },
  });

const wire = (code: string, username: string, nik: string) =>
  t.app
    .inject({
      method: 'POST',
      url: `/dukcapil/get_json/${code}/CALL_NIK`,
      payload: { USER_ID: username, PASSWORD, IP_USER: '127.0.0.1', NIK: nik },
    })
    .then((r) => r.json().content[0] as { RESPONSE_CODE: string; RESPON: string });

async function portalSession(username: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/auth/session',
    payload: { username, password: PASSWORD },
  });
  expect(res.statusCode, res.body).toBe(201);
  const headers = {
    cookie: String(res.headers['set-cookie']).split(';')[0]!,
    'x-csrf-token': (res.json() as { csrfToken: string }).csrfToken,
  };
  return (nik: string) => t.app.inject({ method: 'POST', url: '/v1/lookups', headers, payload: { nik } });
}

describe('lowestLimit', () => {
  it('takes the lowest of the limits given, null meaning unlimited', () => {
    expect(lowestLimit(null, null, null)).toBeNull();
    expect(lowestLimit(null, 3, null)).toBe(3);
    expect(lowestLimit(10, 3, 50)).toBe(3);
    expect(lowestLimit(0, null, 50)).toBe(0);
  });
});

describe('PoC before production for every web-service caller', () => {
  it('holds a web-service caller of an institution without a passed PoC to the development quota; the portal is not', async () => {
    const { inst } = await newInstitution('WS_DEV', { poc: false });
    const r = await addResident(t.db);
    // Not placed under any client application: the operator answers for its institution.
    const op = await addOperator(t.db, inst, { dailyQuota: null });
    const token = await tokenFor(t.app, op.username);
    for (let i = 0; i < DEVELOPMENT_QUOTA; i++) {
      const res = await bearerLookup(token, r.nik);
      expect(res.statusCode, res.body).toBe(200);
    }
    const over = await bearerLookup(token, r.nik);
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('QUOTA_EXHAUSTED');
    // The wire protocol is a web service too: the existing quota outcome (05).
    expect((await wire('WS_DEV', op.username, r.nik)).RESPONSE_CODE).toBe('05');
    // A person in the portal (session cookie) is not a web-service caller: the operator's own quota applies.
    const inPortal = await portalSession(op.username);
    expect((await inPortal(r.nik)).statusCode).toBe(200);

    // The institution registers its client application; still pending, nothing changes.
    const officer = await as(t.app, t.world.provinceOfficer.username);
    const app = await officer.post(`/v1/institutions/${inst.id}/client-applications`, {
      name: 'SIAK Daerah',
    });
    expect(app.statusCode, app.body).toBe(201);
    expect((await bearerLookup(token, r.nik)).statusCode).toBe(429);
    // The officer records a failed PoC: still development terms.
    await officer.post(`/v1/client-applications/${app.json().id}/poc`, {
      passed: false,
      note: 'Format salah',
    });
    expect((await bearerLookup(token, r.nik)).statusCode).toBe(429);
    // Passed: production terms for the institution's web-service callers at once, in both protocols.
    const passed = await officer.post(`/v1/client-applications/${app.json().id}/poc`, {
      passed: true,
      note: 'PoC lulus',
    });
    expect(passed.json().pocStatus).toBe('passed');
    expect((await bearerLookup(token, r.nik)).statusCode).toBe(200);
    expect((await wire('WS_DEV', op.username, r.nik)).RESPONSE_CODE).toBe('01');
  });

  it('counts the development quota per account and WIB day; the next day it starts again', async () => {
    const { inst } = await newInstitution('WS_DAY', { poc: false });
    const r = await addResident(t.db);
    const a = await addOperator(t.db, inst, { dailyQuota: null });
    const b = await addOperator(t.db, inst, { dailyQuota: 10 });
    const ta = await tokenFor(t.app, a.username);
    const tb = await tokenFor(t.app, b.username);
    for (let i = 0; i < DEVELOPMENT_QUOTA; i++) expect((await bearerLookup(ta, r.nik)).statusCode).toBe(200);
    expect((await bearerLookup(ta, r.nik)).statusCode).toBe(429);
    // Another account of the same institution has its own count — and its own lower quota wins.
    for (let i = 0; i < 10; i++) expect((await bearerLookup(tb, r.nik)).statusCode).toBe(200);
    expect((await bearerLookup(tb, r.nik)).statusCode).toBe(429);
    now += DAY;
    const tomorrow = await tokenFor(t.app, a.username);
    expect((await bearerLookup(tomorrow, r.nik)).statusCode).toBe(200);
  });

  it('follows the client application an operator is placed under, not the institution', async () => {
    // The standard world's institution has a passed client application (the fixtures' production world).
    const r = await addResident(t.db);
    const free = await addOperator(t.db, t.world.institution, { dailyQuota: null });
    const freeToken = await tokenFor(t.app, free.username);
    for (let i = 0; i <= DEVELOPMENT_QUOTA; i++)
      expect((await bearerLookup(freeToken, r.nik)).statusCode).toBe(200);

    const placed = await addOperator(t.db, t.world.institution, { dailyQuota: null });
    const admin = await as(t.app, t.world.admin.username);
    const pending = await admin.post(`/v1/institutions/${t.world.institution.id}/client-applications`, {
      name: 'Aplikasi Baru Belum PoC',
    });
    await admin.post(`/v1/accounts/${placed.id}/client-application`, {
      clientApplicationId: pending.json().id,
    });
    const placedToken = await tokenFor(t.app, placed.username);
    for (let i = 0; i < DEVELOPMENT_QUOTA; i++)
      expect((await bearerLookup(placedToken, r.nik)).statusCode).toBe(200);
    expect((await bearerLookup(placedToken, r.nik)).statusCode).toBe(429);
    // Another institution's passed application is not the caller's: BANK_X's world is unaffected either way.
    expect((await wire('BANK_X', t.world.other.operator.username, r.nik)).RESPONSE_CODE).not.toBe('05');
  });
});

describe('the Juknis quota per account', () => {
  it("limits each account to the current terms' quota per WIB day, the account's own lower quota first", async () => {
    const { inst, agreement } = await newInstitution('JUKNIS_Q', { poc: true });
    const r = await addResident(t.db);
    const central = await as(t.app, t.world.officer.username);

    // Bad input is refused in the caller's terms and changes nothing.
    for (const quotaPerAccount of [-1, 1.5, '3', 20_000_000]) {
      const bad = await central.post(`/v1/agreements/${agreement.id}/amendments`, {
        reason: 'Kuota salah',
        terms: { quotaPerAccount },
      });
      expect(bad.statusCode, String(quotaPerAccount)).toBe(400);
      expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    }
    const amended = await central.post(`/v1/agreements/${agreement.id}/amendments`, {
      reason: 'Juknis: 3 hit per akun per hari',
      terms: { quotaPerAccount: 3 },
    });
    expect(amended.statusCode, amended.body).toBe(201);

    const unlimited = await addOperator(t.db, inst, { dailyQuota: null });
    const lower = await addOperator(t.db, inst, { dailyQuota: 2 });
    const tu = await tokenFor(t.app, unlimited.username);
    const tl = await tokenFor(t.app, lower.username);
    for (let i = 0; i < 3; i++) expect((await bearerLookup(tu, r.nik)).statusCode).toBe(200);
    const over = await bearerLookup(tu, r.nik);
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('QUOTA_EXHAUSTED');
    const overWire = await wire('JUKNIS_Q', unlimited.username, r.nik);
    expect(overWire.RESPONSE_CODE).toBe('05');
    // The portal is held to it too: the quota is per account, whatever the channel.
    expect((await (await portalSession(unlimited.username))(r.nik)).statusCode).toBe(429);
    // The account's own quota, when lower, limits first; each account has its own count.
    for (let i = 0; i < 2; i++) expect((await bearerLookup(tl, r.nik)).statusCode).toBe(200);
    expect((await bearerLookup(tl, r.nik)).statusCode).toBe(429);
    const audited = await t.db.query<{ outcome: string; n: number }>(
      `SELECT outcome, count(*)::int AS n FROM access_audit WHERE account_id = $1 GROUP BY outcome ORDER BY outcome`,
      [unlimited.id],
    );
    expect(audited.rows).toEqual([
      { outcome: 'found', n: 3 },
      { outcome: 'quota_exhausted', n: 3 },
    ]);

    // A WIB day later the count starts again.
    now += DAY;
    const tomorrow = await tokenFor(t.app, unlimited.username);
    expect((await bearerLookup(tomorrow, r.nik)).statusCode).toBe(200);

    // Zero refuses at once; an amendment back to unlimited lifts it.
    const centralToday = await as(t.app, t.world.officer.username);
    const stopped = await centralToday.post(`/v1/agreements/${agreement.id}/amendments`, {
      reason: 'Dihentikan',
      terms: { quotaPerAccount: 0 },
    });
    expect(stopped.statusCode, stopped.body).toBe(201);
    expect((await bearerLookup(tomorrow, r.nik)).statusCode).toBe(429);
    await centralToday.post(`/v1/agreements/${agreement.id}/amendments`, {
      reason: 'Tanpa batas',
      terms: { quotaPerAccount: null },
    });
    for (let i = 0; i < 5; i++) expect((await bearerLookup(tomorrow, r.nik)).statusCode).toBe(200);
  });
});
