/**
 * The audit batch INSERT's cost on the gateway's thread (issue #16 §2, "the audit batch as one parameter"):
 * `writeRows` — canonicalise, salt, commit, build the parameters, send the prepared INSERT — in batches of the
 * size the sink forms under load, timed by this process's CPU time (user + system), which the database's
 * own work does not count in. PostgreSQL only (DATABASE_URL, default database `gerbang_bench_audit`, created
 * when missing and emptied of audit rows first).
 *
 *   node --import tsx bench/audit-batch.ts [--batches 4000] [--size 18]
 *
 * Prints µs of gateway CPU per row and per batch (median of 5 rounds) and the load average, and writes JSON
 * to bench/results/.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openPostgres } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { writeRows, type AuditEntry } from '../src/modules/audit/audit.sink.ts';

const { values } = parseArgs({
  options: { batches: { type: 'string', default: '4000' }, size: { type: 'string', default: '18' } },
});
const BATCHES = Number(values.batches);
const SIZE = Number(values.size);
const ROUNDS = 5;
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gerbang_bench_audit';

async function ensureDatabase(target: string): Promise<void> {
  const u = new URL(target);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!rowCount) await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  await admin.end();
}

/** A synthetic look-up row (no institution, so no foreign keys); NIKs are synthetic digits. */
function entry(i: number): AuditEntry {
  return {
    at: new Date(),
    requestId: randomUUID(),
    protocol: 'v1',
    method: 'portal',
    institutionId: null,
    accountId: null,
    username: 'bench.operator',
    nik: `3201${String(100000000000 + i).slice(-12)}`,
    elementsRequested: ['NAMA_LGKP', 'TGL_LHR', 'JENIS_KLMIN', 'ALAMAT', 'KAB_NAME'],
    elementsReturned: ['NAMA_LGKP', 'TGL_LHR', 'JENIS_KLMIN', 'ALAMAT', 'KAB_NAME'],
    outcome: 'found',
    callerIp: '10.20.30.40',
    purpose: 'VALIDASI_BANSOS',
    purposeDefaulted: false,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

await ensureDatabase(url);
const db = await openPostgres(url);
await migrate(db);
await db.query('TRUNCATE access_audit');
const batches = Array.from({ length: BATCHES }, (_, b) =>
  Array.from({ length: SIZE }, (_, i) => entry(b * SIZE + i)),
);
// Warm-up: prepares the statement on the connection and lets V8 optimise.
for (const batch of batches.slice(0, 200)) await writeRows(db, batch);

const rounds: { cpuPerRowUs: number; cpuPerBatchUs: number; wallPerBatchMs: number }[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const batch of batches) await writeRows(db, batch);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const us = cpu.user + cpu.system;
  rounds.push({
    cpuPerRowUs: us / (BATCHES * SIZE),
    cpuPerBatchUs: us / BATCHES,
    wallPerBatchMs: wall / BATCHES,
  });
}
await db.close();

const result = {
  at: new Date().toISOString(),
  batches: BATCHES,
  size: SIZE,
  rounds,
  median: {
    cpuPerRowUs: median(rounds.map((x) => x.cpuPerRowUs)),
    cpuPerBatchUs: median(rounds.map((x) => x.cpuPerBatchUs)),
    wallPerBatchMs: median(rounds.map((x) => x.wallPerBatchMs)),
  },
  loadavg: loadavg(),
  cores: cpus().length,
};
console.log(
  `audit batch of ${SIZE}: ${result.median.cpuPerRowUs.toFixed(1)} µs gateway CPU per row, ` +
    `${result.median.cpuPerBatchUs.toFixed(0)} µs per batch, ${result.median.wallPerBatchMs.toFixed(2)} ms wall ` +
    `per batch (median of ${ROUNDS} rounds of ${BATCHES}); load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
);
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/audit-batch-${result.at.replace(/[:.]/g, '-')}.json`;
writeFileSync(file, JSON.stringify(result, null, 2));
console.log(`written to ${file}`);
