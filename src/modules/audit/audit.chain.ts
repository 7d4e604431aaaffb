import { createHash } from 'node:crypto';
import type { Db } from '../../db/db.ts';
import { encodeCanonical, type CanonicalRow } from './audit.canonical.ts';

/**
 * The hash chain over the access audit. Each row's hash is SHA-256 over the previous row's hash and the
 * row's canonical encoding (audit.canonical.ts: the fields as they are stored); the chain is written per
 * batch (see audit.sink.ts) and walked by `gerbang audit verify`.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields the chain covers, as they are stored: the canonical row and its place. */
export type ChainedFields = CanonicalRow & { seq: number };

export function chainHash(previous: string, r: ChainedFields): string {
  return createHash('sha256').update(previous).update('\n').update(encodeCanonical(r.seq, r)).digest('hex');
}

export type ChainProblem =
  'hash_mismatch' | 'sequence_gap' | 'unchained_row' | 'head_mismatch' | 'daily_root_mismatch';

export interface BrokenPlace {
  problem: ChainProblem;
  id: number | null;
  seq: number | null;
  day?: string;
}

export interface ChainReport {
  ok: boolean;
  rowsChecked: number;
  dailyRootsChecked: number;
  headSeq: number;
  /** Every broken place found, in seq order (at most `maxProblems`). */
  problems: BrokenPlace[];
  /** How many broken places there are in all (may exceed `problems.length`). */
  problemCount: number;
  /** The first broken place (the same as `problems[0]`). */
  firstBroken?: BrokenPlace;
}

const SELECT_CHAINED = `
  SELECT id, seq, hash, at, request_id AS "requestId", protocol, method, institution_id AS "institutionId",
         account_id AS "accountId", username, nik, elements_requested AS "elementsRequested",
         elements_returned AS "elementsReturned", outcome, caller_ip AS "callerIp",
         agreement_version_id AS "agreementVersionId"
    FROM access_audit`;

type StoredRow = ChainedFields & { id: number; hash: string };

/**
 * Walks the whole chain in seq order (keyset pages of `pageSize`), recomputing every hash, then checks the
 * head and the daily roots. Names every broken place (the first `maxProblems` of them; default 100), not
 * only the first: each row is checked against the hash stored on the row before it, so one bad row does
 * not hide the rows after it. An edited or reordered row breaks its own hash, a deleted row leaves a gap in
 * seq (or a head beyond the last row), an inserted row breaks the hash of the row after it or carries no
 * seq at all.
 */
export async function verifyChain(
  db: Db,
  opts: { pageSize?: number; maxProblems?: number } = {},
): Promise<ChainReport> {
  const pageSize = opts.pageSize ?? 5000;
  const maxProblems = opts.maxProblems ?? 100;
  const problems: BrokenPlace[] = [];
  let problemCount = 0;
  const broken = (p: BrokenPlace) => {
    problemCount += 1;
    if (problems.length < maxProblems) problems.push(p);
  };
  const { rows: heads } = await db.query<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_chain_head',
  );
  const head = heads[0] ?? { seq: 0, hash: GENESIS_HASH };
  const { rows: roots } = await db.query<{ day: string; lastSeq: number; rootHash: string }>(
    'SELECT day, last_seq AS "lastSeq", root_hash AS "rootHash" FROM audit_daily_roots ORDER BY day',
  );
  const rootSeqs = new Set(roots.map((r) => r.lastSeq));
  const hashAt = new Map<number, string>();

  let previous = GENESIS_HASH;
  let expectedSeq = 1;
  let lastSeq = 0;
  let checked = 0;
  for (let after = 0; ;) {
    const { rows } = await db.query<StoredRow>(
      `${SELECT_CHAINED} WHERE seq > $1 AND seq IS NOT NULL ORDER BY seq LIMIT $2`,
      [after, pageSize],
    );
    for (const row of rows) {
      if (row.seq !== expectedSeq) broken({ problem: 'sequence_gap', id: row.id, seq: row.seq });
      if (chainHash(previous, row) !== row.hash)
        broken({ problem: 'hash_mismatch', id: row.id, seq: row.seq });
      if (rootSeqs.has(row.seq)) hashAt.set(row.seq, row.hash);
      previous = row.hash;
      expectedSeq = row.seq + 1;
      lastSeq = row.seq;
      checked += 1;
    }
    if (rows.length < pageSize) break;
    after = lastSeq;
  }
  const { rows: loose } = await db.query<{ id: number }>(
    'SELECT id FROM access_audit WHERE seq IS NULL ORDER BY id LIMIT $1',
    [maxProblems],
  );
  for (const r of loose) broken({ problem: 'unchained_row', id: r.id, seq: null });
  if (lastSeq !== head.seq || previous !== head.hash) {
    broken({ problem: 'head_mismatch', id: null, seq: Math.max(lastSeq, head.seq) });
  }
  for (const root of roots) {
    if (hashAt.get(root.lastSeq) !== root.rootHash) {
      broken({ problem: 'daily_root_mismatch', id: null, seq: root.lastSeq, day: root.day });
    }
  }
  return {
    ok: problemCount === 0,
    rowsChecked: checked,
    dailyRootsChecked: roots.length,
    headSeq: head.seq,
    problems,
    problemCount,
    ...(problems[0] ? { firstBroken: problems[0] } : {}),
  };
}
