import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import { loadGeneratedResidents } from './residents.bulk.ts';
import { generateResidents } from './residents.generator.ts';
import {
  CsvHeaderError,
  importResidentsCsv,
  residentsCsvHeader,
  residentToCsvRow,
} from './residents.import.ts';
import { countResidents, findResident } from './residents.repo.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db?.close());

const sample = [...generateResidents({ seed: 99, count: 300 })];
const csv = (rows: string[][], header = residentsCsvHeader()) => stringify([header, ...rows]);

describe('importResidentsCsv', () => {
  it('round-trips generated residents, then counts a re-import as updates', async () => {
    const first = await importResidentsCsv(db, csv(sample.map(residentToCsvRow)), { batchSize: 64 });
    expect(first).toEqual({ inserted: 300, updated: 0, rejected: [] });
    const stored = await findResident(db, sample[10]!.nik);
    expect(stored).toMatchObject(sample[10]!);
    const again = await importResidentsCsv(db, csv(sample.slice(0, 20).map(residentToCsvRow)));
    expect(again).toEqual({ inserted: 0, updated: 20, rejected: [] });
  });

  it('reports bad lines by number without their values and still writes the good ones', async () => {
    const [good, wrongSex, badDate, badVillage] = [...generateResidents({ seed: 5, count: 4 })].map(
      residentToCsvRow,
    );
    wrongSex![5] = wrongSex![5] === 'PEREMPUAN' ? 'LAKI-LAKI' : 'PEREMPUAN';
    badDate![4] = '31-02-1990';
    badVillage![20] = '9999999999';
    const result = await importResidentsCsv(db, csv([wrongSex!, good!, badDate!, badVillage!]));
    expect(result.inserted).toBe(1);
    expect(result.rejected.map((r) => r.line)).toEqual([2, 4, 5]);
    expect(result.rejected[0]!.errors).toContain('NIK does not match JENIS_KLMIN');
    expect(result.rejected[2]!.errors).toContain('KODE_WILAYAH is not an existing village code');
    const messages = JSON.stringify(result.rejected);
    for (const row of [wrongSex!, badDate!, badVillage!]) {
      expect(messages).not.toContain(row[0]); // NIK
      expect(messages).not.toContain(row[2]); // name
    }
  });

  it('accepts lower-case headers in any order and dd-mm-yyyy dates', async () => {
    const [p] = [...generateResidents({ seed: 6, count: 1 })];
    const header = residentsCsvHeader()
      .map((h) => h.toLowerCase())
      .reverse();
    const row = residentToCsvRow(p!).reverse();
    const [y, m, d] = p!.birthDate.split('-');
    row[header.indexOf('tgl_lhr')] = `${d}-${m}-${y}`;
    expect((await importResidentsCsv(db, csv([row], header))).inserted).toBe(1);
    expect((await findResident(db, p!.nik))?.birthDate).toBe(p!.birthDate);
  });

  it('refuses a file whose header lacks columns, writing nothing', async () => {
    const before = await countResidents(db);
    const header = residentsCsvHeader().filter((h) => h !== 'NO_KK');
    const rows = [...generateResidents({ seed: 11, count: 3 })].map((r) =>
      residentToCsvRow(r).filter((_, i) => i !== 1),
    );
    await expect(importResidentsCsv(db, csv(rows, header))).rejects.toThrow(CsvHeaderError);
    await expect(importResidentsCsv(db, csv(rows, header))).rejects.toThrow(/NO_KK/);
    expect(await countResidents(db)).toBe(before);
  });
});

describe('loadGeneratedResidents', () => {
  it('loads the requested count in batches, reporting progress', async () => {
    const fresh = await createTestDb();
    try {
      const progress: number[] = [];
      const r = await loadGeneratedResidents(fresh, {
        seed: 1,
        count: 2500,
        batchSize: 1000,
        onProgress: (d) => progress.push(d),
      });
      expect(r.rows).toBe(2500);
      expect(progress).toEqual([1000, 2000, 2500]);
      expect(await countResidents(fresh)).toBe(2500);
    } finally {
      await fresh.close();
    }
  });
});
