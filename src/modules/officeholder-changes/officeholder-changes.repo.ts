import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';
import type { z } from 'zod';
import type { changeView } from './officeholder-changes.schema.ts';

/** A change as the repository reads it and the API answers it (the zod view is the one source). */
export type OfficeholderChange = z.output<typeof changeView>;
export type ChangeKind = OfficeholderChange['kind'];
export type ChangeStatus = OfficeholderChange['status'];

const COLUMNS = `c.id, c.institution_id AS "institutionId", c.kind, c.letter_number AS "letterNumber",
  c.effective_on::text AS "effectiveOn", c.new_head_name AS "newHeadName", c.new_head_title AS "newHeadTitle",
  c.new_head_email AS "newHeadEmail", c.new_name AS "newName", c.previous_name AS "previousName", c.status,
  c.filed_by AS "filedBy", c.filed_at AS "filedAt", c.decided_by AS "decidedBy", c.decided_at AS "decidedAt",
  c.decision_note AS "decisionNote", c.new_head_account_id AS "newHeadAccountId",
  c.closed_account_ids AS "closedAccountIds", c.sptjm_due_on::text AS "sptjmDueOn",
  coalesce((SELECT json_agg(json_build_object('id', d.id, 'filename', d.filename, 'contentType', d.content_type)
                            ORDER BY d.created_at, d.id)
              FROM officeholder_change_documents cd JOIN documents d ON d.id = cd.document_id
             WHERE cd.change_id = c.id), '[]'::json) AS documents`;

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : (v as string | null));
function shape(r: OfficeholderChange): OfficeholderChange {
  return { ...r, filedAt: iso(r.filedAt)!, decidedAt: iso(r.decidedAt) };
}

export async function insertChange(
  db: Db,
  c: {
    institutionId: string;
    kind: ChangeKind;
    letterNumber: string;
    effectiveOn: string;
    newHeadName: string | null;
    newHeadTitle: string | null;
    newHeadEmail: string | null;
    newName: string | null;
    previousName: string;
    filedBy: string | null;
    documentIds: string[];
    now: Date;
  },
): Promise<string> {
  const id = newId('ohc');
  await db.query(
    `INSERT INTO officeholder_changes (id, institution_id, kind, letter_number, effective_on, new_head_name,
       new_head_title, new_head_email, new_name, previous_name, status, filed_by, filed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'filed', $11, $12)`,
    [
      id,
      c.institutionId,
      c.kind,
      c.letterNumber,
      c.effectiveOn,
      c.newHeadName,
      c.newHeadTitle,
      c.newHeadEmail,
      c.newName,
      c.previousName,
      c.filedBy,
      c.now.toISOString(),
    ],
  );
  for (const documentId of c.documentIds) {
    await db.query(`INSERT INTO officeholder_change_documents (change_id, document_id) VALUES ($1, $2)`, [
      id,
      documentId,
    ]);
  }
  return id;
}

export async function getChange(db: Db, id: string, forUpdate = false): Promise<OfficeholderChange | null> {
  if (forUpdate) await db.query(`SELECT 1 FROM officeholder_changes WHERE id = $1 FOR UPDATE`, [id]);
  const { rows } = await db.query<OfficeholderChange>(
    `SELECT ${COLUMNS} FROM officeholder_changes c WHERE c.id = $1`,
    [id],
  );
  return rows[0] ? shape(rows[0]) : null;
}

export async function hasOpenChange(db: Db, institutionId: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM officeholder_changes WHERE institution_id = $1 AND status = 'filed'`,
    [institutionId],
  );
  return rows.length > 0;
}

export async function listChanges(
  db: Db,
  f: {
    officeIds?: string[] | undefined;
    institutionId?: string | undefined;
    status?: ChangeStatus | undefined;
  },
): Promise<OfficeholderChange[]> {
  const { rows } = await db.query<OfficeholderChange>(
    `SELECT ${COLUMNS} FROM officeholder_changes c JOIN institutions i ON i.id = c.institution_id
      WHERE ($1::text[] IS NULL OR i.office_id = ANY($1)) AND ($2::text IS NULL OR c.institution_id = $2)
        AND ($3::text IS NULL OR c.status = $3)
      ORDER BY c.filed_at DESC, c.id LIMIT 500`,
    [f.officeIds ?? null, f.institutionId ?? null, f.status ?? null],
  );
  return rows.map(shape);
}

export async function markDecided(
  db: Db,
  id: string,
  d: {
    status: 'confirmed' | 'rejected';
    by: string | null;
    note: string | null;
    newHeadAccountId?: string | null;
    closedAccountIds?: string[];
    sptjmDueOn?: string | null;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `UPDATE officeholder_changes SET status = $2, decided_by = $3, decision_note = $4, decided_at = $5,
            new_head_account_id = $6, closed_account_ids = $7, sptjm_due_on = $8
      WHERE id = $1`,
    [
      id,
      d.status,
      d.by,
      d.note,
      d.now.toISOString(),
      d.newHeadAccountId ?? null,
      d.closedAccountIds ?? [],
      d.sptjmDueOn ?? null,
    ],
  );
}

/** The active heads of an institution, locked: the ones an officeholder change closes. */
export async function activeHeadsForUpdate(db: Db, institutionId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM user_accounts WHERE institution_id = $1 AND role = 'institution_head' AND is_active
      ORDER BY id FOR UPDATE`,
    [institutionId],
  );
  return rows.map((r) => r.id);
}

/** The latest confirmed change with an SPTJM deadline (the compliance engine's fact). */
export async function latestSptjmDeadline(
  db: Db,
  institutionId: string,
): Promise<{ effectiveOn: string; decidedAt: string; sptjmDueOn: string; kind: ChangeKind } | null> {
  const { rows } = await db.query<{
    effectiveOn: string;
    decidedAt: string;
    sptjmDueOn: string;
    kind: ChangeKind;
  }>(
    `SELECT effective_on::text AS "effectiveOn", decided_at AS "decidedAt", sptjm_due_on::text AS "sptjmDueOn", kind
       FROM officeholder_changes
      WHERE institution_id = $1 AND status = 'confirmed' AND sptjm_due_on IS NOT NULL
      ORDER BY decided_at DESC, id DESC LIMIT 1`,
    [institutionId],
  );
  const r = rows[0];
  return r ? { ...r, decidedAt: iso(r.decidedAt)! } : null;
}
