import type { Db } from '../../db/db.ts';
import { REASONS } from './return-data.reasons.ts';
import type { ReturnDataSchema } from './return-data.schema.ts';
import { foundScope, lockRecords } from './return-data.repo.ts';
import { validateRow, type Raw, type ValidRecord } from './return-data.validate.ts';

/**
 * The set-based half of an uploaded file. Node reads the file as a stream and validates each row with the one
 * row-by-row validator (return-data.validate.ts, which the web service and the form use too); the checked rows
 * go into a temporary table of the import's transaction (dropped at its end) by COPY (PostgreSQL) or by
 * multi-row inserts of one JSON parameter (PGlite), while the file is still being read — so Node's parsing and
 * checking and the database's writing run side by side. Then the database, all rows at once, writes the
 * rejects, applies the enumeration rule with one anti-join on the agreement's found accesses, and upserts the
 * accepted rows on the natural key. Node holds one chunk of rows at a time.
 *
 * (An earlier design checked the rows in SQL after a raw COPY: 250 lines that restated the validator, and at a
 * million rows ~10 s of the database's one core while Node waited; the same checks in Node take ~2 s and
 * overlap the COPY.)
 */

/** The checked columns: NIK, PERIODE, then the schema's fields in order. */
export function stageKeys(schema: ReturnDataSchema): string[] {
  return ['NIK', 'PERIODE', ...schema.fields.map((f) => f.key)];
}

const CHECKED = 'return_data_checked';

/** One row of a file as read: its line, a problem of the row as a whole, and its cells in `stageKeys` order. */
export interface StageRow {
  line: number;
  rowProblem: string | null;
  cells: Raw[];
}

/** A checked row: its reasons by column (the row's own problem, NIK, PERIODE, the fields), or its record. */
export interface CheckedRow {
  line: number;
  reasons: (string | null)[] | null;
  record: ValidRecord | null;
}

/**
 * The check of one row for `schema` on `today`: every problem of the row is reported (`reasons` in
 * `['', ...stageKeys]` order), or the row's record.
 */
export function rowChecker(schema: ReturnDataSchema, today: string): (row: StageRow) => CheckedRow {
  const keys = stageKeys(schema);
  const at = new Map(keys.map((k, i) => [k, i]));
  return (row) => {
    const get = (k: string): Raw => {
      const c = row.cells[at.get(k)!];
      // PostgreSQL text holds no NUL character (nor jsonb a \u0000).
      return typeof c === 'string' && c.includes('\u0000') ? c.replaceAll('\u0000', '\ufffd') : (c ?? null);
    };
    const { record, problems } = validateRow(schema, get, today);
    if (record && row.rowProblem === null) return { line: row.line, reasons: null, record };
    const reasons: (string | null)[] = [row.rowProblem, ...keys.map(() => null)];
    for (const p of problems) reasons[at.get(p.column)! + 1] = p.reason;
    return { line: row.line, reasons, record: null };
  };
}

/** Creates the checked table of the transaction `tx`. */
export async function createChecked(tx: Db): Promise<void> {
  await tx.query(
    `CREATE TEMP TABLE ${CHECKED} (line integer NOT NULL, nik text, period text, reasons text[],
                                   ok boolean NOT NULL, data jsonb) ON COMMIT DROP`,
  );
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
/** A value in COPY's text format (`\N` is NULL). */
const copyText = (s: string | null): string =>
  s === null ? '\\N' : /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : s;
/** An array of texts as a PostgreSQL array literal. */
const arrayLiteral = (a: (string | null)[]): string =>
  `{${a.map((x) => (x === null ? 'NULL' : `"${x.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;

/** Rows per JSON insert (PGlite), and the size of one COPY chunk (PostgreSQL). */
const INSERT_ROWS = 5000;
const COPY_CHUNK_CHARS = 256 * 1024;

/**
 * Checked rows as the database takes them, encoded as they are read: COPY text in chunks (PostgreSQL) or JSON
 * rows (PGlite). Encoded at once, a part holds ~100 bytes per row rather than the row's objects, which lived
 * long enough (across the part's statements) to be promoted and left the old generation to grow.
 */
interface Part {
  count: number;
  copy: string[];
  json: unknown[][];
}

function addToPart(part: Part, { line, reasons, record }: CheckedRow, copy: boolean): void {
  part.count += 1;
  if (!copy) {
    part.json.push(
      record
        ? [line, record.nik, record.period, null, true, record.data]
        : [line, null, null, arrayLiteral(reasons!), false, null],
    );
    return;
  }
  const text = record
    ? `${line}\t${copyText(record.nik)}\t${copyText(record.period)}\t\\N\tt\t${copyText(JSON.stringify(record.data))}\n`
    : `${line}\t\\N\t\\N\t${copyText(arrayLiteral(reasons!))}\tf\t\\N\n`;
  const last = part.copy.length - 1;
  if (last >= 0 && part.copy[last]!.length < COPY_CHUNK_CHARS) part.copy[last] += text;
  else part.copy.push(text);
}

/** Writes a part into the checked table. */
async function stagePart(tx: Db, part: Part): Promise<void> {
  if (tx.copyFrom) {
    await tx.copyFrom(`COPY ${CHECKED} (line, nik, period, reasons, ok, data) FROM STDIN`, part.copy);
    return;
  }
  const sql = `INSERT INTO ${CHECKED} (line, nik, period, reasons, ok, data)
               SELECT (r->>0)::integer, r->>1, r->>2, (r->>3)::text[], (r->>4)::boolean, (r->5)::jsonb
                 FROM json_array_elements($1::json) r`;
  for (let i = 0; i < part.json.length; i += INSERT_ROWS) {
    await tx.query(sql, [JSON.stringify(part.json.slice(i, i + INSERT_ROWS))]);
  }
}

/** Writes checked rows into the checked table (one part); returns how many. */
export async function stageChecked(tx: Db, rows: Iterable<CheckedRow>): Promise<number> {
  const part: Part = { count: 0, copy: [], json: [] };
  for (const row of rows) addToPart(part, row, tx.copyFrom !== undefined);
  await stagePart(tx, part);
  return part.count;
}

/** Where the checked rows of one upload go. */
export interface StoreTarget {
  schema: ReturnDataSchema;
  agreementId: string;
  institutionId: string;
  uploadId: string;
  channel: 'upload' | 'cli';
  now: Date;
}

/** Rows staged and stored together, while Node reads and checks the next ones. */
const PART_ROWS = 20_000;

/** Up to `size` rows of `it`, encoded for `tx`; none at its end. */
async function readPart(tx: Db, it: AsyncIterator<CheckedRow>, size: number): Promise<Part> {
  const part: Part = { count: 0, copy: [], json: [] };
  const copy = tx.copyFrom !== undefined;
  while (part.count < size) {
    const r = await it.next();
    if (r.done) break;
    addToPart(part, r.value, copy);
  }
  return part;
}

/**
 * Checked rows into the upload's rejects and the store, a part at a time: while the database stores one part,
 * Node reads and checks the next (the database's work and Node's overlap instead of adding up). The last line
 * of a key wins, within a part and across parts, and a key sent twice is accepted once.
 */
export async function storeRows(
  tx: Db,
  rows: AsyncIterable<CheckedRow>,
  t: StoreTarget,
  partRows = PART_ROWS,
): Promise<{ read: number; accepted: number; rejected: number }> {
  await lockRecords(tx, t.agreementId, true);
  await createChecked(tx);
  const it = rows[Symbol.asyncIterator]();
  const found = await foundScope(tx, t.agreementId);
  let read = 0;
  let accepted = 0;
  let next = readPart(tx, it, partRows);
  for (let n = 0; ; n++) {
    const part = await next;
    if (part.count === 0) break;
    next = readPart(tx, it, partRows);
    // Awaited in the next round; if this round fails first, the read is not left an unhandled rejection.
    next.catch(() => undefined);
    if (n > 0) await tx.query(`TRUNCATE ${CHECKED}`);
    await stagePart(tx, part);
    read += part.count;
    // Statistics of the checked rows for the joins below (a temporary table has none of its own); one
    // part's serve for the rest.
    if (n === 0 && tx.kind === 'postgres') await tx.query(`ANALYZE ${CHECKED}`);
    accepted += await storeChecked(tx, t, found);
  }
  const { rows: counts } = await tx.query<{ rejected: number }>(
    'SELECT count(DISTINCT line)::int AS rejected FROM return_data_rejects WHERE upload_id = $1',
    [t.uploadId],
  );
  return { read, accepted, rejected: counts[0]!.rejected };
}

/**
 * The checked table's rows into the upload's rejects and the store: every reason of a bad row; the one reason
 * of the enumeration rule for a good row whose NIK the institution did not access (found) under the
 * agreement; then the good rows of accessed NIKs upserted on (agreement, NIK, period), the last line of a key
 * winning. Returns how many keys were accepted that an earlier part of this upload had not.
 */
async function storeChecked(
  tx: Db,
  t: StoreTarget,
  found: Awaited<ReturnType<typeof foundScope>>,
): Promise<number> {
  const columns = stageKeys(t.schema);
  await tx.query(
    `INSERT INTO return_data_rejects (upload_id, line, col, reason)
     SELECT $1, c.line, ($2::text[])[i], c.reasons[i]
       FROM ${CHECKED} c CROSS JOIN LATERAL generate_subscripts(c.reasons, 1) i
      WHERE NOT c.ok AND c.reasons[i] IS NOT NULL`,
    [t.uploadId, ['', ...columns]],
  );
  await tx.query(
    `INSERT INTO return_data_rejects (upload_id, line, col, reason)
     SELECT $1, c.line, 'NIK', $2 FROM ${CHECKED} c
      WHERE c.ok AND NOT EXISTS (SELECT 1 FROM access_audit a WHERE ${found.where('a', '$3')} AND a.nik = c.nik
                                 OFFSET 0)`,
    [t.uploadId, REASONS.notAccessed, found.param],
  );
  const ready = `SELECT DISTINCT ON (c.nik, c.period) c.nik, c.period, c.data
                   FROM ${CHECKED} c
                  WHERE c.ok AND NOT EXISTS (SELECT 1 FROM return_data_rejects r WHERE r.upload_id = $2 AND r.line = c.line)
                  ORDER BY c.nik, c.period, c.line DESC`;
  // Which of the part's keys are stored already, and how many of those by an earlier part of this upload
  // (stored again, the later line winning, but not counted again). `OFFSET 0` here and in the enumeration
  // rule keeps each a probe of the index per row of the part: joined whole, the planner hashed every found
  // access or every record of the agreement once per part.
  const { rows: known } = await tx.query<{ stored: number; ours: number }>(
    `SELECT count(*)::int AS stored, count(*) FILTER (WHERE ours)::int AS ours
       FROM (${ready}) x
       CROSS JOIN LATERAL (SELECT r.upload_id = $2 AS ours FROM return_data_records r
                            WHERE r.agreement_id = $1 AND r.nik = x.nik AND r.period = x.period OFFSET 0) r`,
    [t.agreementId, t.uploadId],
  );
  const { stored, ours } = known[0]!;
  // All new (the usual case: a period's first file): a plain INSERT, about half the cost of INSERT … ON
  // CONFLICT's speculative insertion. No other writer can add one of these keys meanwhile: the import holds the
  // agreement's write lock (`lockRecords`).
  const conflict =
    stored === 0
      ? ''
      : `ON CONFLICT (agreement_id, nik, period) DO UPDATE
           SET data = EXCLUDED.data, schema_id = EXCLUDED.schema_id, channel = EXCLUDED.channel,
               upload_id = EXCLUDED.upload_id, received_at = EXCLUDED.received_at`;
  const { rows } = await tx.query<{ accepted: number }>(
    `WITH ins AS (
       INSERT INTO return_data_records (agreement_id, nik, period, institution_id, schema_id, data, channel,
                                        upload_id, received_at)
       SELECT $1, x.nik, x.period, $3, $4, x.data, $5, $2, $6 FROM (${ready}) x
       ${conflict}
       RETURNING 1)
     SELECT (count(*) - ${ours})::int AS accepted FROM ins`,
    [t.agreementId, t.uploadId, t.institutionId, t.schema.id, t.channel, t.now.toISOString()],
  );
  return rows[0]!.accepted;
}
