import { createHash } from 'node:crypto';
import type { Db } from '../../db/db.ts';
import type { AuditEntry } from './audit.sink.ts';

/**
 * The hash chain over the access audit. Each row's hash is SHA-256 over the previous row's hash and the
 * row's canonical encoding; the chain is written per batch (see audit.sink.ts) and walked by
 * `gerbang audit verify`. The encoding is ours (no library defines one for this row): a JSON array of the
 * row's fields in a fixed order, so it is unambiguous and the same in every process and on every driver.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields the chain covers, as they are stored: the entry, its place, and `at` as ISO 8601 UTC (ms). */
export type ChainedFields = Omit<AuditEntry, 'at'> & { seq: number; at: string };

export function canonical(r: ChainedFields): string {
  return JSON.stringify([
    r.seq,
    r.at,
    r.requestId,
    r.protocol,
    r.method,
    r.institutionId,
    r.accountId,
    r.username,
    r.nik,
    r.elementsRequested,
    r.elementsReturned,
    r.outcome,
    r.callerIp,
    r.agreementVersionId ?? null,
  ]);
}

export function chainHash(previous: string, r: ChainedFields): string {
  return createHash('sha256').update(previous).update('\n').update(canonical(r)).digest('hex');
}

export type ChainProblem =
  'hash_mismatch' | 'sequence_gap' | 'unchained_row' | 'head_mismatch' | 'daily_root_mismatch';

export interface ChainReport {
  ok: boolean;
  rowsChecked: number;
  dailyRootsChecked: number;
  headSeq: number;
  /** The first broken place: the row (its id and seq) where the chain no longer holds, and why. */
  firstBroken?: { problem: ChainProblem; id: number | null; seq: number | null; day?: string };
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
 * head and the daily roots. Names the first broken row: an edited or reordered row breaks its own hash, a
 * deleted row leaves a gap in seq (or a head beyond the last row), an inserted row breaks the hash of the row
 * after it or carries no seq at all.
 */
export async function verifyChain(db: Db, opts: { pageSize?: number } = {}): Promise<ChainReport> {
  const pageSize = opts.pageSize ?? 5000;
  const { rows: heads } = await db.query<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_chain_head',
  );
  const head = heads[0] ?? { seq: 0, hash: GENESIS_HASH };
  const report = (
    rowsChecked: number,
    dailyRootsChecked: number,
    firstBroken?: ChainReport['firstBroken'],
  ): ChainReport => ({
    ok: !firstBroken,
    rowsChecked,
    dailyRootsChecked,
    headSeq: head.seq,
    ...(firstBroken ? { firstBroken } : {}),
  });

  const { rows: loose } = await db.query<{ id: number }>(
    'SELECT id FROM access_audit WHERE seq IS NULL ORDER BY id LIMIT 1',
  );
  let previous = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  const hashAt = new Map<number, string>();
  const { rows: roots } = await db.query<{ day: string; lastSeq: number; rootHash: string }>(
    'SELECT day, last_seq AS "lastSeq", root_hash AS "rootHash" FROM audit_daily_roots ORDER BY day',
  );
  const rootSeqs = new Set(roots.map((r) => r.lastSeq));
  for (;;) {
    const { rows } = await db.query<StoredRow>(
      `${SELECT_CHAINED} WHERE seq >= $1 AND seq IS NOT NULL ORDER BY seq LIMIT $2`,
      [expectedSeq, pageSize],
    );
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return report(checked, 0, { problem: 'sequence_gap', id: row.id, seq: row.seq });
      }
      const hash = chainHash(previous, row);
      if (hash !== row.hash)
        return report(checked, 0, { problem: 'hash_mismatch', id: row.id, seq: row.seq });
      if (rootSeqs.has(row.seq)) hashAt.set(row.seq, hash);
      previous = hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < pageSize) break;
  }
  if (loose[0]) return report(checked, 0, { problem: 'unchained_row', id: loose[0].id, seq: null });
  if (expectedSeq - 1 !== head.seq || previous !== head.hash) {
    return report(checked, 0, { problem: 'head_mismatch', id: null, seq: expectedSeq });
  }
  for (const root of roots) {
    if (hashAt.get(root.lastSeq) !== root.rootHash) {
      return report(checked, 0, {
        problem: 'daily_root_mismatch',
        id: null,
        seq: root.lastSeq,
        day: root.day,
      });
    }
  }
  return report(checked, roots.length);
}
