import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';
import type { z } from 'zod';
import type { SemesterFigures } from './reports.figures.ts';
import type { narrativeSchema, reportSchema } from './reports.schema.ts';

// A report and its narrative as the repository reads them and the API answers them (the zod schema is the one
// source); the deadline (`due`) is computed by the service, never read.
export type Narrative = z.output<typeof narrativeSchema>;
export type SemesterReport = Omit<z.output<typeof reportSchema>, 'due'>;

const COLUMNS = `r.id, r.institution_id AS "institutionId", i.office_id AS "officeId", r.semester, r.status, r.kind,
  r.figures, r.generated_at AS "generatedAt", r.narrative, r.letter_number AS "letterNumber",
  r.submitted_at AS "submittedAt", r.submitted_by AS "submittedBy", r.signed_by AS "signedBy",
  r.document_id AS "documentId"`;

export async function getReport(db: Db, id: string, lock = false): Promise<SemesterReport | null> {
  const { rows } = await db.query<SemesterReport>(
    `SELECT ${COLUMNS} FROM semester_reports r JOIN institutions i ON i.id = r.institution_id
      WHERE r.id = $1 ${lock ? 'FOR UPDATE OF r' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function findReportFor(
  db: Db,
  institutionId: string,
  semester: string,
  lock = false,
): Promise<SemesterReport | null> {
  const { rows } = await db.query<SemesterReport>(
    `SELECT ${COLUMNS} FROM semester_reports r JOIN institutions i ON i.id = r.institution_id
      WHERE r.institution_id = $1 AND r.semester = $2 ${lock ? 'FOR UPDATE OF r' : ''}`,
    [institutionId, semester],
  );
  return rows[0] ?? null;
}

/** Reports in scope (without their figures), newest semester first. */
export async function listReports(
  db: Db,
  f: { officeIds?: string[] | undefined; institutionId?: string | undefined; semester?: string | undefined },
): Promise<Omit<SemesterReport, 'figures'>[]> {
  const { rows } = await db.query<SemesterReport>(
    `SELECT ${COLUMNS.replace('r.figures,', '')} FROM semester_reports r JOIN institutions i ON i.id = r.institution_id
      WHERE ($1::text[] IS NULL OR i.office_id = ANY($1)) AND ($2::text IS NULL OR r.institution_id = $2)
        AND ($3::text IS NULL OR r.semester = $3)
      ORDER BY r.semester DESC, i.code LIMIT 1000`,
    [f.officeIds ?? null, f.institutionId ?? null, f.semester ?? null],
  );
  return rows;
}

export async function insertDraft(
  db: Db,
  r: { institutionId: string; semester: string; figures: SemesterFigures; now: Date },
): Promise<string> {
  const id = newId('rep');
  await db.query(
    `INSERT INTO semester_reports (id, institution_id, semester, status, kind, figures, generated_at)
     VALUES ($1, $2, $3, 'draft', 'generated', $4::jsonb, $5)`,
    [id, r.institutionId, r.semester, JSON.stringify(r.figures), r.now.toISOString()],
  );
  return id;
}

export async function refreshDraft(db: Db, id: string, figures: SemesterFigures, now: Date): Promise<void> {
  await db.query(
    `UPDATE semester_reports SET figures = $2::jsonb, generated_at = $3, kind = 'generated'
      WHERE id = $1 AND status = 'draft'`,
    [id, JSON.stringify(figures), now.toISOString()],
  );
}

export async function setNarrative(db: Db, id: string, narrative: Narrative): Promise<void> {
  await db.query(`UPDATE semester_reports SET narrative = $2::jsonb WHERE id = $1`, [
    id,
    JSON.stringify(narrative),
  ]);
}

export async function markSubmitted(
  db: Db,
  id: string,
  s: {
    kind: SemesterReport['kind'];
    letterNumber: string | null;
    by: string | null;
    signedBy: string | null;
    documentId?: string | null;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `UPDATE semester_reports SET status = 'submitted', kind = $2, letter_number = $3, submitted_by = $4,
            signed_by = $5, document_id = coalesce($6, document_id), submitted_at = $7
      WHERE id = $1`,
    [id, s.kind, s.letterNumber, s.by, s.signedBy, s.documentId ?? null, s.now.toISOString()],
  );
}

/** A new row already submitted (a manual upload, or the bare record of the older route). */
export async function insertSubmitted(
  db: Db,
  r: {
    institutionId: string;
    semester: string;
    kind: 'recorded' | 'manual';
    by: string | null;
    signedBy: string | null;
    documentId: string | null;
    now: Date;
  },
): Promise<string> {
  const id = newId('rep');
  await db.query(
    `INSERT INTO semester_reports (id, institution_id, semester, status, kind, submitted_at, submitted_by,
                                   signed_by, document_id)
     VALUES ($1, $2, $3, 'submitted', $4, $5, $6, $7, $8)`,
    [id, r.institutionId, r.semester, r.kind, r.now.toISOString(), r.by, r.signedBy, r.documentId],
  );
  return id;
}

export async function accountNames(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; fullName: string }>(
    `SELECT id, full_name AS "fullName" FROM user_accounts WHERE id = ANY($1::text[])`,
    [ids.filter((x): x is string => !!x)],
  );
  return new Map(rows.map((r) => [r.id, r.fullName]));
}
