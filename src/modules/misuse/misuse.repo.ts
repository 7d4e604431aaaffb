import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';
import type { z } from 'zod';
import type { alertView } from './misuse.schema.ts';

// The actions live beside the view that answers them; re-exported for the modules importing them here.
export { MISUSE_ACTIONS, type MisuseAction } from './misuse.schema.ts';

/** An alert as the repository reads it and the API answers it (the zod view is the one source). */
export type MisuseAlert = z.output<typeof alertView> & {
  /** Read but never answered as such: the alert's place in the order of alerts (the list's cursor). */
  seq: number;
};

const COLUMNS = `a.id, a.seq, a.institution_id AS "institutionId", a.account_id AS "accountId",
  a.agreement_id AS "agreementId", a.reason, a.severity, a.action, a.evidence, a.created_at AS "createdAt",
  a.acknowledged_at AS "acknowledgedAt", a.acknowledged_by AS "acknowledgedBy", a.note`;

export type NewMisuseAlert = Pick<
  MisuseAlert,
  'institutionId' | 'accountId' | 'agreementId' | 'reason' | 'severity' | 'action' | 'evidence'
> & { at: Date };

export async function insertAlert(db: Db, a: NewMisuseAlert): Promise<string> {
  const id = newId('alr');
  await db.query(
    `INSERT INTO misuse_alerts (id, institution_id, account_id, agreement_id, reason, severity, action, evidence,
                                created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)`,
    [
      id,
      a.institutionId,
      a.accountId,
      a.agreementId,
      a.reason,
      a.severity,
      a.action,
      JSON.stringify(a.evidence),
      a.at,
    ],
  );
  return id;
}

export interface AlertFilter {
  institutionId?: string | undefined;
  accountId?: string | undefined;
  reason?: string | undefined;
  /** true: only unacknowledged; false: only acknowledged; undefined: both. */
  open?: boolean | undefined;
  /** Only alerts of institutions managed by these offices (undefined: all). */
  officeIds?: string[] | undefined;
  before?: number | undefined;
  limit: number;
}

/** Newest first, keyset-paginated by `seq`. */
export async function listAlerts(db: Db, f: AlertFilter): Promise<MisuseAlert[]> {
  const { rows } = await db.query<MisuseAlert>(
    `SELECT ${COLUMNS} FROM misuse_alerts a
      WHERE ($1::text IS NULL OR a.institution_id = $1)
        AND ($2::text IS NULL OR a.account_id = $2)
        AND ($3::text IS NULL OR a.reason = $3)
        AND ($4::boolean IS NULL OR (a.acknowledged_at IS NULL) = $4)
        AND ($5::text[] IS NULL OR a.institution_id IN (SELECT id FROM institutions WHERE office_id = ANY($5)))
        AND ($6::bigint IS NULL OR a.seq < $6)
      ORDER BY a.seq DESC
      LIMIT $7`,
    [
      f.institutionId ?? null,
      f.accountId ?? null,
      f.reason ?? null,
      f.open ?? null,
      f.officeIds ?? null,
      f.before ?? null,
      f.limit,
    ],
  );
  return rows;
}

/** One alert with the office managing its institution (for scoping). */
export async function getAlert(db: Db, id: string): Promise<(MisuseAlert & { officeId: string }) | null> {
  const { rows } = await db.query<MisuseAlert & { officeId: string }>(
    `SELECT ${COLUMNS}, i.office_id AS "officeId"
       FROM misuse_alerts a JOIN institutions i ON i.id = a.institution_id WHERE a.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** Marks an open alert acknowledged; null when it was already acknowledged. */
export async function markAcknowledged(
  db: Db,
  id: string,
  by: string | null,
  note: string | null,
): Promise<MisuseAlert | null> {
  const { rows } = await db.query<MisuseAlert>(
    `UPDATE misuse_alerts a SET acknowledged_at = now(), acknowledged_by = $2, note = $3
      WHERE a.id = $1 AND a.acknowledged_at IS NULL RETURNING ${COLUMNS}`,
    [id, by, note],
  );
  return rows[0] ?? null;
}

/** Suspends an account for misuse: inactive, and marked so that an officer's review can reinstate it. */
export async function suspendAccount(db: Db, accountId: string, at: Date): Promise<void> {
  await db.query(
    // Only an active account: one an officer deactivated for another reason must not become reinstatable.
    `UPDATE user_accounts SET is_active = false, misuse_suspended_at = $2 WHERE id = $1 AND is_active`,
    [accountId, at],
  );
}

/** Re-enables an account suspended for misuse (only such an account); true when it was suspended. */
export async function reinstateAccount(db: Db, accountId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE user_accounts SET is_active = true, misuse_suspended_at = NULL
      WHERE id = $1 AND misuse_suspended_at IS NOT NULL`,
    [accountId],
  );
  return rowCount > 0;
}
