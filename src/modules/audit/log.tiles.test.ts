import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import {
  consistencyProof,
  inclusionProof,
  leafHash,
  perfectRoot,
  tilesOf,
  type NodeReader,
} from './log.merkle.ts';
import { TileReader } from './log.sequencer.ts';

/** A log of N leaves written straight into log_tiles (tiles computed here, as the sequencer would). */
const N = 70_000;
const leaves = Array.from({ length: N }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
const memory: NodeReader = async (level, index) =>
  perfectRoot(leaves.slice(index * 2 ** level, (index + 1) * 2 ** level));

let db: Db;
let statements = 0;
/** The test database, counting the statements a reader sends. */
let counted: Db;

beforeAll(async () => {
  db = await createTestDb();
  const tiles = tilesOf(leaves);
  await db.query(
    'INSERT INTO log_tiles (level, idx, hashes) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])',
    [tiles.map((t) => t.level), tiles.map((t) => t.idx), tiles.map((t) => t.data)],
  );
  counted = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'query') {
        return (...args: Parameters<Db['query']>) => {
          statements += 1;
          return target.query(...args);
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}, 120_000);
afterAll(() => db.close());

describe('proofs from the stored tiles', () => {
  const cases: [number, number][] = [
    [0, 1],
    [0, N],
    [N - 1, N],
    [12_345, N],
    [65_535, 65_536],
    [65_536, 65_537],
    [300, 69_999],
    [255, 256],
    [256, 257],
  ];

  it('give the same inclusion proof as the in-memory tree, from one statement', async () => {
    for (const [m, n] of cases) {
      statements = 0;
      const proof = await new TileReader(counted).inclusion(m, n);
      expect(proof, `${m} in ${n}`).toEqual(await inclusionProof(memory, m, n));
      // A tree of one leaf has an empty proof and reads nothing.
      expect(statements, `${m} in ${n}`).toBe(proof.length === 0 ? 0 : 1);
    }
  });

  it('give the same consistency proof as the in-memory tree, from at most one statement', async () => {
    for (const [m, n] of [...cases, [1, N] as [number, number], [40_000, 65_536] as [number, number]]) {
      statements = 0;
      const proof = await new TileReader(counted).consistency(m + 1, n);
      expect(proof, `${m + 1} → ${n}`).toEqual(await consistencyProof(memory, m + 1, n));
      expect(statements).toBeLessThanOrEqual(1);
    }
  });

  it('reads no tile twice, and refuses a leaf outside the tree as before', async () => {
    const reader = new TileReader(counted);
    await reader.inclusion(12_345, N);
    statements = 0;
    await reader.inclusion(12_346, N);
    expect(statements).toBe(0);
    await expect(reader.inclusion(N, N)).rejects.toThrow(RangeError);
  });
});
