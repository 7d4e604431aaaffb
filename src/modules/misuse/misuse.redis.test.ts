import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import { addResident, seedWorld, testApp, tokenFor, type World } from '../../test/fixtures.ts';
import { buildNik } from '../nik/nik.ts';
import type { ResidentRow } from '../residents/residents.types.ts';
import type { MisuseGuard } from './misuse.guard.ts';
import { addCaller, alertsOf, v1Lookup, wireLookup } from './misuse.fixtures.ts';
import { redisReachable, TEST_REDIS_URL, testRedisPrefix } from './misuse.redis-test-helpers.ts';
import { createMisuseGuard } from './misuse.setup.ts';

/**
 * Two processes (two apps, each with its own guard) on one database and one Redis (REDIS_URL): windows,
 * throttles and replay IDs are shared. Skipped when no Redis answers (TEST_REDIS_URL or 127.0.0.1:6379).
 */
const reachable = await redisReachable();

describe.skipIf(!reachable)('across processes, through Redis', () => {
  let db: Db;
  let world: World;
  let resident: ResidentRow;
  const apps: FastifyInstance[] = [];
  const guards: MisuseGuard[] = [];
  let now = new Date('2027-06-14T03:00:00Z');
  const tick = () => (now = new Date(now.getTime() + 20_000));
  let prefix = '';

  beforeAll(async () => {
    db = await createTestDb();
    world = await seedWorld(db);
    resident = await addResident(db);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', REDIS_URL: TEST_REDIS_URL });
    prefix = testRedisPrefix();
    for (let i = 0; i < 2; i += 1) {
      guards.push(await createMisuseGuard(config, db, undefined, { redisKeyPrefix: prefix }));
      apps.push(await testApp(db, { clock: () => now, misuse: guards[i] }));
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await db?.close();
  });
  const settle = () => Promise.all(guards.map((g) => g.settle()));
  const nik = (serial: number) =>
    buildNik({ districtCode: '330101', birthDate: '1988-10-10', sex: 'PEREMPUAN', serial });

  it('a pattern whose requests went to different processes is found, and its throttle holds in both', async () => {
    const [a, b] = apps as [FastifyInstance, FastifyInstance];
    const c = await addCaller(db, a, world, { misuseAction: 'throttle' });
    tick();
    expect((await v1Lookup(a, c, nik(41))).statusCode).toBe(200);
    tick();
    expect((await v1Lookup(b, c, nik(42))).statusCode).toBe(200);
    await settle();
    tick();
    expect((await v1Lookup(a, c, nik(43))).statusCode).toBe(200);
    await settle();
    expect((await alertsOf(db, c.operator.id)).map((x) => [x.reason, x.action])).toEqual([
      ['sequential_serial', 'throttle'],
    ]);
    tick();
    expect((await v1Lookup(b, c, nik(900))).json().error.code).toBe('THROTTLED');
    tick();
    expect((await wireLookup(a, c, { NIK: nik(901) })).RESPONSE_CODE).toBe('18');
    // An officer's reinstatement through one process lifts the throttle for both.
    const officer = await tokenFor(b, world.officer.username);
    const [alert] = await alertsOf(db, c.operator.id);
    const ack = await b.inject({
      method: 'POST',
      url: `/v1/misuse-alerts/${alert!.id}/acknowledge`,
      headers: { authorization: `Bearer ${officer}` },
      payload: { reinstate: true },
    });
    expect(ack.statusCode).toBe(200);
    tick();
    expect((await v1Lookup(a, c, nik(902))).statusCode).toBe(200);
  });

  it('a request ID used on one process is refused on the other', async () => {
    const [a, b] = apps as [FastifyInstance, FastifyInstance];
    const c = await addCaller(db, a, world);
    const headers = { 'x-client-request-id': 'lintas-proses-1' };
    expect((await v1Lookup(a, c, resident.nik, headers)).statusCode).toBe(200);
    expect((await v1Lookup(b, c, resident.nik, headers)).json().error.code).toBe('REPLAYED_REQUEST');
    expect((await wireLookup(b, c, { NIK: resident.nik, REQUEST_ID: 'lintas-proses-1' })).RESPONSE_CODE).toBe(
      '19',
    );
  });

  it('keeps no family card number in Redis, and every key expires', async () => {
    const [a] = apps as [FastifyInstance];
    const c = await addCaller(db, a, world);
    tick();
    expect((await v1Lookup(a, c, resident.nik)).statusCode).toBe(200);
    await settle();
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`${prefix}*`);
      expect(keys.some((k) => k.includes(':kk:'))).toBe(true);
      for (const k of keys) {
        expect(k).not.toContain(resident.familyCardNumber);
        expect(await redis.pttl(k), k).toBeGreaterThan(0);
      }
    } finally {
      redis.disconnect();
    }
  });
});
