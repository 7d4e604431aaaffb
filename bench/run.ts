/**
 * `npm run bench`: Gerbang's access path against its own baselines, in one run on one machine.
 *
 * Starts the gateway (bin/gerbang.js serve, with BENCH_ROUTES=true) on a real PostgreSQL (DATABASE_URL, by
 * default the local server's database `gerbang_bench`, created if missing), loads the residents it needs,
 * provisions a benchmark institution, then drives every scenario with the same load generator and settings
 * (autocannon, in a separate process, a random NIK per request) at each connection count. Prints one table
 * and writes it as JSON under bench/results/.
 *
 *   npm run bench -- [--residents N] [--duration S] [--connections 50,100] [--scale 1000000,10000000]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { sampleNiks } from '../src/modules/residents/residents.repo.ts';
import { openAndMigrate } from '../src/server.ts';
import { startGateway } from '../src/test/gateway.ts';
import type { LoadSpec } from './load.ts';
import { BENCH_DATABASE_URL, ensureDatabase, ensureResidents } from './setup.ts';
import { BENCH_PASSWORD, provisionBench, type BenchWorld } from './world.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const { values: args } = parseArgs({
  options: {
    residents: { type: 'string', default: '200000' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50,100' },
    only: { type: 'string' },
    scale: { type: 'string' },
  },
});

const databaseUrl = BENCH_DATABASE_URL;
const duration = Number(args.duration);
const warmup = Number(args.warmup);
const connectionCounts = args.connections!.split(',').map(Number);

interface Scenario {
  name: string;
  /** Which baseline row of the table this is (they are measured like the others). */
  kind: 'baseline' | 'access' | 'refused';
  path: string;
  headers?: Record<string, string>;
  body: string;
  expectStatus: number;
  expectBody: string;
}

interface Row {
  scenario: string;
  kind: Scenario['kind'];
  residents: number;
  connections: number;
  rps: number;
  pctOfBare: number;
  pctOfPk: number;
  p50: number;
  p99: number;
  errors: number;
  sampled: number;
  unexpected: number;
  statuses: Record<string, number>;
}

async function token(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (!res.ok) throw new Error(`token for ${username}: HTTP ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

function scenarios(w: BenchWorld, tokens: Record<string, string>): Scenario[] {
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  const verifyBody = JSON.stringify({
    nik: '{{NIK}}',
    elements: { NAMA_LGKP: 'BUDI SANTOSO', TGL_LHR: '1990-01-01', JENIS_KLMIN: 'LAKI-LAKI' },
  });
  const lookupBody = JSON.stringify({ nik: '{{NIK}}' });
  const wire = (userId: string, password: string) =>
    JSON.stringify({
      USER_ID: userId,
      PASSWORD: password,
      IP_USER: '127.0.0.1',
      TRESHOLD: '80',
      NIK: '{{NIK}}',
      NAMA_LGKP: 'BUDI SANTOSO',
      TGL_LHR: '01-01-1990',
      JENIS_KLMIN: 'LAKI-LAKI',
    });
  const wirePath = `/dukcapil/get_json/${w.customerId}/CALL_VERIFY_BY_ELEMEN`;
  return [
    {
      name: 'bare JSON (baseline)',
      kind: 'baseline',
      path: '/bench/bare',
      body: lookupBody,
      expectStatus: 200,
      expectBody: '"ok":true',
    },
    {
      name: 'PK read (limit)',
      kind: 'baseline',
      path: '/bench/pk',
      body: lookupBody,
      expectStatus: 200,
      expectBody: '"found":true',
    },
    {
      name: 'v1 verification',
      kind: 'access',
      path: '/v1/verifications',
      headers: bearer(tokens.operator!),
      body: verifyBody,
      expectStatus: 200,
      expectBody: '"outcome":"FOUND"',
    },
    {
      name: 'v1 look-up',
      kind: 'access',
      path: '/v1/lookups',
      headers: bearer(tokens.operator!),
      body: lookupBody,
      expectStatus: 200,
      expectBody: '"outcome":"FOUND"',
    },
    {
      name: 'wire CALL_VERIFY_BY_ELEMEN',
      kind: 'access',
      path: wirePath,
      body: wire(w.operator, BENCH_PASSWORD),
      expectStatus: 200,
      expectBody: '"RESPONSE_CODE":"01"',
    },
    {
      name: 'refused: wrong password (wire)',
      kind: 'refused',
      path: wirePath,
      body: wire(w.attacked, 'wrong-password-123'),
      expectStatus: 200,
      expectBody: '"RESPONSE_CODE":"03"',
    },
    {
      name: 'refused: quota used up (v1)',
      kind: 'refused',
      path: '/v1/lookups',
      headers: bearer(tokens.exhausted!),
      body: lookupBody,
      expectStatus: 429,
      expectBody: 'QUOTA',
    },
    {
      name: 'refused: outside networks (v1)',
      kind: 'refused',
      path: '/v1/lookups',
      headers: bearer(tokens.outsider!),
      body: lookupBody,
      expectStatus: 403,
      expectBody: 'NETWORK',
    },
  ];
}

function load(spec: LoadSpec): {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  sampled: number;
  unexpected: number;
  statuses: Record<string, number>;
} {
  const out = execFileSync('node', ['--import', 'tsx', join(ROOT, 'bench/load.ts'), JSON.stringify(spec)], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

async function measure(base: string, list: Scenario[], niksFile: string, residents: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const connections of connectionCounts) {
    const found: Record<string, number> = {};
    for (const s of list) {
      const spec = (d: number): LoadSpec => ({
        url: base,
        path: s.path,
        headers: s.headers ?? {},
        bodyTemplate: s.body,
        niksFile,
        connections,
        durationSeconds: d,
        expectStatus: s.expectStatus,
        expectBody: s.expectBody,
      });
      if (warmup > 0) load(spec(warmup));
      const r = load(spec(duration));
      found[s.name] = r.rps;
      const bare = found['bare JSON (baseline)'] ?? r.rps;
      const pk = found['PK read (limit)'] ?? r.rps;
      const row: Row = {
        scenario: s.name,
        kind: s.kind,
        residents,
        connections,
        rps: Math.round(r.rps),
        pctOfBare: Math.round((r.rps / bare) * 1000) / 10,
        pctOfPk: Math.round((r.rps / pk) * 1000) / 10,
        p50: r.p50,
        p99: r.p99,
        errors: r.errors + r.timeouts,
        sampled: r.sampled,
        unexpected: r.unexpected,
        statuses: r.statuses,
      };
      rows.push(row);
      console.log(
        `  ${String(connections).padStart(3)} conns  ${s.name.padEnd(32)} ${String(row.rps).padStart(7)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms${row.unexpected ? `  (${row.unexpected}/${row.sampled} sampled answers unexpected)` : ''}`,
      );
    }
  }
  return rows;
}

function table(rows: Row[]): string {
  const head = [
    'scenario',
    'residents',
    'conns',
    'req/s',
    '% bare',
    '% PK',
    'p50 ms',
    'p99 ms',
    'errors',
    'checked',
  ];
  const body = rows.map((r) => [
    r.scenario,
    r.residents.toLocaleString('en'),
    String(r.connections),
    r.rps.toLocaleString('en'),
    `${r.pctOfBare}`,
    `${r.pctOfPk}`,
    String(r.p50),
    String(r.p99),
    String(r.errors),
    `${r.sampled - r.unexpected}/${r.sampled}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [
    line(head),
    `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 1) + '-' : '-'.repeat(w + 1) + ':')).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}

async function main(): Promise<void> {
  await ensureDatabase(databaseUrl);
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' });
  const db = await openAndMigrate(config);
  const sizes = args.scale ? args.scale.split(',').map(Number) : [Number(args.residents)];
  const tmp = mkdtempSync(join(tmpdir(), 'gerbang-bench-'));
  const niksFile = join(tmp, 'niks.txt');
  const world = await provisionBench(db);
  const port = 18_000 + Math.floor(Math.random() * 1000);
  const base = `http://127.0.0.1:${port}`;
  const rows: Row[] = [];
  try {
    for (const size of sizes) {
      await ensureResidents(db, size);
      writeFileSync(niksFile, (await sampleNiks(db, { count: 20_000, status: 'active' })).join('\n'));
      const gateway = await startGateway({
        databaseUrl,
        port,
        env: { BENCH_ROUTES: 'true' },
        stdio: 'inherit',
      });
      try {
        const tokens = {
          operator: await token(base, world.operator),
          exhausted: await token(base, world.exhausted),
          outsider: await token(base, world.outsider),
        };
        // Use up the one-hit quota of the exhausted account.
        await fetch(`${base}/v1/lookups`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.exhausted}` },
          body: JSON.stringify({ nik: '3301010101010001' }),
        });
        let list = scenarios(world, tokens);
        if (args.scale) list = list.filter((s) => s.kind === 'baseline' || s.name === 'v1 look-up');
        if (args.only) list = list.filter((s) => s.kind === 'baseline' || s.name.includes(args.only!));
        console.log(`\nresidents: ${size.toLocaleString('en')}`);
        rows.push(...(await measure(base, list, niksFile, size)));
      } finally {
        await gateway.stop();
      }
    }
  } finally {
    await db.close();
  }
  const printed = table(rows);
  console.log(`\n${printed}\n`);
  console.log(
    'req/s: mean over the run; % bare / % PK: of the bare-JSON and PK-read rows at the same connection count; ' +
      'checked: sampled answers (1 in 20) with the expected status and outcome.',
  );
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${new Date().toISOString().replaceAll(':', '-').slice(0, 19)}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) },
        settings: {
          durationSeconds: duration,
          warmupSeconds: warmup,
          connections: connectionCounts,
          generator: 'autocannon 9 (separate process)',
          gateway: 'bin/gerbang.js serve, LOG_LEVEL=warn, BENCH_ROUTES=true',
        },
        rows,
        table: printed,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`written to ${file}`);
}

await main();
