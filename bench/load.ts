/**
 * One load run, in its own process (so the load generator never shares the server's event loop): N
 * connections for D seconds against one scenario, a fresh random NIK in every request body. Prints one JSON
 * line: req/s, latency percentiles, status counts, and how many sampled answers had the outcome the
 * scenario expects.
 *
 * Two generators, the same settings: wrk (Debian's `wrk`, driven by bench/wrk.lua; light on CPU, so on a
 * small machine the cores go to the gateway and PostgreSQL) and autocannon (npm; a Node process that needs
 * about a core of its own at high rates).
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The result fields used here are typed at the call (the request hooks are typed loosely by @types/autocannon).
import autocannon from 'autocannon';

export type Generator = 'wrk' | 'autocannon';

export interface LoadSpec {
  generator: Generator;
  url: string;
  path: string;
  headers: Record<string, string>;
  /** The body, with the placeholder {{NIK}} replaced per request. */
  bodyTemplate: string;
  niksFile: string;
  connections: number;
  durationSeconds: number;
  /** Expected HTTP status, and a string the body must contain (checked on every 20th answer). */
  expectStatus: number;
  expectBody: string;
}

export interface LoadResult {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  sampled: number;
  unexpected: number;
}

/** Whether Debian's wrk is installed (`apt-get install -y wrk`). */
export function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // wrk --version prints its usage and exits 1; only a missing binary is "not installed".
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

function runWrk(spec: LoadSpec): LoadResult {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'wrk.lua');
  const out = execFileSync(
    'wrk',
    [
      '-t1',
      `-c${spec.connections}`,
      `-d${spec.durationSeconds}s`,
      '--timeout',
      '10s',
      '-s',
      script,
      spec.url,
    ],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        BENCH_NIKS_FILE: spec.niksFile,
        BENCH_PATH: spec.path,
        BENCH_BODY: spec.bodyTemplate,
        BENCH_HEADERS: Object.entries(spec.headers)
          .map(([k, v]) => `${k}=${v}`)
          .join('\n'),
        BENCH_EXPECT_STATUS: String(spec.expectStatus),
        BENCH_EXPECT_BODY: spec.expectBody,
      },
    },
  );
  const line = out
    .trim()
    .split('\n')
    .find((l) => l.startsWith('{"rps"'));
  if (!line) throw new Error(`wrk printed no result:\n${out}`);
  return JSON.parse(line) as LoadResult;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
}

async function runAutocannon(spec: LoadSpec): Promise<LoadResult> {
  const niks = readFileSync(spec.niksFile, 'utf8').split('\n').filter(Boolean);
  let seen = 0;
  let sampled = 0;
  let unexpected = 0;
  const statuses: Record<string, number> = {};
  const r = await (autocannon as unknown as (o: object) => Promise<AutocannonResult>)({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds,
    pipelining: 1,
    requests: [
      {
        method: 'POST',
        path: spec.path,
        headers: { 'content-type': 'application/json', ...spec.headers },
        setupRequest: (req: { body?: string }) => {
          const nik = niks[Math.floor(Math.random() * niks.length)]!;
          return { ...req, body: spec.bodyTemplate.replace('{{NIK}}', nik) };
        },
        onResponse: (status: number, body: string) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
          seen += 1;
          if (seen % 20 !== 0) return;
          sampled += 1;
          if (status !== spec.expectStatus || !body.includes(spec.expectBody)) unexpected += 1;
        },
      },
    ],
  });
  return {
    rps: r.requests.average,
    total: r.requests.total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors,
    timeouts: r.timeouts,
    statuses,
    sampled,
    unexpected,
  };
}

/** One load run in its own process (this file as a script), asynchronous: the caller's event loop keeps running. */
export async function loadInChild(spec: LoadSpec): Promise<LoadResult> {
  const { stdout } = await promisify(execFile)(
    'node',
    ['--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify(spec)],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const spec = JSON.parse(process.argv[2]!) as LoadSpec;
  const result = spec.generator === 'wrk' ? runWrk(spec) : await runAutocannon(spec);
  console.log(JSON.stringify(result));
}
