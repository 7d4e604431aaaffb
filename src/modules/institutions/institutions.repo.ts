import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';
import type { z } from 'zod';
import type { institutionView } from './institutions.schema.ts';

/** An institution as the repository reads it and the API answers it (the zod view is the one source). */
export type Institution = z.output<typeof institutionView>;

const COLUMNS = `id, code, name, office_id AS "officeId", is_active AS "isActive",
  allowed_networks AS "allowedNetworks", created_at AS "createdAt"`;

export async function insertInstitution(
  db: Db,
  i: { code: string; name: string; officeId: string; allowedNetworks: string[]; isActive?: boolean },
): Promise<Institution> {
  const { rows } = await db.query<Institution>(
    `INSERT INTO institutions (id, code, name, office_id, allowed_networks, is_active)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [newId('ins'), i.code, i.name, i.officeId, i.allowedNetworks, i.isActive ?? true],
  );
  return rows[0]!;
}

export async function getInstitution(db: Db, id: string): Promise<Institution | null> {
  const { rows } = await db.query<Institution>(`SELECT ${COLUMNS} FROM institutions WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listInstitutions(
  db: Db,
  filter: { officeIds?: string[] | undefined; institutionId?: string | undefined },
): Promise<Institution[]> {
  const { rows } = await db.query<Institution>(
    `SELECT ${COLUMNS} FROM institutions
      WHERE ($1::text[] IS NULL OR office_id = ANY($1)) AND ($2::text IS NULL OR id = $2) ORDER BY code`,
    [filter.officeIds ?? null, filter.institutionId ?? null],
  );
  return rows;
}

export async function updateInstitution(
  db: Db,
  id: string,
  patch: { name?: string; isActive?: boolean; allowedNetworks?: string[] },
): Promise<Institution | null> {
  const { rows } = await db.query<Institution>(
    `UPDATE institutions SET name = coalesce($2, name), is_active = coalesce($3, is_active),
            allowed_networks = coalesce($4, allowed_networks)
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, patch.name ?? null, patch.isActive ?? null, patch.allowedNetworks ?? null],
  );
  return rows[0] ?? null;
}
