import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';
import type { z } from 'zod';
import type { officeLevel, officeView } from './offices.schema.ts';

export type OfficeLevel = z.output<typeof officeLevel>;

/** An office as the repository reads it and the API answers it (the zod view is the one source). */
export type Office = z.output<typeof officeView>;

const COLUMNS = `id, level, region_code AS "regionCode", name, parent_id AS "parentId", created_at AS "createdAt"`;

export async function insertOffice(
  db: Db,
  o: { level: OfficeLevel; regionCode: string | null; name: string; parentId: string | null },
): Promise<Office> {
  const { rows } = await db.query<Office>(
    `INSERT INTO offices (id, level, region_code, name, parent_id) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [newId('off'), o.level, o.regionCode, o.name, o.parentId],
  );
  return rows[0]!;
}

export async function getOffice(db: Db, id: string): Promise<Office | null> {
  const { rows } = await db.query<Office>(`SELECT ${COLUMNS} FROM offices WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function findOfficeByRegion(db: Db, regionCode: string | null): Promise<Office | null> {
  const { rows } = await db.query<Office>(
    `SELECT ${COLUMNS} FROM offices WHERE region_code IS NOT DISTINCT FROM $1 ORDER BY level LIMIT 1`,
    [regionCode],
  );
  return rows[0] ?? null;
}

export async function listOffices(db: Db): Promise<Office[]> {
  const { rows } = await db.query<Office>(`SELECT ${COLUMNS} FROM offices ORDER BY region_code NULLS FIRST`);
  return rows;
}

/** An office and every office below it (a province office oversees the regency and city offices in it). */
export async function officeSubtree(db: Db, id: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `WITH RECURSIVE t AS (SELECT id FROM offices WHERE id = $1
                          UNION SELECT o.id FROM offices o JOIN t ON o.parent_id = t.id)
     SELECT id FROM t`,
    [id],
  );
  return rows.map((r) => r.id);
}
