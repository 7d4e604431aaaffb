import type { Db } from '../../db/db.ts';
import { generateResidents } from './residents.generator.ts';
import type { ResidentRow } from './residents.types.ts';

/** Column name, the row field, and the array type the values are cast to in `unnest`. */
const COLUMNS: readonly (readonly [string, keyof ResidentRow, 'text' | 'date'])[] = [
  ['nik', 'nik', 'text'],
  ['family_card_number', 'familyCardNumber', 'text'],
  ['full_name', 'fullName', 'text'],
  ['birth_place', 'birthPlace', 'text'],
  ['birth_date', 'birthDate', 'date'],
  ['sex', 'sex', 'text'],
  ['blood_type', 'bloodType', 'text'],
  ['religion', 'religion', 'text'],
  ['marital_status', 'maritalStatus', 'text'],
  ['family_relationship', 'familyRelationship', 'text'],
  ['education', 'education', 'text'],
  ['occupation', 'occupation', 'text'],
  ['mother_nik', 'motherNik', 'text'],
  ['mother_name', 'motherName', 'text'],
  ['father_nik', 'fatherNik', 'text'],
  ['father_name', 'fatherName', 'text'],
  ['street_address', 'streetAddress', 'text'],
  ['rt', 'rt', 'text'],
  ['rw', 'rw', 'text'],
  ['postal_code', 'postalCode', 'text'],
  ['village_code', 'villageCode', 'text'],
  ['ektp_status', 'ektpStatus', 'text'],
  ['record_status', 'recordStatus', 'text'],
];

const INSERT = `INSERT INTO residents (${COLUMNS.map((c) => c[0]).join(', ')})
  SELECT * FROM unnest(${COLUMNS.map((c, i) => `$${i + 1}::${c[2]}[]`).join(', ')})`;
const ON_CONFLICT = `ON CONFLICT (nik) DO UPDATE SET ${COLUMNS.slice(1)
  .map(([name]) => `${name} = excluded.${name}`)
  .join(', ')}`;

/** One array parameter per column (23 parameters whatever the row count). */
function columnArrays(rows: readonly ResidentRow[]): unknown[][] {
  return COLUMNS.map(([, key]) => {
    const values = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = rows[i]![key];
    return values;
  });
}

/**
 * Writes rows in one statement, the column arrays expanded by `unnest`. With `upsert`, a row whose NIK
 * exists replaces it. Returns the number of rows written. The rows must have distinct NIKs.
 */
export async function insertResidents(
  db: Db,
  rows: ResidentRow[],
  opts: { upsert?: boolean } = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const res = await db.query(opts.upsert ? `${INSERT} ${ON_CONFLICT}` : INSERT, columnArrays(rows));
  return res.rowCount;
}

/** Upserts rows by NIK, telling new rows from replaced ones (`xmax = 0` only for a freshly inserted row). */
export async function upsertResidents(
  db: Db,
  rows: ResidentRow[],
): Promise<{ inserted: number; updated: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const { rows: out } = await db.query<{ inserted: boolean }>(
    `${INSERT} ${ON_CONFLICT} RETURNING (xmax = 0) AS inserted`,
    columnArrays(rows),
  );
  const inserted = out.filter((r) => r.inserted).length;
  return { inserted, updated: out.length - inserted };
}

/**
 * The fastest batch size measured loading 100,000 rows into PGlite (in memory) and PostgreSQL 15; 2,000 to
 * 10,000 are within a few percent, 20,000 is slower on both.
 */
export const DEFAULT_BATCH_SIZE = 5000;
/** Batches in flight at once on PostgreSQL (measured best at 4–6 even on two cores). */
const POSTGRES_IN_FLIGHT = 4;

/**
 * Generates `count` residents from `seed` and inserts them in batches, calling `onProgress` after each
 * batch. On PostgreSQL a few batches are in flight at once (the server works while the next batch is
 * generated); PGlite runs in this thread, so there batches go one at a time.
 */
export async function loadGeneratedResidents(
  db: Db,
  opts: {
    seed: number;
    count: number;
    batchSize?: number;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<{ rows: number; ms: number; rowsPerSecond: number }> {
  const started = performance.now();
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('batchSize must be a positive integer');
  const maxInFlight = db.kind === 'postgres' ? POSTGRES_IN_FLIGHT : 1;
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let done = 0;
  const send = (rows: ResidentRow[]) => {
    const p: Promise<void> = insertResidents(db, rows)
      .then((n) => {
        done += n;
        opts.onProgress?.(done, opts.count);
      })
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  let batch: ResidentRow[] = [];
  for (const row of generateResidents(opts)) {
    batch.push(row);
    if (batch.length < batchSize) continue;
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    if (failure) break;
    send(batch);
    batch = [];
  }
  if (!failure && batch.length > 0) send(batch);
  await Promise.all(inFlight);
  if (failure) throw failure.error;
  const ms = performance.now() - started;
  return { rows: done, ms, rowsPerSecond: ms > 0 ? done / (ms / 1000) : 0 };
}
