import type { Db } from '../../db/db.ts';
import { leafHash } from './log.merkle.ts';
import { TileReader } from './log.sequencer.ts';

export interface Checkpoint {
  treeSize: number;
  rootHash: Buffer;
  /** The signed note as served: the log's signature, then any witness cosignatures. */
  note: string;
  vkey: string;
  signedAt: string;
}

const SELECT_CHECKPOINT = `
  SELECT c.tree_size AS "treeSize", c.root_hash AS "rootHash", c.note, c.vkey, c.signed_at AS "signedAt",
         coalesce((SELECT string_agg(w.signature_line, '' ORDER BY w.witness_vkey)
                     FROM log_cosignatures w WHERE w.tree_size = c.tree_size), '') AS cosignatures
    FROM log_checkpoints c`;

type CheckpointRow = Omit<Checkpoint, 'rootHash'> & { rootHash: Uint8Array; cosignatures: string };

const toCheckpoint = (r: CheckpointRow): Checkpoint => ({
  treeSize: Number(r.treeSize),
  rootHash: Buffer.from(r.rootHash),
  note: r.note + r.cosignatures,
  vkey: r.vkey,
  signedAt: r.signedAt,
});

/** The newest signed checkpoint (null before the first). */
export async function latestCheckpoint(db: Db): Promise<Checkpoint | null> {
  const { rows } = await db.query<CheckpointRow>(`${SELECT_CHECKPOINT} ORDER BY c.tree_size DESC LIMIT 1`);
  return rows[0] ? toCheckpoint(rows[0]) : null;
}

export async function checkpointOfSize(db: Db, size: number): Promise<Checkpoint | null> {
  const { rows } = await db.query<CheckpointRow>(`${SELECT_CHECKPOINT} WHERE c.tree_size = $1`, [size]);
  return rows[0] ? toCheckpoint(rows[0]) : null;
}

export async function allCheckpoints(db: Db): Promise<Checkpoint[]> {
  const { rows } = await db.query<CheckpointRow>(`${SELECT_CHECKPOINT} ORDER BY c.tree_size`);
  return rows.map(toCheckpoint);
}

export interface InclusionProof {
  rowId: number;
  requestId: string;
  leafIndex: number;
  /** The public leaf (the salted commitment) and its RFC 6962 leaf hash. */
  commitment: string;
  leafHash: string;
  treeSize: number;
  rootHash: string;
  /** Audit path, deepest sibling first, base64 (as checkpoints write hashes). */
  proof: string[];
  checkpoint: string;
}

/**
 * The inclusion proof of every access record with this request ID in the newest checkpoint that contains
 * it (the resident's view and officers attach it to a record). Records not yet in a checkpoint are left out
 * (`pending` counts them).
 */
export async function inclusionForRequest(
  db: Db,
  requestId: string,
): Promise<{ proofs: InclusionProof[]; pending: number }> {
  const { rows } = await db.query<{ id: number; leafIndex: number | null; commitment: Uint8Array | null }>(
    `SELECT id, leaf_index AS "leafIndex", leaf_commitment AS commitment
       FROM access_audit WHERE request_id = $1 ORDER BY id`,
    [requestId],
  );
  const cp = await latestCheckpoint(db);
  const proofs: InclusionProof[] = [];
  let pending = 0;
  const reader = new TileReader(db);
  for (const r of rows) {
    if (r.leafIndex === null || !r.commitment || !cp || Number(r.leafIndex) >= cp.treeSize) {
      pending += 1;
      continue;
    }
    const index = Number(r.leafIndex);
    const commitment = Buffer.from(r.commitment);
    const path = await reader.inclusion(index, cp.treeSize);
    proofs.push({
      rowId: Number(r.id),
      requestId,
      leafIndex: index,
      commitment: commitment.toString('base64'),
      leafHash: leafHash(commitment).toString('base64'),
      treeSize: cp.treeSize,
      rootHash: cp.rootHash.toString('base64'),
      proof: path.map((h) => h.toString('base64')),
      checkpoint: cp.note,
    });
  }
  return { proofs, pending };
}

/** The consistency proof between two tree sizes the log has (any sizes up to the newest checkpoint). */
export async function consistencyBetween(db: Db, oldSize: number, newSize: number): Promise<Buffer[]> {
  return new TileReader(db).consistency(oldSize, newSize);
}
