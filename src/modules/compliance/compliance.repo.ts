import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';
import type { z } from 'zod';
import type { boardRow, complianceEvent, state } from './compliance.schema.ts';

/** The compliance states as the API answers them (the zod schema is the one source). */
export type ComplianceState = z.output<typeof state>;

export interface StateRow {
  institutionId: string;
  state: ComplianceState;
  since: string;
  reason: string;
}

/** One step of the compliance trail, as read and answered (the zod schema is the one source). */
export type ComplianceEvent = z.output<typeof complianceEvent>;

export async function getState(db: Db, institutionId: string): Promise<StateRow | null> {
  const { rows } = await db.query<StateRow>(
    `SELECT institution_id AS "institutionId", state, since, reason FROM compliance_states
      WHERE institution_id = $1 FOR UPDATE`,
    [institutionId],
  );
  return rows[0] ?? null;
}

export async function setState(
  db: Db,
  e: {
    institutionId: string;
    from: string;
    to: ComplianceState;
    reason: string;
    findings: unknown;
    actorId: string | null;
    now: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO compliance_states (institution_id, state, since, reason) VALUES ($1, $2, $3, $4)
     ON CONFLICT (institution_id) DO UPDATE SET state = $2, since = $3, reason = $4`,
    [e.institutionId, e.to, e.now.toISOString(), e.reason],
  );
  await db.query(
    `INSERT INTO compliance_events (institution_id, at, from_state, to_state, reason, findings, actor_id)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
    [e.institutionId, e.now.toISOString(), e.from, e.to, e.reason, JSON.stringify(e.findings), e.actorId],
  );
}

export async function listEvents(db: Db, institutionId: string): Promise<ComplianceEvent[]> {
  const { rows } = await db.query<ComplianceEvent>(
    `SELECT id, institution_id AS "institutionId", at, from_state AS "fromState", to_state AS "toState", reason,
            findings, actor_id AS "actorId"
       FROM compliance_events WHERE institution_id = $1 ORDER BY id`,
    [institutionId],
  );
  return rows;
}

/**
 * Institutions under an agreement that is signed and not ended, and those with a SAM configuration still to
 * return after theirs ended: the ones with obligations.
 */
export async function institutionsUnderAgreement(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT institution_id AS id FROM agreements WHERE status IN ('signed', 'active', 'expiring')
     UNION SELECT institution_id FROM sam_return_tasks WHERE closed_at IS NULL ORDER BY 1`,
  );
  return rows.map((r) => r.id);
}

export interface ObligationFacts {
  agreementEnd: string | null;
  signedOn: string | null;
  hasStatement: boolean;
  operatorsWithoutNda: string[];
  reportedSemesters: string[];
  certificateValidUntil: string | null;
  extensionRequested: boolean;
}

export async function obligationFacts(db: Db, institutionId: string): Promise<ObligationFacts> {
  const { rows } = await db.query<ObligationFacts>(
    `SELECT
       (SELECT max(end_date)::text FROM agreements WHERE institution_id = $1 AND status IN ('signed', 'active', 'expiring'))
         AS "agreementEnd",
       (SELECT min(coalesce(signed_on, start_date))::text FROM agreements
         WHERE institution_id = $1 AND status IN ('signed', 'active', 'expiring')) AS "signedOn",
       EXISTS (SELECT 1 FROM responsibility_statements WHERE institution_id = $1) AS "hasStatement",
       coalesce((SELECT array_agg(u.username ORDER BY u.username) FROM user_accounts u
                  WHERE u.institution_id = $1 AND u.role = 'operator' AND u.is_active
                    AND NOT EXISTS (SELECT 1 FROM ndas n WHERE n.account_id = u.id)), '{}') AS "operatorsWithoutNda",
       coalesce((SELECT array_agg(semester) FROM semester_reports
                  WHERE institution_id = $1 AND status = 'submitted'), '{}')
         AS "reportedSemesters",
       (SELECT max(valid_until)::text FROM certificates WHERE institution_id = $1 AND kind = 'iso27001')
         AS "certificateValidUntil",
       EXISTS (SELECT 1 FROM agreement_extensions e JOIN agreements a ON a.id = e.agreement_id
                WHERE a.institution_id = $1 AND e.status IN ('requested', 'granted')) AS "extensionRequested"`,
    [institutionId],
  );
  return rows[0]!;
}

export async function insertSemesterReport(
  db: Db,
  r: { institutionId: string; semester: string; by: string | null; now: Date },
): Promise<{ id: string; semester: string; submittedAt: string } | null> {
  // A generated draft of the semester (reports module) becomes the recorded report; a submitted one stays.
  const { rows } = await db.query<{ id: string; semester: string; submittedAt: string }>(
    `INSERT INTO semester_reports (id, institution_id, semester, submitted_at, submitted_by)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (institution_id, semester) DO UPDATE
        SET status = 'submitted', kind = 'recorded', submitted_at = EXCLUDED.submitted_at,
            submitted_by = EXCLUDED.submitted_by
      WHERE semester_reports.status = 'draft'
     RETURNING id, semester, submitted_at AS "submittedAt"`,
    [newId('rep'), r.institutionId, r.semester, r.now.toISOString(), r.by],
  );
  return rows[0] ?? null;
}

export async function insertCertificate(
  db: Db,
  c: { institutionId: string; number: string; validUntil: string; documentId?: string | null; now: Date },
): Promise<{ id: string; number: string; validUntil: string; documentId: string | null }> {
  const { rows } = await db.query<{
    id: string;
    number: string;
    validUntil: string;
    documentId: string | null;
  }>(
    `INSERT INTO certificates (id, institution_id, kind, number, valid_until, recorded_at, document_id)
     VALUES ($1, $2, 'iso27001', $3, $4, $5, $6)
     RETURNING id, number, valid_until AS "validUntil", document_id AS "documentId"`,
    [newId('crt'), c.institutionId, c.number, c.validUntil, c.now.toISOString(), c.documentId ?? null],
  );
  return rows[0]!;
}

/** The people to tell about an institution: its head and admin, and the officers of its managing office. */
export async function recipientsFor(db: Db, institutionId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT u.id FROM user_accounts u, institutions i
      WHERE i.id = $1 AND u.is_active
        AND ((u.institution_id = i.id AND u.role IN ('institution_head', 'institution_admin'))
             OR (u.role = 'office_officer' AND u.office_id = i.office_id))`,
    [institutionId],
  );
  return rows.map((r) => r.id);
}

export async function insertNotifications(
  db: Db,
  accountIds: string[],
  n: { subject: string; body: string; now: Date },
): Promise<void> {
  if (accountIds.length === 0) return;
  // A recipient with an e-mail address gets it by e-mail too (notifications.mail.ts sends the pending ones).
  await db.query(
    `INSERT INTO notifications (account_id, at, subject, body, email_status)
     SELECT u.id, $2, $3, $4, CASE WHEN u.email IS NULL THEN 'none' ELSE 'pending' END
       FROM user_accounts u WHERE u.id = ANY($1::text[])`,
    [accountIds, n.now.toISOString(), n.subject, n.body],
  );
}

export async function listNotifications(db: Db, accountId: string) {
  const { rows } = await db.query<{
    id: number;
    at: string;
    subject: string;
    body: string;
    readAt: string | null;
  }>(
    `SELECT id, at, subject, body, read_at AS "readAt" FROM notifications WHERE account_id = $1 ORDER BY id DESC LIMIT 200`,
    [accountId],
  );
  return rows;
}

/** One institution on the compliance board, as read and answered (the zod schema is the one source). */
export type BoardRow = z.output<typeof boardRow>;

/**
 * The compliance state of every institution in scope, in one query (an institution the engine never moved is
 * `in_order`), optionally of one state, ordered by code.
 */
export async function listStates(
  db: Db,
  filter: { officeIds?: string[] | undefined; institutionId?: string | undefined; state?: ComplianceState },
): Promise<BoardRow[]> {
  const { rows } = await db.query<BoardRow>(
    `SELECT i.id AS "institutionId", i.code, i.name, i.office_id AS "officeId", i.is_active AS "isActive",
            coalesce(s.state, 'in_order') AS state, s.since, s.reason
       FROM institutions i LEFT JOIN compliance_states s ON s.institution_id = i.id
      WHERE ($1::text[] IS NULL OR i.office_id = ANY($1)) AND ($2::text IS NULL OR i.id = $2)
        AND ($3::text IS NULL OR coalesce(s.state, 'in_order') = $3)
      ORDER BY i.code`,
    [filter.officeIds ?? null, filter.institutionId ?? null, filter.state ?? null],
  );
  return rows;
}
