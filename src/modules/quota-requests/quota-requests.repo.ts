import { HIT_OUTCOMES } from '../access/outcomes.ts';
import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';
import type { z } from 'zod';
import type { quotaRequestView } from './quota-requests.schema.ts';

/** A quota request as the repository reads it: the answer (the zod view is the one source) without its usage. */
export type QuotaRequest = Omit<z.output<typeof quotaRequestView>, 'usage'>;

const COLUMNS = `id, account_id AS "accountId", institution_id AS "institutionId", current_quota AS "currentQuota",
  requested_quota AS "requestedQuota", justification, requested_by AS "requestedBy", requested_at AS "requestedAt",
  status, decided_by AS "decidedBy", decided_at AS "decidedAt", decision_note AS "decisionNote"`;

export async function insertQuotaRequest(
  db: Db,
  r: Pick<
    QuotaRequest,
    'accountId' | 'institutionId' | 'currentQuota' | 'requestedQuota' | 'justification' | 'requestedBy'
  > & {
    now: Date;
  },
): Promise<QuotaRequest> {
  const { rows } = await db.query<QuotaRequest>(
    `INSERT INTO quota_requests (id, account_id, institution_id, current_quota, requested_quota, justification,
                                 requested_by, requested_at, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'requested') RETURNING ${COLUMNS}`,
    [
      newId('qrq'),
      r.accountId,
      r.institutionId,
      r.currentQuota,
      r.requestedQuota,
      r.justification,
      r.requestedBy,
      r.now.toISOString(),
    ],
  );
  return rows[0]!;
}

export async function getQuotaRequest(db: Db, id: string, forUpdate = false): Promise<QuotaRequest | null> {
  const { rows } = await db.query<QuotaRequest>(
    `SELECT ${COLUMNS} FROM quota_requests WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function listQuotaRequests(
  db: Db,
  f: { officeIds?: string[] | undefined; institutionId?: string | undefined },
): Promise<QuotaRequest[]> {
  const { rows } = await db.query<QuotaRequest>(
    `SELECT ${COLUMNS} FROM quota_requests q
      WHERE ($1::text[] IS NULL OR q.institution_id IN (SELECT id FROM institutions WHERE office_id = ANY($1)))
        AND ($2::text IS NULL OR q.institution_id = $2)
      ORDER BY requested_at DESC, id`,
    [f.officeIds ?? null, f.institutionId ?? null],
  );
  return rows;
}

export async function decideQuotaRequest(
  db: Db,
  id: string,
  d: { status: 'granted' | 'refused'; by: string | null; now: Date; note: string },
): Promise<QuotaRequest> {
  const { rows } = await db.query<QuotaRequest>(
    `UPDATE quota_requests SET status = $2, decided_by = $3, decided_at = $4, decision_note = $5
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, d.status, d.by, d.now.toISOString(), d.note],
  );
  return rows[0]!;
}

/**
 * Usage so far of an account: hits today (WIB day) and in the 30 days up to today. Counted from the access
 * audit (every hit has its row there), not from quota_usage, which also holds hits leased to a gateway
 * process and not yet served (quota.ts).
 */
export async function usageOf(
  db: Db,
  accountId: string,
  today: string,
): Promise<{ today: number; last30Days: number }> {
  // WIB is UTC+7 without daylight saving: a WIB day starts at 17:00 UTC the day before.
  const startOf = (day: string) => new Date(`${day}T00:00:00+07:00`).toISOString();
  const thirtyDaysAgo = new Date(Date.parse(`${today}T00:00:00+07:00`) - 29 * 86_400_000).toISOString();
  const { rows } = await db.query<{ today: number; last30Days: number }>(
    `SELECT count(*) FILTER (WHERE at >= $2)::int AS today, count(*)::int AS "last30Days"
       FROM access_audit WHERE account_id = $1 AND at >= $3 AND outcome = ANY($4)`,
    [accountId, startOf(today), thirtyDaysAgo, HIT_OUTCOMES],
  );
  return rows[0]!;
}
