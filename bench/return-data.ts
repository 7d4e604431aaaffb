/**
 * `npm run bench:return-data`: a CSV of RD_ROWS rows of a 5-column schema (NIK, PERIODE and three fields)
 * validated and stored through `importFile` (the upload's path), against a raw COPY of the same file into an
 * unindexed table in the same run (PostgreSQL only: DATABASE_URL); the Node RSS peak sampled every 20 ms; and
 * an XLSX of RD_XLSX_ROWS rows (default 100,000). RD_ROWS may list sizes (`1000000,5000000`, default 1,000,000):
 * each is imported in turn into an emptied store, so the RSS at each size is measured in the same process (the
 * issue: flat from 1 M to 5 M). Prints the table; writes it as JSON under bench/results/. On PGlite (no
 * DATABASE_URL) a fresh data folder is used, the COPY baseline is skipped, and the database's own memory is in
 * the RSS (it runs inside this process).
 *
 * The found accesses the enumeration rule reads are written as the access path writes them: naming the
 * agreement's version. Files are generated to disk as streams; nothing of them stays in memory, and the heap
 * is collected (`--expose-gc`) before each RSS baseline.
 *
 * Each CSV is also imported the way an operator runs it in production: `gerbang return-data import FILE
 * --agreement ID` in a process of its own, from the compiled build (`npm run build:server`, which this script's
 * npm command runs first; this process itself runs the sources through tsx, whose compiler alone adds ~80 MB).
 * Its wall time (start-up included) and its peak RSS (the kernel's VmHWM, read from /proc while it runs) are
 * the `cli…` rows.
 */
import { spawn } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { loadConfig } from '../src/config.ts';
import { openAndMigrate } from '../src/server.ts';
import { insertVersion } from '../src/modules/agreements/agreement-versions.repo.ts';
import { insertAgreement } from '../src/modules/agreements/agreements.repo.ts';
import { SERVER_ACTOR } from '../src/core/actor.ts';
import { insertInstitution } from '../src/modules/institutions/institutions.repo.ts';
import { insertOffice } from '../src/modules/offices/offices.repo.ts';
import { importFile, setReturnDataSchema } from '../src/modules/return-data/return-data.service.ts';

const SIZES = (process.env.RD_ROWS ?? '1000000').split(',').map(Number);
const XLSX_ROWS = Number(process.env.RD_XLSX_ROWS ?? 100_000);
const work = mkdtempSync(join(tmpdir(), 'gerbang-bench-rd-'));
const config = loadConfig({ ...process.env, DATA_DIR: join(work, 'data'), LOG_LEVEL: 'silent' });
const db = await openAndMigrate(config);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const mb = (b: number) => Math.round(b / 1024 / 1024);
const rss = () => {
  gc();
  return process.memoryUsage().rss;
};
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
const version = await insertVersion(db, {
  agreementId: agreement.id,
  createdBy: null,
  reason: 'Benchmark',
  now,
  purpose: 'Benchmark',
  elements: ['NIK'],
  methods: ['portal'],
  endDate: '2030-12-31',
  returnData: ['JENIS', 'JUMLAH', 'KETERANGAN'],
  allowedNetworks: [],
  bandwidthMbps: null,
  quotaPerAccount: null,
  cardReaders: 0,
  contactPersons: [],
  purposeCodes: [],
  defaultPurpose: null,
});
await setReturnDataSchema({ db, now }, SERVER_ACTOR, {
  agreementId: agreement.id,
  period: 'monthly',
  coverageShare: 1,
  fields: [
    { key: 'JENIS', label: 'Jenis', type: 'code', required: true, values: ['PKH', 'PBI'] },
    { key: 'JUMLAH', label: 'Jumlah', type: 'integer', required: true, min: 0, max: 1000000 },
    { key: 'KETERANGAN', label: 'Keterangan', type: 'text', required: false, maxLength: 100 },
  ],
});
// The NIKs accessed (found) under the agreement's version: the enumeration rule reads them.
await db.query(
  `INSERT INTO access_audit (at, request_id, protocol, method, institution_id, nik, outcome, caller_ip,
                             agreement_version_id)
   SELECT now(), 'bench', 'v1', 'portal', $1, '3301' || lpad(g::text, 12, '0'), 'found', '127.0.0.1', $3
     FROM generate_series(0, $2::int - 1) g`,
  [inst.id, Math.max(...SIZES, XLSX_ROWS), version.id],
);
await db.query('ANALYZE access_audit');

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
  sizes: SIZES.join(','),
  xlsxRows: XLSX_ROWS,
  database: db.kind,
  rssAfterSetupMb: mb(rss()),
};
const csvPath = join(work, 'rd.csv');
/** One import through the upload's path, timed, with the process's peak RSS while it ran. */
async function timedImport(path: string, filename: string) {
  peak = process.memoryUsage().rss;
  const t0 = performance.now();
  const upload = await importFile({ db, now }, SERVER_ACTOR, {
    agreementId: agreement.id,
    path,
    filename,
    channel: 'cli',
  });
  return {
    seconds: (performance.now() - t0) / 1000,
    accepted: upload.accepted,
    rejected: upload.rejected,
    peakMb: mb(peak),
  };
}

/** The production CLI's import of `path` in a process of its own: wall seconds, peak RSS (VmHWM), accepted. */
async function cliImport(path: string) {
  if (!existsSync('dist/BUILD')) throw new Error('no compiled build: run npm run build:server first');
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    ['bin/gerbang.js', 'return-data', 'import', path, '--agreement', agreement.id],
    {
      env: { ...process.env, LOG_LEVEL: 'silent', GERBANG_SOURCE: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  let hwm = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) hwm = Math.max(hwm, Number(m[1]) * 1024);
    } catch {
      // the process has ended
    }
  }, 20);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearInterval(poll);
  if (code !== 0) throw new Error(`gerbang return-data import exited with ${code}`);
  return {
    seconds: (performance.now() - t0) / 1000,
    peakMb: mb(hwm),
    accepted: (JSON.parse(out) as { accepted: number }).accepted,
  };
}

for (const rows of SIZES) {
  const k = (name: string) => (SIZES.length > 1 ? `${name}@${rows}` : name);
  // Each size into an emptied store: inserts, not updates of the previous size's rows.
  await db.query('DELETE FROM return_data_records WHERE agreement_id = $1', [agreement.id]);
  if (db.kind === 'postgres') await db.query('VACUUM return_data_records');
  await writeCsv(csvPath, rows);
  // Raw COPY of the same file into an unindexed table (PostgreSQL only).
  if (db.copyFrom) {
    await db.query(
      'CREATE UNLOGGED TABLE IF NOT EXISTS bench_rd_raw (nik text, period text, jenis text, jumlah text, ket text)',
    );
    await db.query('TRUNCATE bench_rd_raw');
    const t0 = performance.now();
    await db.copyFrom('COPY bench_rd_raw FROM STDIN (FORMAT csv, HEADER true)', createReadStream(csvPath));
    results[k('copySeconds')] = (performance.now() - t0) / 1000;
  } else results[k('copySeconds')] = null;

  results[k('rssBeforeCsvMb')] = mb(rss());
  const csv = await timedImport(csvPath, 'rd.csv');
  results[k('csvSeconds')] = csv.seconds;
  results[k('csvAccepted')] = csv.accepted;
  results[k('csvRejected')] = csv.rejected;
  results[k('csvPeakRssMb')] = csv.peakMb;
  const copy = results[k('copySeconds')] as number | null;
  results[k('ratioToCopy')] = copy ? copy / (results[k('csvSeconds')] as number) : null;
  // The same file again through the production CLI, into an emptied store (inserts again, not updates).
  if (db.kind === 'postgres') {
    await db.query('DELETE FROM return_data_records WHERE agreement_id = $1', [agreement.id]);
    await db.query('VACUUM return_data_records');
    const cli = await cliImport(csvPath);
    results[k('cliSeconds')] = cli.seconds;
    results[k('cliAccepted')] = cli.accepted;
    results[k('cliPeakRssMb')] = cli.peakMb;
  }
  rmSync(csvPath, { force: true });
}

// RD_XLSX_ROWS=0 measures the CSV sizes alone.
if (XLSX_ROWS > 0) {
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
  await db.query('DELETE FROM return_data_records WHERE agreement_id = $1', [agreement.id]);
  results.rssBeforeXlsxMb = mb(rss());
  const xlsx = await timedImport(xlsxPath, 'rd.xlsx');
  results.xlsxSeconds = xlsx.seconds;
  results.xlsxAccepted = xlsx.accepted;
  results.xlsxPeakRssMb = xlsx.peakMb;
}
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
