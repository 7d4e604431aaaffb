import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db.ts';
import { verifyLog } from '../modules/audit/log.verify.ts';
import { createPostgresTestDb } from './db.ts';
import { drive, postJson } from './drive.ts';
import { insertVersion, type Terms } from '../modules/agreements/agreement-versions.repo.ts';
import { insertAgreement, type Agreement } from '../modules/agreements/agreements.repo.ts';
import { insertInstitution } from '../modules/institutions/institutions.repo.ts';
import { addOperator, addResident, agreementFor, PASSWORD, seedWorld, type World } from './fixtures.ts';

/** The terms of an agreement recorded without versions (its row's fields), to give it a first version. */
function termsOf(a: Agreement): Terms {
  return {
    purpose: a.purpose,
    elements: a.elements,
    methods: a.methods,
    endDate: null,
    returnData: [],
    allowedNetworks: [],
    bandwidthMbps: null,
    quotaPerAccount: null,
    cardReaders: 0,
    contactPersons: [],
    purposeCodes: a.purposeCodes,
    defaultPurpose: a.defaultPurpose,
  };
}
import { startGateway, type Gateway } from './gateway.ts';

/**
 * Gateway processes on one real PostgreSQL database (these tests need TEST_DATABASE_URL; PGlite is one
 * process by nature): quotas stay exact across processes, and no answered request lacks its audit row, even
 * when the gateway is killed with SIGKILL under load.
 */
const serverUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let db: Db;
let dbUrl: string;
let world: World;
let niks: string[];

async function tokenAt(base: string, username: string): Promise<string> {
  const res = await postJson(`${base}/v1/auth/token`, { username, password: PASSWORD }, {});
  return (JSON.parse(res.body) as { token: string }).token;
}

const lookup = (base: string, token: string, nik: string, requestId?: string) =>
  postJson(
    `${base}/v1/lookups`,
    { nik },
    { authorization: `Bearer ${token}`, ...(requestId ? { 'x-request-id': requestId } : {}) },
  );

describe.skipIf(!serverUrl)('gateway processes on one PostgreSQL database', () => {
  beforeAll(async () => {
    ({ db, url: dbUrl } = await createPostgresTestDb(serverUrl!));
    world = await seedWorld(db);
    niks = [];
    for (let i = 0; i < 20; i++) niks.push((await addResident(db)).nik);
  });
  afterAll(() => db?.close());

  it.each([
    ['the database', {}],
    ['Redis', { REDIS_URL: redisUrl }],
  ])(
    'never answer more hits than the quota under 100 connections over two processes (counters in %s)',
    async (_store, env: Record<string, string>) => {
      const limit = 150;
      const op = await addOperator(db, world.institution, { dailyQuota: limit });
      // Small blocks make the processes compete for leases many times over the run.
      const gateways: Gateway[] = await Promise.all(
        [0, 1].map(() => startGateway({ databaseUrl: dbUrl, env: { ...env, QUOTA_LEASE_BLOCK: '10' } })),
      );
      try {
        const token = await tokenAt(gateways[0]!.base, op.username);
        const { answers, transportErrors } = await drive({
          workers: 100,
          total: 600,
          send: (n) => lookup(gateways[n % 2]!.base, token, niks[n % niks.length]!, `req_mp_${n % 2}_${n}`),
        });
        expect(transportErrors).toBe(0);
        const answered = answers.filter((a) => a.status === 200);
        const refused = answers.filter((a) => a.status === 429);
        expect(answered.length + refused.length).toBe(600);
        expect(answered.length).toBeLessThanOrEqual(limit);
        // Leases shrink near the limit, so little is stranded in the other process's lease.
        expect(answered.length).toBeGreaterThanOrEqual(limit - 20);
        // Both processes served part of it.
        for (const g of [0, 1]) {
          expect(answered.filter((a) => a.requestId.startsWith(`req_mp_${g}_`)).length).toBeGreaterThan(0);
        }
      } finally {
        await Promise.all(gateways.map((g) => g.stop()));
      }
      // A clean stop gives unserved leases back: the counter is the hits served, and the audit agrees.
      const { rows: audit } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM access_audit WHERE account_id = $1 AND outcome = 'found'`,
        [op.id],
      );
      const { rows: usage } = await db.query<{ used: number }>(
        'SELECT used FROM quota_usage WHERE account_id = $1',
        [op.id],
      );
      expect(usage[0]!.used).toBe(audit[0]!.n);
      expect(audit[0]!.n).toBeLessThanOrEqual(limit);
    },
    180_000,
  );

  it("holds an unlimited account to its agreement's Juknis quota per account across two processes", async () => {
    // The terms' quota per account (120) is the limit of an account without its own quota: the same leased
    // counter, so it is exact across processes.
    const limit = 120;
    const inst = await insertInstitution(db, {
      code: 'MP_JUKNIS',
      name: 'Instansi Kuota Juknis',
      officeId: world.province.id,
      allowedNetworks: ['127.0.0.0/8', '::1/128'],
    });
    const agreement = await insertAgreement(db, agreementFor(inst));
    await insertVersion(db, {
      ...termsOf(agreement),
      quotaPerAccount: limit,
      agreementId: agreement.id,
      createdBy: null,
      reason: 'Kuota Juknis per akun',
      now: new Date(),
    });
    const op = await addOperator(db, inst, { dailyQuota: null });
    const gateways: Gateway[] = await Promise.all(
      [0, 1].map(() => startGateway({ databaseUrl: dbUrl, env: { QUOTA_LEASE_BLOCK: '10' } })),
    );
    try {
      const token = await tokenAt(gateways[0]!.base, op.username);
      const { answers, transportErrors } = await drive({
        workers: 100,
        total: 400,
        send: (n) => lookup(gateways[n % 2]!.base, token, niks[n % niks.length]!, `req_jk_${n % 2}_${n}`),
      });
      expect(transportErrors).toBe(0);
      const answered = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status === 429);
      expect(answered.length + refused.length).toBe(400);
      expect(answered.length).toBeLessThanOrEqual(limit);
      expect(answered.length).toBeGreaterThanOrEqual(limit - 20);
    } finally {
      await Promise.all(gateways.map((g) => g.stop()));
    }
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM access_audit WHERE account_id = $1 AND outcome = 'found'`,
      [op.id],
    );
    expect(rows[0]!.n).toBeLessThanOrEqual(limit);
    const { rows: refusals } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM access_audit WHERE account_id = $1 AND outcome = 'quota_exhausted'`,
      [op.id],
    );
    expect(rows[0]!.n + refusals[0]!.n).toBe(400);
  }, 180_000);

  it('has committed the audit row of every answer it gave before a SIGKILL, and restarts', async () => {
    const op = await addOperator(db, world.institution, { dailyQuota: null });
    const gateway = await startGateway({ databaseUrl: dbUrl });
    const token = await tokenAt(gateway.base, op.username);
    // Killed in the middle of the load: once 300 answers have come back, with 50 requests in flight.
    let received = 0;
    const { answers, transportErrors } = await drive({
      workers: 50,
      total: 200_000,
      send: async (n) => {
        const answer = await lookup(
          gateway.base,
          token,
          niks[n % niks.length]!,
          `req_crash_${n}_${process.pid}`,
        );
        if (++received === 300) gateway.process.kill('SIGKILL');
        return answer;
      },
    });
    await gateway.stop();
    const answered = answers.filter((a) => a.status === 200).map((a) => a.requestId);
    // The load ran until the kill, and the kill cut requests off.
    expect(answered.length).toBeGreaterThanOrEqual(300);
    expect(transportErrors).toBeGreaterThan(0);
    const { rows } = await db.query<{ request_id: string }>(
      'SELECT request_id FROM access_audit WHERE request_id = ANY($1)',
      [answered],
    );
    const committed = new Set(rows.map((r) => r.request_id));
    expect(answered.filter((id) => !committed.has(id))).toEqual([]);

    // The restarted gateway answers again, and the chain holds across the crash.
    const again = await startGateway({ databaseUrl: dbUrl });
    try {
      console.log(
        `crash test: ${answered.length} answered before SIGKILL, all audited; restart to ready in ${Math.round(again.readyMs)} ms`,
      );
      expect((await lookup(again.base, token, niks[0]!)).status).toBe(200);
    } finally {
      await again.stop();
    }
    expect(await verifyLog(db)).toMatchObject({ ok: true });
  }, 180_000);
});
