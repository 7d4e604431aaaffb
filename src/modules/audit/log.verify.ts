import type { Db } from '../../db/db.ts';
import { leafCommitment, type CanonicalRow } from './audit.canonical.ts';
import { EMPTY_ROOT, leafHash, nodeHash, perfectRoot, TILE_WIDTH } from './log.merkle.ts';
import { openNote, parseCheckpointText, parseVerifierKey, type NoteVerifier } from './log.note.ts';
import { allCheckpoints } from './log.proofs.ts';
import { TileReader } from './log.sequencer.ts';

export type LogProblem =
  /** The row's recomputed leaf differs from the leaf in the tree: the row was edited, reordered or swapped. */
  | 'leaf_mismatch'
  /** The tree has a leaf at this index but no row holds it: the row was deleted. */
  | 'missing_leaf'
  /** A row claims a leaf index beyond the tree. */
  | 'leaf_beyond_tree'
  /** A row written after the log began carries no commitment: inserted around the gateway. */
  | 'uncommitted_row'
  /** A row waiting for its leaf index whose commitment does not match its content. */
  | 'commitment_mismatch'
  /** A checkpoint whose signature does not verify, or whose signed text differs from its archive columns. */
  | 'checkpoint_signature'
  /** The tree recomputed from the stored leaves does not have the root a signed checkpoint names. */
  | 'checkpoint_mismatch'
  /** A stored upper-level tile hash differs from the hash of the tile below it. */
  | 'tile_mismatch';

export interface LogBroken {
  problem: LogProblem;
  /** The access_audit row (when one is concerned). */
  id: number | null;
  leafIndex: number | null;
  /** The checkpoint concerned (its tree size). */
  treeSize?: number;
}

export interface LogReport {
  ok: boolean;
  rowsChecked: number;
  treeSize: number;
  checkpointsChecked: number;
  /** Rows committed but not yet given a leaf (the sequencer takes them within a second or so). */
  pending: number;
  /** True when signatures were checked against keys given by the operator (config or --vkey), not the database. */
  trustedKeys: boolean;
  problems: LogBroken[];
  problemCount: number;
  firstBroken?: LogBroken;
}

type StoredRow = CanonicalRow & {
  id: number;
  leafIndex: number | null;
  salt: Uint8Array | null;
  commitment: Uint8Array | null;
};

const SELECT_ROWS = `
  SELECT id, leaf_index AS "leafIndex", leaf_salt AS salt, leaf_commitment AS commitment, at,
         request_id AS "requestId", protocol, method, institution_id AS "institutionId",
         account_id AS "accountId", username, nik, elements_requested AS "elementsRequested",
         elements_returned AS "elementsReturned", outcome, caller_ip AS "callerIp",
         agreement_version_id AS "agreementVersionId", purpose, purpose_defaulted AS "purposeDefaulted"
    FROM access_audit`;

function recomputedLeaf(r: StoredRow): Buffer | null {
  return r.salt ? leafHash(leafCommitment(r.salt, r)) : null;
}

/**
 * `gerbang audit verify` on the transparency log: every signed checkpoint's signature; every row's leaf
 * recomputed from its content and salt and compared with the tree's leaf at its index; the tree rebuilt from
 * those leaves and its root compared with every signed checkpoint; every upper tile compared with the tile
 * below; rows outside the tree examined. Names every broken place (the first `maxProblems`; default 100).
 * Edits, reorders and swaps break a leaf, deletions leave a leaf without a row, rows inserted around the
 * gateway carry no commitment or a wrong one, a rewritten checkpoint fails its signature, and a tree
 * rewritten to match edited rows no longer has the signed roots.
 *
 * `vkeys`: the log keys to trust (the config's key, or `--vkey`); without them, each checkpoint is checked
 * against the key recorded beside it, which shows corruption but not a forger who replaced both.
 */
export async function verifyLog(
  db: Db,
  opts: { vkeys?: readonly string[]; maxProblems?: number; pageSize?: number } = {},
): Promise<LogReport> {
  const maxProblems = opts.maxProblems ?? 100;
  const pageSize = opts.pageSize ?? 5000;
  const problems: LogBroken[] = [];
  let problemCount = 0;
  const broken = (p: LogBroken) => {
    problemCount += 1;
    if (problems.length < maxProblems) problems.push(p);
  };
  const trusted: NoteVerifier[] = (opts.vkeys ?? []).map(parseVerifierKey);

  const { rows: states } = await db.query<{ size: number; legacyMaxId: number }>(
    'SELECT tree_size AS size, legacy_max_id AS "legacyMaxId" FROM log_state',
  );
  const treeSize = Number(states[0]?.size ?? 0);
  const legacyMaxId = Number(states[0]?.legacyMaxId ?? 0);

  // The signed checkpoints: the size and root they were signed with.
  const signed = new Map<number, Buffer>();
  const checkpoints = await allCheckpoints(db);
  for (const cp of checkpoints) {
    const verifiers = trusted.length > 0 ? trusted : [parseVerifierKey(cp.vkey)];
    const opened = openNote(cp.note, verifiers);
    const body = opened && parseCheckpointText(opened.text);
    if (
      !opened ||
      !body ||
      opened.verifiedBy.length === 0 ||
      opened.failedBy.length > 0 ||
      body.size !== cp.treeSize ||
      !body.root.equals(cp.rootHash)
    ) {
      broken({ problem: 'checkpoint_signature', id: null, leafIndex: null, treeSize: cp.treeSize });
      continue;
    }
    signed.set(body.size, body.root);
  }

  // Walk the leaves in order beside the rows that hold them.
  const tiles = new TileReader(db);
  let tile: { idx: number; hashes: Buffer[] } = { idx: -1, hashes: [] };
  const treeLeaf = async (i: number): Promise<Buffer | null> => {
    const idx = Math.floor(i / TILE_WIDTH);
    if (tile.idx !== idx) tile = { idx, hashes: await new TileReader(db).hashes(0, idx) };
    return tile.hashes[i % TILE_WIDTH] ?? null;
  };
  // The tree rebuilt leaf by leaf: perfect subtrees of decreasing size (the RFC 6962 right frontier).
  const frontier: { size: number; hash: Buffer }[] = [];
  // Per tile level, the hashes of the current tile, to compare each full tile with the level above.
  const levels: Buffer[][] = [];
  const pushLevel = async (level: number, hash: Buffer, index: number): Promise<void> => {
    const cur = (levels[level] ??= []);
    cur.push(hash);
    if (cur.length < TILE_WIDTH) return;
    const up = perfectRoot(cur);
    levels[level] = [];
    const upIndex = Math.floor(index / TILE_WIDTH);
    const stored = (await tiles.hashes(level + 1, Math.floor(upIndex / TILE_WIDTH)))[upIndex % TILE_WIDTH];
    if (!stored || !stored.equals(up)) {
      broken({ problem: 'tile_mismatch', id: null, leafIndex: upIndex * TILE_WIDTH ** (level + 1) });
    }
    await pushLevel(level + 1, up, upIndex);
  };
  let size = 0;
  const addLeaf = async (hash: Buffer) => {
    let node = { size: 1, hash };
    while (frontier.length > 0 && frontier[frontier.length - 1]!.size === node.size) {
      const left = frontier.pop()!;
      node = { size: left.size * 2, hash: nodeHash(left.hash, node.hash) };
    }
    frontier.push(node);
    await pushLevel(0, hash, size);
    size += 1;
    const root = signed.get(size);
    if (root) {
      let r = frontier[frontier.length - 1]!.hash;
      for (let j = frontier.length - 2; j >= 0; j--) r = nodeHash(frontier[j]!.hash, r);
      if (!r.equals(root))
        broken({ problem: 'checkpoint_mismatch', id: null, leafIndex: null, treeSize: size });
    }
  };
  if (signed.has(0) && !signed.get(0)!.equals(EMPTY_ROOT)) {
    broken({ problem: 'checkpoint_mismatch', id: null, leafIndex: null, treeSize: 0 });
  }

  let rowsChecked = 0;
  const missingUpTo = async (end: number) => {
    for (; size < Math.min(end, treeSize);) {
      broken({ problem: 'missing_leaf', id: null, leafIndex: size });
      await addLeaf((await treeLeaf(size)) ?? EMPTY_ROOT);
    }
  };
  for (let after = -1; ;) {
    const { rows } = await db.query<StoredRow>(
      `${SELECT_ROWS} WHERE leaf_index > $1 ORDER BY leaf_index LIMIT $2`,
      [after, pageSize],
    );
    for (const row of rows) {
      const index = Number(row.leafIndex);
      rowsChecked += 1;
      after = index;
      if (index >= treeSize) {
        broken({ problem: 'leaf_beyond_tree', id: Number(row.id), leafIndex: index });
        continue;
      }
      await missingUpTo(index);
      const inTree = await treeLeaf(index);
      const mine = recomputedLeaf(row);
      if (!inTree || !mine || !mine.equals(inTree)) {
        broken({ problem: 'leaf_mismatch', id: Number(row.id), leafIndex: index });
      }
      // The tree is rebuilt from the leaves the log published, so each checkpoint is judged on its own and a
      // bad row is named once, as itself.
      await addLeaf(inTree ?? EMPTY_ROOT);
    }
    if (rows.length < pageSize) break;
  }
  await missingUpTo(treeSize);

  // Rows outside the tree.
  let pending = 0;
  for (let after = 0; ;) {
    const { rows } = await db.query<StoredRow>(
      `${SELECT_ROWS} WHERE leaf_index IS NULL AND id > $1 ORDER BY id LIMIT $2`,
      [after, pageSize],
    );
    for (const row of rows) {
      after = Number(row.id);
      rowsChecked += 1;
      if (!row.commitment) {
        if (Number(row.id) > legacyMaxId)
          broken({ problem: 'uncommitted_row', id: Number(row.id), leafIndex: null });
        else pending += 1;
        continue;
      }
      const mine = row.salt ? leafCommitment(row.salt, row) : null;
      if (!mine || !mine.equals(row.commitment)) {
        broken({ problem: 'commitment_mismatch', id: Number(row.id), leafIndex: null });
      } else pending += 1;
    }
    if (rows.length < pageSize) break;
  }

  return {
    ok: problemCount === 0,
    rowsChecked,
    treeSize,
    checkpointsChecked: checkpoints.length,
    pending,
    trustedKeys: trusted.length > 0,
    problems,
    problemCount,
    ...(problems[0] ? { firstBroken: problems[0] } : {}),
  };
}
