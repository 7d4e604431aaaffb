import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';
import type { z } from 'zod';
import { FORM_FIELD_NAMES, type FormField, type userIdRequestView } from './user-id-requests.schema.ts';

/** A user-ID request as the repository reads it and the API answers it (the zod view is the one source). */
export type UserIdRequest = z.output<typeof userIdRequestView>;

/** Every form field present (null when never given), whatever the stored JSON holds. */
function withFullForm(r: UserIdRequest): UserIdRequest {
  const stored = r.form as Partial<Record<FormField, string | null>> | null;
  return {
    ...r,
    form: Object.fromEntries(FORM_FIELD_NAMES.map((f) => [f, stored?.[f] ?? null])) as UserIdRequest['form'],
  };
}

const COLUMNS = `id, kind, institution_id AS "institutionId", account_id AS "accountId", form,
  changed_fields AS "changedFields", reason, daily_quota AS "dailyQuota", handover_number AS "handoverNumber",
  handover_document_id AS "handoverDocumentId", requested_by AS "requestedBy", requested_at AS "requestedAt"`;

export async function insertUserIdRequest(
  db: Db,
  r: Omit<UserIdRequest, 'id' | 'requestedAt' | 'form'> & {
    form: Partial<Record<FormField, string | null>>;
    now: Date;
  },
): Promise<UserIdRequest> {
  const { rows } = await db.query<UserIdRequest>(
    `INSERT INTO user_id_requests (id, kind, institution_id, account_id, form, changed_fields, reason, daily_quota,
                                   handover_number, handover_document_id, requested_by, requested_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
    [
      newId('uir'),
      r.kind,
      r.institutionId,
      r.accountId,
      JSON.stringify(r.form),
      r.changedFields,
      r.reason,
      r.dailyQuota,
      r.handoverNumber,
      r.handoverDocumentId,
      r.requestedBy,
      r.now.toISOString(),
    ],
  );
  return withFullForm(rows[0]!);
}

export async function getUserIdRequest(db: Db, id: string): Promise<UserIdRequest | null> {
  const { rows } = await db.query<UserIdRequest>(`SELECT ${COLUMNS} FROM user_id_requests WHERE id = $1`, [
    id,
  ]);
  return rows[0] ? withFullForm(rows[0]) : null;
}

/** The form of an operator as its latest request left it (null when it never had one). */
export async function latestForm(
  db: Db,
  accountId: string,
): Promise<Partial<Record<FormField, string | null>> | null> {
  const { rows } = await db.query<{ form: Partial<Record<FormField, string | null>> }>(
    `SELECT form FROM user_id_requests WHERE account_id = $1 ORDER BY requested_at DESC, id DESC LIMIT 1`,
    [accountId],
  );
  return rows[0]?.form ?? null;
}

export async function listUserIdRequests(
  db: Db,
  filter: { institutionId?: string | undefined; officeIds?: string[] | undefined; accountId?: string },
): Promise<UserIdRequest[]> {
  const { rows } = await db.query<UserIdRequest>(
    `SELECT ${COLUMNS} FROM user_id_requests
      WHERE ($1::text IS NULL OR institution_id = $1)
        AND ($2::text[] IS NULL OR institution_id IN (SELECT id FROM institutions WHERE office_id = ANY($2)))
        AND ($3::text IS NULL OR account_id = $3)
      ORDER BY requested_at DESC, id DESC
      LIMIT 1000`,
    [filter.institutionId ?? null, filter.officeIds ?? null, filter.accountId ?? null],
  );
  return rows.map(withFullForm);
}

/** The name of a Kemendagri region (plain code), or null when there is none. */
export async function regionName(db: Db, code: string): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>(`SELECT name FROM regions WHERE code = $1`, [code]);
  return rows[0]?.name ?? null;
}
