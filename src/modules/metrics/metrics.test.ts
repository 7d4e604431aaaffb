import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import { addResident, PASSWORD, seedWorld, tokenFor, type World, buildApp } from '../../test/fixtures.ts';
import type { MisuseGuard } from '../misuse/misuse.guard.ts';
import { createMisuseGuard } from '../misuse/misuse.setup.ts';

let db: Db;
let app: FastifyInstance;
let guarded: FastifyInstance;
let world: World;
let misuse: MisuseGuard;

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  // A burst is more than 3 requests of one account within a minute: the traffic below makes one.
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MISUSE_BURST_MAX: '3' });
  misuse = await createMisuseGuard(config, db);
  app = await buildApp({ config, db, logger: false, misuse });
  guarded = await buildApp({
    config: loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      METRICS_ALLOW: '10.20.0.0/16, 127.0.0.1/32',
      METRICS_TOKEN,
    }),
    db,
    logger: false,
  });
});
afterAll(async () => {
  await app?.close();
  await guarded?.close();
  await db?.close();
});

type Sample = { name: string; labels: Record<string, string>; value: number };

/** The samples of a Prometheus text exposition (the format prom-client writes). */
function parse(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unreadable metrics line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

async function scrape(): Promise<Sample[]> {
  const res = await app.inject({ url: '/metrics' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('text/plain');
  return parse(res.body);
}

/** The sum of the samples named `name` whose labels include `labels` (0 when there is none). */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

describe('/metrics', () => {
  it('counts requests by route and outcome, audit batches, quota leases and misuse detections', async () => {
    const before = await scrape();
    const token = await tokenFor(app, world.operator.username);
    const resident = await addResident(db, { fullName: 'SARI METRIKA' });
    const v1 = (url: string, payload: object): InjectOptions => ({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${token}` },
      payload,
    });
    expect(
      (await app.inject(v1('/v1/verifications', { nik: resident.nik, elements: { NAMA_LGKP: 'Sari' } })))
        .statusCode,
    ).toBe(200);
    expect((await app.inject(v1('/v1/lookups', { nik: '3301010101900009' }))).json()).toMatchObject({
      outcome: 'NOT_FOUND',
    });
    const wire = await app.inject({
      method: 'POST',
      url: `/dukcapil/get_json/${world.institution.code}/CALL_NIK`,
      headers: { 'content-type': 'application/json' },
      payload: { USER_ID: world.operator.username, PASSWORD, IP_USER: '127.0.0.1', NIK: resident.nik },
    });
    expect(wire.json()).toMatchObject({ content: [{ RESPONSE_CODE: '01' }] });
    expect((await app.inject(v1('/v1/lookups', { nik: resident.nik }))).json()).toMatchObject({
      outcome: 'FOUND',
    });
    expect((await app.inject({ url: '/v1/me' })).statusCode).toBe(401);
    await misuse.settle();
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) =>
      value(after, name, labels) - value(before, name, labels);

    const requests = 'gerbang_http_requests_total';
    expect(delta(requests, { route: '/v1/verifications', status: '200', outcome: 'found' })).toBe(1);
    expect(delta(requests, { route: '/v1/lookups', status: '200', outcome: 'not_found' })).toBe(1);
    expect(delta(requests, { route: '/v1/lookups', status: '200', outcome: 'found' })).toBe(1);
    expect(delta(requests, { route: '/dukcapil/get_json/:customerId/CALL_NIK', outcome: 'found' })).toBe(1);
    expect(delta(requests, { route: '/v1/me', status: '401', outcome: 'UNAUTHENTICATED' })).toBe(1);
    expect(delta(requests, { route: '/v1/auth/token', status: '200', outcome: 'ok' })).toBe(1);
    const latency = 'gerbang_http_request_duration_seconds_count';
    expect(delta(latency, { route: '/v1/verifications', outcome: 'found' })).toBe(1);
    expect(delta('gerbang_http_request_duration_seconds_bucket', { route: '/v1/lookups', le: '+Inf' })).toBe(
      2,
    );
    // Four attempts, four audit rows, in at least one committed batch.
    expect(delta('gerbang_audit_batch_size_sum')).toBe(4);
    expect(delta('gerbang_audit_commit_seconds_count')).toBeGreaterThanOrEqual(1);
    // At least one block (an idle lease is given back after a second, and leased again).
    expect(delta('gerbang_quota_leases_total', { result: 'granted' })).toBeGreaterThanOrEqual(1);
    expect(delta('gerbang_quota_leased_hits_total')).toBeGreaterThanOrEqual(4);
    // The fourth request of the operator within the burst window (3 allowed) is a burst.
    expect(delta('gerbang_misuse_detections_total', { reason: 'burst' })).toBe(1);
    // Node's own metrics, event-loop lag among them.
    expect(after.some((s) => s.name === 'gerbang_nodejs_eventloop_lag_seconds')).toBe(true);
    // The pool gauges exist where there is a pool (PostgreSQL), and only there.
    const pooled = after.filter((s) => s.name === 'gerbang_db_pool_connections');
    if (db.kind === 'postgres') expect(pooled[0]?.value).toBeGreaterThan(0);
    else expect(pooled).toEqual([]);
  });

  it('answers only the allowed networks, and with METRICS_TOKEN set only with the token', async () => {
    // Default: loopback only.
    const outside = await app.inject({ url: '/metrics', remoteAddress: '203.0.113.7' });
    expect(outside.statusCode).toBe(403);
    expect(outside.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(outside.body).not.toContain('gerbang_');

    const from = (remoteAddress: string, authorization?: string) =>
      guarded.inject({ url: '/metrics', remoteAddress, headers: authorization ? { authorization } : {} });
    expect((await from('10.20.3.4', `Bearer ${METRICS_TOKEN}`)).statusCode).toBe(200);
    expect((await from('127.0.0.1', `Bearer ${METRICS_TOKEN}`)).body).toContain(
      'gerbang_http_requests_total',
    );
    expect((await from('10.21.0.1', `Bearer ${METRICS_TOKEN}`)).statusCode).toBe(403);
    const noToken = await from('10.20.3.4');
    expect(noToken.statusCode).toBe(401);
    expect(noToken.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await from('10.20.3.4', 'Bearer wrong-token-of-the-same-size-000')).statusCode).toBe(401);
  });

  it('refuses a METRICS_ALLOW that is not a list of CIDR ranges', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', METRICS_ALLOW: '10.0.0.0/8,intranet' })).toThrow(
      /METRICS_ALLOW/,
    );
  });
});
