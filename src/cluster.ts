import cluster, { type Worker } from 'node:cluster';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AggregatorRegistry } from 'prom-client';
import type { Config } from './config.ts';
import { openDatabase } from './db/db.ts';
import { generateSignerKey } from './modules/audit/log.note.ts';
import { registry } from './modules/metrics/metrics.ts';
import { MisuseEngine, runCalls, type DetectorCall } from './modules/misuse/misuse.engine.ts';
import { MemoryWindowStore, type WindowEvent } from './modules/misuse/misuse.window.ts';
import {
  DETECT,
  isGatewayWorker,
  METRICS,
  WINDOWS,
  type Reply,
  type Request,
  type StoreName,
} from './lib/cluster-ipc.ts';
import { checkPortFree, openAndMigrate, startServer } from './server.ts';

/**
 * Several gateway processes on one port (issue #16 §2): `gerbang serve` with GATEWAY_PROCESSES > 1 (the
 * default with DATABASE_URL: one per core) is a primary that migrates once and forks that many workers
 * (node:cluster shares the listening socket). Each worker is a whole gateway — its own pool, audit sink,
 * quota leases (exact across processes, as for separate servers), log sequencer and job ticks (both take
 * database locks, so one runs at a time).
 *
 * What processes must share without Redis lives in the primary, off every request thread: misuse detection
 * (the workers hand their hits over in batches and the primary runs the patterns over one set of windows, so a
 * pattern spread over workers is seen whole), the throttle, suspension and replay claims (a `WindowStore`
 * served over the cluster's IPC channel, so a throttle holds on every worker at once), and the metrics,
 * aggregated over the workers when `/metrics` is asked on any of them. With REDIS_URL the workers share Redis instead, as
 * separate servers do.
 */

/** A worker: the gateway on the shared port; it ends when the primary does (a kill -9 of the primary too). */
async function runWorker(config: Config): Promise<void> {
  // The primary's aggregation asks each worker for its registry; constructing one adds the worker's listener.
  AggregatorRegistry.setRegistries([registry]);
  new AggregatorRegistry();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await startServer(config, db);
}

// ---- primary side -----------------------------------------------------------------------------------------

function serveStores(config: Config): void {
  const stores: Record<StoreName, MemoryWindowStore> = {
    misuse: new MemoryWindowStore(config.misuse.maxKeys),
    replay: new MemoryWindowStore(config.replay.maxIds),
  };
  // The workers' misuse detection runs here, on the shared windows (the workers only hand their hits over).
  const engine = new MisuseEngine({
    store: stores.misuse,
    misuse: config.misuse,
    keySecret: config.tokenSecret,
  });
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker: Worker, msg: Request) => {
    if (msg?.t !== WINDOWS && msg?.t !== METRICS && msg?.t !== DETECT) return;
    const answer = (p: Promise<unknown>) =>
      p.then(
        (value) =>
          worker.isConnected() && worker.send({ t: msg.t, id: msg.id, ok: true, value } satisfies Reply),
        (err: Error) =>
          worker.isConnected() &&
          worker.send({ t: msg.t, id: msg.id, ok: false, error: err.message } satisfies Reply),
      );
    if (msg.t === METRICS) return void answer(aggregator.clusterMetrics());
    if (msg.t === DETECT) return void answer(runCalls(engine, (msg.args?.[0] ?? []) as DetectorCall[]));
    const store = stores[msg.store!];
    const args = msg.args ?? [];
    switch (msg.op) {
      case 'record':
        return void answer(
          store.record(args[0] as string, args[1] as WindowEvent, args[2] as number, args[3] as number),
        );
      case 'claim':
        return void answer(store.claim(args[0] as string, args[1] as number, args[2] as number));
      case 'isClaimed':
        return void answer(store.isClaimed(args[0] as string, args[1] as number));
      case 'release':
        return void answer(store.release(args[0] as string));
      default:
        return void answer(Promise.reject(new Error(`unknown operation ${String(msg.op)}`)));
    }
  });
}

/** A worker that dies this soon after it was forked, this many times in a row, stops the whole server. */
const EARLY_EXIT_MS = 5_000;
const EARLY_EXITS = 3;

async function runPrimary(config: Config): Promise<void> {
  // Fail before forking when the port is taken (the workers would each fail on it).
  await checkPortFree(config);
  const db = await openAndMigrate(config);
  await db.close();
  serveStores(config);

  // Outside production without LOG_KEY_FILE, one throwaway key signs for every worker (each would otherwise
  // make its own, and the log's checkpoints would carry several keys); it is deleted when the server stops.
  const env: Record<string, string> = { GERBANG_GATEWAY_WORKER: '1' };
  let keyDir: string | null = null;
  if (!config.log.keyFile && config.env !== 'production') {
    keyDir = mkdtempSync(join(tmpdir(), 'gerbang-log-key-'));
    env.LOG_KEY_FILE = join(keyDir, 'log.key');
    writeFileSync(env.LOG_KEY_FILE, generateSignerKey(config.log.origin), { mode: 0o600 });
    console.error('gerbang: LOG_KEY_FILE not set: checkpoints are signed by a throwaway key');
  }
  process.once('exit', () => keyDir && rmSync(keyDir, { recursive: true, force: true }));

  let stopping = false;
  let earlyExits = 0;
  const fork = () => {
    const worker = cluster.fork(env);
    const forkedAt = Date.now();
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      earlyExits = Date.now() - forkedAt < EARLY_EXIT_MS ? earlyExits + 1 : 0;
      if (earlyExits >= EARLY_EXITS) {
        console.error(`gerbang: gateway workers keep exiting at start (last: ${signal ?? code}); stopping`);
        stopping = true;
        for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
        process.exitCode = 1;
        return;
      }
      console.error(
        `gerbang: gateway worker ${worker.process.pid} exited (${signal ?? code}); starting another`,
      );
      fork();
    });
  };
  // One line once every worker first listens: what "ready with all processes" means for a restart
  // (`npm run bench:crash -- --processes N` waits for it).
  let listening = 0;
  cluster.on('listening', () => {
    listening += 1;
    if (listening === config.gatewayProcesses) {
      console.error(
        `gerbang: all ${listening} gateway workers listening, ${Math.round(performance.now())} ms after start`,
      );
    }
  });
  for (let i = 0; i < config.gatewayProcesses; i++) fork();

  const stop = () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    let left = workers.length;
    if (left === 0) process.exit(process.exitCode ?? 0);
    for (const w of workers) {
      w.once('exit', () => {
        left -= 1;
        if (left === 0) process.exit(process.exitCode ?? 0);
      });
      w.kill('SIGTERM');
    }
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * `gerbang serve`: one process (GATEWAY_PROCESSES=1, and always on an embedded data folder, which exactly one
 * process owns), or a primary with that many gateway workers.
 */
export async function serve(config: Config): Promise<void> {
  if (isGatewayWorker()) return runWorker(config);
  if (config.gatewayProcesses > 1) return runPrimary(config);
  const db = await openAndMigrate(config);
  await startServer(config, db);
}
