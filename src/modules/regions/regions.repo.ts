import type { Db } from '../../db/db.ts';
import { loadRegionDataset, type Region } from './regions.dataset.ts';

/** Loads the region reference table from the dataset when it is empty (idempotent). Returns rows loaded. */
export async function ensureRegions(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM regions');
  if ((rows[0]?.n ?? 0) > 0) return 0;
  const ds = loadRegionDataset();
  let loaded = 0;
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(4242002)');
    const again = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM regions');
    if ((again.rows[0]?.n ?? 0) > 0) return;
    // Parents before children, so the foreign key holds row by row.
    for (const level of [ds.provinces, ds.regencies, ds.districts, ds.villages]) {
      for (let i = 0; i < level.length; i += 5000)
        loaded += await insertRegions(tx, level.slice(i, i + 5000));
    }
  });
  return loaded;
}

async function insertRegions(db: Db, regions: Region[]): Promise<number> {
  await db.query(
    `INSERT INTO regions (code, level, parent_code, name)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
    [
      regions.map((r) => r.code),
      regions.map((r) => r.level),
      regions.map((r) => r.parentCode),
      regions.map((r) => r.name),
    ],
  );
  return regions.length;
}

export interface RegionEntry {
  name: string;
  parentCode: string | null;
}

/**
 * Every region's name and parent, read once from the `regions` table (reference data that only `migrate`
 * changes), so the access path reads a resident by primary key alone instead of joining four region rows.
 */
export class RegionIndex {
  private loading: Promise<ReadonlyMap<string, RegionEntry>> | null = null;

  constructor(private readonly db: Db) {}

  get(): Promise<ReadonlyMap<string, RegionEntry>> {
    this.loading ??= this.db
      .query<{ code: string; name: string; parentCode: string | null }>(
        'SELECT code, name, parent_code AS "parentCode" FROM regions',
      )
      .then(({ rows }) => new Map(rows.map((r) => [r.code, { name: r.name, parentCode: r.parentCode }])));
    this.loading.catch(() => (this.loading = null));
    return this.loading;
  }
}
