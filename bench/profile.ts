/**
 * `npm run bench:profile`: where the gateway's CPU goes on the access path. Starts `gerbang serve` (one
 * process, as `npm run bench` does) under V8's sampling profiler (`--cpu-prof`, every thread), drives one
 * scenario with the benchmark's load generator, stops the gateway (the profiles are written at exit) and
 * prints the profiled time per answered request, by area (Gerbang's modules, each library, Node's own
 * internals, garbage collection) and the functions with the most self time.
 *
 *   npm run bench:profile -- [--scenario lookup|verification|wire] [--duration 10] [--warmup 10]
 *                            [--connections 50]
 *
 * Profiling slows every function alike (sampling every 100 µs); read the shares, not the absolute time.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { sampleNiks } from '../src/modules/residents/residents.repo.ts';
import { openAndMigrate } from '../src/server.ts';
import { startGateway } from '../src/test/gateway.ts';
import { hasWrk, loadInChild, type LoadResult, type LoadSpec } from './load.ts';
import { BENCH_DATABASE_URL, ensureDatabase, ensureResidents } from './setup.ts';
import { BENCH_PASSWORD, provisionBench } from './world.ts';

const { values: args } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'lookup' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
  },
});

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The area a frame belongs to: a Gerbang module or folder, a library, Node's internals, or V8's own. */
function areaOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const lib = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (lib) return lib[1]!;
  const own = /\/(?:src|dist)\/(modules\/[^/]+|[^/]+)/.exec(url);
  if (own) return `gerbang: ${own[1]!.replace(/\.(ts|js)$/, '')}`;
  if (url.startsWith('node:')) return `node: ${url.slice(5).split('/')[0]}`;
  return url;
}

/** Now on the monotonic clock V8's profiles use (µs; the same clock in every process on Linux). */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/**
 * Self time per area and per function (µs), all threads' profiles summed, counting only the samples taken
 * while the load ran (not the start, the warm-up or the stop).
 */
function analyse(
  files: string[],
  window: { from: number; to: number },
): { total: number; areas: Map<string, number>; fns: Map<string, number> } {
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    let at = p.startTime;
    for (let i = 0; i < p.samples.length; i++) {
      at += p.timeDeltas[i] ?? 0;
      if (at < window.from || at > window.to) continue;
      const node = byId.get(p.samples[i]!)!;
      const { functionName, url, lineNumber } = node.callFrame;
      if (functionName === '(idle)' || functionName === '(program)') continue;
      const dt = p.timeDeltas[i] ?? 0;
      total += dt;
      const area = areaOf(url, functionName);
      areas.set(area, (areas.get(area) ?? 0) + dt);
      const fn = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|src|dist)\//, '$1/')}:${lineNumber + 1}` : ''}`;
      fns.set(fn, (fns.get(fn) ?? 0) + dt);
    }
  }
  return { total, areas, fns };
}

async function main(): Promise<void> {
  await ensureDatabase(BENCH_DATABASE_URL);
  const db = await openAndMigrate(
    loadConfig({ ...process.env, DATABASE_URL: BENCH_DATABASE_URL, LOG_LEVEL: 'warn' }),
  );
  const dir = mkdtempSync(join(tmpdir(), 'gerbang-profile-'));
  const niksFile = join(dir, 'niks.txt');
  let world;
  try {
    await ensureResidents(db, 200_000, { onlyIfEmpty: true });
    world = await provisionBench(db);
    writeFileSync(niksFile, (await sampleNiks(db, { count: 20_000, status: 'active' })).join('\n'));
  } finally {
    await db.close();
  }
  const gateway = await startGateway({
    databaseUrl: BENCH_DATABASE_URL,
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  });
  let result: LoadResult;
  const window = { from: 0, to: 0 };
  try {
    const login = await fetch(`${gateway.base}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: world.operator, password: BENCH_PASSWORD }),
    });
    const token = ((await login.json()) as { token: string }).token;
    const bearer = { authorization: `Bearer ${token}` };
    const specs: Record<string, Pick<LoadSpec, 'path' | 'headers' | 'bodyTemplate' | 'expectBody'>> = {
      lookup: {
        path: '/v1/lookups',
        headers: bearer,
        bodyTemplate: JSON.stringify({ nik: '{{NIK}}' }),
        expectBody: '"outcome":"FOUND"',
      },
      verification: {
        path: '/v1/verifications',
        headers: bearer,
        bodyTemplate: JSON.stringify({
          nik: '{{NIK}}',
          elements: { NAMA_LGKP: 'BUDI SANTOSO', TGL_LHR: '1990-01-01', JENIS_KLMIN: 'LAKI-LAKI' },
        }),
        expectBody: '"outcome"',
      },
      wire: {
        path: `/dukcapil/get_json/${world.customerId}/CALL_VERIFY_BY_ELEMEN`,
        headers: {},
        bodyTemplate: JSON.stringify({
          USER_ID: world.operator,
          PASSWORD: BENCH_PASSWORD,
          IP_USER: '127.0.0.1',
          TRESHOLD: '80',
          NIK: '{{NIK}}',
          NAMA_LGKP: 'BUDI SANTOSO',
          TGL_LHR: '01-01-1990',
          JENIS_KLMIN: 'LAKI-LAKI',
        }),
        expectBody: '"NIK":"Sesuai"',
      },
    };
    const chosen = specs[args.scenario!];
    if (!chosen) throw new Error(`--scenario: one of ${Object.keys(specs).join(', ')}`);
    const spec: LoadSpec = {
      generator: hasWrk() ? 'wrk' : 'autocannon',
      url: gateway.base,
      ...chosen,
      niksFile,
      connections: Number(args.connections),
      durationSeconds: Number(args.duration),
      expectStatus: 200,
    };
    // A warm-up run first (the code paths compiled, the caches filled, the misuse detector's thread started
    // and its region list read), then the measured one.
    await loadInChild({ ...spec, durationSeconds: Number(args.warmup) });
    window.from = monotonicUs();
    result = await loadInChild(spec);
    window.to = monotonicUs();
  } finally {
    await gateway.stop();
  }
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f));
  if (files.length === 0) throw new Error(`no profile was written to ${dir}`);
  const { total, areas, fns } = analyse(files, window);
  const perRequest = (us: number) => (us / result.total).toFixed(1);
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({
        name,
        'µs/req': perRequest(us),
        share: `${((us / total) * 100).toFixed(1)} %`,
      }));
  console.log(
    `\n${args.scenario}: ${result.total.toLocaleString('en')} answers in ${args.duration} s ` +
      `(${Math.round(result.rps)} req/s, ${result.unexpected}/${result.sampled} sampled unexpected); profiled ` +
      `CPU ${perRequest(total)} µs per answer over ${files.length} thread profile(s); load average ` +
      `${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
  );
  console.table(top(areas, 25));
  console.table(top(fns, 30));
  console.log(`profiles: ${dir}`);
}

await main();
