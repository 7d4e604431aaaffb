import type { Db } from '../../db/db.ts';
import { lineageRows, type LineageRow } from './lineage.ts';
import { loadRegionDataset, type Region } from './regions.dataset.ts';

/**
 * Loads the region reference table from the dataset when it is empty, then the region-code lineage when that
 * is empty (both idempotent). Returns the region rows loaded.
 */
export async function ensureRegions(db: Db): Promise<number> {
  const loaded = await loadRegions(db);
  await ensureLineage(db);
  return loaded;
}

async function loadRegions(db: Db): Promise<number> {
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

/**
 * Loads `region_code_lineage` from lineage.csv when it is empty (after the regions: it refers to them). Like
 * the regions, a loaded table costs a start one count, not a transaction and a lock.
 */
export async function ensureLineage(db: Db): Promise<number> {
  const { rows: loaded } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM region_code_lineage',
  );
  if ((loaded[0]?.n ?? 0) > 0) return 0;
  const rows = lineageRows();
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(4242022)');
    const { rows: n } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM region_code_lineage');
    if ((n[0]?.n ?? 0) > 0) return 0;
    const col = <K extends keyof LineageRow>(k: K) => rows.map((r) => r[k]);
    await tx.query(
      `INSERT INTO region_code_lineage (former_code, current_code, level, former_name, current_name, changed_on, sources)
       SELECT f, c, l, fn, cn, d::date, string_to_array(s, ' ')
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         AS t(f, c, l, fn, cn, d, s)`,
      [
        col('formerCode'),
        col('currentCode'),
        col('level'),
        col('formerName'),
        col('currentName'),
        col('changedOn'),
        rows.map((r) => r.sources.join(' ')),
      ],
    );
    return rows.length;
  });
}

export interface LineageView {
  code: string;
  /** `former`: the code was replaced; `current`: the code replaced a former one; `unchanged`: no lineage. */
  status: 'former' | 'current' | 'unchanged';
  level: string | null;
  formerCode: string | null;
  formerName: string | null;
  currentCode: string;
  currentName: string | null;
  changedOn: string | null;
  sources: string[];
}

/**
 * The lineage of a regency or district code (4 or 6 plain digits), former or current; null when the code is
 * neither a region nor a former code.
 */
export async function regionLineage(db: Db, code: string): Promise<LineageView | null> {
  const { rows } = await db.query<{
    formerCode: string;
    currentCode: string;
    level: string;
    formerName: string;
    currentName: string;
    changedOn: string;
    sources: string[];
  }>(
    `SELECT l.former_code AS "formerCode", l.current_code AS "currentCode", l.level, l.former_name AS "formerName",
            r.name AS "currentName", to_char(l.changed_on, 'YYYY-MM-DD') AS "changedOn", l.sources
     FROM region_code_lineage l JOIN regions r ON r.code = l.current_code
     WHERE l.former_code = $1 OR l.current_code = $1`,
    [code],
  );
  const row = rows[0];
  if (row) return { code, status: row.formerCode === code ? 'former' : 'current', ...row };
  const region = await db.query<{ name: string; level: string }>(
    'SELECT name, level FROM regions WHERE code = $1',
    [code],
  );
  const r = region.rows[0];
  if (!r) return null;
  return {
    code,
    status: 'unchanged',
    level: r.level,
    formerCode: null,
    formerName: null,
    currentCode: code,
    currentName: r.name,
    changedOn: null,
    sources: [],
  };
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
