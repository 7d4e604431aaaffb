import type { Db } from '../../db/db.ts';
import type { AuditEntry } from './audit.sink.ts';

/** A stored audit row: the entry as written, with its sequence number and commit time. */
export type AuditRow = Omit<AuditEntry, 'at' | 'agreementVersionId' | 'purpose' | 'purposeDefaulted'> & {
  id: number;
  at: string;
  agreementVersionId: string | null;
  purpose: string | null;
  purposeDefaulted: boolean;
};

export interface AuditFilter {
  institutionId?: string | undefined;
  accountId?: string | undefined;
  nik?: string | undefined;
  outcome?: string | undefined;
  protocol?: string | undefined;
  method?: string | undefined;
  purpose?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Only rows of institutions managed by these offices (undefined: all rows). */
  officeIds?: string[] | undefined;
  /** Keyset cursor: rows with a smaller id. */
  before?: number | undefined;
  limit: number;
}

/** Newest first, keyset-paginated by id. */
export async function queryAudit(db: Db, f: AuditFilter): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    `SELECT a.id, a.at, a.request_id AS "requestId", a.protocol, a.method, a.institution_id AS "institutionId",
            a.account_id AS "accountId", a.username, a.nik, a.elements_requested AS "elementsRequested",
            a.elements_returned AS "elementsReturned", a.outcome, a.caller_ip AS "callerIp",
            a.agreement_version_id AS "agreementVersionId", a.purpose,
            a.purpose_defaulted AS "purposeDefaulted"
       FROM access_audit a
      WHERE ($1::text IS NULL OR a.institution_id = $1)
        AND ($2::text IS NULL OR a.account_id = $2)
        AND ($3::text IS NULL OR a.nik = $3)
        AND ($4::text IS NULL OR a.outcome = $4)
        AND ($5::text IS NULL OR a.protocol = $5)
        AND ($6::text IS NULL OR a.method = $6)
        AND ($7::timestamptz IS NULL OR a.at >= $7)
        AND ($8::timestamptz IS NULL OR a.at < $8)
        AND ($9::text[] IS NULL OR a.institution_id IN (SELECT id FROM institutions WHERE office_id = ANY($9)))
        AND ($10::bigint IS NULL OR a.id < $10)
        AND ($12::text IS NULL OR a.purpose = $12)
      ORDER BY a.id DESC
      LIMIT $11`,
    [
      f.institutionId ?? null,
      f.accountId ?? null,
      f.nik ?? null,
      f.outcome ?? null,
      f.protocol ?? null,
      f.method ?? null,
      f.from ?? null,
      f.to ?? null,
      f.officeIds ?? null,
      f.before ?? null,
      f.limit,
      f.purpose ?? null,
    ],
  );
  return rows;
}

/**
 * Whether the row of `entry` (an attempt with an account) was committed: asked when the connection was lost
 * while it was being written, so its fate is known only to the database. Looked up by account and time
 * (access_audit_account_idx), then request ID.
 */
export async function auditRowWritten(db: Db, entry: AuditEntry): Promise<boolean> {
  const { rows } = await db.query(
    'SELECT 1 FROM access_audit WHERE account_id = $1 AND at = $2 AND request_id = $3',
    [entry.accountId, (entry.at ?? new Date(0)).toISOString(), entry.requestId],
  );
  return rows.length > 0;
}
