/**
 * `npm run bench:crash`: kills the gateway with SIGKILL under load, then compares every answer the client
 * received with the audit (zero answered requests may lack a committed row), restarts it and reports the
 * time to ready, and walks the audit chain. Runs against the benchmark database (see run.ts).
 *
 *   npm run bench:crash -- [--connections 50] [--kill-after-ms 3000] [--processes N]
 *
 * With `--processes N` (N > 1) the gateway is a cluster primary with N workers (GATEWAY_PROCESSES); the crash
 * kills the primary and every worker with SIGKILL at once, and the restart counts as ready when `/ready`
 * answers and the primary has said that all N workers listen.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { verifyLog } from '../src/modules/audit/log.verify.ts';
import { sampleNiks } from '../src/modules/residents/residents.repo.ts';
import { openAndMigrate } from '../src/server.ts';
import { drive, postJson } from '../src/test/drive.ts';
import { startGateway } from '../src/test/gateway.ts';
import { processTree } from './proc.ts';
import { BENCH_DATABASE_URL, ensureDatabase, ensureResidents } from './setup.ts';
import { BENCH_PASSWORD, provisionBench } from './world.ts';

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '50' },
    'kill-after-ms': { type: 'string', default: '3000' },
    processes: { type: 'string', default: '1' },
  },
});

await ensureDatabase(BENCH_DATABASE_URL);
const db = await openAndMigrate(loadConfig({ ...process.env, DATABASE_URL: BENCH_DATABASE_URL }));
try {
  await ensureResidents(db, 100_000, { onlyIfEmpty: true });
  const world = await provisionBench(db);
  const niks = await sampleNiks(db, { count: 5000, status: 'active' });
  const processes = Math.max(1, Number(args.processes));
  const gatewayOpts = {
    databaseUrl: BENCH_DATABASE_URL,
    env: { GATEWAY_PROCESSES: String(processes) },
    ...(processes > 1 ? { stdio: 'pipe' as const, readyWhen: /all \d+ gateway workers listening/ } : {}),
  };
  const gateway = await startGateway(gatewayOpts);
  const login = await postJson(
    `${gateway.base}/v1/auth/token`,
    { username: world.operator, password: BENCH_PASSWORD },
    {},
  );
  const token = (JSON.parse(login.body) as { token: string }).token;
  const run = `crash_${Date.now()}`;
  const killAfter = Number(args['kill-after-ms']);
  // Every process at once, as a power cut would (a primary killed alone lets its workers shut down cleanly).
  const killer = setTimeout(() => {
    for (const pid of processTree(gateway.process.pid!)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // it ended between the listing and the kill
      }
    }
  }, killAfter);
  const { answers, transportErrors } = await drive({
    workers: Number(args.connections),
    total: 10_000_000,
    send: (n) =>
      postJson(
        `${gateway.base}/v1/lookups`,
        { nik: niks[n % niks.length] },
        { authorization: `Bearer ${token}`, 'x-request-id': `req_${run}_${n}` },
      ),
  });
  clearTimeout(killer);
  await gateway.stop();
  const answered = answers.filter((a) => a.status === 200).map((a) => a.requestId);
  const { rows } = await db.query<{ request_id: string }>(
    `SELECT request_id FROM access_audit WHERE request_id LIKE $1`,
    [`req_${run}_%`],
  );
  const committed = new Set(rows.map((r) => r.request_id));
  const missing = answered.filter((id) => !committed.has(id));
  const restarted = await startGateway(gatewayOpts);
  await restarted.stop();
  const chain = await verifyLog(db);
  console.log(
    JSON.stringify(
      {
        killedAfterMs: killAfter,
        gatewayProcesses: processes,
        connections: Number(args.connections),
        answered: answered.length,
        cutOff: transportErrors,
        auditRowsOfThisRun: committed.size,
        committedButNotAnswered: committed.size - (answered.length - missing.length),
        answeredWithoutAuditRow: missing.length,
        restartToReadyMs: Math.round(restarted.readyMs),
        chain: { ok: chain.ok, rows: chain.rowsChecked, firstBroken: chain.firstBroken ?? null },
      },
      null,
      2,
    ),
  );
  if (missing.length > 0 || !chain.ok) process.exitCode = 1;
} finally {
  await db.close();
}
