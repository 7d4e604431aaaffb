import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import {
  addOperator,
  PASSWORD,
  seedWorld,
  testApp,
  testConfig,
  tokenFor,
  type World,
} from '../../test/fixtures.ts';
import { buildNik } from '../nik/nik.ts';
import { insertResidents } from '../residents/residents.bulk.ts';
import { generateResidents } from '../residents/residents.generator.ts';
import type { ResidentRow } from '../residents/residents.types.ts';
import type { MisuseGuard } from './misuse.guard.ts';
import { addCaller, type Caller } from './misuse.fixtures.ts';
import { createMisuseGuard } from './misuse.setup.ts';

/**
 * Ordinary use is not flagged. The workload: a synthetic population of 3,000 generated residents (seeded
 * households spread over Indonesia by population); one institution whose agreement says `suspend` (the
 * strictest action, so a false alarm would also break answers); five operators working side by side for
 * about two hours, each taking 20–120 s per case (a person reading a screen). 500 requests in all: 85 %
 * v1 look-ups, 15 % wire verifications; each picks a random resident, except that 10 % of the time the
 * operator goes on to another member of the family card just seen (a mother, then her child), 5 % of the
 * time asks about the same NIK again, and 5 % of the time the NIK was mistyped (valid form, not in the
 * registry). Default thresholds. Expected: every request answered, zero alerts.
 * A control at the end shows the same world does raise an alert for a real sequential sweep.
 */
let db: Db;
let app: FastifyInstance;
let world: World;
let guard: MisuseGuard;
let population: ResidentRow[];
let now = new Date('2027-06-14T01:00:00Z'); // 08:00 WIB

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  population = [...generateResidents({ seed: 2027, count: 3000 })];
  await insertResidents(db, population);
  guard = await createMisuseGuard(testConfig, db);
  app = await testApp(db, { clock: () => now, misuse: guard });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

/** mulberry32: a small seeded PRNG, so the workload is the same on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('a realistic workload', () => {
  it('500 requests by five operators at a human pace raise no alert', async () => {
    const rand = prng(42);
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
    const byCard = new Map<string, ResidentRow[]>();
    for (const r of population)
      byCard.set(r.familyCardNumber, [...(byCard.get(r.familyCardNumber) ?? []), r]);
    const first = await addCaller(db, app, world, { misuseAction: 'suspend' });
    const callers: (Caller & { next: number; last: ResidentRow | null; tokenAt: number })[] = [];
    for (let i = 0; i < 5; i += 1) {
      const operator =
        i === 0 ? first.operator : await addOperator(db, first.institution, { dailyQuota: null });
      callers.push({
        ...first,
        operator,
        token: '',
        next: now.getTime() + i * 7_000,
        last: null,
        tokenAt: 0,
      });
    }
    const answers: string[] = [];
    for (let n = 0; n < 500; n += 1) {
      const c = callers.reduce((a, b) => (b.next < a.next ? b : a));
      now = new Date(c.next);
      c.next += 20_000 + Math.floor(rand() * 100_000);
      const roll = rand();
      let nik: string;
      if (roll < 0.1 && c.last) {
        const family = byCard.get(c.last.familyCardNumber)!.filter((r) => r.nik !== c.last!.nik);
        const member = family.length ? pick(family) : pick(population);
        c.last = member;
        nik = member.nik;
      } else if (roll < 0.15 && c.last) {
        nik = c.last.nik;
      } else if (roll < 0.2) {
        const r = pick(population);
        nik = buildNik({
          districtCode: r.nik.slice(0, 6),
          birthDate: r.birthDate,
          sex: r.sex,
          serial: 9000 + n,
        });
      } else {
        c.last = pick(population);
        nik = c.last.nik;
      }
      if (rand() < 0.85) {
        if (now.getTime() - c.tokenAt > 45 * 60_000) {
          c.token = await tokenFor(app, c.operator.username);
          c.tokenAt = now.getTime();
        }
        const res = await app.inject({
          method: 'POST',
          url: '/v1/lookups',
          headers: { authorization: `Bearer ${c.token}` },
          payload: { nik },
        });
        expect(res.statusCode, res.body).toBe(200);
        answers.push(res.json().outcome);
      } else {
        const res = await app.inject({
          method: 'POST',
          url: `/dukcapil/get_json/${c.institution.code}/CALL_VERIFY_BY_ELEMEN`,
          payload: {
            USER_ID: c.operator.username,
            PASSWORD,
            IP_USER: '127.0.0.1',
            NIK: nik,
            NAMA_LGKP: 'BUDI',
          },
        });
        // A found verification carries no RESPONSE_CODE (docs/wire-evidence.md): read as 01 here.
        const code =
          (res.json() as { content: { RESPONSE_CODE?: string }[] }).content[0]!.RESPONSE_CODE ?? '01';
        expect(['01', '11', '12', '13', '14']).toContain(code);
        answers.push(code);
      }
    }
    await guard.settle();
    expect(answers).toHaveLength(500);
    // The workload spans a working morning, and mistyped NIKs were answered "not found".
    expect(now.getTime() - Date.parse('2027-06-14T01:00:00Z')).toBeGreaterThan(90 * 60_000);
    expect(answers.filter((a) => a === 'NOT_FOUND' || a === '13').length).toBeGreaterThan(5);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM misuse_alerts');
    expect(rows[0]!.n).toBe(0);

    // Control: the same world, one operator sweeping serials, is caught (and suspended).
    const sweeper = callers[0]!;
    const base = population[0]!;
    for (const serial of [7001, 7002, 7003]) {
      now = new Date(now.getTime() + 30_000);
      await app.inject({
        method: 'POST',
        url: `/dukcapil/get_json/${sweeper.institution.code}/CALL_NIK`,
        payload: {
          USER_ID: sweeper.operator.username,
          PASSWORD,
          IP_USER: '127.0.0.1',
          NIK: buildNik({
            districtCode: base.nik.slice(0, 6),
            birthDate: base.birthDate,
            sex: base.sex,
            serial,
          }),
        },
      });
    }
    await guard.settle();
    const after = await db.query<{ reason: string }>('SELECT reason FROM misuse_alerts');
    expect(after.rows.map((r) => r.reason)).toEqual(['sequential_serial']);
  }, 240_000);
});
