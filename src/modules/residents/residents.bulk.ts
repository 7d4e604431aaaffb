import type { Db } from '../../db/db.ts';
import { generateResidents } from './residents.generator.ts';
import type { ResidentRow } from './residents.types.ts';

/** Column name, the row field, and the array type the values are cast to in `unnest`. */
const COLUMNS: [string, keyof ResidentRow, string][] = [
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
const UPSERT = `${INSERT}
  ON CONFLICT (nik) DO UPDATE SET ${COLUMNS.slice(1)
    .map((c) => `${c[0]} = excluded.${c[0]}`)
    .join(', ')}
  RETURNING (xmax = 0) AS inserted`;

/**
 * Inserts rows in one statement: one array parameter per column, expanded by `unnest` (a large multi-row
 * insert with 23 parameters whatever the row count). With `upsert`, existing NIKs are updated; the result
 * then says how many were new.
 */
export async function insertResidents(
  db: Db,
  rows: ResidentRow[],
  opts: { upsert?: boolean } = {},
): Promise<{ inserted: number; updated: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const params = COLUMNS.map(([, key]) => rows.map((r) => r[key]));
  if (!opts.upsert) {
    const res = await db.query(INSERT, params);
    return { inserted: res.rowCount, updated: 0 };
  }
  const { rows: out } = await db.query<{ inserted: boolean }>(UPSERT, params);
  const inserted = out.filter((r) => r.inserted).length;
  return { inserted, updated: out.length - inserted };
}

/** Generates `count` residents from `seed` and loads them in batches, reporting progress after each. */
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
  const batchSize = opts.batchSize ?? 10_000;
  let batch: ResidentRow[] = [];
  let done = 0;
  const flush = async () => {
    await insertResidents(db, batch);
    done += batch.length;
    batch = [];
    opts.onProgress?.(done, opts.count);
  };
  for (const row of generateResidents(opts)) {
    batch.push(row);
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  const ms = performance.now() - started;
  return { rows: done, ms, rowsPerSecond: done / (ms / 1000) };
}
