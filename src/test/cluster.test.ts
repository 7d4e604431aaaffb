import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db.ts';
import { buildNik } from '../modules/nik/nik.ts';
import { createPostgresTestDb } from './db.ts';
import { addOperator, PASSWORD, seedWorld, type World } from './fixtures.ts';
import { startGateway, type Gateway } from './gateway.ts';

/**
 * `gerbang serve` with GATEWAY_PROCESSES=2 (src/cluster.ts): a primary and two gateway workers on one port,
 * on a real PostgreSQL (TEST_DATABASE_URL; an embedded folder is one process by nature). Every request below
 * opens a connection of its own, which the primary hands to the workers in turn, so consecutive requests
 * reach different workers.
 */
const serverUrl = process.env.TEST_DATABASE_URL;

/** One POST on a fresh connection (no keep-alive: the cluster spreads connections, not requests). */
function post(
  base: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** The live child processes of `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid && fields[0] !== 'Z') out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(what: string, check: () => Promise<boolean> | boolean, tries = 300): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe.skipIf(!serverUrl)('gerbang serve with several gateway processes', () => {
  let db: Db;
  let world: World;
  let gateway: Gateway;
  let workers: number[];

  beforeAll(async () => {
    let url: string;
    ({ db, url } = await createPostgresTestDb(serverUrl!));
    world = await seedWorld(db);
    gateway = await startGateway({
      databaseUrl: url,
      env: { GATEWAY_PROCESSES: '2' },
      stdio: 'pipe',
      readyProbes: 6000,
    });
    await until('both workers run', () => childrenOf(gateway.process.pid!).length === 2, 3000);
    workers = childrenOf(gateway.process.pid!);
    // Both workers listen: ten fresh connections in a row all answer (the primary hands them out in turn).
    await until(
      'both workers answer',
      async () => {
        for (let i = 0; i < 10; i++)
          if ((await post(gateway.base, '/v1/auth/token', {})).status !== 400) return false;
        return true;
      },
      3000,
    );
  }, 240_000);
  afterAll(async () => {
    await gateway?.stop();
    await db?.close();
  });

  async function tokenOf(username: string): Promise<string> {
    const res = await post(gateway.base, '/v1/auth/token', { username, password: PASSWORD });
    return (JSON.parse(res.body) as { token: string }).token;
  }

  it('refuses a client request ID on every worker once one of them has served it (shared replay claims)', async () => {
    const op = await addOperator(db, world.institution, { dailyQuota: null });
    const token = await tokenOf(op.username);
    const nik = buildNik({ districtCode: '330101', birthDate: '1990-01-01', sex: 'LAKI-LAKI', serial: 7 });
    const answers = [];
    for (let i = 0; i < 4; i++) {
      answers.push(
        await post(
          gateway.base,
          '/v1/lookups',
          { nik },
          { authorization: `Bearer ${token}`, 'x-client-request-id': 'cluster-replay-1' },
        ),
      );
    }
    expect(answers.map((a) => a.status)).toEqual([200, 409, 409, 409]);
    for (const a of answers.slice(1)) expect(JSON.parse(a.body).error.code).toBe('REPLAYED_REQUEST');
  });

  it('finds a pattern whose requests went to different workers (shared misuse windows)', async () => {
    const op = await addOperator(db, world.institution, { dailyQuota: null });
    const token = await tokenOf(op.username);
    for (const serial of [41, 42, 43]) {
      const nik = buildNik({ districtCode: '330101', birthDate: '1988-10-10', sex: 'PEREMPUAN', serial });
      expect(
        (await post(gateway.base, '/v1/lookups', { nik }, { authorization: `Bearer ${token}` })).status,
      ).toBe(200);
    }
    await until('the alert is written', async () => {
      const { rows } = await db.query<{ reason: string }>(
        'SELECT reason FROM misuse_alerts WHERE account_id = $1',
        [op.id],
      );
      return rows.some((r) => r.reason === 'sequential_serial');
    });
  });

  it('serves /metrics summed over the workers', async () => {
    const op = await addOperator(db, world.institution, { dailyQuota: null });
    const token = await tokenOf(op.username);
    const count = async () => {
      const res = await fetch(`${gateway.base}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      let n = 0;
      for (const line of text.split('\n')) {
        if (line.startsWith('gerbang_http_requests_total{') && line.includes('route="/v1/lookups"')) {
          n += Number(line.slice(line.lastIndexOf(' ') + 1));
        }
      }
      return n;
    };
    const before = await count();
    const nik = buildNik({ districtCode: '330101', birthDate: '1991-02-03', sex: 'LAKI-LAKI', serial: 9 });
    for (let i = 0; i < 6; i++) {
      await post(gateway.base, '/v1/lookups', { nik }, { authorization: `Bearer ${token}` });
    }
    // Six look-ups over fresh connections reached both workers; the sum holds all six, whichever answers.
    expect((await count()) - before).toBe(6);
  });

  it('replaces a worker killed with SIGKILL, and stops every worker with the primary', async () => {
    const [victim] = workers as [number];
    process.kill(victim, 'SIGKILL');
    await until('a new worker replaces it', () => {
      const now = childrenOf(gateway.process.pid!);
      return now.length === 2 && !now.includes(victim);
    });
    for (let i = 0; i < 4; i++) expect((await fetch(`${gateway.base}/ready`)).status).toBe(200);
    const current = childrenOf(gateway.process.pid!);
    await gateway.stop('SIGTERM');
    await until('the workers have ended', () => current.every((pid) => !alive(pid)));
  });
});
