/**
 * `npm run bench:reports`: the report and fee reads over a large access audit, on the real PostgreSQL.
 *
 * 1. A fresh database (BENCH_REPORTS_DB, default `gerbang_bench_reports`, created on the server of
 *    BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres, and dropped at the end unless
 *    BENCH_KEEP=1), migrated; 200 institutions under 11 offices, 2 operators each, a quarter of them
 *    profit-oriented (their answered rows carry a fee lease and Rp1,000, as the gate writes them).
 * 2. Generation (the timed target, ≤ 40 s): REPORT_ROWS audit rows (default 10,000,000) over one semester,
 *    written by the server itself (INSERT … SELECT generate_series, chunks of a million rows shared by two
 *    connections, one per core) into access_audit made UNLOGGED for the load, without any index (its primary
 *    key too; ids given, no sequence call per row). The bench's database is thrown away: the table stays unlogged unless
 *    BENCH_SET_LOGGED=1 (then SET LOGGED is timed apart; reads do not differ).
 *    Timed apart, after it: the primary key and every other index of access_audit rebuilt from their own
 *    definitions (two connections), VACUUM ANALYZE (index-only scans need the visibility map), the roll-up job over all
 *    the rows (`rollUpAudit`: audit_daily, audit_daily_detail, the semester NIK sets), and a live tail of
 *    TAIL_ROWS rows above the roll-up's watermark written with every index in place, which every read adds live:
 *    default 27,000, six minutes at Dukcapil's national average of 75 hits/s — the job runs every five minutes
 *    and the scheduler ticks every minute, so six minutes is the longest the tail grows (TAIL_ROWS=270000 gives
 *    the hour the job's earlier cadence allowed).
 * 3. Each read BENCH_RUNS times (default 7) after one warm-up, the median and the spread printed:
 *    - one institution's semester report (`semesterFigures`, everything the report shows), a different
 *      institution each run;
 *    - all institutions' semester summary (`semesterSummary`, the registry's table);
 *    - a monthly statement (`getStatement`) of a profit-oriented institution.
 *    The report's figures are checked against a direct count of the institution's audit rows.
 * Targets: generation ≤ 40 s, report ≤ 100 ms, summary ≤ 2 s, statement ≤ 100 ms. Prints the table with the
 * load average (the machine may be busy: say so with the figures) and writes it as JSON under bench/results/.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openAndMigrate } from '../src/server.ts';
import { CHARGEABLE_OUTCOMES, HIT_OUTCOMES } from '../src/modules/access/outcomes.ts';
import { SERVER_ACTOR } from '../src/core/actor.ts';
import { getStatement } from '../src/modules/fees/fees.statements.ts';
import {
  DISTINCT_NIKS_SQL,
  GROUPS_SQL,
  semesterBounds,
  semesterFigures,
} from '../src/modules/reports/reports.figures.ts';
import { rollUpAudit, rollupWatermark } from '../src/modules/reports/reports.rollup.ts';
import { semesterSummary } from '../src/modules/reports/reports.summary.ts';

const ROWS = Number(process.env.REPORT_ROWS ?? 10_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const INSTITUTIONS = 200;
const SEMESTER = '2026-S1';
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = process.env.BENCH_REPORTS_DB ?? 'gerbang_bench_reports';
const TARGETS = { generateSeconds: 40, reportMs: 100, summaryMs: 2000, statementMs: 100 };

const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${DB_NAME}`);
const url = new URL(ADMIN_URL);
url.pathname = `/${DB_NAME}`;
const config = loadConfig({ ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'silent' });
const db = await openAndMigrate(config);
const seconds = (t0: number) => (performance.now() - t0) / 1000;

// The world: a central office, ten provinces, 200 institutions with two operators each.
await db.query(`INSERT INTO offices (id, level, region_code, name, parent_id)
  VALUES ('off_bench_c', 'central', NULL, 'Ditjen Bench', NULL)`);
await db.query(`INSERT INTO offices (id, level, region_code, name, parent_id)
  SELECT 'off_bench_' || p, 'province', (ARRAY['11','12','13','14','15','16','17','18','19','21'])[p],
         'Disdukcapil Bench ' || p, 'off_bench_c'
    FROM generate_series(1, 10) p`);
await db.query(
  `INSERT INTO institutions (id, code, name, office_id, allowed_networks)
   SELECT 'inst_bench_' || i, 'BENCH_' || i, 'Instansi Bench ' || i, 'off_bench_' || (1 + i % 10), '{}'
     FROM generate_series(0, $1::int - 1) i`,
  [INSTITUTIONS],
);
await db.query(
  `INSERT INTO user_accounts (id, username, password_hash, role, full_name, institution_id, daily_quota)
   SELECT 'acc_bench_' || i || '_' || k, 'bench.' || i || '.' || k, 'x', 'operator', 'Operator Bench', 'inst_bench_' || i, 1000
     FROM generate_series(0, $1::int - 1) i, generate_series(0, 1) k`,
  [INSTITUTIONS],
);
// Every fourth institution is profit-oriented and holds a deposit (the statement's opening and deposits).
await db.query(
  `INSERT INTO institution_fee_classes (institution_id, fee_class, classified_by, classified_at)
   SELECT 'inst_bench_' || i, 'profit_oriented', NULL, now() FROM generate_series(0, $1::int - 1, 4) i`,
  [INSTITUTIONS],
);
await db.query(
  `INSERT INTO fee_deposits (id, institution_id, rupiah, payment_reference, paid_on, recorded_by, recorded_at)
   SELECT 'dep_bench_' || i, 'inst_bench_' || i, 100000000, 'SIMPONI-BENCH-' || i, '2026-01-02', NULL,
          '2026-01-02T03:00:00Z'
     FROM generate_series(0, $1::int - 1, 4) i`,
  [INSTITUTIONS],
);

// Bulk load: the secondary indexes off, the table unlogged, the rows in; the indexes rebuilt afterwards.
const { rows: indexes } = await db.query<{ name: string; def: string }>(
  `SELECT indexname AS name, indexdef AS def FROM pg_indexes
    WHERE tablename = 'access_audit' AND indexname <> 'access_audit_pkey'
    ORDER BY pg_relation_size(indexname::regclass) DESC, indexname`,
);
for (const ix of indexes) await db.query(`DROP INDEX ${ix.name}`);
// The primary key too: rebuilt as a unique index beside the others, then made the key again.
const { rows: pkeys } = await db.query<{ name: string; columns: string }>(
  `SELECT c.conname AS name, string_agg(a.attname, ', ' ORDER BY k.n) AS columns
     FROM pg_constraint c, unnest(c.conkey) WITH ORDINALITY k(attnum, n)
     JOIN pg_attribute a ON a.attrelid = 'access_audit'::regclass AND a.attnum = k.attnum
    WHERE c.conrelid = 'access_audit'::regclass AND c.contype = 'p' GROUP BY c.conname`,
);
const pkey = pkeys[0]!;
await db.query(`ALTER TABLE access_audit DROP CONSTRAINT ${pkey.name}`);
await db.query('ALTER TABLE access_audit SET UNLOGGED');

const { start, end } = semesterBounds(SEMESTER);
const span = (end.getTime() - start.getTime()) / 1000;
const CHUNK = 1_000_000;
const TAIL_ROWS = Number(process.env.TAIL_ROWS ?? 27_000);
/** The tail's rows spread over the semester's last seconds, at 75 rows a second. */
const TAIL_SECONDS = Math.max(1, Math.round(TAIL_ROWS / 75));
// Outcomes in realistic shares (of 100): mostly found, some not found, a few record statuses and refusals.
const OUTCOMES = [
  ...Array<string>(79).fill('found'),
  ...Array<string>(10).fill('not_found'),
  ...Array<string>(3).fill('nik_invalid_format'),
  'deceased',
  'duplicate',
  'inactive',
  ...Array<string>(3).fill('quota_exhausted'),
  'outside_allowed_hours',
  'network_not_allowed',
];
if (OUTCOMES.length !== 100) throw new Error('OUTCOMES holds the shares of 100');
const CHARGEABLE: string[] = [...CHARGEABLE_OUTCOMES];
// The outcome of row g is OUTCOMES[b] for a bucket b in [0, 100): written as one CASE over the runs of equal
// outcomes (integer comparisons per row, not an array walk), and whether it is chargeable as ranges of b.
const runs: { outcome: string; below: number }[] = [];
OUTCOMES.forEach((o, i) => {
  if (runs.at(-1)?.outcome === o) runs.at(-1)!.below = i + 1;
  else runs.push({ outcome: o, below: i + 1 });
});
const OUTCOME_CASE = `CASE ${runs.map((r) => `WHEN b < ${r.below} THEN '${r.outcome}'`).join(' ')} END`;
const CHARGEABLE_B = runs
  .map((r, k) => ({ ...r, from: k === 0 ? 0 : runs[k - 1]!.below }))
  .filter((r) => CHARGEABLE.includes(r.outcome))
  .map((r) => `(b >= ${r.from} AND b < ${r.below})`)
  .join(' OR ');
/**
 * Rows g ∈ [$1, $2] of the generated audit: institution g mod 200, operator (g / 7) mod 2, a NIK from g, an
 * outcome from the shares (bucket b), `at` spread evenly: $4 (epoch seconds) + (g − $5) × $6 seconds; ids
 * g + 1 (given, so no sequence call per row; the sequence is moved past them afterwards).
 */
const GENERATE_SQL = `INSERT INTO access_audit (id, at, request_id, protocol, method, institution_id, account_id,
                               username, nik, outcome, caller_ip, fee_lease_id, fee_rupiah)
     SELECT g + 1, to_timestamp($4::float8 + (g - $5) * $6::float8), 'bench-' || g, 'v1',
            CASE WHEN g % 3 = 0 THEN 'verification' ELSE 'portal' END,
            'inst_bench_' || inst, 'acc_bench_' || inst || '_' || op, 'bench.' || inst || '.' || op,
            '33' || lpad(((g * 7919) % 9000000)::text, 14, '0'), ${OUTCOME_CASE}, '10.0.0.1',
            CASE WHEN inst % 4 = 0 AND (${CHARGEABLE_B}) THEN 'lease_bench_' || inst END,
            CASE WHEN inst % 4 = 0 AND (${CHARGEABLE_B}) THEN 1000 END
       FROM (SELECT g, (g % $3)::int AS inst, (g / 7 % 2)::int AS op, ((g / $3) * 7919 + g / 7) % 100 AS b
               FROM generate_series($1::bigint, $2::bigint) g) s`;
const generateParams = (from: number, to: number, at0: Date, base: number, rows: number, seconds: number) => [
  from,
  to,
  INSTITUTIONS,
  at0.getTime() / 1000,
  base,
  seconds / rows,
];

/** Two sessions of the server (one per core) working through `jobs`, each job one statement. */
async function inParallel(jobs: { sql: string; params?: unknown[] }[], setup: string[], done?: () => void) {
  const queue = [...jobs];
  await Promise.all(
    [0, 1].map(async () => {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      for (const sql of setup) await client.query(sql);
      for (let job = queue.shift(); job; job = queue.shift()) {
        await client.query(job.sql, job.params);
        done?.();
      }
      await client.end();
    }),
  );
}

let t0 = performance.now();
let written = 0;
const chunks: { sql: string; params: unknown[] }[] = [];
for (let from = 0; from < ROWS; from += CHUNK) {
  const to = Math.min(from + CHUNK, ROWS) - 1;
  chunks.push({ sql: GENERATE_SQL, params: generateParams(from, to, start, 0, ROWS, span) });
}
await inParallel(chunks, ['SET synchronous_commit = off'], () => {
  written += CHUNK;
  process.stdout.write(`\r${Math.min(written, ROWS).toLocaleString('en')} rows`);
});
process.stdout.write('\n');
const generateSeconds = seconds(t0);
await db.query(`SELECT setval(pg_get_serial_sequence('access_audit', 'id'), $1)`, [ROWS]);

t0 = performance.now();
let setLoggedSeconds: number | null = null;
if (process.env.BENCH_SET_LOGGED === '1') {
  await db.query('ALTER TABLE access_audit SET LOGGED');
  setLoggedSeconds = seconds(t0);
}
t0 = performance.now();
await inParallel(
  [
    { sql: `CREATE UNIQUE INDEX ${pkey.name} ON access_audit (${pkey.columns})` },
    ...indexes.map((ix) => ({ sql: ix.def })),
  ],
  ["SET maintenance_work_mem = '1GB'", 'SET max_parallel_maintenance_workers = 0'],
);
await db.query(`ALTER TABLE access_audit ADD CONSTRAINT ${pkey.name} PRIMARY KEY USING INDEX ${pkey.name}`);
const indexSeconds = seconds(t0);
t0 = performance.now();
await db.query('VACUUM ANALYZE access_audit');
const vacuumSeconds = seconds(t0);
// The roll-ups the reads use (the hourly job's work, here all at once; more memory for its one big batch).
t0 = performance.now();
await db.transaction(async (tx) => {
  await tx.query("SET LOCAL work_mem = '256MB'");
  await rollUpAudit(tx, new Date());
});
await db.query('VACUUM ANALYZE audit_daily, audit_daily_detail, audit_semester_niks, audit_semester_counts');
const rollupSeconds = seconds(t0);
// The live tail: rows above the watermark, written as the gateway writes them (every index in place), in the
// semester's last minutes.
t0 = performance.now();
if (TAIL_ROWS > 0) {
  await db.query(
    GENERATE_SQL,
    generateParams(
      ROWS,
      ROWS + TAIL_ROWS - 1,
      new Date(end.getTime() - TAIL_SECONDS * 1000),
      ROWS,
      TAIL_ROWS,
      TAIL_SECONDS,
    ),
  );
  await db.query(`SELECT setval(pg_get_serial_sequence('access_audit', 'id'), $1)`, [ROWS + TAIL_ROWS]);
}
const tailSeconds = seconds(t0);

async function measure(label: string, run: (i: number) => Promise<unknown>) {
  await run(RUNS);
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run(i);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)]!;
  console.log(
    `${label}: median ${median.toFixed(1)} ms (min ${ms[0]!.toFixed(1)}, max ${ms.at(-1)!.toFixed(1)})`,
  );
  return { median, min: ms[0]!, max: ms.at(-1)! };
}

// Where one report's time goes: its two reads of the roll-ups plus the live tail, and everything else.
const through = await rollupWatermark(db);
const { from: dayFrom, to: dayTo } = semesterBounds(SEMESTER);
const range = (i: number) => [
  `inst_bench_${(i * 37) % INSTITUTIONS}`,
  start.toISOString(),
  end.toISOString(),
  through,
];
const groups = await measure('  its groups (detail roll-up + tail)', (i) =>
  db.query(GROUPS_SQL, [...range(i), dayFrom, dayTo]),
);
const distinct = await measure('  its distinct NIKs (semester count + tail)', (i) =>
  db.query(DISTINCT_NIKS_SQL, [...range(i), SEMESTER, HIT_OUTCOMES]),
);
const explain = async (sql: string, params: unknown[]) =>
  (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows.map(
    (r) => r['QUERY PLAN'],
  );
const plan = await explain(GROUPS_SQL, [...range(1), dayFrom, dayTo]);
const distinctPlan = await explain(DISTINCT_NIKS_SQL, [...range(1), SEMESTER, HIT_OUTCOMES]);
console.log(plan.join('\n'));
console.log(distinctPlan.join('\n'));
const report = await measure('one institution’s semester report', (i) =>
  semesterFigures(db, `inst_bench_${(i * 37) % INSTITUTIONS}`, SEMESTER, new Date()),
);
const summary = await measure('all institutions’ semester summary', () => semesterSummary(db, {}, SEMESTER));
const statement = await measure('a monthly statement', (i) =>
  getStatement({ db, now: new Date() }, SERVER_ACTOR, {
    institutionId: `inst_bench_${(i * 4) % INSTITUTIONS}`,
    month: '2026-03',
  }),
);
// The figures are real: one institution's report equals its audit rows counted directly (rolled-up and live
// alike), and the summary's row says the same.
const figures = await semesterFigures(db, 'inst_bench_0', SEMESTER, new Date());
const direct = (
  await db.query<{ attempts: number; hits: number; niks: number }>(
    `SELECT count(*)::int AS attempts, count(*) FILTER (WHERE outcome = ANY($4::text[]))::int AS hits,
            count(DISTINCT nik) FILTER (WHERE outcome = ANY($4::text[]))::int AS niks
       FROM access_audit WHERE institution_id = $1 AND at >= $2 AND at < $3`,
    ['inst_bench_0', start.toISOString(), end.toISOString(), HIT_OUTCOMES],
  )
).rows[0]!;
if (
  direct.attempts !== figures.totals.attempts ||
  direct.hits !== figures.totals.hits ||
  direct.niks !== figures.totals.distinctNiks
)
  throw new Error(
    `report ≠ audit for inst_bench_0: ${JSON.stringify(figures.totals)} vs ${JSON.stringify(direct)}`,
  );
const all = await semesterSummary(db, {}, SEMESTER);
const inst0 = all.institutions.find((r) => r.institutionId === 'inst_bench_0')!;
if (inst0.hits !== figures.totals.hits || inst0.refused !== figures.totals.refused)
  throw new Error(
    `summary ≠ report for inst_bench_0: ${JSON.stringify(inst0)} vs ${JSON.stringify(figures.totals)}`,
  );
const tailOfOne = (
  await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM access_audit WHERE id > $1 AND institution_id = $2',
    [through, 'inst_bench_0'],
  )
).rows[0]!.n;

const results = {
  database: `PostgreSQL ${(await db.query<{ v: string }>('SELECT current_setting($$server_version$$) AS v')).rows[0]!.v.split(' ')[0]}`,
  rows: ROWS,
  institutions: INSTITUTIONS,
  runs: RUNS,
  generateSeconds: +generateSeconds.toFixed(1),
  generateCovers:
    'rows written into access_audit (unlogged, no index, ids given, two sessions); not the index and ' +
    'primary-key rebuild, vacuum, roll-up or tail below',
  setLoggedSeconds: setLoggedSeconds === null ? null : +setLoggedSeconds.toFixed(1),
  indexRebuildSeconds: +indexSeconds.toFixed(1),
  vacuumAnalyzeSeconds: +vacuumSeconds.toFixed(1),
  rollupSeconds: +rollupSeconds.toFixed(1),
  tailRows: TAIL_ROWS,
  tailSeconds: +tailSeconds.toFixed(1),
  tailRowsOfOneInstitution: tailOfOne,
  reportMedianMs: +report.median.toFixed(1),
  reportGroupsScanMedianMs: +groups.median.toFixed(1),
  reportDistinctNiksMedianMs: +distinct.median.toFixed(1),
  summaryMedianMs: +summary.median.toFixed(1),
  statementMedianMs: +statement.median.toFixed(1),
  reportMaxMs: +report.max.toFixed(1),
  summaryMaxMs: +summary.max.toFixed(1),
  statementMaxMs: +statement.max.toFixed(1),
  rowsPerInstitution: Math.round(ROWS / INSTITUTIONS),
  hitsOfOneInstitution: figures.totals.hits,
  distinctNiksOfOneInstitution: figures.totals.distinctNiks,
  targets: TARGETS,
  met: {
    generate: generateSeconds <= TARGETS.generateSeconds,
    report: report.median <= TARGETS.reportMs,
    summary: summary.median <= TARGETS.summaryMs,
    statement: statement.median <= TARGETS.statementMs,
  },
  reportPlan: plan,
  distinctNiksPlan: distinctPlan,
  loadavg: loadavg()
    .map((l) => l.toFixed(2))
    .join(' '),
};
console.table(
  Object.fromEntries(Object.entries(results).filter(([, v]) => typeof v !== 'object' || v === null)),
);
console.log('targets met:', results.met);
const file = join('bench', 'results', `reports-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`wrote ${file}`);
await db.close();
if (process.env.BENCH_KEEP !== '1') await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
await admin.end();
