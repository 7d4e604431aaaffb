import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db.ts';
import { generateSignerKey, parseSignerKey } from '../modules/audit/log.note.ts';
import { verifyLog } from '../modules/audit/log.verify.ts';
import { GERBANG_BIN } from './cli.ts';
import { createPostgresTestDb } from './db.ts';
import { drive, postJson } from './drive.ts';
import { addOperator, addResident, PASSWORD, seedWorld, type World } from './fixtures.ts';
import { startGateway, type Gateway } from './gateway.ts';

/**
 * The log's sequencer as a process of its own (`gerbang log sequence`, gateways with LOG_SEQUENCER=off), killed
 * with SIGKILL under load, twice, and a gateway killed too (issue #16 §2): afterwards every committed audit row
 * is exactly one leaf (indices 0…n−1, none missing, none twice), the tree and the signed checkpoints cover them
 * all, and `verifyLog` recomputes it. PostgreSQL only (several processes on one database).
 */
const serverUrl = process.env.TEST_DATABASE_URL;
const ORIGIN = 'gerbang.test/sequencer-crash';

let db: Db;
let dbUrl: string;
let world: World;
let niks: string[];
let keyDir: string;
let keyFile: string;

interface Sequencer {
  process: ChildProcess;
  output: () => string;
}

/** Starts `gerbang log sequence` and waits until it has caught up and runs. */
async function startSequencer(): Promise<Sequencer> {
  const child = spawn('node', [GERBANG_BIN, 'log', 'sequence'], {
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      LOG_KEY_FILE: keyFile,
      LOG_ORIGIN: ORIGIN,
      LOG_INTERVAL_MS: '200',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  for (let i = 0; i < 2400 && !output.includes('log sequencer running'); i++) {
    if (child.exitCode !== null) throw new Error(`the sequencer exited: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!output.includes('log sequencer running')) throw new Error(`the sequencer did not start: ${output}`);
  return { process: child, output: () => output };
}

function kill9(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
  p.kill('SIGKILL');
  return exited;
}

async function tokenAt(base: string, username: string): Promise<string> {
  const res = await postJson(`${base}/v1/auth/token`, { username, password: PASSWORD }, {});
  return (JSON.parse(res.body) as { token: string }).token;
}

describe.skipIf(!serverUrl)('the log sequencer as its own process, killed under load', () => {
  beforeAll(async () => {
    ({ db, url: dbUrl } = await createPostgresTestDb(serverUrl!));
    world = await seedWorld(db);
    niks = [];
    for (let i = 0; i < 20; i++) niks.push((await addResident(db)).nik);
    keyDir = mkdtempSync(join(tmpdir(), 'gerbang-seq-key-'));
    keyFile = join(keyDir, 'log.key');
    writeFileSync(keyFile, generateSignerKey(ORIGIN), { mode: 0o600 });
  });
  afterAll(async () => {
    await db?.close();
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('makes every committed row exactly one leaf across SIGKILLs of the sequencer and of a gateway', async () => {
    const op = await addOperator(db, world.institution, { dailyQuota: null });
    const env = { LOG_SEQUENCER: 'off', LOG_KEY_FILE: keyFile, LOG_ORIGIN: ORIGIN };
    const gateways: Gateway[] = await Promise.all(
      [0, 1].map(() => startGateway({ databaseUrl: dbUrl, env, stdio: 'pipe', readyProbes: 6000 })),
    );
    const t0 = performance.now();
    let sequencer = await startSequencer();
    console.log(
      `sequencer crash test: gateways and sequencer up in ${Math.round(performance.now() - t0)} ms`,
    );
    const restarts: Promise<void>[] = [];
    // Each crash kills the sequencer running then (after the previous restart, if one is still starting).
    let running: Promise<unknown> = Promise.resolve();
    const crashSequencer = () => {
      const restart = running.then(async () => {
        await kill9(sequencer.process);
        sequencer = await startSequencer();
      });
      running = restart.catch(() => {});
      restarts.push(restart);
    };
    let gatewayDown = false;
    try {
      const token = await tokenAt(gateways[1]!.base, op.username);
      let received = 0;
      const { answers } = await drive({
        workers: 40,
        total: 1200,
        send: async (n) => {
          const g = gatewayDown ? gateways[1]! : gateways[n % 2]!;
          const answer = await postJson(
            `${g.base}/v1/lookups`,
            { nik: niks[n % niks.length]! },
            { authorization: `Bearer ${token}`, 'x-request-id': `req_seq_${n}_${process.pid}` },
          );
          received += 1;
          if (received === 200) crashSequencer();
          if (received === 500) {
            gatewayDown = true;
            void kill9(gateways[0]!.process);
          }
          if (received === 800) crashSequencer();
          return answer;
        },
      });
      console.log(
        `sequencer crash test: ${answers.length} answers after ${Math.round(performance.now() - t0)} ms`,
      );
      await Promise.all(restarts);
      const answered = answers.filter((a) => a.status === 200).map((a) => a.requestId);
      expect(answered.length).toBeGreaterThanOrEqual(800);

      // Every answer has its committed row…
      const { rows: audited } = await db.query<{ request_id: string }>(
        'SELECT request_id FROM access_audit WHERE request_id = ANY($1)',
        [answered],
      );
      const committed = new Set(audited.map((r) => r.request_id));
      expect(answered.filter((id) => !committed.has(id))).toEqual([]);

      // …and the restarted sequencer takes up every row left without a leaf.
      for (let i = 0; i < 600; i++) {
        const { rows } = await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM access_audit WHERE leaf_index IS NULL',
        );
        if (rows[0]!.n === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await Promise.all(gateways.map((g) => g.stop()));
      await Promise.all(restarts.map((r) => r.catch(() => {})));
      sequencer.process.kill('SIGTERM');
      await new Promise<void>((resolve) =>
        sequencer.process.exitCode !== null || sequencer.process.signalCode !== null
          ? resolve()
          : sequencer.process.once('exit', () => resolve()),
      );
    }

    console.log(
      `sequencer crash test: load over, every row a leaf after ${Math.round(performance.now() - t0)} ms`,
    );
    const { rows: leaves } = await db.query<{
      rows: number;
      leaves: number;
      distinct: number;
      lo: number;
      hi: number;
    }>(
      `SELECT count(*)::int AS rows, count(leaf_index)::int AS leaves, count(DISTINCT leaf_index)::int AS distinct,
              min(leaf_index)::int AS lo, max(leaf_index)::int AS hi
         FROM access_audit`,
    );
    const l = leaves[0]!;
    expect(l.rows).toBeGreaterThanOrEqual(800);
    // Exactly once: every row a leaf, no index twice, no gap.
    expect(l).toEqual({ rows: l.rows, leaves: l.rows, distinct: l.rows, lo: 0, hi: l.rows - 1 });
    const { rows: state } = await db.query<{ size: number }>('SELECT tree_size::int AS size FROM log_state');
    expect(state[0]!.size).toBe(l.rows);
    // The newest signed checkpoint covers the whole tree, under the configured key.
    const { rows: cps } = await db.query<{ size: number; vkey: string }>(
      'SELECT tree_size::int AS size, vkey FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1',
    );
    expect(cps[0]).toEqual({
      size: l.rows,
      vkey: parseSignerKey(readFileSync(keyFile, 'utf8')).vkey,
    });
    expect(await verifyLog(db)).toMatchObject({ ok: true });
  }, 420_000);
});
