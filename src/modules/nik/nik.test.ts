import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRegionDataset } from '../regions/regions.dataset.ts';
import { buildNik, checkNik, isValidNik } from './nik.ts';

// 33.01.01 is Kecamatan Kedungreja, Kabupaten Cilacap (a real code from the dataset).
describe('checkNik', () => {
  it('accepts a man and a woman (day + 40)', () => {
    expect(checkNik('3301011204900001')).toEqual({
      valid: true,
      parts: { districtCode: '330101', day: 12, month: 4, yy: 90, sex: 'LAKI-LAKI', serial: 1 },
    });
    expect(checkNik('3301015204900002')).toMatchObject({ valid: true, parts: { day: 12, sex: 'PEREMPUAN' } });
  });

  it('refuses anything but 16 digits', () => {
    for (const bad of ['', '330101120490000', '33010112049000011', '33010112049000A1', ' 3301011204900001'])
      expect(checkNik(bad)).toEqual({ valid: false, reason: 'not_16_digits' });
  });

  it('refuses a district code that does not exist', () => {
    expect(checkNik('9901011204900001')).toEqual({ valid: false, reason: 'unknown_district' });
    expect(checkNik('3301991204900001')).toEqual({ valid: false, reason: 'unknown_district' });
  });

  it('refuses dates that do not exist, for men and for women', () => {
    for (const bad of [
      '3301013102900001',
      '3301010013900001',
      '3301013213900001',
      '3301017102900001',
      '3301014004900001',
    ])
      expect(checkNik(bad)).toEqual({ valid: false, reason: 'invalid_birth_date' });
    // 29 February exists in 2000 (and 1900+yy is tried too), not in 2001 or 1901
    expect(checkNik('3301012902000001').valid).toBe(true);
    expect(checkNik('3301012902010001')).toEqual({ valid: false, reason: 'invalid_birth_date' });
    expect(checkNik('3301016902000001').valid).toBe(true); // 29 Feb 2000, woman
  });

  it('refuses serial 0000', () => {
    expect(checkNik('3301011204900000')).toEqual({ valid: false, reason: 'zero_serial' });
  });
});

describe('buildNik', () => {
  const districts = loadRegionDataset().districts.map((d) => d.code);
  it('builds only valid NIKs that read back to their parts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...districts),
        fc.date({ min: new Date('1930-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }),
        fc.constantFrom('LAKI-LAKI' as const, 'PEREMPUAN' as const),
        fc.integer({ min: 1, max: 9999 }),
        (districtCode, date, sex, serial) => {
          const birthDate = date.toISOString().slice(0, 10);
          const nik = buildNik({ districtCode, birthDate, sex, serial });
          const c = checkNik(nik);
          expect(c.valid).toBe(true);
          if (!c.valid) return;
          expect(c.parts).toEqual({
            districtCode,
            day: date.getUTCDate(),
            month: date.getUTCMonth() + 1,
            yy: date.getUTCFullYear() % 100,
            sex,
            serial,
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses parts that cannot form a NIK', () => {
    expect(() =>
      buildNik({ districtCode: '3301', birthDate: '1990-01-01', sex: 'PEREMPUAN', serial: 1 }),
    ).toThrow();
    expect(() =>
      buildNik({ districtCode: '330101', birthDate: '1990-01-01', sex: 'PEREMPUAN', serial: 0 }),
    ).toThrow();
    expect(
      isValidNik(
        buildNik({ districtCode: '330101', birthDate: '1990-01-31', sex: 'PEREMPUAN', serial: 9999 }),
      ),
    ).toBe(true);
  });
});
