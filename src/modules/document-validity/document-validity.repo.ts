import type { Db } from '../../db/db.ts';
import type { z } from 'zod';
import type { policyView } from './document-validity.schema.ts';

/** WIB calendar day of a timestamptz column. */
const wibDate = (col: string) => `((${col} AT TIME ZONE 'UTC') + interval '7 hours')::date`;

/** The policy as the repository reads it and the API answers it (the zod view is the one source). */
export type ValidityPolicy = z.output<typeof policyView>;

export async function getPolicy(db: Db): Promise<ValidityPolicy> {
  const { rows } = await db.query<ValidityPolicy>(
    `SELECT resign_yearly AS "resignYearly", grace_days AS "graceDays", updated_by AS "updatedBy",
            updated_at AS "updatedAt" FROM document_validity_policy`,
  );
  return rows[0] ?? { resignYearly: false, graceDays: 30, updatedBy: null, updatedAt: null };
}

export async function setPolicy(
  db: Db,
  p: { resignYearly?: boolean | undefined; graceDays?: number | undefined; by: string | null; now: Date },
): Promise<ValidityPolicy> {
  await db.query(
    `UPDATE document_validity_policy SET resign_yearly = coalesce($1, resign_yearly),
            grace_days = coalesce($2, grace_days), updated_by = $3, updated_at = $4`,
    [p.resignYearly ?? null, p.graceDays ?? null, p.by, p.now.toISOString()],
  );
  return getPolicy(db);
}

/** One event of an agreement in force that asks for the documents to be signed again. */
export interface ResignEvent {
  kind: 'amendment' | 'extension';
  on: string;
  agreementNumber: string;
}

export interface ValidityFacts {
  /** The latest SPTJM's signing date (null: none recorded). */
  statementSignedOn: string | null;
  /** Amendments (versions made after signing) and granted extensions of the agreements in force, by day. */
  events: ResignEvent[];
  /** The latest confirmed change of officeholder or organisation with its SPTJM deadline. */
  change: { kind: string; effectiveOn: string; sptjmDueOn: string } | null;
  /** Active operators with the signing date of their latest NDA (null: none). */
  operators: { username: string; ndaSignedOn: string | null }[];
}

export async function validityFacts(db: Db, institutionId: string): Promise<ValidityFacts> {
  const { rows } = await db.query<ValidityFacts>(
    `SELECT
       (SELECT max(signed_on)::text FROM responsibility_statements WHERE institution_id = $1) AS "statementSignedOn",
       coalesce((SELECT json_agg(e ORDER BY e."on", e.kind) FROM (
           SELECT 'amendment' AS kind, ${wibDate('v.created_at')}::text AS "on", a.registry_number AS "agreementNumber"
             FROM agreement_versions v JOIN agreements a ON a.id = v.agreement_id
            WHERE a.institution_id = $1 AND a.status IN ('signed', 'active', 'expiring')
              -- Version 1 is the draft's terms; a version made after signing is an amendment.
              AND (v.version > 1 OR ${wibDate('v.created_at')} > coalesce(a.signed_on, a.start_date))
           UNION ALL
           SELECT 'extension', ${wibDate('x.decided_at')}::text, a.registry_number
             FROM agreement_extensions x JOIN agreements a ON a.id = x.agreement_id
            WHERE a.institution_id = $1 AND a.status IN ('signed', 'active', 'expiring') AND x.status = 'granted'
              AND x.decided_at IS NOT NULL) e), '[]'::json) AS events,
       (SELECT json_build_object('kind', kind, 'effectiveOn', effective_on::text, 'sptjmDueOn', sptjm_due_on::text)
          FROM officeholder_changes
         WHERE institution_id = $1 AND status = 'confirmed' AND sptjm_due_on IS NOT NULL
         ORDER BY decided_at DESC, id DESC LIMIT 1) AS change,
       coalesce((SELECT json_agg(json_build_object('username', u.username, 'ndaSignedOn',
                   (SELECT max(n.signed_on)::text FROM ndas n WHERE n.account_id = u.id)) ORDER BY u.username)
                   FROM user_accounts u
                  WHERE u.institution_id = $1 AND u.role = 'operator' AND u.is_active), '[]'::json) AS operators`,
    [institutionId],
  );
  return rows[0]!;
}
