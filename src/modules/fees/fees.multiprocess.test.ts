import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { wibDay } from '../../lib/time.ts';
import { createPostgresTestDb } from '../../test/db.ts';
import { drive, postJson } from '../../test/drive.ts';
import {
  addOperator,
  addResident,
  makeResident,
  PASSWORD,
  seedWorld,
  type World,
} from '../../test/fixtures.ts';
import { startGateway, type Gateway } from '../../test/gateway.ts';
import { CHARGEABLE_OUTCOMES } from '../access/outcomes.ts';
import { SERVER_ACTOR } from '../../core/actor.ts';
import { DbFeeLeaseStore } from './fees.gate.ts';
import { classifyInstitution, recordDeposit } from './fees.service.ts';
import { redisReachable } from '../misuse/misuse.redis-test-helpers.ts';

/**
 * Charges are exact across gateway processes on one PostgreSQL (TEST_DATABASE_URL; PGlite is one process):
 * for random traffic — found, not found and malformed NIKs, v1 and wire, two operators — over two processes,
 * one of them killed with SIGKILL mid-run, the sum of settled charges equals the chargeable audit rows ×
 * tariff and equals deposits − balance; nothing is overdrawn; every chargeable answer carries its charge.
 *
 * Run twice: with the gateways' quota counters in the database, and with REDIS_URL set (quota leases and misuse
 * windows in Redis, TEST_REDIS_URL or 127.0.0.1:6379). Fee leases stay in the database either way: the
 * reservation is the record that forbids an overdraft (`reserved ≤ balance`, one row lock per block of
 * charges), so a Redis counter would have to write through to it on every lease, as the quota's does.
 */
const serverUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisUp = await redisReachable(redisUrl);
if (serverUrl && !redisUp)
  console.warn(`fees across processes with Redis: skipped, no Redis answers at ${redisUrl} (TEST_REDIS_URL)`);

describe.skipIf(!serverUrl).each([
  ['the database', {}, false],
  ['Redis', { REDIS_URL: redisUrl }, !redisUp],
] as [string, Record<string, string>, boolean][])(
  'charging across gateway processes (quota counters in %s)',
  (_store, env, skip) => {
    let db: Db;
    let dbUrl: string;
    let world: World;
    beforeAll(async () => {
      if (skip) return;
      ({ db, url: dbUrl } = await createPostgresTestDb(serverUrl!));
      world = await seedWorld(db);
    });
    afterAll(() => db?.close());

    it.skipIf(skip)(
      'reconciles charges with chargeable audit rows × tariff and with deposits − balance',
      async () => {
        const bank = world.other.institution;
        await classifyInstitution({ db, now: new Date() }, SERVER_ACTOR, {
          institutionId: bank.id,
          feeClass: 'profit_oriented',
        });
        const deposited = 180_000;
        await recordDeposit({ db, now: new Date() }, SERVER_ACTOR, {
          institutionId: bank.id,
          rupiah: deposited,
          paymentReference: 'SIMPONI-MP-1',
          paidOn: wibDay(new Date()),
        });
        const operators = [world.other.operator, await addOperator(db, bank, { dailyQuota: null })];
        const found = await Promise.all(Array.from({ length: 8 }, () => addResident(db)));
        const kinds = {
          found: found.map((r) => r.nik),
          missing: [makeResident().nik, makeResident().nik],
          bad: ['1234'],
        };
        // The traffic: a random mix, the same every run (seeded), more than the balance pays for.
        const traffic = fc.sample(
          fc.record({
            kind: fc.constantFrom('found', 'found', 'found', 'missing', 'bad'),
            pick: fc.nat(7),
            operator: fc.nat(1),
            wire: fc.boolean(),
          }),
          { numRuns: 400, seed: 1310 },
        );
        const gateways: Gateway[] = await Promise.all(
          [0, 1].map(() =>
            startGateway({ databaseUrl: dbUrl, env: { ...env, QUOTA_LEASE_BLOCK: '10' }, readyProbes: 6000 }),
          ),
        );
        const tokens = await Promise.all(
          operators.map(async (op) => {
            const res = await postJson(
              `${gateways[0]!.base}/v1/auth/token`,
              { username: op.username, password: PASSWORD },
              {},
            );
            return (JSON.parse(res.body) as { token: string }).token;
          }),
        );
        let received = 0;
        try {
          const { answers } = await drive({
            workers: 40,
            total: traffic.length,
            send: async (n) => {
              const t = traffic[n]!;
              const list = kinds[t.kind as keyof typeof kinds];
              const nik = list[t.pick % list.length]!;
              // Gateway 1 is killed (SIGKILL) once 150 answers have come back; the rest go to gateway 0.
              const g =
                gateways[n % 2 === 1 && gateways[1]!.process.exitCode === null && received < 150 ? 1 : 0]!;
              const op = operators[t.operator]!;
              const answer = t.wire
                ? await postJson(
                    `${g.base}/dukcapil/get_json/${bank.code}/CALL_NIK`,
                    { USER_ID: op.username, PASSWORD, IP_USER: '127.0.0.1', NIK: nik },
                    {},
                  )
                : await postJson(
                    `${g.base}/v1/lookups`,
                    { nik },
                    { authorization: `Bearer ${tokens[t.operator]}` },
                  );
              if (++received === 150) gateways[1]!.process.kill('SIGKILL');
              return answer;
            },
          });
          const refusedV1 = answers.filter((a) => a.status === 402).length;
          const refusedWire = answers.filter(
            (a) => a.status === 200 && a.body.includes('"RESPONSE_CODE":"22"'),
          ).length;
          // The balance ran dry and was refused on both protocols.
          expect(refusedV1).toBeGreaterThan(0);
          expect(refusedWire).toBeGreaterThan(0);
        } finally {
          await Promise.all(gateways.map((g) => g.stop()));
        }
        // The killed process's leases are still open; any process settles them once they are old enough.
        const { rows: open } = await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM fee_leases WHERE settled_at IS NULL',
        );
        console.log(`fees across processes: ${open[0]!.n} lease(s) left open by the killed gateway`);
        await new DbFeeLeaseStore(db).settleExpired(0);

        const { rows } = await db.query<{
          charges: string;
          chargeable_rows: number;
          charged_rows: number;
          uncharged_chargeable: number;
          charged_unchargeable: number;
          balance: string;
          reserved: string;
          deposits: string;
          refused: number;
        }>(
          `SELECT (SELECT sum(units_charged::bigint * unit_rupiah) FROM fee_leases WHERE institution_id = $1)::text
                AS charges,
              (SELECT count(*)::int FROM access_audit WHERE institution_id = $1 AND outcome = ANY($2))
                AS chargeable_rows,
              (SELECT count(*)::int FROM access_audit WHERE institution_id = $1 AND fee_lease_id IS NOT NULL)
                AS charged_rows,
              (SELECT count(*)::int FROM access_audit
                WHERE institution_id = $1 AND outcome = ANY($2) AND fee_lease_id IS NULL) AS uncharged_chargeable,
              (SELECT count(*)::int FROM access_audit
                WHERE institution_id = $1 AND NOT outcome = ANY($2) AND fee_lease_id IS NOT NULL)
                AS charged_unchargeable,
              (SELECT count(*)::int FROM access_audit WHERE institution_id = $1 AND outcome = 'balance_exhausted')
                AS refused,
              f.balance::text AS balance, f.reserved::text AS reserved,
              (SELECT sum(rupiah) FROM fee_deposits WHERE institution_id = $1)::text AS deposits
         FROM fee_accounts f WHERE f.institution_id = $1`,
          [bank.id, CHARGEABLE_OUTCOMES],
        );
        const r = rows[0]!;
        console.log(
          `fees across processes: ${r.chargeable_rows} chargeable rows, charges Rp${r.charges}, balance Rp${r.balance}, ${r.refused} refused for the balance`,
        );
        expect(r.refused).toBeGreaterThan(0);
        expect(r.uncharged_chargeable).toBe(0);
        expect(r.charged_unchargeable).toBe(0);
        expect(r.charged_rows).toBe(r.chargeable_rows);
        expect(Number(r.charges)).toBe(r.chargeable_rows * 1000);
        expect(Number(r.charges)).toBe(Number(r.deposits) - Number(r.balance));
        expect(Number(r.deposits)).toBe(deposited);
        expect(Number(r.reserved)).toBe(0);
        expect(Number(r.balance)).toBeGreaterThanOrEqual(0);
      },
      240_000,
    );
  },
);
