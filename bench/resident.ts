/**
 * `npm run bench:resident`: the resident's history page ("Cek akses data saya") over a large audit, on the real
 * PostgreSQL (RB_DATABASE_URL, else `gerbang_bench_resident` on 127.0.0.1:5432, created if missing; the
 * benchmark empties its audit, so it never takes another database from DATABASE_URL).
 *
 * Fills `access_audit` with RB_ROWS rows (default 10,000,000) in SQL alone (INSERT … SELECT generate_series, in
 * chunks of 1 M: no row crosses the wire), two years of accesses by ten institutions over five million NIKs, and
 * among them one NIK with RB_TARGET accesses (default 1,000) scattered evenly through the table, as a real
 * resident's would be. The secondary indexes are dropped for the load and the history's own index
 * (`access_audit_nik_idx (nik, at)`) is built after it, as a restore would; the others, which do not serve
 * this read, are rebuilt only with RB_KEEP=1 (the database is dropped at the end otherwise).
 *
 * Then measures, RB_SAMPLES times each (default 30; median, p95, max):
 *   - first page and the deepest page (the last 50 of the 1,000) through the HTTP route
 *     (`GET /v1/resident/history`, app.inject: session check, query, serialisation), against ≤ 50 ms;
 *   - the same two pages through `residentHistory` alone (the SQL round trip);
 *   - the history PDF (all 1,000 records) through its route (5 samples: seconds each).
 * The rows carry a leaf_index (they stand for rows the transparency log already holds), so the app's log
 * sequencer has nothing to do.
 * Prints a table and writes it as JSON under bench/results/, with the load average. RB_KEEP=1 keeps the filled
 * database for another run (which then skips the load).
 *
 * The NIK index's cost on the access path (the issue's ≤ 5 %) is measured with `npm run bench`, not here: run
 * it once as it is and once after `DROP INDEX access_audit_nik_idx` on its database, same scale and rounds,
 * on a quiet machine, and compare the v1 look-up and verification rows' req/s (each access writes one audit
 * row, so the index's maintenance is the whole difference).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/http/app.ts';
import { openAndMigrate } from '../src/server.ts';
import { TYPICAL_AGREEMENT_ELEMENTS } from '../src/modules/elements/elements.ts';
import { insertInstitution } from '../src/modules/institutions/institutions.repo.ts';
import { insertOffice } from '../src/modules/offices/offices.repo.ts';
import { addSyntheticContacts } from '../src/modules/resident/resident.contacts.ts';
import { residentHistory } from '../src/modules/resident/resident.history.ts';
import { insertResidents } from '../src/modules/residents/residents.bulk.ts';
import { generateResidents } from '../src/modules/residents/residents.generator.ts';
import { ensureDatabase } from './setup.ts';

const ROWS = Number(process.env.RB_ROWS ?? 10_000_000);
const TARGET = Number(process.env.RB_TARGET ?? 1_000);
const SAMPLES = Number(process.env.RB_SAMPLES ?? 30);
const CHUNK = 1_000_000;
// A database of its own (it truncates the audit): RB_DATABASE_URL, never another run's DATABASE_URL.
const OWN = 'postgres://postgres@127.0.0.1:5432/gerbang_bench_resident';
const url = process.env.RB_DATABASE_URL || OWN;

await ensureDatabase(url);
const config = loadConfig({
  ...process.env,
  DATABASE_URL: url,
  LOG_LEVEL: 'silent',
  NODE_ENV: 'development',
});
const db = await openAndMigrate(config);
const now = new Date();
const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);

// The resident whose history is read: a generated (synthetic) person, with the registry's synthetic e-mail.
const [person] = [...generateResidents({ seed: 15, count: 1 })];
const nik = person!.nik;
const known = await db.query(`SELECT 1 FROM residents WHERE nik = $1`, [nik]);
if (known.rows.length === 0) await insertResidents(db, [person!]);
await addSyntheticContacts(db, [nik]);

const { rows: count } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM access_audit`);
const loaded = Number(count[0]!.n);
let loadSeconds: number | null = null;
let indexSeconds: number | null = null;
if (loaded !== ROWS) {
  console.log(`filling access_audit with ${ROWS.toLocaleString('en')} rows (${TARGET} of them for one NIK)…`);
  await db.query(`TRUNCATE access_audit`);
  const central = await db.query<{ id: string }>(`SELECT id FROM offices WHERE level = 'central'`);
  const office =
    central.rows[0] ??
    (await insertOffice(db, { level: 'central', regionCode: null, name: 'Bench', parentId: null }));
  const institutions: string[] = [];
  for (let i = 0; i < 10; i++) {
    const existing = await db.query<{ id: string }>(`SELECT id FROM institutions WHERE code = $1`, [
      `BENCH_RH${i}`,
    ]);
    institutions.push(
      existing.rows[0]?.id ??
        (
          await insertInstitution(db, {
            code: `BENCH_RH${i}`,
            name: `Instansi Bench ${i}`,
            officeId: office.id,
            allowedNetworks: [],
          })
        ).id,
    );
  }
  // The secondary indexes, kept to be rebuilt after the load (the primary key stays).
  const { rows: indexes } = await db.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes
      WHERE tablename = 'access_audit' AND indexname <> 'access_audit_pkey'`,
  );
  for (const ix of indexes) await db.query(`DROP INDEX ${ix.name}`);
  const every = Math.floor(ROWS / TARGET);
  const start = new Date(now.getTime() - 730 * 86_400_000);
  const step = (730 * 86_400) / ROWS; // seconds between rows: two years of accesses in id order
  const t0 = performance.now();
  for (let from = 1; from <= ROWS; from += CHUNK) {
    const to = Math.min(ROWS, from + CHUNK - 1);
    await db.query(
      `INSERT INTO access_audit (at, request_id, protocol, method, institution_id, username, nik,
                                 elements_requested, elements_returned, outcome, caller_ip, purpose,
                                 purpose_defaulted, leaf_index)
       SELECT $1::timestamptz + make_interval(secs => g * $2::float8), 'bench-' || g,
              CASE WHEN g % 3 = 0 THEN 'wire' ELSE 'v1' END,
              CASE WHEN g % 4 = 0 THEN 'verification' ELSE 'portal' END,
              ($3::text[])[1 + g % 10], 'bench.op' || (g % 10),
              CASE WHEN g % $4 = 0 AND g / $4 <= $5 THEN $6
                   ELSE '3301' || lpad(((g * 7919) % 5000000)::text, 12, '0') END,
              '{}', CASE WHEN g % 50 = 0 THEN '{}'::text[] ELSE $7::text[] END,
              CASE WHEN g % 50 = 0 THEN 'not_found' ELSE 'found' END, '10.33.1.1',
              CASE WHEN g % 2 = 0 THEN 'BANSOS' ELSE 'BENCANA' END, g % 3 = 0, g - 1
         FROM generate_series($8::bigint, $9::bigint) g`,
      [
        start.toISOString(),
        step,
        institutions,
        every,
        TARGET,
        nik,
        [...TYPICAL_AGREEMENT_ELEMENTS],
        from,
        to,
      ],
    );
    console.log(`  ${to.toLocaleString('en')} rows, ${seconds(t0)} s`);
  }
  loadSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  // The history's index first (what this benchmark reads), then the rest as they were.
  const nikIndex = indexes.find((ix) => ix.name === 'access_audit_nik_idx')!;
  await db.query(nikIndex.def);
  indexSeconds = (performance.now() - t1) / 1000;
  console.log(`  access_audit_nik_idx built in ${indexSeconds.toFixed(1)} s`);
  // The log sequencer's index of unsequenced rows (empty: the rows stand for ones already in the log), else
  // the app's sequencer would scan the table every second. The other indexes serve other reads; rebuilt only
  // when the database is kept (it is dropped otherwise).
  const always = new Set(['access_audit_unsequenced_idx']);
  for (const ix of indexes.filter(
    (x) => x !== nikIndex && (always.has(x.name) || process.env.RB_KEEP === '1'),
  ))
    await db.query(ix.def);
  await db.query(`VACUUM ANALYZE access_audit`);
  console.log(`  indexes and ANALYZE done, ${seconds(t1)} s`);
}
const { rows: mine } = await db.query<{ n: number }>(
  `SELECT count(*)::int AS n FROM access_audit WHERE nik = $1`,
  [nik],
);

const app = await buildApp({ config, db, logger: false });
const ask = await app.inject({ method: 'POST', url: '/v1/resident/sign-in/code', payload: { nik } });
if (ask.statusCode !== 202) throw new Error(`code request: ${ask.statusCode} ${ask.body}`);
const code = (await app.inject({ url: '/v1/resident/dev/outbox' })).json().items[0].code as string;
const signIn = await app.inject({ method: 'POST', url: '/v1/resident/sign-in', payload: { nik, code } });
if (signIn.statusCode !== 201) throw new Error(`sign-in: ${signIn.statusCode} ${signIn.body}`);
const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;

// The deepest page's cursor: the id just above the last 50 of the NIK's records.
const { rows: deep } = await db.query<{ id: string }>(
  `SELECT id FROM access_audit WHERE nik = $1 ORDER BY id ASC OFFSET 50 LIMIT 1`,
  [nik],
);
const deepCursor = Number(deep[0]!.id);

async function measure(label: string, run: () => Promise<number>, samples = SAMPLES) {
  for (let i = 0; i < 3; i++) await run(); // warm-up
  const ms: number[] = [];
  let items = 0;
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    items = await run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => Number(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(2));
  return { case: label, items, samples, medianMs: at(0.5), p95Ms: at(0.95), maxMs: at(1) };
}

const route = async (query: string) => {
  const res = await app.inject({ url: `/v1/resident/history${query}`, headers: { cookie } });
  if (res.statusCode !== 200) throw new Error(`history: ${res.statusCode} ${res.body}`);
  return (res.json() as { items: unknown[] }).items.length;
};
const results = [
  await measure('route: first page (50)', () => route('?limit=50')),
  await measure('route: deepest page (last 50)', () => route(`?limit=50&before=${deepCursor}`)),
  await measure(
    'SQL: first page (50)',
    async () => (await residentHistory(db, { nik, now, limit: 50 })).length,
  ),
  await measure(
    'SQL: deepest page (last 50)',
    async () => (await residentHistory(db, { nik, now, limit: 50, before: deepCursor })).length,
  ),
  await measure(
    'route: PDF of all records',
    async () => {
      const res = await app.inject({ url: '/v1/resident/history/document?format=pdf', headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`pdf: ${res.statusCode}`);
      return mine[0]!.n;
    },
    5,
  ),
];
const { rows: plan } = await db.query<{ 'QUERY PLAN': string }>(
  `EXPLAIN SELECT id FROM access_audit WHERE nik = $1 ORDER BY at DESC, id DESC LIMIT 50`,
  [nik],
);

const summary = {
  at: now.toISOString(),
  database: 'postgresql',
  auditRows: ROWS,
  residentAccesses: mine[0]!.n,
  loadSeconds,
  nikIndexBuildSeconds: indexSeconds,
  targetMs: 50,
  firstPageWithinTarget: results[0]!.medianMs <= 50,
  deepPageWithinTarget: results[1]!.medianMs <= 50,
  plan: plan.map((p) => p['QUERY PLAN']),
  loadavg: loadavg()
    .map((l) => l.toFixed(2))
    .join(' '),
  results,
};
console.table(results);
console.log(
  `audit rows ${ROWS.toLocaleString('en')}, this NIK ${mine[0]!.n}; load average ${summary.loadavg}`,
);
const file = join('bench', 'results', `resident-${now.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(summary, null, 2));
console.log(`wrote ${file}`);
await app.close();
if (process.env.RB_KEEP !== '1') {
  await db.close();
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  // Only the benchmark's own database is dropped (never one given from outside).
  if (url === OWN) {
    admin.pathname = '/postgres';
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    await c.query(`DROP DATABASE ${name}`);
    await c.end();
  }
} else await db.close();
