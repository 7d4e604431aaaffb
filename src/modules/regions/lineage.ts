import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

/**
 * Region-code lineage: the codes that regions had before a split (pemekaran) and the codes they have now.
 *
 * A NIK keeps the district (kecamatan) code of its first registration. When Papua was split in 2022 (UU 14,
 * 15 and 16/2022; UU 29/2022 for Papua Barat Daya), 20 of Papua's regencies moved from province 91 to 93, 94
 * and 95, and 6 of Papua Barat's from 92 to 96, and their districts were renumbered: the NIK of a resident
 * of Merauke registered before then starts 91.01.xx, a code that no longer exists. The current dataset
 * (idn-area-data) carries only the new codes, and no npm package carries the old ones, so the history is kept
 * here as a small table, `lineage.csv`, built from and checked against the sources named in `LINEAGE.md`
 * (every row names its sources in its `sources` column). The rule for NIKs is deliberately simple: a former
 * code is accepted as a valid district code (the NIK was issued when the code was current); the record is
 * still stored and found under the NIK as issued.
 */
export type LineageLevel = 'regency' | 'district';

export interface LineageRow {
  /** Plain digits: 4 (regency) or 6 (district). */
  formerCode: string;
  currentCode: string;
  level: LineageLevel;
  formerName: string;
  currentName: string;
  /** The day the law that moved the region was enacted (YYYY-MM-DD). */
  changedOn: string;
  /** Keys of the sources in LINEAGE.md (the law, the code list before, the code list after). */
  sources: string[];
}

const plain = (code: string) => code.replaceAll('.', '');

let cached:
  { rows: LineageRow[]; byFormer: Map<string, LineageRow>; byCurrent: Map<string, LineageRow> } | undefined;

function load() {
  if (cached) return cached;
  const raw: Record<string, string>[] = parse(readFileSync(join(import.meta.dirname, 'lineage.csv')), {
    columns: true,
    skip_empty_lines: true,
  });
  const rows = raw.map((r): LineageRow => ({
    formerCode: plain(r.former_code!),
    currentCode: plain(r.current_code!),
    level: r.level as LineageLevel,
    formerName: r.former_name!,
    currentName: r.current_name!,
    changedOn: r.changed_on!,
    sources: r.sources!.split(' '),
  }));
  cached = {
    rows,
    byFormer: new Map(rows.map((r) => [r.formerCode, r])),
    byCurrent: new Map(rows.map((r) => [r.currentCode, r])),
  };
  return cached;
}

/** Every row of the lineage table. */
export function lineageRows(): readonly LineageRow[] {
  return load().rows;
}

/** The row for a former code (4 or 6 plain digits), if that code was replaced. */
export function formerCode(code: string): LineageRow | undefined {
  return load().byFormer.get(code);
}

/** The row for a current code (4 or 6 plain digits) that replaced a former one. */
export function replacedCode(code: string): LineageRow | undefined {
  return load().byCurrent.get(code);
}

/** The current code of `code`: itself unless it is a former code. */
export function currentCodeOf(code: string): string {
  return formerCode(code)?.currentCode ?? code;
}

/** True when `code` (6 plain digits) is a former district code that a NIK issued before the split may carry. */
export function isFormerDistrictCode(code: string): boolean {
  return formerCode(code)?.level === 'district';
}
