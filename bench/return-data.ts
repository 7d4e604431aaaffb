/**
 * `npm run bench:return-data`: a CSV of RD_ROWS rows (default 1,000,000) of a 5-column schema (NIK, PERIODE and
 * three fields) validated and stored through `importFile` (the upload's path), against a raw COPY of the same
 * file into an unindexed table in the same run (PostgreSQL only: DATABASE_URL), the Node RSS peak sampled
 * every 50 ms, and an XLSX of RD_XLSX_ROWS rows (default 100,000). Prints the table; writes it as JSON under
 * bench/results/. On PGlite (no DATABASE_URL) a fresh data folder is used and the COPY baseline is skipped.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { loadConfig } from '../src/config.ts';
import { openAndMigrate } from '../src/server.ts';
import { insertAgreement } from '../src/modules/agreements/agreements.repo.ts';
import { SERVER_ACTOR } from '../src/modules/auth/actor.ts';
import { insertInstitution } from '../src/modules/institutions/institutions.repo.ts';
import { insertOffice } from '../src/modules/offices/offices.repo.ts';
import { importFile, setReturnDataSchema } from '../src/modules/return-data/return-data.service.ts';

const ROWS = Number(process.env.RD_ROWS ?? 1_000_000);
const XLSX_ROWS = Number(process.env.RD_XLSX_ROWS ?? 100_000);
const work = mkdtempSync(join(tmpdir(), 'gerbang-bench-rd-'));
const config = loadConfig({ ...process.env, DATA_DIR: join(work, 'data'), LOG_LEVEL: 'silent' });
const db = await openAndMigrate(config);

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const mb = (b: number) => Math.round(b / 1024 / 1024);
const nik = (i: number) => `3301${String(i).padStart(12, '0')}`;
const now = new Date();
const period = now.toISOString().slice(0, 7);

const office = await insertOffice(db, { level: 'central', regionCode: null, name: 'Bench', parentId: null });
const inst = await insertInstitution(db, {
  code: 'BENCH_RD',
  name: 'Bench RD',
  officeId: office.id,
  allowedNetworks: [],
});
const agreement = await insertAgreement(db, {
  institutionId: inst.id,
  officeId: office.id,
  registryNumber: 'BENCH/RD',
  institutionNumber: 'BENCH/RD',
  purpose: 'Benchmark',
  elements: ['NIK'],
  methods: ['portal'],
  startDate: '2026-01-01',
  endDate: '2030-12-31',
  status: 'active',
  defaultThreshold: 80,
  allowedHoursStart: null,
  allowedHoursEnd: null,
});
await setReturnDataSchema(
  db,
  agreement.id,
  {
    period: 'monthly',
    coverageShare: 1,
    fields: [
      { key: 'JENIS', label: 'Jenis', type: 'code', required: true, values: ['PKH', 'PBI'] },
      { key: 'JUMLAH', label: 'Jumlah', type: 'integer', required: true, min: 0, max: 1000000 },
      { key: 'KETERANGAN', label: 'Keterangan', type: 'text', required: false, maxLength: 100 },
    ],
  },
  { actor: SERVER_ACTOR, now },
);
// The NIKs accessed (found) under the agreement: the enumeration rule reads them.
await db.query(
  `INSERT INTO access_audit (at, request_id, protocol, method, institution_id, nik, outcome, caller_ip)
   SELECT now(), 'bench', 'v1', 'portal', $1, '3301' || lpad(g::text, 12, '0'), 'found', '127.0.0.1'
     FROM generate_series(0, $2::int - 1) g`,
  [inst.id, Math.max(ROWS, XLSX_ROWS)],
);

async function writeCsv(path: string, rows: number) {
  const out = createWriteStream(path);
  out.write('NIK,PERIODE,JENIS,JUMLAH,KETERANGAN\n');
  for (let i = 0; i < rows; i++) {
    if (!out.write(`${nik(i)},${period},${i % 2 ? 'PKH' : 'PBI'},${i % 1000},catatan ${i % 97}\n`))
      await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const results: Record<string, number | string | null> = {
  rows: ROWS,
  xlsxRows: XLSX_ROWS,
  database: db.kind,
};
const csvPath = join(work, 'rd.csv');
await writeCsv(csvPath, ROWS);

// Raw COPY of the same file into an unindexed table (PostgreSQL only).
if (db.copyFrom) {
  await db.query(
    'CREATE UNLOGGED TABLE IF NOT EXISTS bench_rd_raw (nik text, period text, jenis text, jumlah text, ket text)',
  );
  const t0 = performance.now();
  await db.copyFrom('COPY bench_rd_raw FROM STDIN (FORMAT csv, HEADER true)', createReadStream(csvPath));
  results.copySeconds = (performance.now() - t0) / 1000;
} else results.copySeconds = null;

// PGlite runs inside this process: its memory is in the RSS too, so the RSS before the import is shown.
results.rssBeforeCsvMb = mb(process.memoryUsage().rss);
peak = process.memoryUsage().rss;
let t0 = performance.now();
const csv = await importFile(
  db,
  { agreementId: agreement.id, path: csvPath, filename: 'rd.csv', channel: 'cli' },
  { actor: SERVER_ACTOR, now },
);
results.csvSeconds = (performance.now() - t0) / 1000;
results.csvAccepted = csv.accepted;
results.csvRejected = csv.rejected;
results.csvPeakRssMb = mb(peak);
results.ratioToCopy = results.copySeconds
  ? (results.copySeconds as number) / (results.csvSeconds as number)
  : null;

const xlsxPath = join(work, 'rd.xlsx');
const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
  filename: xlsxPath,
  useSharedStrings: false,
  useStyles: false,
});
const ws = wb.addWorksheet('Data');
ws.addRow(['NIK', 'PERIODE', 'JENIS', 'JUMLAH', 'KETERANGAN']).commit();
for (let i = 0; i < XLSX_ROWS; i++) ws.addRow([nik(i), period, 'PKH', i % 1000, 'x']).commit();
ws.commit();
await wb.commit();
results.rssBeforeXlsxMb = mb(process.memoryUsage().rss);
peak = process.memoryUsage().rss;
t0 = performance.now();
const xlsx = await importFile(
  db,
  { agreementId: agreement.id, path: xlsxPath, filename: 'rd.xlsx', channel: 'cli' },
  { actor: SERVER_ACTOR, now },
);
results.xlsxSeconds = (performance.now() - t0) / 1000;
results.xlsxAccepted = xlsx.accepted;
results.xlsxPeakRssMb = mb(peak);
results.loadavg = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ');
clearInterval(sampler);

console.table(results);
const file = join('bench', 'results', `return-data-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`wrote ${file}`);
await db.close();
rmSync(work, { recursive: true, force: true });
