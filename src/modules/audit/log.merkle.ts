import { createHash } from 'node:crypto';

/**
 * RFC 6962 Merkle tree hashing, tile coordinates (C2SP tlog-tiles) and proofs, written by hand: the hashing
 * is three lines of specification (SHA-256 of 0x00 || leaf, of 0x01 || left || right), and no maintained
 * npm library implements RFC 6962 proofs over C2SP tiles. Interoperability with an independent
 * implementation (Go's golang.org/x/mod/sumdb/tlog) is checked by tools/tlog-verify (log.interop.test.ts).
 */
export const HASH_SIZE = 32;
/** Tile height: each tile holds 2^8 = 256 hashes (tlog-tiles). */
export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;

export function sha256(...parts: Uint8Array[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export const leafHash = (data: Uint8Array): Buffer => sha256(LEAF, data);
export const nodeHash = (left: Uint8Array, right: Uint8Array): Buffer => sha256(NODE, left, right);
/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT = sha256();

/** The largest power of two strictly smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The root of a perfect tree over `hashes` (a power of two of them), as consecutive tile entries. */
export function perfectRoot(hashes: readonly Uint8Array[]): Buffer {
  let level: Buffer[] = hashes.map((h) => Buffer.from(h));
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
    level = next;
  }
  return level[0]!;
}

/**
 * The hash of the perfect subtree of 2^level leaves starting at leaf `index · 2^level`. Every node a proof
 * or root needs is one of these (RFC 6962's recursion only splits at powers of two).
 */
export type NodeReader = (level: number, index: number) => Promise<Buffer>;

/** MTH(D[lo:hi]) for a range the RFC 6962 recursion produces (lo a multiple of the split size). */
export async function rangeHash(read: NodeReader, lo: number, hi: number): Promise<Buffer> {
  const n = hi - lo;
  if (n === 0) return EMPTY_ROOT;
  if ((n & (n - 1)) === 0 && lo % n === 0) return read(Math.log2(n), lo / n);
  const k = splitPoint(n);
  return nodeHash(await rangeHash(read, lo, lo + k), await rangeHash(read, lo + k, hi));
}

/** RFC 6962 §2.1.1 PATH(m, D[0:n]): the audit path of leaf m in the tree of size n, deepest sibling first. */
export async function inclusionProof(read: NodeReader, m: number, n: number): Promise<Buffer[]> {
  if (m < 0 || m >= n) throw new RangeError(`leaf ${m} is not in a tree of size ${n}`);
  const path = async (lo: number, hi: number): Promise<Buffer[]> => {
    if (hi - lo === 1) return [];
    const k = splitPoint(hi - lo);
    return m < lo + k
      ? [...(await path(lo, lo + k)), await rangeHash(read, lo + k, hi)]
      : [...(await path(lo + k, hi)), await rangeHash(read, lo, lo + k)];
  };
  return path(0, n);
}

/** RFC 6962 §2.1.2 PROOF(m, D[0:n]): the consistency proof from the tree of size m to the tree of size n. */
export async function consistencyProof(read: NodeReader, m: number, n: number): Promise<Buffer[]> {
  if (m < 0 || m > n) throw new RangeError(`no consistency proof from ${m} to ${n}`);
  if (m === 0 || m === n) return [];
  const sub = async (lo: number, hi: number, complete: boolean): Promise<Buffer[]> => {
    if (m === hi) return complete ? [] : [await rangeHash(read, lo, hi)];
    const k = splitPoint(hi - lo);
    return m <= lo + k
      ? [...(await sub(lo, lo + k, complete)), await rangeHash(read, lo + k, hi)]
      : [...(await sub(lo + k, hi, false)), await rangeHash(read, lo, lo + k)];
  };
  return sub(0, n, true);
}

/**
 * The nodes (level, index) a computation over the tree reads, in order, found by running it over placeholder
 * hashes: RFC 6962's recursion picks its nodes from the sizes alone, never from hash values, so a reader can
 * fetch every node a proof needs at once (TileReader.prefetch) instead of one read after another.
 */
export async function nodesRead(
  run: (read: NodeReader) => Promise<unknown>,
): Promise<{ level: number; index: number }[]> {
  const nodes: { level: number; index: number }[] = [];
  await run((level, index) => {
    nodes.push({ level, index });
    return Promise.resolve(EMPTY_ROOT);
  });
  return nodes;
}

/**
 * Every tile (C2SP tlog-tiles, height 8) of a tree built from `leaves` at once: level 0 holds the leaf hashes,
 * each full tile's subtree hash goes to the level above. The sequencer appends tile by tile instead
 * (log.sequencer.ts); this is for filling a scratch log (tests, bench/log-proof.ts).
 */
export function tilesOf(leaves: readonly Buffer[]): { level: number; idx: number; data: Buffer }[] {
  const tiles: { level: number; idx: number; data: Buffer }[] = [];
  let level = leaves;
  for (let l = 0; level.length > 0; l++) {
    const up: Buffer[] = [];
    for (let t = 0; t * TILE_WIDTH < level.length; t++) {
      const part = level.slice(t * TILE_WIDTH, (t + 1) * TILE_WIDTH);
      tiles.push({ level: l, idx: t, data: Buffer.concat(part) });
      if (part.length === TILE_WIDTH) up.push(perfectRoot(part));
    }
    level = up;
  }
  return tiles;
}

/** Recomputes the root from a leaf hash and its audit path; true when it equals `root`. */
export function checkInclusion(
  leaf: Uint8Array,
  m: number,
  n: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (m < 0 || m >= n) return false;
  let next = proof.length;
  const run = (lo: number, hi: number): Buffer | null => {
    if (hi - lo === 1) return Buffer.from(leaf);
    const k = splitPoint(hi - lo);
    const sibling = proof[--next];
    if (!sibling) return null;
    if (m < lo + k) {
      const left = run(lo, lo + k);
      return left && nodeHash(left, sibling);
    }
    const right = run(lo + k, hi);
    return right && nodeHash(sibling, right);
  };
  const got = run(0, n);
  return next === 0 && got !== null && got.equals(root);
}

/** Checks that the tree of size m (root `oldRoot`) is a prefix of the tree of size n (root `newRoot`). */
export function checkConsistency(
  m: number,
  oldRoot: Uint8Array,
  n: number,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (m < 0 || m > n) return false;
  if (m === n) return proof.length === 0 && Buffer.from(oldRoot).equals(newRoot);
  if (m === 0) return proof.length === 0;
  // The proof is [leading old subtree hash (when m is not a complete left subtree)?, deepest sibling, …,
  // top sibling]: siblings are taken from the end while descending, the leading hash from the front.
  let next = proof.length;
  let leading = 0;
  // Returns [hash of the old tree's part of this subtree, hash of the new tree's subtree].
  const run = (lo: number, hi: number, complete: boolean): [Buffer, Buffer] | null => {
    if (m === hi) {
      if (complete) return [Buffer.from(oldRoot), Buffer.from(oldRoot)];
      leading = 1;
      const h = proof[0];
      return h ? [Buffer.from(h), Buffer.from(h)] : null;
    }
    const k = splitPoint(hi - lo);
    const sibling = next > 0 ? proof[--next]! : null;
    if (!sibling) return null;
    if (m <= lo + k) {
      const inner = run(lo, lo + k, complete);
      return inner && [inner[0], nodeHash(inner[1], sibling)];
    }
    const inner = run(lo + k, hi, false);
    return inner && [nodeHash(sibling, inner[0]), nodeHash(sibling, inner[1])];
  };
  const got = run(0, n, true);
  return got !== null && next === leading && got[0].equals(oldRoot) && got[1].equals(newRoot);
}

/** `N` of a tile path: zero-padded 3-digit groups, all but the last prefixed with `x` (x001/x234/067). */
export function encodeTileIndex(n: number): string {
  let s = String(n % 1000).padStart(3, '0');
  for (let rest = Math.floor(n / 1000); rest > 0; rest = Math.floor(rest / 1000)) {
    s = `x${String(rest % 1000).padStart(3, '0')}/${s}`;
  }
  return s;
}

/** Parses `x001/x234/067` back to 1234067; null when not in that exact form. */
export function decodeTileIndex(path: string): number | null {
  const parts = path.split('/');
  let n = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const last = i === parts.length - 1;
    const m = last ? /^(\d{3})$/.exec(p) : /^x(\d{3})$/.exec(p);
    if (!m) return null;
    n = n * 1000 + Number(m[1]);
  }
  // No redundant leading groups (x000/…): the encoding is unique.
  if (parts.length > 1 && parts[0] === 'x000') return null;
  return Number.isSafeInteger(n) ? n : null;
}
