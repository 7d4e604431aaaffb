import type { Db } from '../src/db/db.ts';
import { insertAccount } from '../src/modules/accounts/accounts.repo.ts';
import { insertAgreement } from '../src/modules/agreements/agreements.repo.ts';
import { TYPICAL_AGREEMENT_ELEMENTS } from '../src/modules/elements/elements.ts';
import { insertInstitution } from '../src/modules/institutions/institutions.repo.ts';
import { insertOffice } from '../src/modules/offices/offices.repo.ts';
import { wibDay } from '../src/lib/time.ts';
import { addNda, addStatement } from '../src/test/gates.ts';
import { SERVER_ACTOR } from '../src/core/actor.ts';
import { classifyInstitution, recordDeposit } from '../src/modules/fees/fees.service.ts';

export const BENCH_PASSWORD = 'Bench-Gerbang-2026';

export interface BenchWorld {
  /** Unlimited operator of BENCH_OK (verification + portal). */
  operator: string;
  /** Operator of BENCH_OK whose daily quota (1) is used up before the load starts. */
  exhausted: string;
  /** Operator of BENCH_FAR, whose allowed network (10.99.0.0/16) does not hold the loopback caller. */
  outsider: string;
  /** Operator of BENCH_OK that the wrong-password row attacks (so a lockout never touches `operator`). */
  attacked: string;
  customerId: string;
  outsiderCustomerId: string;
  /** Unlimited operator of BENCH_PAY: profit-oriented, pays Rp1,000 per answer from a large deposit (fees on). */
  payer: string;
}

/**
 * The benchmark's institutions, provisioned once per database (idempotent: a second run finds them). Uses
 * the repositories directly, like the demo, acting as the server's operator.
 */
export async function provisionBench(db: Db, now = new Date()): Promise<BenchWorld> {
  const world: BenchWorld = {
    operator: 'bench.op',
    exhausted: 'bench.exhausted',
    outsider: 'bench.far',
    attacked: 'bench.attacked',
    customerId: 'BENCH_OK',
    outsiderCustomerId: 'BENCH_FAR',
    payer: 'bench.payer',
  };
  const { rows } = await db.query('SELECT 1 FROM user_accounts WHERE username = $1', [world.operator]);
  if (rows.length > 0) return provisionPayer(db, world, now);
  const today = wibDay(now);
  const year = Number(today.slice(0, 4));
  await db.transaction(async (tx) => {
    const found = await tx.query<{ id: string }>(`SELECT id FROM offices WHERE level = 'central'`);
    const office =
      found.rows[0] ??
      (await insertOffice(tx, {
        level: 'central',
        regionCode: null,
        name: 'Direktorat Jenderal Kependudukan dan Pencatatan Sipil',
        parentId: null,
      }));
    const institution = async (code: string, networks: string[]) => {
      const inst = await insertInstitution(tx, {
        code,
        name: `Benchmark institution ${code}`,
        officeId: office.id,
        allowedNetworks: networks,
        isActive: true,
      });
      await insertAgreement(tx, {
        institutionId: inst.id,
        officeId: office.id,
        registryNumber: `470/${code}/DUKCAPIL/${year}`,
        institutionNumber: `800/${code}/${year}`,
        purpose: 'Benchmark of the access path',
        elements: [...TYPICAL_AGREEMENT_ELEMENTS],
        methods: ['verification', 'portal'],
        startDate: `${year - 1}-01-01`,
        endDate: `${year + 1}-12-31`,
        status: 'active',
        defaultThreshold: 80,
        allowedHoursStart: null,
        allowedHoursEnd: null,
      });
      return inst;
    };
    const ok = await institution(world.customerId, ['127.0.0.0/8', '::1/128']);
    const far = await institution(world.outsiderCustomerId, ['10.99.0.0/16']);
    const account = (username: string, institutionId: string, dailyQuota: number | null) =>
      insertAccount(tx, {
        username,
        password: BENCH_PASSWORD,
        role: 'operator',
        fullName: `Operator ${username}`,
        institutionId,
        dailyQuota,
      });
    // The gates of access: each institution's SPTJM and each operator's NDA recorded.
    for (const inst of [ok, far]) await addStatement(tx, inst);
    for (const [username, inst, quota] of [
      [world.operator, ok, null],
      [world.exhausted, ok, 1],
      [world.outsider, far, null],
      [world.attacked, ok, null],
    ] as const) {
      await addNda(tx, await account(username, inst.id, quota));
    }
  });
  return provisionPayer(db, world, now);
}

/**
 * The fees row's institution (idempotent): BENCH_PAY, profit-oriented, with a balance that outlasts any run
 * (topped up to Rp1 trillion, a billion accesses, whenever it falls below a tenth of that).
 */
async function provisionPayer(db: Db, world: BenchWorld, now: Date): Promise<BenchWorld> {
  const today = wibDay(now);
  const year = Number(today.slice(0, 4));
  let { rows } = await db.query<{ id: string }>(`SELECT id FROM institutions WHERE code = 'BENCH_PAY'`);
  if (rows.length === 0) {
    await db.transaction(async (tx) => {
      const office = (await tx.query<{ id: string }>(`SELECT id FROM offices WHERE level = 'central'`))
        .rows[0]!;
      const inst = await insertInstitution(tx, {
        code: 'BENCH_PAY',
        name: 'Benchmark institution BENCH_PAY (profit-oriented)',
        officeId: office.id,
        allowedNetworks: ['127.0.0.0/8', '::1/128'],
        isActive: true,
      });
      await insertAgreement(tx, {
        institutionId: inst.id,
        officeId: office.id,
        registryNumber: `470/BENCH_PAY/DUKCAPIL/${year}`,
        institutionNumber: `800/BENCH_PAY/${year}`,
        purpose: 'Benchmark of the access path with fees on',
        elements: [...TYPICAL_AGREEMENT_ELEMENTS],
        methods: ['verification', 'portal'],
        startDate: `${year - 1}-01-01`,
        endDate: `${year + 1}-12-31`,
        status: 'active',
        defaultThreshold: 80,
        allowedHoursStart: null,
        allowedHoursEnd: null,
      });
      await addStatement(tx, inst);
      await addNda(
        tx,
        await insertAccount(tx, {
          username: world.payer,
          password: BENCH_PASSWORD,
          role: 'operator',
          fullName: `Operator ${world.payer}`,
          institutionId: inst.id,
          dailyQuota: null,
        }),
      );
    });
    ({ rows } = await db.query<{ id: string }>(`SELECT id FROM institutions WHERE code = 'BENCH_PAY'`));
    await classifyInstitution({ db, now }, SERVER_ACTOR, {
      institutionId: rows[0]!.id,
      feeClass: 'profit_oriented',
    });
  }
  const institutionId = rows[0]!.id;
  const balance = await db.query<{ b: string }>(
    'SELECT (balance - reserved)::text AS b FROM fee_accounts WHERE institution_id = $1',
    [institutionId],
  );
  if (Number(balance.rows[0]?.b ?? 0) < 100_000_000_000) {
    await recordDeposit({ db, now }, SERVER_ACTOR, {
      institutionId,
      rupiah: 1_000_000_000_000,
      paymentReference: `BENCH-${now.getTime()}`,
      paidOn: today,
    });
  }
  return world;
}
