import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, openPostgres, type Db } from '../db/db.ts';
import { buildApp } from '../http/app.ts';
import { HIT_OUTCOMES } from '../modules/access/outcomes.ts';
import { AUDIT_INSERT_STATEMENT } from '../modules/audit/audit.sink.ts';
import { DbLeaseStore, LeasedQuotaGate } from '../modules/quota/quota.ts';
import { wibDay } from '../lib/time.ts';
import { createPostgresTestDb } from './db.ts';
import { drive, postJson, type Answer } from './drive.ts';
import {
  addOperator,
  addResident,
  PASSWORD,
  seedWorld,
  testConfig,
  tokenFor,
  type World,
} from './fixtures.ts';
import { startGateway, type Gateway } from './gateway.ts';
import { TcpProxy } from './tcp-proxy.ts';
import { MisuseGuard } from '../modules/misuse/misuse.guard.ts';
import { MemoryWindowStore } from '../modules/misuse/misuse.window.ts';
import type { Detector } from '../modules/misuse/misuse.engine.ts';

/**
 * Issue #17 item 7: the database goes away and comes back. A TCP proxy of our own stands between Gerbang and
 * PostgreSQL and is cut and restored (never the machine's PostgreSQL). Needs TEST_DATABASE_URL: PGlite runs
 * in-process and cannot lose its connection.
 */
const serverUrl = process.env.TEST_DATABASE_URL;
if (!serverUrl) console.log('outage.test.ts skipped: set TEST_DATABASE_URL (a PostgreSQL server) to run it');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for `ok()` (polling), failing after `maxMs`: a bound on a hang, not a timed assertion. */
async function until(ok: () => boolean | Promise<boolean>, what: string, maxMs = 30_000): Promise<void> {
  const end = Date.now() + maxMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await sleep(10);
  }
}

let db: Db;
let dbUrl: string;
let world: World;
let proxy: TcpProxy;
let niks: string[];

describe.skipIf(!serverUrl)('the database goes away and comes back (a TCP proxy cut and restored)', () => {
  beforeAll(async () => {
    ({ db, url: dbUrl } = await createPostgresTestDb(serverUrl!));
    world = await seedWorld(db);
    niks = [];
    for (let i = 0; i < 20; i++) niks.push((await addResident(db)).nik);
    const target = new URL(dbUrl);
    proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
  });
  afterAll(async () => {
    await proxy?.close();
    await db?.close();
  });

  it('a connection lost inside a transaction fails that transaction, not the process, and the pool recovers', async () => {
    proxy.restore();
    const pdb = await openPostgres(proxy.url(dbUrl));
    const changes: boolean[] = [];
    pdb.availability!.onChange((c) => changes.push(c.up));
    try {
      for (let round = 0; round < 3; round++) {
        await expect(
          pdb.transaction(async (tx) => {
            await tx.query('SELECT 1');
            // Lost between two statements: node-postgres emits 'error' on the checked-out client, which
            // ended the process before it had a listener.
            proxy.cut();
            await sleep(50);
            await tx.query('SELECT 1');
          }),
        ).rejects.toBeInstanceOf(DatabaseUnavailableError);
        await expect(pdb.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseUnavailableError);
        expect(pdb.availability!.up).toBe(false);
        proxy.restore();
        expect((await pdb.query<{ n: number }>('SELECT 2 AS n')).rows[0]!.n).toBe(2);
        expect(pdb.availability!.up).toBe(true);
      }
      // One change each way per outage, however many statements failed.
      expect(changes).toEqual([false, true, false, true, false, true]);
    } finally {
      proxy.restore();
      await pdb.close();
    }
  });

  it('a check-out of an idle pooled client is no sign the server is back: only a statement that succeeds is', async () => {
    proxy.restore();
    const pdb = await openPostgres(proxy.url(dbUrl));
    const changes: boolean[] = [];
    pdb.availability!.onChange((c) => changes.push(c.up));
    try {
      await pdb.query('SELECT 1'); // leaves one idle client in the pool
      // A failure seen elsewhere marks the outage; the idle client's own loss is not yet noticed when the
      // next transaction checks it out (its close event comes after the check-out's microtasks).
      pdb.availability!.failed(new Error('connection lost elsewhere'));
      proxy.cut();
      await expect(pdb.transaction((tx) => tx.query('SELECT 1'))).rejects.toBeInstanceOf(
        DatabaseUnavailableError,
      );
      expect(changes).toEqual([false]);
      proxy.restore();
      await pdb.query('SELECT 1');
      expect(changes).toEqual([false, true]);
    } finally {
      proxy.restore();
      await pdb.close();
    }
  });

  it('a misuse alert that meets the outage is kept and written once the database is back, not logged per alert', async () => {
    proxy.restore();
    const pdb = await openPostgres(proxy.url(dbUrl));
    const logged: string[] = [];
    // Every hit is a finding: the detector's verdicts are not what is under test, the alert write is.
    const detector: Detector = {
      ordered: true,
      hit: () =>
        Promise.resolve([
          {
            windowMs: 60_000,
            detection: {
              reason: 'burst',
              severity: 'medium',
              evidence: { scope: 'account', count: 1, threshold: 1, windowSeconds: 60, events: [] },
            },
          },
        ]),
      outsideHours: () => Promise.resolve([]),
      close: () => Promise.resolve(),
    };
    const guard = new MisuseGuard({
      db: pdb,
      store: new MemoryWindowStore(100),
      replayStore: new MemoryWindowStore(100),
      misuse: testConfig.misuse,
      replay: testConfig.replay,
      log: { error: (_obj, msg) => logged.push(msg) },
      detector,
    });
    const alerts = async () =>
      (
        await db.query<{ n: number }>('SELECT count(*)::int AS n FROM misuse_alerts WHERE account_id = $1', [
          op.id,
        ])
      ).rows[0]!.n;
    const op = await addOperator(db, world.institution, { dailyQuota: null });
    const hit = (n: number) =>
      guard.observe({
        accountId: op.id,
        institutionId: world.institution.id,
        agreement: { id: world.agreement.id, misuseAction: 'alert' },
        now: new Date(Date.UTC(2027, 5, 14, 3, 0, n)),
        nik: niks[n % niks.length]!,
        familyCard: null,
      });
    try {
      proxy.cut();
      for (let n = 0; n < 5; n++) hit(n);
      await guard.settle();
      expect(guard.deferredWrites).toBe(5);
      expect(await alerts()).toBe(0);
      expect(logged).toEqual([]);
      proxy.restore();
      await until(async () => {
        await guard.settle();
        return guard.deferredWrites === 0 && (await alerts()) === 5;
      }, 'the kept alerts written after the restore');
      expect(logged).toEqual([]);
    } finally {
      proxy.restore();
      await guard.close();
      await pdb.close();
    }
  });

  it('a lease whose COMMIT answer was lost is settled (given back), and a failed give-back is kept, not lost', async () => {
    proxy.restore();
    const pdb = await openPostgres(proxy.url(dbUrl));
    const store = new DbLeaseStore(pdb);
    const gate = new LeasedQuotaGate(store, { block: 100, idleReleaseMs: 0 });
    const day = wibDay(new Date());
    const counted = async (accountId: string) =>
      (
        await db.query<{ used: number }>('SELECT used FROM quota_usage WHERE account_id = $1 AND day = $2', [
          accountId,
          day,
        ])
      ).rows[0]?.used ?? 0;
    try {
      // The COMMIT reaches the server, its answer never comes back: the lease is in the counter, in no
      // process's memory.
      const op = await addOperator(db, world.institution, { dailyQuota: null });
      const cut = proxy.cutAfter(['used = used +', 'COMMIT']);
      await expect(gate.take(op.id, null, day)).rejects.toBeInstanceOf(DatabaseUnavailableError);
      await cut;
      // (The server commits a moment after the COMMIT left the proxy.)
      await until(async () => (await counted(op.id)) === 100, 'the COMMIT cut off done on the server');
      proxy.restore();
      await until(async () => {
        await gate.settle();
        return (await counted(op.id)) === 0;
      }, 'the lease in doubt settled');

      // A give-back (idle, shutdown) that fails while the database is away stays owed.
      const op2 = await addOperator(db, world.institution, { dailyQuota: null });
      expect((await gate.take(op2.id, null, day)).taken).toBe(true);
      expect(await counted(op2.id)).toBe(100);
      proxy.cut();
      await gate.releaseAll();
      proxy.restore();
      await gate.releaseAll();
      expect(await counted(op2.id)).toBe(1);
    } finally {
      gate.close();
      proxy.restore();
      await pdb.close();
    }
  });

  it('keeps the hit of a request whose audit row was committed though the answer to the commit was lost', async () => {
    proxy.restore();
    const pdb = await openPostgres(proxy.url(dbUrl));
    const gate = new LeasedQuotaGate(new DbLeaseStore(pdb), { idleReleaseMs: 0 });
    const app = await buildApp({ config: testConfig, db: pdb, logger: false, quota: gate });
    try {
      const op = await addOperator(db, world.institution, { dailyQuota: null });
      const token = await tokenFor(app, op.username);
      const lookup = () =>
        app.inject({
          method: 'POST',
          url: '/v1/lookups',
          headers: { authorization: `Bearer ${token}` },
          payload: { nik: niks[0] },
        });
      expect((await lookup()).statusCode).toBe(200);
      // The audit batch (one statement, autocommit) runs and commits; its answer never arrives.
      const cut = proxy.cutAtAnswerTo(AUDIT_INSERT_STATEMENT);
      const refused = await lookup();
      await cut;
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toMatchObject({ error: { code: 'DATABASE_UNAVAILABLE' } });
      proxy.restore();
      const audited = async () =>
        (
          await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM access_audit WHERE account_id = $1 AND outcome = 'found'`,
            [op.id],
          )
        ).rows[0]!.n;
      // Both rows are in the audit: the second hit was taken and stays counted, once the gate has asked.
      expect(await audited()).toBe(2);
      const used = async () =>
        (await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${token}` } })).json<{
          quota: { used: number };
        }>().quota.used;
      // The gate asks the database whether the row is there (on its timer in a gateway; here, by hand).
      await until(
        () =>
          gate.settle().then(
            () => true,
            () => false,
          ),
        'the gate settled',
      );
      expect(await used()).toBe(2);
    } finally {
      proxy.restore();
      await app.close();
      gate.close();
      await pdb.close();
    }
  });

  it('rides out five cuts under steady load: 503 / wire 21 during each, one log line per change, used = audited after', async () => {
    proxy.restore();
    const v1Op = await addOperator(db, world.institution, { dailyQuota: 1_000_000 });
    const wireOp = await addOperator(db, world.institution, { dailyQuota: 1_000_000 });
    const gateway: Gateway = await startGateway({
      databaseUrl: proxy.url(dbUrl),
      stdio: 'pipe',
      // Steady look-ups of a few NIKs are a burst to misuse detection; not what this test is about.
      env: { MISUSE_BURST_MAX: '1000000' },
    });
    const cycles = 5;
    try {
      const tokenRes = await postJson(
        `${gateway.base}/v1/auth/token`,
        { username: v1Op.username, password: PASSWORD },
        {},
      );
      const token = (JSON.parse(tokenRes.body) as { token: string }).token;
      const logBefore = gateway.output().split('\n').filter(Boolean).length;

      const answers: (Answer & { protocol: 'v1' | 'wire'; at: number })[] = [];
      let stop = false;
      const load = drive({
        workers: 8,
        total: 200_000,
        stop: () => stop,
        send: async (n) => {
          const nik = niks[n % niks.length]!;
          const wire = n % 2 === 1;
          const a = wire
            ? await postJson(
                `${gateway.base}/dukcapil/get_json/${world.institution.code}/CALL_NIK`,
                { USER_ID: wireOp.username, PASSWORD, IP_USER: '127.0.0.1', NIK: nik },
                {},
              )
            : await postJson(`${gateway.base}/v1/lookups`, { nik }, { authorization: `Bearer ${token}` });
          const row = { ...a, protocol: wire ? ('wire' as const) : ('v1' as const), at: performance.now() };
          answers.push(row);
          return a;
        },
      });

      const ok = (a: Answer & { protocol: string }) =>
        a.status === 200 && (a.protocol === 'v1' || a.body.includes('"RESPONSE_CODE":"01"'));
      const firstSuccessMs: number[] = [];
      const duringCut = { health: 0, readyNot: 0 };
      for (let c = 0; c < cycles; c++) {
        const mark = answers.length;
        await until(() => answers.slice(mark).filter(ok).length >= 40, 'answers before the cut');
        proxy.cut();
        const cutMark = answers.length;
        // Cut for 2 s (10 s in the run; shorter keeps CI quick), with the load still running.
        await sleep(1000);
        if ((await fetch(`${gateway.base}/health`)).status === 200) duringCut.health += 1;
        if ((await fetch(`${gateway.base}/ready`)).status === 503) duringCut.readyNot += 1;
        await sleep(1000);
        await until(() => answers.length > cutMark + 20, 'refusals during the cut');
        const restoredAt = performance.now();
        const restoreMark = answers.length;
        proxy.restore();
        await until(
          () => answers.slice(restoreMark).some((a) => ok(a) && a.at > restoredAt),
          'a success after the restore',
        );
        firstSuccessMs.push(Math.round(answers.slice(restoreMark).find((a) => ok(a))!.at - restoredAt));
      }
      stop = true;
      const { transportErrors } = await load;

      // Alive throughout, never restarted: no transport error, still the same process, still answering.
      expect(transportErrors).toBe(0);
      expect(gateway.process.exitCode).toBeNull();
      expect(duringCut).toEqual({ health: cycles, readyNot: cycles });
      expect((await fetch(`${gateway.base}/health`)).status).toBe(200);
      expect((await fetch(`${gateway.base}/ready`)).status).toBe(200);

      // Every answer is a success or the outage's own refusal: 503 DATABASE_UNAVAILABLE in v1, 21 on the wire.
      const v1 = answers.filter((a) => a.protocol === 'v1');
      const wire = answers.filter((a) => a.protocol === 'wire');
      const v1Refused = v1.filter((a) => a.status !== 200);
      const wireRefused = wire.filter((a) => !ok(a));
      expect(v1Refused.length).toBeGreaterThan(0);
      expect(wireRefused.length).toBeGreaterThan(0);
      for (const a of v1Refused) {
        expect(a.status).toBe(503);
        expect(JSON.parse(a.body)).toMatchObject({ error: { code: 'DATABASE_UNAVAILABLE' } });
      }
      for (const a of wireRefused) {
        expect(a.status).toBe(200);
        expect(JSON.parse(a.body)).toMatchObject({ content: [{ RESPONSE_CODE: '21' }] });
      }

      // The outage is logged once when it starts and once when it ends, not per refused request.
      const logLines = gateway.output().split('\n').filter(Boolean).slice(logBefore);
      expect(logLines.length, logLines.join('\n')).toBeLessThanOrEqual(2 * cycles + 4);
      expect(logLines.some((l) => l.includes('database unavailable'))).toBe(true);
      expect(logLines.some((l) => l.includes('database reachable again'))).toBe(true);

      // No answer without its audit row.
      const answeredIds = answers.filter(ok).map((a) => a.requestId);
      const { rows: audited } = await db.query<{ request_id: string }>(
        'SELECT request_id FROM access_audit WHERE request_id = ANY($1)',
        [answeredIds],
      );
      expect(new Set(audited.map((r) => r.request_id)).size).toBe(answeredIds.length);

      // Quota used = audited hits, for both accounts: first as the gateway reports it (/v1/me), then in the
      // counter once the idle leases are given back.
      const hits = async (accountId: string) =>
        (
          await db.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM access_audit WHERE account_id = $1 AND outcome = ANY($2)',
            [accountId, HIT_OUTCOMES],
          )
        ).rows[0]!.n;
      const counter = async (accountId: string) =>
        (await db.query<{ used: number }>('SELECT used FROM quota_usage WHERE account_id = $1', [accountId]))
          .rows[0]?.used ?? 0;
      const me = async () => {
        const res = await fetch(`${gateway.base}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
        return (JSON.parse(await res.text()) as { quota: { used: number } }).quota.used;
      };
      const v1Hits = await hits(v1Op.id);
      const wireHits = await hits(wireOp.id);
      await until(
        async () =>
          (await me()) === v1Hits &&
          (await counter(v1Op.id)) === v1Hits &&
          (await counter(wireOp.id)) === wireHits,
        'the idle give-back',
        15_000,
      ).catch(() => {});
      const figures = {
        v1Used: await me(),
        v1Counter: await counter(v1Op.id),
        v1Hits,
        wireCounter: await counter(wireOp.id),
        wireHits,
      };
      console.log(
        `outage test: ${cycles} cuts of 2 s, ${answers.length} requests (${v1Refused.length} v1 503, ` +
          `${wireRefused.length} wire 21), first success after restore ${firstSuccessMs.join(', ')} ms, ` +
          `${logLines.length} log lines, used vs audited ${JSON.stringify(figures)}`,
      );
      expect(figures).toEqual({
        v1Used: v1Hits,
        v1Counter: v1Hits,
        v1Hits,
        wireCounter: wireHits,
        wireHits,
      });
    } finally {
      proxy.restore();
      await gateway.stop();
    }
  }, 240_000);
});
