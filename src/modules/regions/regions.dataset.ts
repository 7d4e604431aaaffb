import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

/**
 * Region reference data (province → regency/city → district (kecamatan) → village (desa/kelurahan)): the CSV
 * files of the maintained `idn-area-data` package (Kepmendagri codes), copied into ./data (see its README.md
 * for why and how to update them). Codes are kept as plain digits here, the form a NIK and the wire format
 * use: 2 (province), 4 (regency), 6 (district), 10 (village).
 */
export type RegionLevel = 'province' | 'regency' | 'district' | 'village';

export interface Region {
  code: string;
  level: RegionLevel;
  parentCode: string | null;
  name: string;
}

export interface RegionDataset {
  provinces: Region[];
  regencies: Region[];
  districts: Region[];
  villages: Region[];
  byCode: ReadonlyMap<string, Region>;
}

const plain = (code: string) => code.replaceAll('.', '');

function readCsv(file: string): Record<string, string>[] {
  const dir = join(import.meta.dirname, 'data');
  return parse(readFileSync(join(dir, file)), { columns: true, skip_empty_lines: true });
}

let cached: RegionDataset | undefined;

export function loadRegionDataset(): RegionDataset {
  if (cached) return cached;
  const make = (file: string, level: RegionLevel, parentKey: string | null): Region[] =>
    readCsv(file).map((r) => ({
      code: plain(r.code!),
      level,
      parentCode: parentKey ? plain(r[parentKey]!) : null,
      name: r.name!.toUpperCase(),
    }));
  const provinces = make('provinces.csv', 'province', null);
  const regencies = make('regencies.csv', 'regency', 'province_code');
  const districts = make('districts.csv', 'district', 'regency_code');
  const villages = make('villages.csv', 'village', 'district_code');
  const byCode = new Map<string, Region>();
  for (const r of [...provinces, ...regencies, ...districts, ...villages]) byCode.set(r.code, r);
  cached = { provinces, regencies, districts, villages, byCode };
  return cached;
}

let districtCodes: ReadonlySet<string> | undefined;

/**
 * True when `code` (6 plain digits) is an existing kecamatan code. Reads only the district list (7,000 rows,
 * not the 83,000 villages), once, so validating a NIK on the access path stays cheap from the first request.
 */
export function isDistrictCode(code: string): boolean {
  districtCodes ??= cached
    ? new Set(cached.districts.map((d) => d.code))
    : new Set(readCsv('districts.csv').map((r) => plain(r.code!)));
  return districtCodes.has(code);
}

/** A regency/city name without its "KABUPATEN " / "KOTA (ADMINISTRASI) " prefix, as a place of birth is written. */
export function placeName(regencyName: string): string {
  return regencyName.replace(/^(KABUPATEN(\s+ADMINISTRASI)?|KOTA(\s+ADMINISTRASI)?)\s+/, '');
}
