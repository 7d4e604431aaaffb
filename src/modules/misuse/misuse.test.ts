import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import {
  addOperator,
  addResident,
  seedWorld,
  testApp,
  testConfig,
  tokenFor,
  type World,
} from '../../test/fixtures.ts';
import { buildNik } from '../nik/nik.ts';
import type { MisuseGuard } from './misuse.guard.ts';
import {
  addCaller,
  alertsOf,
  auditOutcomes,
  hitsOf,
  v1Lookup,
  wireLookup,
  type Caller,
} from './misuse.fixtures.ts';
import { createMisuseGuard } from './misuse.setup.ts';

/**
 * Misuse detection through the real access path (v1 and wire), on the in-process window store with the
 * default thresholds (serial run 3, birth-date run 4, family sweep 4, burst > 30 a minute, 3 attempts
 * outside hours an hour). The clock is the test's: each request moves it on by `step`.
 */
let db: Db;
let app: FastifyInstance;
let world: World;
let guard: MisuseGuard;
// 10:00 WIB on a Monday inside every agreement's period (and after the accounts' creation: tokens issued
// before an account's password was set are void).
let now = new Date('2027-06-14T03:00:00Z');
const tick = (ms = 20_000) => (now = new Date(now.getTime() + ms));

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  guard = await createMisuseGuard(testConfig, db);
  app = await testApp(db, { clock: () => now, misuse: guard });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const nik = (birthDate: string, serial: number, sex: 'LAKI-LAKI' | 'PEREMPUAN' = 'LAKI-LAKI', d = '330101') =>
  buildNik({ districtCode: d, birthDate, sex, serial });

/** Looks each NIK up (v1) at a human pace; answers the HTTP statuses. */
async function lookUpAll(c: Caller, niks: string[], step = 20_000): Promise<number[]> {
  const statuses: number[] = [];
  for (const n of niks) {
    tick(step);
    statuses.push((await v1Lookup(app, c, n)).statusCode);
  }
  await guard.settle();
  return statuses;
}

/** The evidence must hold NIKs, times and accounts only. */
function expectEvidenceOnly(evidence: { events: object[] }, niks: string[]) {
  expect(evidence.events.map((e) => (e as { nik: string }).nik).sort()).toEqual([...niks].sort());
  for (const e of evidence.events) expect(Object.keys(e).sort()).toEqual(['accountId', 'at', 'nik']);
}

describe('patterns', () => {
  it('sequential serials (same first 12 digits, +1 steps) → sequential_serial, medium', async () => {
    const c = await addCaller(db, app, world);
    const niks = [101, 102, 103].map((s) => nik('1990-04-12', s));
    await lookUpAll(c, niks.slice(0, 2));
    expect(await alertsOf(db, c.operator.id)).toEqual([]);
    expect(await lookUpAll(c, niks.slice(2))).toEqual([200]);
    const [alert, ...more] = await alertsOf(db, c.operator.id);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ reason: 'sequential_serial', severity: 'medium', action: 'alert' });
    expect(alert!.evidence).toMatchObject({ scope: 'account', count: 3, threshold: 3 });
    expectEvidenceOnly(alert!.evidence, niks);
    // Its times are the request times.
    expect(alert!.evidence.events.at(-1)!.at).toBe(now.toISOString());
  });

  it('sequential serials downwards over the wire (−1 steps) are found too', async () => {
    const c = await addCaller(db, app, world);
    for (const s of [210, 209, 208]) {
      tick();
      expect((await wireLookup(app, c, { nik: nik('1985-03-07', s, 'PEREMPUAN') })).RESPONSE_CODE).toBe('13');
    }
    await guard.settle();
    expect((await alertsOf(db, c.operator.id)).map((a) => a.reason)).toEqual(['sequential_serial']);
  });

  it('consecutive birth dates in one kecamatan, women +40 included → sequential_birthdate', async () => {
    const c = await addCaller(db, app, world);
    const niks = [
      nik('1990-04-12', 17, 'PEREMPUAN'),
      nik('1990-04-13', 4),
      nik('1990-04-14', 250, 'PEREMPUAN'),
      nik('1990-04-15', 31),
    ];
    // The 16th, but in another kecamatan: not part of the run.
    await lookUpAll(c, [...niks.slice(0, 3), nik('1990-04-16', 9, 'LAKI-LAKI', '330102')]);
    expect(await alertsOf(db, c.operator.id)).toEqual([]);
    await lookUpAll(c, niks.slice(3));
    const alerts = await alertsOf(db, c.operator.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ reason: 'sequential_birthdate', severity: 'medium' });
    expectEvidenceOnly(alerts[0]!.evidence, niks);
  });

  it('several members of one family card in a short window → family_sweep, without the card number', async () => {
    const c = await addCaller(db, app, world);
    const kk = '3301019999000001';
    const family = [];
    for (const [birthDate, sex] of [
      ['1970-01-05', 'LAKI-LAKI'],
      ['1974-07-21', 'PEREMPUAN'],
      ['1999-11-02', 'LAKI-LAKI'],
      ['2004-02-17', 'PEREMPUAN'],
    ] as const) {
      family.push(await addResident(db, { familyCardNumber: kk, birthDate, sex }));
    }
    await lookUpAll(
      c,
      family.slice(0, 3).map((r) => r.nik),
      30_000,
    );
    expect(await alertsOf(db, c.operator.id)).toEqual([]);
    await lookUpAll(c, [family[3]!.nik], 30_000);
    const alerts = await alertsOf(db, c.operator.id);
    expect(alerts.map((a) => a.reason)).toEqual(['family_sweep']);
    expectEvidenceOnly(
      alerts[0]!.evidence,
      family.map((r) => r.nik),
    );
    expect(JSON.stringify(alerts[0])).not.toContain(kk);
  });

  it('more than 30 requests in a minute → burst', async () => {
    const c = await addCaller(db, app, world);
    // Scattered NIKs (kecamatan, dates and serials far apart): only the pace is wrong.
    const niks = Array.from({ length: 31 }, (_, i) =>
      nik(`19${50 + i}-0${1 + (i % 9)}-1${i % 10}`, 1000 + 37 * i, 'LAKI-LAKI', i % 2 ? '330101' : '330102'),
    );
    await lookUpAll(c, niks.slice(0, 30), 1500);
    expect(await alertsOf(db, c.operator.id)).toEqual([]);
    await lookUpAll(c, niks.slice(30), 1500);
    const alerts = await alertsOf(db, c.operator.id);
    expect(alerts.map((a) => [a.reason, a.severity])).toEqual([['burst', 'medium']]);
    expect(alerts[0]!.evidence).toMatchObject({ count: 31, threshold: 30, windowSeconds: 60 });
  });

  it('repeated attempts outside allowed hours → outside_hours, low', async () => {
    const c = await addCaller(db, app, world, {
      allowedHoursStart: '08:00:00',
      allowedHoursEnd: '16:00:00',
    });
    const saved = now;
    now = new Date('2027-06-14T13:00:00Z'); // 20:00 WIB
    c.token = await tokenFor(app, c.operator.username);
    for (let i = 0; i < 3; i += 1) {
      tick(60_000);
      const res = await v1Lookup(app, c, nik('1990-04-12', 500 + i * 10));
      expect(res.json().error.code).toBe('OUTSIDE_ALLOWED_HOURS');
      await guard.settle();
      expect(await alertsOf(db, c.operator.id)).toHaveLength(i < 2 ? 0 : 1);
    }
    expect((await alertsOf(db, c.operator.id))[0]).toMatchObject({
      reason: 'outside_hours',
      severity: 'low',
    });
    expect(await hitsOf(db, c.operator.id)).toBe(0);
    now = saved;
  });

  it('a pattern spread over the accounts of one institution is found at the institution', async () => {
    const c = await addCaller(db, app, world);
    const second = { ...c, operator: await addOperatorOf(c), token: '' };
    second.token = await tokenFor(app, second.operator.username);
    const niks = [301, 302, 303].map((s) => nik('1979-08-30', s));
    await lookUpAll(c, [niks[0]!, niks[2]!]);
    await lookUpAll(second, [niks[1]!]);
    const alerts = await alertsOf(db, second.operator.id);
    expect(alerts.map((a) => [a.reason, a.evidence.scope])).toEqual([['sequential_serial', 'institution']]);
    expect(new Set(alerts[0]!.evidence.events.map((e) => e.accountId))).toEqual(
      new Set([c.operator.id, second.operator.id]),
    );
  });
});

const addOperatorOf = (c: Caller) => addOperator(db, c.institution, { dailyQuota: null });

describe('actions', () => {
  const serialRun = (base: number) => [base, base + 1, base + 2].map((s) => nik('1991-09-09', s));

  it('throttle: the next call of the account is refused (v1 429 THROTTLED, wire 18) until the cool-down ends', async () => {
    const c = await addCaller(db, app, world, { misuseAction: 'throttle' });
    // The request completing the pattern is still answered: detection runs after the answer.
    expect(await lookUpAll(c, serialRun(11))).toEqual([200, 200, 200]);
    const hits = await hitsOf(db, c.operator.id);
    tick();
    const refused = await v1Lookup(app, c, nik('1960-01-01', 77));
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('THROTTLED');
    tick();
    expect(await wireLookup(app, c, { NIK: nik('1960-01-01', 78) })).toEqual({
      RESPON: 'Akses dibatasi sementara: pola penggunaan NIK tidak wajar',
      RESPONSE_CODE: '18',
    });
    // Refused without a hit, and audited once each.
    expect(await hitsOf(db, c.operator.id)).toBe(hits);
    expect((await auditOutcomes(db, c.operator.id)).slice(-2)).toEqual(['throttled', 'throttled']);
    expect((await alertsOf(db, c.operator.id))[0]).toMatchObject({ action: 'throttle' });
    // Another account of the same institution is not throttled.
    const other = { ...c, operator: await addOperatorOf(c), token: '' };
    other.token = await tokenFor(app, other.operator.username);
    expect((await v1Lookup(app, other, nik('1960-01-01', 79))).statusCode).toBe(200);
    // 15 minutes later the account works again.
    tick(15 * 60_000);
    expect((await v1Lookup(app, c, nik('1960-01-01', 80))).statusCode).toBe(200);
  });

  it('suspend: the account answers account_inactive (v1 403, wire 17) until an officer reinstates it', async () => {
    const c = await addCaller(db, app, world, { misuseAction: 'suspend' });
    expect(await lookUpAll(c, serialRun(21))).toEqual([200, 200, 200]);
    tick();
    const refused = await v1Lookup(app, c, nik('1960-01-01', 81));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('ACCOUNT_INACTIVE');
    tick();
    expect((await wireLookup(app, c, { NIK: nik('1960-01-01', 82) })).RESPONSE_CODE).toBe('17');
    await guard.settle();
    const { rows } = await db.query<{ active: boolean; suspended: string | null }>(
      'SELECT is_active AS active, misuse_suspended_at AS suspended FROM user_accounts WHERE id = $1',
      [c.operator.id],
    );
    expect(rows[0]).toMatchObject({ active: false, suspended: expect.any(String) });
    // Still refused after the in-process bridge: the database holds the suspension.
    tick(5 * 60_000);
    expect((await v1Lookup(app, c, nik('1960-01-01', 83))).json().error.code).toBe('ACCOUNT_INACTIVE');

    const [alert] = await alertsOf(db, c.operator.id);
    expect(alert).toMatchObject({ reason: 'sequential_serial', action: 'suspend' });
    const officer = await tokenFor(app, world.provinceOfficer.username);
    const ack = (body: object) =>
      app.inject({
        method: 'POST',
        url: `/v1/misuse-alerts/${alert!.id}/acknowledge`,
        headers: { authorization: `Bearer ${officer}` },
        payload: body,
      });
    const res = await ack({ note: 'Diperiksa: operator salah memakai skrip', reinstate: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: alert!.id,
      reinstated: true,
      acknowledgedBy: world.provinceOfficer.id,
      note: 'Diperiksa: operator salah memakai skrip',
    });
    tick();
    expect((await v1Lookup(app, c, nik('1960-01-01', 84))).statusCode).toBe(200);
    tick();
    expect((await wireLookup(app, c, { NIK: nik('1960-01-01', 85) })).RESPONSE_CODE).toBe('13');
    const again = await ack({});
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'ALERT_ACKNOWLEDGED']);
  });

  it('reinstating does not re-enable an account an officer deactivated for another reason', async () => {
    const c = await addCaller(db, app, world, { misuseAction: 'alert' });
    await lookUpAll(c, serialRun(31));
    const [alert] = await alertsOf(db, c.operator.id);
    await db.query('UPDATE user_accounts SET is_active = false WHERE id = $1', [c.operator.id]);
    const officer = await tokenFor(app, world.officer.username);
    const res = await app.inject({
      method: 'POST',
      url: `/v1/misuse-alerts/${alert!.id}/acknowledge`,
      headers: { authorization: `Bearer ${officer}` },
      payload: { reinstate: true },
    });
    expect(res.json()).toMatchObject({ reinstated: false });
    expect((await v1Lookup(app, c, nik('1960-01-01', 86))).json().error.code).toBe('ACCOUNT_INACTIVE');
  });
});
