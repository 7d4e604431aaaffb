import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import { buildNik } from '../nik/nik.ts';
import { generateResidents } from './residents.generator.ts';
import {
  CsvHeaderError,
  importResidentsCsv,
  residentsCsvHeader,
  residentToCsvRow,
} from './residents.import.ts';
import { countResidents, findResident } from './residents.repo.ts';
import type { ResidentRow } from './residents.types.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db?.close());

const HEADER = residentsCsvHeader();
const col = (name: string) => HEADER.indexOf(name);
const csv = (rows: string[][], header = HEADER) => stringify([header, ...rows]);
/** Generated residents from seeds of their own, so tests do not collide on NIKs. */
const people = (seed: number, count: number) => [...generateResidents({ seed, count })];

async function storedRows(niks: string[]): Promise<ResidentRow[]> {
  const { rows } = await db.query<ResidentRow>(
    `SELECT nik, family_card_number AS "familyCardNumber", full_name AS "fullName", birth_place AS "birthPlace",
            birth_date AS "birthDate", sex, blood_type AS "bloodType", religion, marital_status AS "maritalStatus",
            family_relationship AS "familyRelationship", education, occupation, mother_nik AS "motherNik",
            mother_name AS "motherName", father_nik AS "fatherNik", father_name AS "fatherName",
            street_address AS "streetAddress", rt, rw, postal_code AS "postalCode", village_code AS "villageCode",
            ektp_status AS "ektpStatus", record_status AS "recordStatus"
       FROM residents WHERE nik = ANY($1::text[]) ORDER BY nik`,
    [niks],
  );
  return rows;
}
const byNik = (rows: ResidentRow[]) => [...rows].sort((a, b) => (a.nik < b.nik ? -1 : 1));

describe('importResidentsCsv', () => {
  it('round-trips generated residents, then counts a re-import as updates', async () => {
    const sample = people(99, 300);
    const first = await importResidentsCsv(db, csv(sample.map(residentToCsvRow)), {
      now: new Date(),
      batchSize: 64,
    });
    expect(first).toEqual({ inserted: 300, updated: 0, rejected: [] });
    expect(await storedRows(sample.map((r) => r.nik))).toEqual(byNik(sample));

    const changed = sample.slice(0, 20).map((r) => ({ ...r, occupation: 'WIRASWASTA', rt: '009' }));
    const again = await importResidentsCsv(db, csv(changed.map(residentToCsvRow)), { now: new Date() });
    expect(again).toEqual({ inserted: 0, updated: 20, rejected: [] });
    expect(await storedRows(changed.map((r) => r.nik))).toEqual(byNik(changed));
  });

  it('reads a stream, and counts a NIK repeated in the file once as inserted, then as updated', async () => {
    const [a, b] = people(12, 2).map(residentToCsvRow);
    const later = [...a!];
    later[col('NAMA_LGKP')] = 'NAMA PENGGANTI';
    const result = await importResidentsCsv(db, Readable.from([csv([a!, b!, later])]), { now: new Date() });
    expect(result).toEqual({ inserted: 2, updated: 1, rejected: [] });
    expect((await findResident(db, a![0]!))?.fullName).toBe('NAMA PENGGANTI');
  });

  it('reports bad lines by number with messages free of their values, and still writes the good ones', async () => {
    const rows = people(5, 12);
    const csvRows = rows.map(residentToCsvRow);
    const set = (i: number, name: string, value: string) => (csvRows[i]![col(name)] = value);
    const flip = (s: string) => (s === 'PEREMPUAN' ? 'LAKI-LAKI' : 'PEREMPUAN');
    set(1, 'JENIS_KLMIN', flip(rows[1]!.sex)); // line 3
    set(3, 'TGL_LHR', '31-02-1990'); // line 5
    set(4, 'KODE_WILAYAH', '9999999999'); // line 6
    const [y, m, d] = rows[5]!.birthDate.split('-');
    set(5, 'TGL_LHR', `${Number(y) - 1}-${m}-${d === '29' ? '28' : d}`); // line 7
    set(6, 'GOL_DARAH', 'Z'); // line 8
    set(6, 'NO_RT', '1234');
    // A valid NIK, but of a man, as the mother's NIK.
    set(
      7,
      'NIK_IBU',
      buildNik({ districtCode: '330101', birthDate: '1970-01-01', sex: 'LAKI-LAKI', serial: 7 }),
    ); // line 9
    set(8, 'NIK', `${rows[8]!.nik.slice(0, 15)}`); // line 10
    set(9, 'KODE_WILAYAH', '3301012001'); // line 11: a real village in another district (unless it is its own)
    const result = await importResidentsCsv(db, csv(csvRows), { now: new Date() });

    const expected = new Map<number, string[]>([
      [3, ['NIK does not match JENIS_KLMIN']],
      [5, ['TGL_LHR is not a date (YYYY-MM-DD or DD-MM-YYYY)']],
      [6, ['KODE_WILAYAH is not an existing village code']],
      [7, ['NIK does not match TGL_LHR']],
      [8, ['GOL_DARAH is not a known value', 'NO_RT must be 1 to 3 digits']],
      [9, ['NIK_IBU is not the NIK of a woman']],
      [10, ['NIK is not in Dukcapil format (not 16 digits)']],
    ]);
    if (rows[9]!.villageCode.slice(0, 6) !== '330101') expected.set(11, ['NIK does not match KODE_WILAYAH']);
    expect(result.rejected).toEqual([...expected].map(([line, errors]) => ({ line, errors })));
    expect(result.inserted).toBe(12 - expected.size);

    const messages = JSON.stringify(result.rejected);
    for (const [i, r] of rows.entries()) {
      if (!expected.has(i + 2)) continue;
      for (const value of [r.nik, r.fullName, r.birthDate, r.motherName, r.fatherName, r.familyCardNumber])
        expect(messages).not.toContain(value);
      for (const value of csvRows[i]!.filter((v) => v.length >= 4)) expect(messages).not.toContain(value);
    }
    const good = rows.filter((_, i) => !expected.has(i + 2));
    expect(await storedRows(good.map((r) => r.nik))).toEqual(byNik(good));
    expect(await findResident(db, rows[1]!.nik)).toBeNull();
  });

  it("refuses a birth date after the day of the import's clock, and takes one on that day", async () => {
    const [r] = people(18, 1);
    const born = new Date(`${r!.birthDate}T12:00:00Z`);
    const before = await importResidentsCsv(db, csv([residentToCsvRow(r!)]), {
      now: new Date(born.getTime() - 86_400_000),
    });
    expect(before).toEqual({
      inserted: 0,
      updated: 0,
      rejected: [{ line: 2, errors: ['TGL_LHR is in the future'] }],
    });
    expect(await findResident(db, r!.nik)).toBeNull();
    expect(await importResidentsCsv(db, csv([residentToCsvRow(r!)]), { now: born })).toEqual({
      inserted: 1,
      updated: 0,
      rejected: [],
    });
  });

  it('numbers lines by where a record starts when a quoted field spans lines', async () => {
    const sample = people(13, 3);
    const [a, b, c] = sample.map(residentToCsvRow);
    a![col('ALAMAT')] = 'JL. MAWAR\nNO. 5'; // lines 2–3
    a![col('GOL_DARAH')] = 'C';
    b![col('ALAMAT')] = 'JL. MAWAR\r\n  NO. 7'; // lines 4–5, kept with its spaces normalised
    c![col('AGAMA')] = 'UNKNOWN'; // line 6
    const result = await importResidentsCsv(db, csv([a!, b!, c!]), { now: new Date() });
    expect(result.rejected).toEqual([
      { line: 2, errors: ['GOL_DARAH is not a known value'] },
      { line: 6, errors: ['AGAMA is not a known value'] },
    ]);
    expect(result.inserted).toBe(1);
    expect((await findResident(db, sample[1]!.nik))?.streetAddress).toBe('JL. MAWAR NO. 7');
  });

  it('accepts lower-case headers in any order, dd-mm-yyyy dates, dotted codes and Indonesian statuses', async () => {
    const sample = people(6, 4);
    const header = HEADER.map((h) => h.toLowerCase()).reverse();
    const statuses = ['AKTIF', 'meninggal', 'Ganda', 'NON AKTIF'];
    const rows = sample.map((p, i) => {
      const row = residentToCsvRow(p);
      const [y, m, d] = p.birthDate.split('-');
      row[col('TGL_LHR')] = `${d}-${m}-${y}`;
      const v = p.villageCode;
      row[col('KODE_WILAYAH')] = `${v.slice(0, 2)}.${v.slice(2, 4)}.${v.slice(4, 6)}.${v.slice(6)}`;
      row[col('NO_RT')] = String(Number(p.rt));
      row[col('STATUS_DATA')] = statuses[i]!;
      row[col('AGAMA')] = ` ${p.religion.toLowerCase()} `;
      return row.reverse();
    });
    expect(await importResidentsCsv(db, csv(rows, header), { now: new Date() })).toEqual({
      inserted: 4,
      updated: 0,
      rejected: [],
    });
    const expected = sample.map((p, i) => ({
      ...p,
      recordStatus: (['active', 'deceased', 'duplicate', 'inactive'] as const)[i]!,
    }));
    expect(await storedRows(sample.map((p) => p.nik))).toEqual(byNik(expected));
  });

  it('reads semicolon-separated files with Windows line ends', async () => {
    const sample = people(16, 3);
    const text = stringify([HEADER, ...sample.map(residentToCsvRow)], {
      delimiter: ';',
      record_delimiter: 'windows',
    });
    expect(await importResidentsCsv(db, `\ufeff${text}`, { now: new Date() })).toEqual({
      inserted: 3,
      updated: 0,
      rejected: [],
    });
    expect(await storedRows(sample.map((p) => p.nik))).toEqual(byNik(sample));
  });

  it('refuses a line whose fields do not line up with the header', async () => {
    const [a, b] = people(17, 2).map(residentToCsvRow);
    const result = await importResidentsCsv(db, csv([a!.slice(0, 20), [...b!, 'extra']]), {
      now: new Date(),
    });
    expect(result).toEqual({
      inserted: 0,
      updated: 0,
      rejected: [
        { line: 2, errors: ['line has 20 fields, the header has 23'] },
        { line: 3, errors: ['line has 24 fields, the header has 23'] },
      ],
    });
  });

  it('imports a file without the optional parent NIK columns', async () => {
    const sample = people(14, 5);
    const keep = (row: string[]) => row.filter((_, i) => i !== col('NIK_IBU') && i !== col('NIK_AYAH'));
    const result = await importResidentsCsv(db, csv(sample.map(residentToCsvRow).map(keep), keep(HEADER)), {
      now: new Date(),
    });
    expect(result).toEqual({ inserted: 5, updated: 0, rejected: [] });
    const stored = await storedRows(sample.map((p) => p.nik));
    expect(stored.every((r) => r.motherNik === null && r.fatherNik === null)).toBe(true);
  });

  it('refuses a file whose header lacks columns, naming them and writing nothing', async () => {
    const before = await countResidents(db);
    const drop = (row: string[]) => row.filter((_, i) => i !== col('NO_KK') && i !== col('KODE_POS'));
    const rows = people(11, 3).map(residentToCsvRow).map(drop);
    const attempt = importResidentsCsv(db, csv(rows, drop(HEADER)), { now: new Date() });
    await expect(attempt).rejects.toThrow(CsvHeaderError);
    await expect(attempt).rejects.toThrow('The CSV header lacks columns: NO_KK, KODE_POS');
    await expect(importResidentsCsv(db, '', { now: new Date() })).rejects.toThrow(CsvHeaderError);
    expect(await countResidents(db)).toBe(before);
  });

  it('stops at a line that is not valid CSV, keeping the lines before it', async () => {
    const [a, b] = people(15, 2).map((r) => stringify([residentToCsvRow(r)]));
    const text = `${HEADER.join(',')}\n${a}"unclosed,quote\n${b}`;
    const result = await importResidentsCsv(db, text, { now: new Date() });
    expect(result.inserted).toBe(1);
    expect(result.rejected).toEqual([
      { line: 3, errors: ['not valid CSV: a quoted field is not closed; the lines after it were not read'] },
    ]);
    expect(await findResident(db, people(15, 1)[0]!.nik)).not.toBeNull();
  });
});
