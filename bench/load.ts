/**
 * One load run, in its own process (so the load generator never shares the server's event loop): autocannon
 * with N connections for D seconds against one scenario, a fresh random NIK in every request body. Prints
 * one JSON line: req/s, latency percentiles, status counts, and how many sampled answers had the outcome
 * the scenario expects.
 */
import { readFileSync } from 'node:fs';
// The result fields used here are typed at the call (the request hooks are typed loosely by @types/autocannon).
import autocannon from 'autocannon';

export interface LoadSpec {
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

interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  [k: string]: unknown;
}

const spec = JSON.parse(process.argv[2]!) as LoadSpec;
const niks = readFileSync(spec.niksFile, 'utf8').split('\n').filter(Boolean);
let seen = 0;
let sampled = 0;
let unexpected = 0;
const statuses: Record<string, number> = {};

const run = (autocannon as unknown as (o: object) => Promise<Result>)({
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

const r = await run;
console.log(
  JSON.stringify({
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
  }),
);
