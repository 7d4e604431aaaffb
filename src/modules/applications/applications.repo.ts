import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';
import type { z } from 'zod';
import type { annex, applicationView } from './applications.schema.ts';

// The application and its annex as the repository reads them and the API answers them (the zod view is the one
// source).
export type Application = z.output<typeof applicationView>;
export type ApplicationStatus = Application['status'];
/** The annex of an approval letter (domain.md): user, purpose, elements, methods, return data, period. */
export type Annex = z.output<typeof annex>;

const COLUMNS = `id, institution_id AS "institutionId", office_id AS "officeId", status, purpose, elements, methods,
  return_data AS "returnData", period_months AS "periodMonths", period_until AS "periodUntil",
  applicant_id AS "applicantId", submitted_at AS "submittedAt", forward_note AS "forwardNote",
  forwarded_by AS "forwardedBy", forwarded_at AS "forwardedAt", decided_by AS "decidedBy",
  decided_at AS "decidedAt", rejection_reasons AS "rejectionReasons", letter_number AS "letterNumber",
  letter_id AS "letterId", annex`;

export async function insertApplication(
  db: Db,
  a: Pick<
    Application,
    | 'institutionId'
    | 'officeId'
    | 'purpose'
    | 'elements'
    | 'methods'
    | 'returnData'
    | 'periodMonths'
    | 'periodUntil'
    | 'applicantId'
  > & { now: Date },
): Promise<Application> {
  const { rows } = await db.query<Application>(
    `INSERT INTO applications (id, institution_id, office_id, status, purpose, elements, methods, return_data,
                               period_months, period_until, applicant_id, submitted_at)
     VALUES ($1, $2, $3, 'submitted', $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
    [
      newId('apl'),
      a.institutionId,
      a.officeId,
      a.purpose,
      a.elements,
      a.methods,
      a.returnData,
      a.periodMonths,
      a.periodUntil,
      a.applicantId,
      a.now.toISOString(),
    ],
  );
  return rows[0]!;
}

/** The application, locked for update when `forUpdate` (inside a transaction). */
export async function getApplication(db: Db, id: string, forUpdate = false): Promise<Application | null> {
  const { rows } = await db.query<Application>(
    `SELECT ${COLUMNS} FROM applications WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function listApplications(
  db: Db,
  f: { officeIds?: string[] | undefined; institutionId?: string | undefined; status?: string | undefined },
): Promise<Application[]> {
  const { rows } = await db.query<Application>(
    `SELECT ${COLUMNS} FROM applications
      WHERE ($1::text[] IS NULL OR office_id = ANY($1)) AND ($2::text IS NULL OR institution_id = $2)
        AND ($3::text IS NULL OR status = $3)
      ORDER BY submitted_at DESC, id`,
    [f.officeIds ?? null, f.institutionId ?? null, f.status ?? null],
  );
  return rows;
}

export async function markForwarded(
  db: Db,
  id: string,
  f: { note: string; by: string | null; now: Date },
): Promise<Application> {
  const { rows } = await db.query<Application>(
    `UPDATE applications SET status = 'forwarded', forward_note = $2, forwarded_by = $3, forwarded_at = $4
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, f.note, f.by, f.now.toISOString()],
  );
  return rows[0]!;
}

export async function markDecided(
  db: Db,
  id: string,
  d: {
    status: 'approved' | 'rejected';
    by: string | null;
    now: Date;
    reasons: string[] | null;
    letterNumber: string;
    letterId: string;
    annex: Annex | null;
  },
): Promise<Application> {
  const { rows } = await db.query<Application>(
    `UPDATE applications SET status = $2, decided_by = $3, decided_at = $4, rejection_reasons = $5,
            letter_number = $6, letter_id = $7, annex = $8::jsonb
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [
      id,
      d.status,
      d.by,
      d.now.toISOString(),
      d.reasons,
      d.letterNumber,
      d.letterId,
      d.annex ? JSON.stringify(d.annex) : null,
    ],
  );
  return rows[0]!;
}
