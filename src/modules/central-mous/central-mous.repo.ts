import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';
import type { z } from 'zod';
import type { mouView } from './central-mous.schema.ts';

/** A central MoU as the repository reads it and the API answers it (the zod view is the one source). */
export type CentralMou = z.output<typeof mouView>;

const MOU_COLUMNS = `m.id, m.central_body_id AS "centralBodyId", b.name AS "centralBody", m.mou_number AS "mouNumber",
  m.signed_on::text AS "signedOn", m.valid_from::text AS "validFrom", m.valid_until::text AS "validUntil",
  m.document_id AS "documentId", m.recorded_by AS "recordedBy", m.recorded_at AS "recordedAt"`;

/** The body of that name (case-insensitive), created when new. */
export async function upsertCentralBody(
  db: Db,
  name: string,
  now: Date,
): Promise<{ id: string; name: string }> {
  const { rows } = await db.query<{ id: string; name: string }>(
    `INSERT INTO central_bodies (id, name, created_at) VALUES ($1, $2, $3)
     ON CONFLICT ((lower(name))) DO UPDATE SET name = central_bodies.name RETURNING id, name`,
    [newId('cbd'), name, now.toISOString()],
  );
  return rows[0]!;
}

export async function getCentralBody(db: Db, id: string): Promise<{ id: string; name: string } | null> {
  const { rows } = await db.query<{ id: string; name: string }>(
    `SELECT id, name FROM central_bodies WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function isMouNumberTaken(db: Db, mouNumber: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM central_mous WHERE mou_number = $1`, [mouNumber]);
  return rows.length > 0;
}

export async function insertMou(
  db: Db,
  m: {
    centralBodyId: string;
    mouNumber: string;
    signedOn: string;
    validFrom: string;
    validUntil: string;
    documentId: string;
    recordedBy: string | null;
    now: Date;
  },
): Promise<CentralMou> {
  const id = newId('mou');
  await db.query(
    `INSERT INTO central_mous (id, central_body_id, mou_number, signed_on, valid_from, valid_until, document_id,
       recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      id,
      m.centralBodyId,
      m.mouNumber,
      m.signedOn,
      m.validFrom,
      m.validUntil,
      m.documentId,
      m.recordedBy,
      m.now.toISOString(),
    ],
  );
  return (await listMous(db, { id }))[0]!;
}

export async function listMous(db: Db, f: { id?: string; centralBodyId?: string }): Promise<CentralMou[]> {
  const { rows } = await db.query<CentralMou>(
    `SELECT ${MOU_COLUMNS} FROM central_mous m JOIN central_bodies b ON b.id = m.central_body_id
      WHERE ($1::text IS NULL OR m.id = $1) AND ($2::text IS NULL OR m.central_body_id = $2)
      ORDER BY b.name, m.valid_from DESC, m.id`,
    [f.id ?? null, f.centralBodyId ?? null],
  );
  return rows;
}

/** The MoU of the body in force on `day` (the latest to start, if several overlap). */
export async function mouInForce(db: Db, centralBodyId: string, day: string): Promise<CentralMou | null> {
  const { rows } = await db.query<CentralMou>(
    `SELECT ${MOU_COLUMNS} FROM central_mous m JOIN central_bodies b ON b.id = m.central_body_id
      WHERE m.central_body_id = $1 AND m.valid_from <= $2::date AND m.valid_until >= $2::date
      ORDER BY m.valid_from DESC, m.id LIMIT 1`,
    [centralBodyId, day],
  );
  return rows[0] ?? null;
}

export async function listCentralBodies(
  db: Db,
): Promise<{ id: string; name: string; institutions: number }[]> {
  const { rows } = await db.query<{ id: string; name: string; institutions: number }>(
    `SELECT b.id, b.name, (SELECT count(*) FROM institutions i WHERE i.vertical_parent_id = b.id)::int AS institutions
       FROM central_bodies b ORDER BY b.name`,
  );
  return rows;
}

/** The institution's vertical parent and its managing office's level. */
export async function parentFacts(
  db: Db,
  institutionId: string,
): Promise<{ parentId: string | null; parentName: string | null; officeLevel: string } | null> {
  const { rows } = await db.query<{
    parentId: string | null;
    parentName: string | null;
    officeLevel: string;
  }>(
    `SELECT i.vertical_parent_id AS "parentId", b.name AS "parentName", o.level AS "officeLevel"
       FROM institutions i JOIN offices o ON o.id = i.office_id
       LEFT JOIN central_bodies b ON b.id = i.vertical_parent_id
      WHERE i.id = $1`,
    [institutionId],
  );
  return rows[0] ?? null;
}

export async function setVerticalParent(
  db: Db,
  institutionId: string,
  parentId: string | null,
): Promise<void> {
  await db.query(`UPDATE institutions SET vertical_parent_id = $2 WHERE id = $1`, [institutionId, parentId]);
}
