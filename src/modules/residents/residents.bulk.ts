import type { Db } from '../../db/db.ts';
import { copyGeneratedResidents } from './residents.copy.ts';
import { generateResidents } from './residents.generator.ts';
import { RESIDENT_COLUMNS as COLUMNS, type ResidentRow } from './residents.types.ts';

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

/** How generated residents reach the table: `COPY` (PostgreSQL) or multi-row `INSERT … unnest` batches. */
export type LoadMethod = 'copy' | 'insert';

/**
 * Generates `count` residents from `seed` and loads them, calling `onProgress` after each batch of
 * `batchSize` rows. On PostgreSQL the default is one `COPY` in one transaction (residents.copy.ts; into an
 * empty table the keys and indexes are rebuilt after it, announced by `onPhase('indexes')`). `method:
 * 'insert'`, and PGlite always, insert batches instead: on PostgreSQL a few batches are in flight at once
 * (the server works while the next batch is generated), each committed on its own; PGlite runs in this
 * thread, so there batches go one at a time.
 */
export async function loadGeneratedResidents(
  db: Db,
  opts: {
    seed: number;
    count: number;
    batchSize?: number;
    method?: LoadMethod;
    onProgress?: (done: number, total: number) => void;
    onPhase?: (phase: 'indexes') => void;
  },
): Promise<{ rows: number; ms: number; rowsPerSecond: number; method: LoadMethod }> {
  const started = performance.now();
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('batchSize must be a positive integer');
  if (!Number.isInteger(opts.count) || opts.count < 0)
    throw new Error('count must be a non-negative integer');
  const method = opts.method ?? (db.copyFrom ? 'copy' : 'insert');
  if (method === 'copy' && !db.copyFrom) throw new Error('COPY needs PostgreSQL');
  const rows =
    method === 'copy'
      ? (await copyGeneratedResidents(db, { ...opts, chunkRows: batchSize })).rows
      : await insertGeneratedResidents(db, { ...opts, batchSize });
  const ms = performance.now() - started;
  return { rows, ms, rowsPerSecond: ms > 0 ? rows / (ms / 1000) : 0, method };
}

async function insertGeneratedResidents(
  db: Db,
  opts: {
    seed: number;
    count: number;
    batchSize: number;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<number> {
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
    if (batch.length < opts.batchSize) continue;
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    if (failure) break;
    send(batch);
    batch = [];
  }
  if (!failure && batch.length > 0) send(batch);
  await Promise.all(inFlight);
  if (failure) throw failure.error;
  return done;
}
