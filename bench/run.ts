/**
 * `npm run bench`: Gerbang's access path against its own baselines, in one run on one machine.
 *
 * Starts the gateway (bin/gerbang.js serve, with BENCH_ROUTES=true) on a real PostgreSQL (DATABASE_URL, by
 * default the local server's database `gerbang_bench`, created if missing), loads the residents it needs,
 * provisions a benchmark institution, then drives every scenario with the same load generator and settings
 * (wrk when installed, else autocannon; in a separate process, a random NIK per request) at each connection
 * count: one warm-up pass over the scenarios, then `--rounds` measured passes, scenarios interleaved, so a
 * machine that speeds up or slows down during the run moves every row alike; each row reports the median
 * round. Prints one table and writes it as JSON under bench/results/.
 *
 *   npm run bench -- [--residents N] [--duration S] [--rounds R] [--connections 50,100]
 *                    [--generator wrk|autocannon] [--only TEXT] [--scale 1000000,10000000]
 *                    [--processes N]
 *
 * `--processes N` runs the gateway as `gerbang serve` does by default on a server (GATEWAY_PROCESSES: a
 * primary and N workers on one port); its CPU column then sums the primary and every worker. While an access
 * row runs, the transparency log's lag is sampled every 100 ms: the age of the oldest committed audit row that
 * the newest signed checkpoint does not yet cover (`log lag ms`, the largest sample of the run).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import type { Db } from '../src/db/db.ts';
import { TYPICAL_AGREEMENT_ELEMENTS } from '../src/modules/elements/elements.ts';
import { sampleNiks } from '../src/modules/residents/residents.repo.ts';
import { openAndMigrate } from '../src/server.ts';
import { startGateway } from '../src/test/gateway.ts';
import { processTree } from './proc.ts';
import { hasWrk, loadInChild, type Generator, type LoadResult, type LoadSpec } from './load.ts';
import { BENCH_DATABASE_URL, ensureDatabase, ensureResidents } from './setup.ts';
import { BENCH_PASSWORD, provisionBench, type BenchWorld } from './world.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const { values: args } = parseArgs({
  options: {
    residents: { type: 'string', default: '200000' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    generator: { type: 'string' },
    connections: { type: 'string', default: '50,100' },
    only: { type: 'string' },
    scale: { type: 'string' },
    processes: { type: 'string', default: '1' },
  },
});

const databaseUrl = BENCH_DATABASE_URL;
const duration = Number(args.duration);
const warmup = Number(args.warmup);
const rounds = Math.max(1, Number(args.rounds));
const generator: Generator =
  args.generator === 'wrk' || args.generator === 'autocannon'
    ? args.generator
    : hasWrk()
      ? 'wrk'
      : 'autocannon';
const connectionCounts = args.connections!.split(',').map(Number);
const gatewayProcesses = Math.max(1, Number(args.processes));

/** Which server a scenario drives: the gateway, or one of the two baselines in processes of their own. */
type Target = 'gateway' | 'plain' | 'reference';

interface Scenario {
  name: string;
  /** Which baseline row of the table this is (they are measured like the others). */
  kind: 'baseline' | 'access' | 'refused' | 'reference';
  target?: Target;
  /** The reference row this row is a share of (the same work done by the reference); none: no column. */
  reference?: string;
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
  pctOfPlain: number;
  pctOfReference: number | null;
  pctOfBare: number;
  pctOfPk: number;
  p50: number;
  p99: number;
  /** CPU time per answered request (µs): the gateway process, and the local PostgreSQL processes. */
  gatewayCpuUs: number | null;
  postgresCpuUs: number | null;
  /** The transparency log's lag behind the committed rows (ms; the median over rounds of each run's largest sample). */
  logLagMs: number | null;
  errors: number;
  sampled: number;
  unexpected: number;
  statuses: Record<string, number>;
}

const PLAIN = 'plain Fastify (own process)';
const REFERENCE_API_KEY = 'bench-reference-key';

interface Server {
  base: string;
  pid: number;
  stop(): Promise<void>;
}

/** One of the baselines (bench/reference/), in a process of its own, once it listens. */
async function startBaseline(script: string, env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, script)], {
    env: { ...process.env, ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before listening`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The reference's one caller: the benchmark operator's terms, as the reference keeps them (in memory). */
function referenceConfig(w: BenchWorld): string {
  return JSON.stringify({
    keys: {
      [REFERENCE_API_KEY]: {
        operator: w.operator,
        institution: w.customerId,
        addresses: ['127.0.0.1', '::ffff:127.0.0.1'],
        agreement: {
          validFrom: '2000-01-01',
          validTo: '2099-12-31',
          methods: ['verification', 'portal'],
          elements: [...TYPICAL_AGREEMENT_ELEMENTS],
        },
        dailyQuota: 1_000_000_000,
      },
    },
  });
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
  const REF_VERIFY = 'reference verification';
  const REF_LOOKUP = 'reference look-up';
  const refKey = { 'x-api-key': REFERENCE_API_KEY };
  return [
    {
      name: PLAIN,
      kind: 'baseline',
      target: 'plain',
      path: '/bare',
      body: lookupBody,
      expectStatus: 200,
      expectBody: '"ok":true',
    },
    {
      name: REF_VERIFY,
      kind: 'reference',
      target: 'reference',
      path: '/verify',
      headers: refKey,
      body: JSON.stringify({
        nik: '{{NIK}}',
        elements: { NAMA_LGKP: 'BUDI SANTOSO', TGL_LHR: '1990-01-01', JENIS_KLMIN: 'LAKI-LAKI' },
      }),
      expectStatus: 200,
      expectBody: '"outcome":"FOUND"',
    },
    {
      name: REF_LOOKUP,
      kind: 'reference',
      target: 'reference',
      path: '/lookup',
      headers: refKey,
      body: lookupBody,
      expectStatus: 200,
      expectBody: '"outcome":"FOUND"',
    },
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
      reference: REF_VERIFY,
      path: '/v1/verifications',
      headers: bearer(tokens.operator!),
      body: verifyBody,
      expectStatus: 200,
      expectBody: '"outcome":"FOUND"',
    },
    {
      name: 'v1 look-up',
      kind: 'access',
      reference: REF_LOOKUP,
      path: '/v1/lookups',
      headers: bearer(tokens.operator!),
      body: lookupBody,
      expectStatus: 200,
      expectBody: '"outcome":"FOUND"',
    },
    {
      // The same look-up by a profit-oriented institution: each answer draws Rp1,000 from its balance.
      name: 'v1 look-up, fees on',
      kind: 'access',
      reference: REF_LOOKUP,
      path: '/v1/lookups',
      headers: bearer(tokens.payer!),
      body: lookupBody,
      expectStatus: 200,
      expectBody: '"outcome":"FOUND"',
    },
    {
      name: 'wire CALL_VERIFY_BY_ELEMEN',
      kind: 'access',
      reference: REF_VERIFY,
      path: wirePath,
      body: wire(w.operator, BENCH_PASSWORD),
      expectStatus: 200,
      // An answered verification: NIK's verdict first, no RESPONSE_CODE (what public clients parse, issue #17).
      expectBody: '{"content":[{"NIK":"Sesuai"',
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

/** One load run in its own process (asynchronous, so the log-lag sampler keeps running meanwhile). */
const load = loadInChild;

// Linux's /proc: CPU ticks (utime + stime, all threads) of a process, and of every local PostgreSQL
// process. Elsewhere (or a database on another machine) the columns stay empty.
const TICK_US = 10_000; // USER_HZ = 100 on Linux
function ticks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return null;
  }
}
/** A process's ticks and those of every process below it (a cluster primary and its workers). */
function treeTicks(pid: number): number | null {
  if (ticks(pid) === null) return null;
  return processTree(pid).reduce((sum, p) => sum + (ticks(p) ?? 0), 0);
}
function postgresTicks(): Map<number, number> {
  const all = new Map<number, number>();
  if (!existsSync('/proc')) return all;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (!readFileSync(`/proc/${name}/stat`, 'utf8').includes('(postgres)')) continue;
    } catch {
      continue;
    }
    const t = ticks(Number(name));
    if (t !== null) all.set(Number(name), t);
  }
  return all;
}

interface Sample extends LoadResult {
  gatewayCpuUs: number | null;
  postgresCpuUs: number | null;
  logLagMs: number | null;
}

/**
 * The transparency log's lag now (ms): the age of the oldest committed audit row that the newest signed
 * checkpoint does not cover — the first leaf past the checkpoint's size if the sequencer has gone beyond it,
 * and the first row not yet sequenced (the sequencer takes them in id order); 0 when every row is covered.
 * Both are index look-ups (the leaf index, and the partial index on unsequenced rows), so sampling is cheap.
 */
async function logLag(db: Db): Promise<number> {
  const { rows } = await db.query<{ lag: number | null }>(
    `SELECT (extract(epoch FROM clock_timestamp() - least(
         (SELECT at FROM access_audit
           WHERE leaf_index = (SELECT coalesce(max(tree_size), 0) FROM log_checkpoints)),
         (SELECT at FROM access_audit WHERE leaf_index IS NULL ORDER BY id LIMIT 1)
       )) * 1000)::float8 AS lag`,
  );
  return Math.max(0, rows[0]?.lag ?? 0);
}

/** One measured run, with the CPU time the gateway and PostgreSQL spent on it (and the log's lag). */
async function sample(db: Db, spec: LoadSpec, gatewayPid: number, watchLog: boolean): Promise<Sample> {
  const gw0 = treeTicks(gatewayPid);
  const pg0 = postgresTicks();
  let worstLag: number | null = null;
  let sampling = watchLog;
  const sampler = (async () => {
    while (sampling) {
      const lag = await logLag(db);
      worstLag = Math.max(worstLag ?? 0, lag);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const r = await load(spec).finally(() => (sampling = false));
  await sampler;
  const gw1 = treeTicks(gatewayPid);
  const pg1 = postgresTicks();
  let pg = 0;
  for (const [pid, t] of pg1) pg += t - (pg0.get(pid) ?? 0);
  const perRequest = (t: number) => (r.total > 0 ? Math.round((t * TICK_US) / r.total) : null);
  return {
    ...r,
    gatewayCpuUs: gw0 !== null && gw1 !== null ? perRequest(gw1 - gw0) : null,
    postgresCpuUs: pg1.size > 0 ? perRequest(pg) : null,
    logLagMs: worstLag === null ? null : Math.round(worstLag),
  };
}

/**
 * Between measured runs: the audit rows the last run wrote are vacuumed and checkpointed, and any
 * autovacuum worker is let finish, so no run pays for the one before it (a baseline measured while
 * PostgreSQL vacuums the access path's audit rows would look slower than it is).
 */
async function settle(db: Db): Promise<void> {
  await db.query('VACUUM (ANALYZE) access_audit');
  await db.query('CHECKPOINT');
  for (let i = 0; i < 100; i++) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`,
    );
    if (rows[0]!.n === 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
};

async function measure(
  db: Db,
  servers: Record<Target, { base: string; pid: number }>,
  list: Scenario[],
  niksFile: string,
  residents: number,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const connections of connectionCounts) {
    const spec = (s: Scenario, d: number): LoadSpec => ({
      generator,
      url: servers[s.target ?? 'gateway'].base,
      path: s.path,
      headers: s.headers ?? {},
      bodyTemplate: s.body,
      niksFile,
      connections,
      durationSeconds: d,
      expectStatus: s.expectStatus,
      expectBody: s.expectBody,
    });
    if (warmup > 0) for (const s of list) await load(spec(s, warmup));
    const samples = new Map<string, Sample[]>(list.map((s) => [s.name, []]));
    for (let round = 1; round <= rounds; round++) {
      for (const s of list) {
        await settle(db);
        const target = s.target ?? 'gateway';
        const r = await sample(
          db,
          spec(s, duration),
          servers[target].pid,
          target === 'gateway' && s.kind === 'access',
        );
        samples.get(s.name)!.push(r);
        console.log(
          `  ${String(connections).padStart(3)} conns  round ${round}/${rounds}  ${s.name.padEnd(32)} ${String(Math.round(r.rps)).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms${r.unexpected ? `  (${r.unexpected}/${r.sampled} sampled answers unexpected)` : ''}`,
        );
      }
    }
    const rpsOf = (name: string) => median(samples.get(name)!.map((r) => r.rps));
    const plain = rpsOf(PLAIN);
    const bare = rpsOf('bare JSON (baseline)');
    const pk = rpsOf('PK read (limit)');
    for (const s of list) {
      const runs = samples.get(s.name)!;
      const rps = rpsOf(s.name);
      const statuses: Record<string, number> = {};
      for (const r of runs)
        for (const [k, n] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + n;
      const cpu = (pick: (r: Sample) => number | null) => {
        const xs = runs.map(pick).filter((x): x is number => x !== null);
        return xs.length ? median(xs) : null;
      };
      rows.push({
        scenario: s.name,
        kind: s.kind,
        residents,
        connections,
        rps: Math.round(rps),
        pctOfPlain: Math.round((rps / plain) * 1000) / 10,
        pctOfReference: s.reference ? Math.round((rps / rpsOf(s.reference)) * 1000) / 10 : null,
        pctOfBare: Math.round((rps / bare) * 1000) / 10,
        pctOfPk: Math.round((rps / pk) * 1000) / 10,
        p50: median(runs.map((r) => r.p50)),
        p99: median(runs.map((r) => r.p99)),
        gatewayCpuUs: cpu((r) => r.gatewayCpuUs),
        postgresCpuUs: cpu((r) => r.postgresCpuUs),
        logLagMs: cpu((r) => r.logLagMs),
        errors: runs.reduce((n, r) => n + r.errors + r.timeouts, 0),
        sampled: runs.reduce((n, r) => n + r.sampled, 0),
        unexpected: runs.reduce((n, r) => n + r.unexpected, 0),
        statuses,
      });
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
    '% plain',
    '% ref',
    '% bare',
    '% PK',
    'p50 ms',
    'p99 ms',
    'gw µs/req',
    'pg µs/req',
    'log lag ms',
    'errors',
    'checked',
  ];
  const body = rows.map((r) => [
    r.scenario,
    r.residents.toLocaleString('en'),
    String(r.connections),
    r.rps.toLocaleString('en'),
    `${r.pctOfPlain}`,
    r.pctOfReference === null ? '–' : `${r.pctOfReference}`,
    `${r.pctOfBare}`,
    `${r.pctOfPk}`,
    String(Math.round(r.p50 * 10) / 10),
    String(Math.round(r.p99 * 10) / 10),
    r.gatewayCpuUs === null ? '–' : String(r.gatewayCpuUs),
    r.postgresCpuUs === null ? '–' : String(r.postgresCpuUs),
    r.logLagMs === null ? '–' : String(r.logLagMs),
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
  const loadBefore = loadavg();
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
        env: { BENCH_ROUTES: 'true', GATEWAY_PROCESSES: String(gatewayProcesses) },
        stdio: 'inherit',
      });
      const plain = await startBaseline('bench/reference/plain.ts', {});
      const reference = await startBaseline('bench/reference/server.ts', {
        DATABASE_URL: databaseUrl,
        REFERENCE_CONFIG: referenceConfig(world),
      });
      try {
        const tokens = {
          operator: await token(base, world.operator),
          exhausted: await token(base, world.exhausted),
          outsider: await token(base, world.outsider),
          payer: await token(base, world.payer),
        };
        // Use up the one-hit quota of the exhausted account.
        await fetch(`${base}/v1/lookups`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.exhausted}` },
          body: JSON.stringify({ nik: '3301010101010001' }),
        });
        let list = scenarios(world, tokens);
        const kept = (s: Scenario) => s.kind === 'baseline' || s.kind === 'reference';
        if (args.scale) list = list.filter((s) => kept(s) || s.name === 'v1 look-up');
        if (args.only) list = list.filter((s) => kept(s) || s.name.includes(args.only!));
        console.log(`\nresidents: ${size.toLocaleString('en')}`);
        const servers = {
          gateway: { base, pid: gateway.process.pid! },
          plain,
          reference,
        };
        rows.push(...(await measure(db, servers, list, niksFile, size)));
      } finally {
        await Promise.all([gateway.stop(), plain.stop(), reference.stop()]);
      }
    }
  } finally {
    await db.close();
  }
  const loadAfter = loadavg();
  const fmtLoad = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  const printed = table(rows);
  console.log(`\n${printed}\n`);
  console.log(
    `load generator: ${generator}; req/s, p50, p99 and CPU: the median of ${rounds} rounds of ${duration} s ` +
      '(scenarios interleaved, after a warm-up pass; the audit vacuumed and checkpointed before each run); ' +
      '% plain: of plain Fastify in its own process (bench/reference/plain.ts); % ref: of the reference ' +
      '(bench/reference/server.ts) doing the same work; % bare / % PK: of the in-app bare-JSON and PK-read rows at the ' +
      'same connection count; gw / pg µs/req: CPU time of the gateway (all its processes) and of the local PostgreSQL ' +
      'processes per answered request; log lag: the oldest committed audit row not covered by the newest ' +
      'signed checkpoint, sampled every 100 ms during the run (the largest sample; median over rounds); checked: ' +
      'sampled answers (1 in 20) with the expected status and outcome.',
  );
  console.log(
    `gateway processes: ${gatewayProcesses}; load average (1, 5, 15 min) before the run ${fmtLoad(loadBefore)}, after ${fmtLoad(loadAfter)}`,
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
          rounds,
          connections: connectionCounts,
          generator:
            generator === 'wrk'
              ? 'wrk (Debian), one thread, bench/wrk.lua'
              : 'autocannon 9 (separate process)',
          gateway: `bin/gerbang.js serve, LOG_LEVEL=warn, BENCH_ROUTES=true, GATEWAY_PROCESSES=${gatewayProcesses}`,
          loadAverageBefore: loadBefore,
          loadAverageAfter: loadAfter,
          baselines: 'bench/reference/plain.ts and bench/reference/server.ts, each its own process',
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
