import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import { loadGeneratedResidents } from './residents.bulk.ts';
import { generatedCopyChunks } from './residents.copy.ts';
import { generateResidents } from './residents.generator.ts';
import { countResidents, sampleNiks } from './residents.repo.ts';
import { RESIDENT_COLUMNS, type ResidentRow } from './residents.types.ts';

describe('generatedCopyChunks', () => {
  it('gives the rows of generateResidents as COPY text, in chunks of the asked size', () => {
    const rows = [...generateResidents({ seed: 5, count: 2345 })];
    const counts: number[] = [];
    const chunks = [
      ...generatedCopyChunks({ seed: 5, count: 2345, chunkRows: 1000, onChunk: (n) => counts.push(n) }),
    ];
    expect(counts).toEqual([1000, 1000, 345]);
    const lines = Buffer.concat(chunks).toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(rows.length);
    const parsed = lines.map((line) => {
      const fields = line.split('\t');
      expect(fields).toHaveLength(RESIDENT_COLUMNS.length);
      return Object.fromEntries(
        RESIDENT_COLUMNS.map(([, key], i) => [key, fields[i] === '\\N' ? null : fields[i]]),
      ) as unknown as ResidentRow;
    });
    expect(parsed).toEqual(rows);
    expect([...generatedCopyChunks({ seed: 5, count: 0, chunkRows: 10 })]).toEqual([]);
  });
});

describe('sampleNiks', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
    await loadGeneratedResidents(db, { seed: 11, count: 3000 });
  });
  afterAll(() => db?.close());

  it('draws distinct existing NIKs, of one status when asked, and all of them when fewer exist', async () => {
    const niks = await sampleNiks(db, { count: 50 });
    expect(niks).toHaveLength(50);
    expect(new Set(niks).size).toBe(50);
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM residents WHERE nik = ANY($1::text[])',
      [niks],
    );
    expect(rows[0]!.n).toBe(50);
    const deceased = await sampleNiks(db, { count: 5, status: 'deceased' });
    expect(deceased).toHaveLength(5);
    const { rows: statuses } = await db.query<{ s: string }>(
      'SELECT DISTINCT record_status AS s FROM residents WHERE nik = ANY($1::text[])',
      [deceased],
    );
    expect(statuses).toEqual([{ s: 'deceased' }]);
    expect(await sampleNiks(db, { count: 5000 })).toHaveLength(3000);
    expect(await sampleNiks(db, { count: 0 })).toEqual([]);
  });
});

/** Every row of `residents`, in NIK order, as one digest (and the count). */
async function digest(db: Db): Promise<{ n: number; md5: string }> {
  const { rows } = await db.query<{ n: number; md5: string }>(
    `SELECT count(*)::int AS n, md5(string_agg(r::text, E'\\n' ORDER BY nik)) AS md5 FROM residents r`,
  );
  return rows[0]!;
}

/** The table's columns, constraints and indexes as the catalog describes them. */
async function definition(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ d: string }>(
    `SELECT 'column ' || attname || ' ' || format_type(atttypid, atttypmod) || CASE WHEN attnotnull THEN ' not null' ELSE '' END AS d
       FROM pg_attribute WHERE attrelid = 'residents'::regclass AND attnum > 0 AND NOT attisdropped
     UNION ALL
     SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated::text
       FROM pg_constraint WHERE conrelid = 'residents'::regclass
     UNION ALL
     SELECT 'index ' || pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'residents'::regclass
     UNION ALL
     SELECT 'persistence ' || relpersistence::text FROM pg_class WHERE oid = 'residents'::regclass
     ORDER BY 1`,
  );
  return rows.map((r) => r.d);
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('loading by COPY on PostgreSQL', () => {
  let viaCopy: Db;
  let viaInsert: Db;
  beforeAll(async () => {
    [viaCopy, viaInsert] = await Promise.all([createTestDb(), createTestDb()]);
  });
  afterAll(async () => {
    await viaCopy?.close();
    await viaInsert?.close();
  });

  it('loads the same rows as the multi-row inserts, and leaves the table defined exactly as before', async () => {
    const before = await definition(viaCopy);
    expect(before.some((d) => d.startsWith('constraint residents_pkey PRIMARY KEY'))).toBe(true);
    const phases: string[] = [];
    const copied = await loadGeneratedResidents(viaCopy, {
      seed: 21,
      count: 12_345,
      batchSize: 5000,
      onPhase: (p) => phases.push(p),
    });
    expect(copied).toMatchObject({ rows: 12_345, method: 'copy' });
    expect(phases).toEqual(['indexes']);
    const inserted = await loadGeneratedResidents(viaInsert, { seed: 21, count: 12_345, method: 'insert' });
    expect(inserted).toMatchObject({ rows: 12_345, method: 'insert' });
    const [a, b] = [await digest(viaCopy), await digest(viaInsert)];
    expect(a.n).toBe(12_345);
    expect(a).toEqual(b);
    expect(await definition(viaCopy)).toEqual(before);
  });

  it('appends to a table that has residents with every key in place; a duplicate loads nothing', async () => {
    const before = await digest(viaCopy);
    const definitionBefore = await definition(viaCopy);
    const phases: string[] = [];
    const onPhase = (p: string) => phases.push(p);
    await expect(loadGeneratedResidents(viaCopy, { seed: 21, count: 100, onPhase })).rejects.toThrow(
      /duplicate key/,
    );
    expect(await digest(viaCopy)).toEqual(before);
    expect(await loadGeneratedResidents(viaCopy, { seed: 22, count: 10, onPhase })).toMatchObject({
      rows: 10,
      method: 'copy',
    });
    expect(await countResidents(viaCopy)).toBe(12_355);
    expect(phases).toEqual([]);
    expect(await definition(viaCopy)).toEqual(definitionBefore);
  });
});
