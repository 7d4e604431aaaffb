import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import { insertResidents, loadGeneratedResidents, upsertResidents } from './residents.bulk.ts';
import { generateResidents } from './residents.generator.ts';
import { countResidents, findResident } from './residents.repo.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db?.close());

describe('loadGeneratedResidents', () => {
  it('loads the requested count in batches, reporting progress after each', async () => {
    const progress: [number, number][] = [];
    const r = await loadGeneratedResidents(db, {
      seed: 1,
      count: 2500,
      batchSize: 1000,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(r.rows).toBe(2500);
    expect(r.ms).toBeGreaterThan(0);
    expect(r.rowsPerSecond).toBeGreaterThan(0);
    // On PostgreSQL batches run concurrently, so the 500-row batch may finish before a 1,000-row one.
    expect(progress).toHaveLength(3);
    expect(progress.at(-1)).toEqual([2500, 2500]);
    expect(progress.every(([, total]) => total === 2500)).toBe(true);
    expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort((a, b) => a - b));
    expect(await countResidents(db)).toBe(2500);
    const generated = [...generateResidents({ seed: 1, count: 2500 })];
    expect(await findResident(db, generated[1234]!.nik)).toMatchObject(generated[1234]!);
  });

  it('fails without losing the error when a batch is refused', async () => {
    // Seed 1 again: the first batch collides with the rows loaded above.
    await expect(loadGeneratedResidents(db, { seed: 1, count: 1200, batchSize: 500 })).rejects.toThrow(
      /duplicate key/,
    );
  });
});

describe('insertResidents and upsertResidents', () => {
  const rows = [...generateResidents({ seed: 2, count: 10 })];

  it('inserts, refuses an existing NIK, and replaces it with upsert', async () => {
    expect(await insertResidents(db, [])).toBe(0);
    expect(await insertResidents(db, rows.slice(0, 5))).toBe(5);
    await expect(insertResidents(db, rows.slice(0, 1))).rejects.toThrow();
    const changed = {
      ...rows[0]!,
      fullName: 'NAMA BARU',
      motherNik: null,
      recordStatus: 'deceased' as const,
    };
    expect(await insertResidents(db, [changed, rows[5]!], { upsert: true })).toBe(2);
    expect(await findResident(db, rows[0]!.nik)).toMatchObject(changed);
  });

  it('tells inserted rows from updated ones', async () => {
    expect(await upsertResidents(db, rows.slice(4, 10))).toEqual({ inserted: 4, updated: 2 });
    expect(await upsertResidents(db, [])).toEqual({ inserted: 0, updated: 0 });
  });
});
