import type { Db } from '../../db/db.ts';
import type { RegionEntry, RegionIndex } from '../regions/regions.repo.ts';
import type { RecordStatus, ResidentRecord, ResidentRow } from './residents.types.ts';

const RESIDENT_COLUMNS = `
         r.nik, r.family_card_number AS "familyCardNumber", r.full_name AS "fullName",
         r.birth_place AS "birthPlace", r.birth_date AS "birthDate", r.sex, r.blood_type AS "bloodType",
         r.religion, r.marital_status AS "maritalStatus", r.family_relationship AS "familyRelationship",
         r.education, r.occupation, r.mother_nik AS "motherNik", r.mother_name AS "motherName",
         r.father_nik AS "fatherNik", r.father_name AS "fatherName", r.street_address AS "streetAddress",
         r.rt, r.rw, r.postal_code AS "postalCode", r.village_code AS "villageCode",
         r.ektp_status AS "ektpStatus", r.record_status AS "recordStatus"`;

// The resident with the codes and names of its four address regions, in one indexed read.
const SELECT_RECORD = `
  SELECT ${RESIDENT_COLUMNS},
         v.name AS "villageName", d.code AS "districtCode", d.name AS "districtName",
         k.code AS "regencyCode", k.name AS "regencyName", p.code AS "provinceCode", p.name AS "provinceName"
    FROM residents r
    JOIN regions v ON v.code = r.village_code
    JOIN regions d ON d.code = v.parent_code
    JOIN regions k ON k.code = d.parent_code
    JOIN regions p ON p.code = k.parent_code`;

export async function findResident(db: Db, nik: string): Promise<ResidentRecord | null> {
  const { rows } = await db.query<ResidentRecord>(`${SELECT_RECORD} WHERE r.nik = $1`, [nik], {
    prepare: 'find-resident',
  });
  return rows[0] ?? null;
}

/**
 * A row of `residents` completed with its four address regions' codes and names from the region index, in
 * place (the row is this read's own object; a copy of thirty fields per answer was measurable).
 */
function withRegions(row: ResidentRow, index: ReadonlyMap<string, RegionEntry>): ResidentRecord | null {
  const village = index.get(row.villageCode);
  const districtCode = village?.parentCode ?? '';
  const district = index.get(districtCode);
  const regencyCode = district?.parentCode ?? '';
  const regency = index.get(regencyCode);
  const provinceCode = regency?.parentCode ?? '';
  const province = index.get(provinceCode);
  if (!village || !district || !regency || !province) return null;
  const record = row as ResidentRecord;
  record.villageName = village.name;
  record.districtCode = districtCode;
  record.districtName = district.name;
  record.regencyCode = regencyCode;
  record.regencyName = regency.name;
  record.provinceCode = provinceCode;
  record.provinceName = province.name;
  return record;
}

/**
 * The same records as `findResident`, read by primary key alone with the region names taken from `regions`
 * (the access path), for many NIKs in one prepared statement. Answers a map from NIK to record (a NIK not
 * in the registry is absent). Falls back to the join for a record whose region code is unknown.
 */
export async function findResidentRecords(
  db: Db,
  regions: RegionIndex,
  niks: readonly string[],
): Promise<Map<string, ResidentRecord>> {
  const [index, { rows }] = await Promise.all([
    regions.get(),
    db.query<ResidentRow>(
      `SELECT ${RESIDENT_COLUMNS} FROM residents r WHERE r.nik = ANY($1::bpchar[])`,
      [niks],
      { prepare: 'find-resident-rows' },
    ),
  ]);
  const found = new Map<string, ResidentRecord>();
  for (const row of rows) {
    const record = withRegions(row, index) ?? (await findResident(db, row.nik));
    if (record) found.set(row.nik, record);
  }
  return found;
}

/** A sample of residents for demos and tests (never for answers). */
export async function sampleResidents(
  db: Db,
  opts: { status?: ResidentRecord['recordStatus']; limit: number },
): Promise<ResidentRecord[]> {
  const { rows } = await db.query<ResidentRecord>(
    `${SELECT_RECORD} WHERE ($1::text IS NULL OR r.record_status = $1) ORDER BY r.nik LIMIT $2`,
    [opts.status ?? null, opts.limit],
  );
  return rows;
}

export async function countResidents(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM residents');
  return rows[0]?.n ?? 0;
}

/**
 * `count` NIKs of existing residents (with `status`, of that record status) drawn at random, in random
 * order: for benchmarks and tests, never for answers. A row-level `TABLESAMPLE BERNOULLI` a few times larger
 * than needed (the size taken from the planner's row estimate), widened by what it yielded until enough; on
 * 10 million rows one pass is one sequential read (a few seconds). Fewer than `count` when fewer exist.
 */
export async function sampleNiks(db: Db, opts: { count: number; status?: RecordStatus }): Promise<string[]> {
  if (!Number.isInteger(opts.count) || opts.count < 0)
    throw new Error('count must be a non-negative integer');
  if (opts.count === 0) return [];
  const { rows: estimate } = await db.query<{ n: number }>(
    `SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'residents'::regclass`,
  );
  const total = estimate[0] && estimate[0].n > 0 ? estimate[0].n : await countResidents(db);
  let percent = Math.min(100, (300 * opts.count) / Math.max(total, 1));
  for (;;) {
    const { rows } = await db.query<{ nik: string }>(
      `SELECT nik FROM residents TABLESAMPLE BERNOULLI ($1::float8)
        WHERE ($2::text IS NULL OR record_status = $2) ORDER BY random() LIMIT $3`,
      [percent, opts.status ?? null, opts.count],
    );
    if (rows.length === opts.count || percent >= 100) return rows.map((r) => r.nik);
    // Widen by what this pass yielded (a status filter can keep 1 row in 70), with a margin.
    percent = Math.min(100, rows.length === 0 ? percent * 10 : (percent * 1.5 * opts.count) / rows.length);
  }
}
