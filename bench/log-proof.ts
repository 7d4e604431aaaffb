/**
 * Measures the transparency log's inclusion and consistency proofs at N leaves (`node --import tsx
 * bench/log-proof.ts N`, PostgreSQL at BENCH_DATABASE_URL or TEST_DATABASE_URL). Fills a scratch database's
 * log_tiles with N random leaves (tiles computed here, as the sequencer would), then times proofs of random
 * leaves against the full tree, each with a fresh TileReader (no cache) that reads the proof's tiles in one
 * statement (`TileReader.inclusion`, as the API does), and checks each proof.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { createPostgresTestDb } from '../src/test/db.ts';
import { checkInclusion, leafHash, tilesOf } from '../src/modules/audit/log.merkle.ts';
import { TileReader } from '../src/modules/audit/log.sequencer.ts';

const n = Number(process.argv[2] ?? 1_000_000);
const url =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const { db } = await createPostgresTestDb(url);
try {
  const started = performance.now();
  // N random leaves; the tiles as the sequencer would leave them.
  const tiles = tilesOf(Array.from({ length: n }, () => leafHash(randomBytes(32))));
  for (let i = 0; i < tiles.length; i += 500) {
    const chunk = tiles.slice(i, i + 500);
    await db.query(
      'INSERT INTO log_tiles (level, idx, hashes) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])',
      [chunk.map((t) => t.level), chunk.map((t) => t.idx), chunk.map((t) => t.data)],
    );
  }
  console.log(
    `filled ${n} leaves (${tiles.length} tiles) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const root = await new TileReader(db).root(n);
  const times: number[] = [];
  for (let k = 0; k < 200; k++) {
    const m = randomInt(n);
    const reader = new TileReader(db);
    const t0 = performance.now();
    const proof = await reader.inclusion(m, n);
    times.push(performance.now() - t0);
    const leaf = await reader.node(0, m);
    if (!checkInclusion(leaf, m, n, proof, root)) throw new Error(`proof of ${m} does not verify`);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2);
  console.log(
    `inclusion proof at N=${n}: p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${pct(1)} ms (200 random leaves, cold reader, its tiles in one statement)`,
  );
  const c0 = performance.now();
  await new TileReader(db).consistency(Math.floor(n / 3), n);
  console.log(`consistency proof ${Math.floor(n / 3)} → ${n}: ${(performance.now() - c0).toFixed(2)} ms`);
} finally {
  await db.close();
}
