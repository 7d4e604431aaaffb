import type { Db } from '../../db/db.ts';
import { randomBytes } from 'node:crypto';
import type { AuditEntry } from './audit.entry.ts';
import { observeAuditBatch } from '../metrics/metrics.ts';
import { canonicalRow, leafCommitment, SALT_BYTES, type CanonicalRow } from './audit.canonical.ts';

export type { AuditEntry } from './audit.entry.ts';

/**
 * Writing audit rows. `record` resolves only once the row is durable (committed), so the caller can answer
 * after it.
 */
export interface AuditSink {
  record(entry: AuditEntry): Promise<void>;
  /** Resolves when every row recorded so far is committed (shutdown). */
  flush(): Promise<void>;
}

interface Pending {
  entry: AuditEntry;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit into the transparency log. Rows queue while one batch is being written; the next batch takes
 * all of them (up to `maxBatch`) in one multi-row INSERT (one statement, one commit), and every request of
 * the batch is answered only after its COMMIT. Under light load a batch is one row (no added latency, no
 * timer); under heavy load one commit carries hundreds. Each row is canonicalised once and stored with a
 * random salt and its salted commitment (the future leaf); no tree work and no shared lock here: the log's
 * sequencer (log.sequencer.ts) gives rows their leaf index in the background, so several gateway processes
 * write without contending.
 */
export class BatchedAuditSink implements AuditSink {
  private queue: Pending[] = [];
  private writing: Promise<void> | null = null;
  private readonly maxBatch: number;

  constructor(
    private readonly db: Db,
    opts: { maxBatch?: number } = {},
  ) {
    this.maxBatch = opts.maxBatch ?? 1000;
  }

  record(entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      const observed = observeAuditBatch(batch.length);
      try {
        await writeRows(
          this.db,
          batch.map((p) => p.entry),
        );
        observed();
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    this.writing = null;
  }
}

/** A row as stored: canonical (canonicalised once, audit.canonical.ts), with its salt and commitment. */
interface StoredRow {
  row: CanonicalRow;
  salt: Buffer;
  commitment: Buffer;
}

function toStored(e: AuditEntry, salt: Buffer): StoredRow {
  const row = canonicalRow(e);
  return { row, salt, commitment: leafCommitment(salt, row) };
}

// One statement of fixed text for any batch size, so it is prepared once per connection, and one parameter:
// the batch as a JSON array of row objects (JSON.stringify is native; node-postgres would escape nineteen
// array parameters element by element in JavaScript — issue #16's profile). `json` (not `jsonb`) keeps the
// strings byte for byte; ROWS FROM … WITH ORDINALITY keeps the batch's order as the rows' id order. The
// element lists are JSON arrays of strings, read into text[]; salt and commitment travel as hex.
const INSERT_ROWS = `
  INSERT INTO access_audit (leaf_salt, leaf_commitment, at, request_id, protocol, method, institution_id,
                            account_id, username, nik, elements_requested, elements_returned, outcome,
                            caller_ip, agreement_version_id, fee_lease_id, fee_rupiah, purpose, purpose_defaulted)
  SELECT decode(u.salt, 'hex'), decode(u.commitment, 'hex'), u.at, u.request_id, u.protocol, u.method,
         u.institution_id, u.account_id, u.username, u.nik, u.requested, u.returned,
         u.outcome, u.caller_ip, u.agreement_version_id, u.fee_lease_id, u.fee_rupiah,
         u.purpose, u.purpose_defaulted
    FROM ROWS FROM (json_to_recordset($1::json)
           AS (salt text, commitment text, at timestamptz, request_id text, protocol text, method text,
               institution_id text, account_id text, username text, nik text, requested text[],
               returned text[], outcome text, caller_ip text, agreement_version_id text, fee_lease_id text,
               fee_rupiah bigint, purpose text, purpose_defaulted boolean)) WITH ORDINALITY
      AS u(salt, commitment, at, request_id, protocol, method, institution_id, account_id, username, nik,
           requested, returned, outcome, caller_ip, agreement_version_id, fee_lease_id, fee_rupiah,
           purpose, purpose_defaulted, ord)
   ORDER BY u.ord`;

/** The prepared name of the audit batch INSERT (the outage test cuts the connection at its answer). */
export const AUDIT_INSERT_STATEMENT = 'audit-insert-batch';

/** The batch as the INSERT's one parameter: a JSON array, one object per row, keys as the INSERT names them. */
function batchParam(rows: StoredRow[], entries: AuditEntry[]): string {
  return JSON.stringify(
    rows.map(({ row, salt, commitment }, i) => {
      const fee = entries[i]!.fee;
      return {
        salt: salt.toString('hex'),
        commitment: commitment.toString('hex'),
        at: row.at,
        request_id: row.requestId,
        protocol: row.protocol,
        method: row.method,
        institution_id: row.institutionId,
        account_id: row.accountId,
        username: row.username,
        nik: row.nik,
        requested: row.elementsRequested,
        returned: row.elementsReturned,
        outcome: row.outcome,
        caller_ip: row.callerIp,
        agreement_version_id: row.agreementVersionId,
        fee_lease_id: fee?.leaseId ?? null,
        fee_rupiah: fee ? fee.rupiah : null,
        purpose: row.purpose,
        purpose_defaulted: row.purposeDefaulted,
      };
    }),
  );
}

/** Canonicalises, salts, commits and inserts `entries` in one statement (their order is their id order). */
export async function writeRows(db: Db, entries: AuditEntry[]): Promise<void> {
  const salts = randomBytes(SALT_BYTES * entries.length);
  const rows = entries.map((e, i) => toStored(e, salts.subarray(i * SALT_BYTES, (i + 1) * SALT_BYTES)));
  await db.query(INSERT_ROWS, [batchParam(rows, entries)], { prepare: AUDIT_INSERT_STATEMENT });
}

/**
 * Gives rows written before the log existed (up to `log_state.legacy_max_id`, fixed by migration 015) their
 * salt and commitment, computed from what is stored, oldest first, in pages. Run once at start; a no-op
 * afterwards. A later row without a commitment is never adopted: `audit verify` names it.
 */
export async function commitLegacyRows(db: Db, pageSize = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const { rows } = await tx.query<CanonicalRow & { id: number }>(
        `SELECT id, at, request_id AS "requestId", protocol, method, institution_id AS "institutionId",
                account_id AS "accountId", username, nik, elements_requested AS "elementsRequested",
                elements_returned AS "elementsReturned", outcome, caller_ip AS "callerIp",
                agreement_version_id AS "agreementVersionId", purpose, purpose_defaulted AS "purposeDefaulted"
           FROM access_audit
          WHERE leaf_commitment IS NULL AND id <= (SELECT legacy_max_id FROM log_state)
          ORDER BY id LIMIT $1 FOR UPDATE`,
        [pageSize],
      );
      for (const r of rows) {
        const salt = randomBytes(SALT_BYTES);
        await tx.query('UPDATE access_audit SET leaf_salt = $1, leaf_commitment = $2 WHERE id = $3', [
          salt,
          leafCommitment(salt, r),
          r.id,
        ]);
      }
      return rows.length;
    });
    total += n;
    if (n < pageSize) return total;
  }
}
