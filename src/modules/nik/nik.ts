import { isFormerDistrictCode } from '../regions/lineage.ts';
import { isDistrictCode } from '../regions/regions.dataset.ts';

/**
 * The NIK rules, used by validation and by the generator alike:
 * 16 digits = 6 kecamatan code (must exist, now or as a former code) + DDMMYY birth date (DD + 40 for women,
 * a real date) + 4 serial (not 0000).
 *
 * A NIK keeps the kecamatan code of its first registration, so a code that a split (pemekaran) replaced is
 * still a valid district part: e.g. 91.01.01 (Merauke, Papua, before UU 14/2022), now 93.01.01. The rule is
 * kept simple on purpose: any former code in the lineage table (src/modules/regions/lineage.csv) is valid,
 * whatever the birth date (a NIK's birth date does not say when it was issued: people register late, and
 * move). `districtCode` in the parts is the code as written in the NIK.
 */
export type Sex = 'LAKI-LAKI' | 'PEREMPUAN';

export interface NikParts {
  districtCode: string;
  /** Day and month of birth and the two-digit year; the century is not in a NIK. */
  day: number;
  month: number;
  yy: number;
  sex: Sex;
  serial: number;
}

export type NikCheck =
  | { valid: true; parts: NikParts }
  | { valid: false; reason: 'not_16_digits' | 'unknown_district' | 'invalid_birth_date' | 'zero_serial' };

function isRealDate(day: number, month: number, yy: number): boolean {
  // A two-digit year is valid if the date exists in either 19yy or 20yy (29 February needs a leap year).
  return [1900 + yy, 2000 + yy].some((year) => {
    const d = new Date(Date.UTC(year, month - 1, day));
    return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
  });
}

/** A district code a NIK may carry: a current kecamatan code or a former one (see above). */
export const isNikDistrictCode = (code: string): boolean =>
  isDistrictCode(code) || isFormerDistrictCode(code);

export function checkNik(nik: string, hasDistrict: (code: string) => boolean = isNikDistrictCode): NikCheck {
  if (!/^\d{16}$/.test(nik)) return { valid: false, reason: 'not_16_digits' };
  const districtCode = nik.slice(0, 6);
  if (!hasDistrict(districtCode)) return { valid: false, reason: 'unknown_district' };
  const dd = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const sex: Sex = dd > 40 ? 'PEREMPUAN' : 'LAKI-LAKI';
  const day = dd > 40 ? dd - 40 : dd;
  if (!isRealDate(day, month, yy)) return { valid: false, reason: 'invalid_birth_date' };
  const serial = Number(nik.slice(12));
  if (serial === 0) return { valid: false, reason: 'zero_serial' };
  return { valid: true, parts: { districtCode, day, month, yy, sex, serial } };
}

export function isValidNik(nik: string): boolean {
  return checkNik(nik).valid;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Builds a NIK from its parts; `birthDate` is 'YYYY-MM-DD'. Throws on parts that cannot form a valid NIK. */
export function buildNik(p: { districtCode: string; birthDate: string; sex: Sex; serial: number }): string {
  if (!/^\d{6}$/.test(p.districtCode)) throw new Error(`district code must be 6 digits: ${p.districtCode}`);
  if (!Number.isInteger(p.serial) || p.serial < 1 || p.serial > 9999)
    throw new Error(`serial out of range: ${p.serial}`);
  const [year, month, day] = p.birthDate.split('-').map(Number) as [number, number, number];
  const dd = p.sex === 'PEREMPUAN' ? day + 40 : day;
  return `${p.districtCode}${pad(dd, 2)}${pad(month, 2)}${pad(year % 100, 2)}${pad(p.serial, 4)}`;
}

/** The NIK prefix that identifies a serial space: district + birth date + sex (12 digits). */
export function nikPrefix(nik: string): string {
  return nik.slice(0, 12);
}
