/**
 * Misuse detection's cost on the request thread (issue #16 §2, "misuse detection leaves the request thread"):
 * `MisuseGuard.observe` for a stream of hits, with detection inline (on this thread) and in the worker thread
 * (`MISUSE_DETECTOR=thread`, the default), in one run. The measure is this thread's busy time, read from the
 * event loop's utilisation (`performance.eventLoopUtilization`), which the worker thread's own work does not
 * count in, divided by the hits. No database is written: no hit completes a pattern (50 accounts, NIKs spread
 * over districts and serials, fewer than the burst limit per account per minute).
 *
 *   node --import tsx bench/misuse-detector.ts [--hits 200000] [--per-turn 50]
 *
 * Prints µs of request-thread time per hit for both (median of 5 rounds) and the load average, and writes JSON
 * to bench/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import type { Db } from '../src/db/db.ts';
import { MisuseGuard } from '../src/modules/misuse/misuse.guard.ts';
import { threadDetector } from '../src/modules/misuse/misuse.thread-client.ts';
import { MemoryWindowStore } from '../src/modules/misuse/misuse.window.ts';

const { values } = parseArgs({
  options: { hits: { type: 'string', default: '200000' }, 'per-turn': { type: 'string', default: '50' } },
});
const HITS = Number(values.hits);
const PER_TURN = Number(values['per-turn']);
const ROUNDS = 5;
const config = loadConfig({ NODE_ENV: 'test', MISUSE_BURST_MAX: '1000000' });
// Nothing here completes a pattern, so the guard never writes; a database that is never used.
const noDb = new Proxy({}, { get: () => () => Promise.reject(new Error('no database in this benchmark')) });

function guard(mode: 'inline' | 'thread'): MisuseGuard {
  return new MisuseGuard({
    db: noDb as Db,
    store: new MemoryWindowStore(config.misuse.maxKeys),
    replayStore: new MemoryWindowStore(config.replay.maxIds),
    misuse: config.misuse,
    replay: config.replay,
    keySecret: 'bench',
    detector: mode === 'thread' ? threadDetector(config.misuse, 'bench') : undefined,
  });
}

/** Synthetic hits: 50 accounts; NIK region, serial and birth date vary so that no pattern forms. */
function observation(i: number, t0: number) {
  const district = ['320101', '330102', '340203', '350304', '360405'][i % 5]!;
  const day = String(1 + ((i * 7) % 28)).padStart(2, '0');
  const serial = String((i * 7919) % 10000).padStart(4, '0');
  return {
    accountId: `acc-${i % 50}`,
    institutionId: `ins-${i % 5}`,
    agreement: { id: 'agr-1', misuseAction: 'alert' as const },
    now: new Date(t0 + i),
    nik: `${district}${day}0590${serial}`,
    familyCard: i % 3 === 0 ? `32010101${String(i % 99999999).padStart(8, '0')}` : null,
  };
}

async function round(mode: 'inline' | 'thread'): Promise<number> {
  const g = guard(mode);
  const t0 = Date.parse('2026-12-03T02:00:00Z');
  // Warm-up (starts the thread, optimises the code), then the measured stream.
  for (let i = 0; i < 2000; i++) g.observe(observation(i, t0));
  await g.settle();
  const before = performance.eventLoopUtilization();
  for (let i = 0; i < HITS; i += PER_TURN) {
    for (let j = i; j < i + PER_TURN; j++) g.observe(observation(j, t0));
    // One turn of the event loop per group of hits, as requests arrive.
    await new Promise((r) => setImmediate(r));
  }
  await g.settle();
  const elu = performance.eventLoopUtilization(before);
  await g.close();
  return (elu.active * 1000) / HITS;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rounds: Record<'inline' | 'thread', number[]> = { inline: [], thread: [] };
for (let r = 0; r < ROUNDS; r++) {
  rounds.inline.push(await round('inline'));
  rounds.thread.push(await round('thread'));
}
const result = {
  at: new Date().toISOString(),
  hits: HITS,
  perTurn: PER_TURN,
  requestThreadUsPerHit: { inline: median(rounds.inline), thread: median(rounds.thread) },
  rounds,
  loadavg: loadavg(),
  cores: cpus().length,
};
console.log(
  `request-thread time per hit: inline ${result.requestThreadUsPerHit.inline.toFixed(2)} µs, ` +
    `thread ${result.requestThreadUsPerHit.thread.toFixed(2)} µs ` +
    `(${((100 * result.requestThreadUsPerHit.thread) / result.requestThreadUsPerHit.inline).toFixed(0)} % of inline; ` +
    `median of ${ROUNDS} rounds of ${HITS} hits); load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
);
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/misuse-detector-${result.at.replace(/[:.]/g, '-')}.json`;
writeFileSync(file, JSON.stringify(result, null, 2));
console.log(`written to ${file}`);
