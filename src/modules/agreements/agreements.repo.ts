import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';
import type { z } from 'zod';
import type { MisuseAction } from '../misuse/misuse.repo.ts';
import type { agreementView, AgreementStatus } from './agreements.schema.ts';

// The methods and statuses live beside the view that answers them; re-exported for the modules importing them here.
export {
  ACCESS_METHODS,
  AGREEMENT_STATUSES,
  type AccessMethod,
  type AgreementStatus,
} from './agreements.schema.ts';

/** An agreement as the repository reads it and the API answers it (the zod view is the one source). */
export type Agreement = z.output<typeof agreementView> & {
  /**
   * Read but never answered: the Juknis quota per account (hits per account per WIB day) of the current terms;
   * null: unlimited. Read only by `agreementsInForce` (the access path); absent elsewhere.
   */
  quotaPerAccount?: number | null;
};

const COLUMNS = `id, institution_id AS "institutionId", office_id AS "officeId", registry_number AS "registryNumber",
  institution_number AS "institutionNumber", purpose, elements, methods, start_date AS "startDate",
  end_date AS "endDate", status, default_threshold AS "defaultThreshold",
  allowed_hours_start::text AS "allowedHoursStart", allowed_hours_end::text AS "allowedHoursEnd",
  misuse_action AS "misuseAction", created_at AS "createdAt", application_id AS "applicationId",
  signed_on AS "signedOn", signed_place AS "signedPlace", period_months AS "periodMonths",
  ended_reason AS "endedReason", current_version_id AS "currentVersionId",
  purpose_codes AS "purposeCodes", default_purpose AS "defaultPurpose"`;

export type NewAgreement = Omit<
  Agreement,
  | 'id'
  | 'createdAt'
  | 'misuseAction'
  | 'applicationId'
  | 'signedOn'
  | 'signedPlace'
  | 'periodMonths'
  | 'endedReason'
  | 'currentVersionId'
  | 'purposeCodes'
  | 'defaultPurpose'
> & {
  misuseAction?: MisuseAction;
};

export async function insertAgreement(db: Db, a: NewAgreement): Promise<Agreement> {
  const { rows } = await db.query<Agreement>(
    `INSERT INTO agreements (id, institution_id, office_id, registry_number, institution_number, purpose,
                             elements, methods, start_date, end_date, status, default_threshold,
                             allowed_hours_start, allowed_hours_end, misuse_action)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING ${COLUMNS}`,
    [
      newId('agr'),
      a.institutionId,
      a.officeId,
      a.registryNumber,
      a.institutionNumber,
      a.purpose,
      a.elements,
      a.methods,
      a.startDate,
      a.endDate,
      a.status,
      a.defaultThreshold,
      a.allowedHoursStart,
      a.allowedHoursEnd,
      a.misuseAction ?? 'alert',
    ],
  );
  return rows[0]!;
}

export async function getAgreement(db: Db, id: string): Promise<Agreement | null> {
  const { rows } = await db.query<Agreement>(`SELECT ${COLUMNS} FROM agreements WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listAgreements(
  db: Db,
  filter: { institutionId?: string | undefined; officeIds?: string[] | undefined },
): Promise<Agreement[]> {
  const { rows } = await db.query<Agreement>(
    `SELECT ${COLUMNS} FROM agreements
      WHERE ($1::text IS NULL OR institution_id = $1) AND ($2::text[] IS NULL OR office_id = ANY($2))
      ORDER BY start_date DESC, id`,
    [filter.institutionId ?? null, filter.officeIds ?? null],
  );
  return rows;
}

export async function updateAgreement(
  db: Db,
  id: string,
  patch: { status?: AgreementStatus | undefined; misuseAction?: MisuseAction | undefined },
): Promise<Agreement | null> {
  const { rows } = await db.query<Agreement>(
    `UPDATE agreements SET status = coalesce($2, status), misuse_action = coalesce($3, misuse_action)
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, patch.status ?? null, patch.misuseAction ?? null],
  );
  return rows[0] ?? null;
}

/**
 * The agreements of an institution in force on `day` (WIB): status active or expiring and the day within
 * the period; newest first.
 */
export async function agreementsInForce(db: Db, institutionId: string, day: string): Promise<Agreement[]> {
  const { rows } = await db.query<Agreement>(
    `SELECT ${COLUMNS},
            (SELECT v.quota_per_account FROM agreement_versions v WHERE v.id = agreements.current_version_id)
              AS "quotaPerAccount"
       FROM agreements
      WHERE institution_id = $1 AND status IN ('active', 'expiring') AND start_date <= $2 AND end_date >= $2
      ORDER BY start_date DESC, id`,
    [institutionId, day],
  );
  return rows;
}

export async function getAgreementForUpdate(db: Db, id: string): Promise<Agreement | null> {
  const { rows } = await db.query<Agreement>(`SELECT ${COLUMNS} FROM agreements WHERE id = $1 FOR UPDATE`, [
    id,
  ]);
  return rows[0] ?? null;
}

export async function updateAgreementLifecycle(
  db: Db,
  id: string,
  p: {
    status?: AgreementStatus;
    applicationId?: string;
    signedOn?: string;
    signedPlace?: string;
    periodMonths?: number | null;
    startDate?: string;
    endDate?: string;
    endedReason?: string;
  },
): Promise<void> {
  await db.query(
    `UPDATE agreements SET status = coalesce($2, status), application_id = coalesce($3, application_id),
            signed_on = coalesce($4::date, signed_on), signed_place = coalesce($5, signed_place),
            period_months = CASE WHEN $6 THEN $7::int ELSE period_months END,
            start_date = coalesce($8::date, start_date), end_date = coalesce($9::date, end_date),
            ended_reason = coalesce($10, ended_reason)
      WHERE id = $1`,
    [
      id,
      p.status ?? null,
      p.applicationId ?? null,
      p.signedOn ?? null,
      p.signedPlace ?? null,
      p.periodMonths !== undefined,
      p.periodMonths ?? null,
      p.startDate ?? null,
      p.endDate ?? null,
      p.endedReason ?? null,
    ],
  );
}

/**
 * Agreements whose status the calendar changes on `today`: active ones ending by `expiringBy` → expiring;
 * active or expiring ones that ended before today → expired.
 */
export async function agreementsToAge(
  db: Db,
  today: string,
  expiringBy: string,
): Promise<{ id: string; to: 'expiring' | 'expired' }[]> {
  const { rows } = await db.query<{ id: string; to: 'expiring' | 'expired' }>(
    `SELECT id, CASE WHEN end_date < $1::date THEN 'expired' ELSE 'expiring' END AS "to"
       FROM agreements
      WHERE (status IN ('active', 'expiring') AND end_date < $1::date)
         OR (status = 'active' AND end_date <= $2::date)
      ORDER BY id`,
    [today, expiringBy],
  );
  return rows;
}
