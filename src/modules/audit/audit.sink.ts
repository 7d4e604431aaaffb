import type { Db } from '../../db/db.ts';
import { wibDay } from '../../lib/time.ts';
import type { Outcome } from '../access/outcomes.ts';
import { canonicalRow } from './audit.canonical.ts';
import { chainHash, type ChainedFields } from './audit.chain.ts';

/** One verification or look-up attempt, refused ones included. Never holds submitted or stored values. */
export interface AuditEntry {
  requestId: string;
  protocol: 'v1' | 'wire';
  method: 'verification' | 'portal';
  institutionId: string | null;
  accountId: string | null;
  username: string | null;
  nik: string | null;
  elementsRequested: string[];
  elementsReturned: string[];
  outcome: Outcome;
  callerIp: string;
  at?: Date;
  /** The agreement version the attempt was judged against (null when refused before an agreement was found). */
  agreementVersionId?: string | null;
}

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
 * Group commit with a hash chain. Rows queue while one batch is being written; the next batch takes all of
 * them (up to `maxBatch`) in one transaction — lock the chain head, chain the rows, one multi-row INSERT,
 * move the head, record a daily root when the WIB day turned — and every request of the batch is answered
 * only after its COMMIT. Under light load a batch is one row (no added latency, no timer); under heavy load
 * one commit carries hundreds. The head row lock makes the batches of several processes one chain.
 */
export class ChainedAuditSink implements AuditSink {
  private queue: Pending[] = [];
  private writing: Promise<void> | null = null;
  /** The chain head after this process's last batch (null: not known yet, or another process moved it). */
  private head: Head | null = null;
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
      try {
        this.head = await writeChained(
          this.db,
          batch.map((p) => p.entry),
          this.head,
        );
        for (const p of batch) p.resolve();
      } catch (err) {
        this.head = null;
        for (const p of batch) p.reject(err);
      }
    }
    this.writing = null;
  }
}

interface Head {
  seq: number;
  hash: string;
  day: string | null;
  dayFirstSeq: number | null;
}

/** The entry at its place: canonicalised once (audit.canonical.ts), then hashed and stored as it is. */
function toRow(e: AuditEntry, seq: number): ChainedFields {
  return { ...canonicalRow(e), seq };
}

// One statement of fixed text for any batch size (column arrays, unnested), so it is prepared once per
// connection. The element lists travel as one array literal per row (unnest would flatten a text[][], and
// a ragged one is not an array at all), cast back to text[] row by row.
const INSERT_ROWS = `
  INSERT INTO access_audit (seq, hash, at, request_id, protocol, method, institution_id, account_id,
                            username, nik, elements_requested, elements_returned, outcome, caller_ip,
                            agreement_version_id)
  SELECT u.seq, u.hash, u.at, u.request_id, u.protocol, u.method, u.institution_id, u.account_id,
         u.username, u.nik,
         u.requested::text[], u.returned::text[],
         u.outcome, u.caller_ip, u.agreement_version_id
    FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],
                $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
                $14::text[], $15::text[])
      AS u(seq, hash, at, request_id, protocol, method, institution_id, account_id, username, nik,
           requested, returned, outcome, caller_ip, agreement_version_id)`;

/**
 * A PostgreSQL array literal of strings: every element quoted, `"` and `\\` escaped. By hand: node-postgres
 * builds such literals for array parameters but does not export it.
 */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

function rowParams(rows: ChainedFields[], hashes: string[]): unknown[] {
  const col = <K extends keyof ChainedFields>(k: K) => rows.map((r) => r[k]);
  return [
    col('seq'),
    hashes,
    col('at'),
    col('requestId'),
    col('protocol'),
    col('method'),
    col('institutionId'),
    col('accountId'),
    col('username'),
    col('nik'),
    rows.map((r) => arrayLiteral(r.elementsRequested)),
    rows.map((r) => arrayLiteral(r.elementsReturned)),
    col('outcome'),
    col('callerIp'),
    col('agreementVersionId'),
  ];
}

/**
 * Chains and inserts `entries`; returns the new head. With a `known` head (this process's last batch) and
 * no WIB day turning, it is one statement — one round trip and one commit: the head moves only if it is
 * still where this process left it, and the rows go in only if it moved. If another process moved the head
 * in between (no row inserted), or the day turns, it takes the locked path: a transaction that locks the
 * head, records the daily root and chains from the head it finds.
 */
export async function writeChained(db: Db, entries: AuditEntry[], known: Head | null = null): Promise<Head> {
  if (known?.day) {
    const rows = entries.map((e, i) => toRow(e, known.seq + 1 + i));
    if (rows.every((r) => wibDay(new Date(r.at)) <= known.day!)) {
      const hashes: string[] = [];
      let hash = known.hash;
      for (const r of rows) hashes.push((hash = chainHash(hash, r)));
      const last = rows[rows.length - 1]!.seq;
      const { rowCount } = await db.query(
        `WITH moved AS (
           UPDATE audit_chain_head SET seq = $16, hash = $17 WHERE seq = $18 AND hash = $19 RETURNING 1
         )
         ${INSERT_ROWS}
         WHERE EXISTS (SELECT 1 FROM moved)
         ORDER BY u.seq`,
        [...rowParams(rows, hashes), last, hash, known.seq, known.hash],
        { prepare: 'audit-insert-moved' },
      );
      if (rowCount === rows.length) return { ...known, seq: last, hash };
    }
  }
  return db.transaction(async (tx) => {
    const head = await lockHead(tx);
    const rows: ChainedFields[] = [];
    const hashes: string[] = [];
    for (const e of entries) {
      const row = toRow(e, head.seq + 1);
      await advanceDay(tx, head, wibDay(new Date(row.at)), row.seq);
      head.hash = chainHash(head.hash, row);
      head.seq = row.seq;
      rows.push(row);
      hashes.push(head.hash);
    }
    await tx.query(`${INSERT_ROWS} ORDER BY u.seq`, rowParams(rows, hashes), {
      prepare: 'audit-insert-batch',
    });
    await saveHead(tx, head);
    return head;
  });
}

async function lockHead(tx: Db): Promise<Head> {
  const { rows } = await tx.query<Head>(
    `SELECT seq, hash, day, day_first_seq AS "dayFirstSeq" FROM audit_chain_head FOR UPDATE`,
  );
  if (!rows[0]) throw new Error('audit_chain_head is missing (migration 002 not applied)');
  return rows[0];
}

async function saveHead(tx: Db, head: Head): Promise<void> {
  await tx.query('UPDATE audit_chain_head SET seq = $1, hash = $2, day = $3, day_first_seq = $4', [
    head.seq,
    head.hash,
    head.day,
    head.dayFirstSeq,
  ]);
}

/**
 * The chain's day only moves forward: when a row of a later WIB day arrives, the root of the day that ended
 * (the hash after its last row) is recorded.
 */
async function advanceDay(tx: Db, head: Head, day: string, seq: number): Promise<void> {
  if (head.day !== null && day <= head.day) return;
  if (head.day !== null && head.dayFirstSeq !== null) {
    await tx.query(
      `INSERT INTO audit_daily_roots (day, first_seq, last_seq, root_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (day) DO NOTHING`,
      [head.day, head.dayFirstSeq, head.seq, head.hash],
    );
  }
  head.day = day;
  head.dayFirstSeq = seq;
}

/**
 * Chains rows written before the chain existed (seq NULL), oldest first, in pages. Run once at start; a
 * no-op afterwards.
 */
export async function chainLegacyRows(db: Db, pageSize = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const head = await lockHead(tx);
      const { rows } = await tx.query<ChainedFields & { id: number }>(
        `SELECT id, at, request_id AS "requestId", protocol, method, institution_id AS "institutionId",
                account_id AS "accountId", username, nik, elements_requested AS "elementsRequested",
                elements_returned AS "elementsReturned", outcome, caller_ip AS "callerIp",
                agreement_version_id AS "agreementVersionId"
           FROM access_audit WHERE seq IS NULL ORDER BY id LIMIT $1 FOR UPDATE`,
        [pageSize],
      );
      for (const r of rows) {
        const row = { ...r, seq: head.seq + 1 };
        await advanceDay(tx, head, wibDay(new Date(row.at)), row.seq);
        head.hash = chainHash(head.hash, row);
        head.seq = row.seq;
        await tx.query('UPDATE access_audit SET seq = $1, hash = $2 WHERE id = $3', [
          row.seq,
          head.hash,
          r.id,
        ]);
      }
      if (rows.length > 0) await saveHead(tx, head);
      return rows.length;
    });
    total += n;
    if (n < pageSize) return total;
  }
}
