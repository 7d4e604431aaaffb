import { describe, expect, it } from 'vitest';
import {
  checkConsistency,
  checkInclusion,
  consistencyProof,
  decodeTileIndex,
  encodeTileIndex,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  nodeHash,
  perfectRoot,
  type NodeReader,
} from './log.merkle.ts';
import {
  checkpointText,
  generateSignerKey,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from './log.note.ts';

/** MTH straight from RFC 6962 §2.1, over an in-memory list of leaf hashes: the reference for the proofs. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

const leaves = Array.from({ length: 300 }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
const reader: NodeReader = async (level, index) =>
  perfectRoot(leaves.slice(index * 2 ** level, (index + 1) * 2 ** level));

describe('RFC 6962 proofs', () => {
  it('prove and check inclusion of every leaf for many tree sizes', async () => {
    for (const n of [1, 2, 3, 5, 7, 8, 9, 31, 64, 100, 257, 300]) {
      const root = mth(leaves.slice(0, n));
      for (const m of [0, 1, Math.floor(n / 2), n - 1].filter((x) => x < n)) {
        const proof = await inclusionProof(reader, m, n);
        expect(checkInclusion(leaves[m]!, m, n, proof, root), `${m} in ${n}`).toBe(true);
        expect(checkInclusion(leaves[(m + 1) % 300]!, m, n, proof, root)).toBe(false);
        if (proof.length > 0) expect(checkInclusion(leaves[m]!, m, n, proof.slice(1), root)).toBe(false);
      }
    }
  });

  it('prove and check consistency between many pairs of sizes', async () => {
    for (const [m, n] of [
      [1, 2],
      [1, 8],
      [3, 7],
      [4, 8],
      [6, 8],
      [7, 300],
      [8, 9],
      [100, 257],
      [256, 300],
      [5, 5],
    ] as const) {
      const proof = await consistencyProof(reader, m, n);
      const [a, b] = [mth(leaves.slice(0, m)), mth(leaves.slice(0, n))];
      expect(checkConsistency(m, a, n, b, proof), `${m} → ${n}`).toBe(true);
      expect(checkConsistency(m, b, n, b, proof) && m !== n).toBe(false);
      if (proof.length > 0) expect(checkConsistency(m, a, n, b, proof.slice(0, -1))).toBe(false);
    }
  });

  it('matches RFC 6962 test vectors (the empty tree, one leaf)', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(leafHash(Buffer.alloc(0)).toString('hex')).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
  });
});

describe('tile paths and signed notes', () => {
  it('encodes tile indexes in 3-digit groups (x001/x234/067)', () => {
    expect(encodeTileIndex(1234067)).toBe('x001/x234/067');
    expect(encodeTileIndex(0)).toBe('000');
    expect(encodeTileIndex(1000)).toBe('x001/000');
    expect(decodeTileIndex('x001/x234/067')).toBe(1234067);
    for (const bad of ['1', '0001', 'x001', 'x000/001', '001/002', 'x1/002'])
      expect(decodeTileIndex(bad)).toBeNull();
  });

  it('signs checkpoints that verify with the vkey, and not with another key', () => {
    const signer = parseSignerKey(generateSignerKey('example.com/log'));
    const note = signNote(checkpointText('example.com/log', 3, Buffer.alloc(32, 1)), [signer]);
    expect(openNote(note, [parseVerifierKey(signer.vkey)])).toMatchObject({
      verifiedBy: ['example.com/log'],
      failedBy: [],
    });
    const other = parseSignerKey(generateSignerKey('example.com/log'));
    expect(openNote(note, [parseVerifierKey(other.vkey)])?.verifiedBy).toEqual([]);
    expect(openNote(note.replace('\n3\n', '\n4\n'), [parseVerifierKey(signer.vkey)])?.failedBy).toEqual([
      'example.com/log',
    ]);
  });

  it('verifies the signed-note specification example', () => {
    const v = parseVerifierKey('example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k');
    const note =
      'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';
    expect(openNote(note, [v])).toMatchObject({ verifiedBy: ['example.com/foo'], failedBy: [] });
  });
});
