import type { Db } from '../../db/db.ts';

export interface JobRun {
  job: string;
  runKey: string;
  status: 'running' | 'done' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  attempts: number;
  result: unknown;
  error: string | null;
}

const COLUMNS = `job, run_key AS "runKey", status, started_at AS "startedAt", finished_at AS "finishedAt", attempts,
  result, error`;

/**
 * Claims the run `(job, runKey)` for this process: a new run, or a failed one, or one whose lease ran out
 * (its process died). Returns false when the run is done or another process holds it. Safe to call from
 * many processes at once: the primary key admits one insert, and SKIP LOCKED lets one taker through.
 */
export async function claimRun(
  db: Db,
  job: string,
  runKey: string,
  now: Date,
  leaseMs: number,
): Promise<boolean> {
  const lease = new Date(now.getTime() + leaseMs).toISOString();
  return db.transaction(async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO job_runs (job, run_key, status, started_at, lease_until) VALUES ($1, $2, 'running', $3, $4)
       ON CONFLICT (job, run_key) DO NOTHING RETURNING job`,
      [job, runKey, now.toISOString(), lease],
    );
    if (inserted.rows.length > 0) return true;
    const stale = await tx.query(
      `SELECT job FROM job_runs
        WHERE job = $1 AND run_key = $2 AND (status = 'failed' OR (status = 'running' AND lease_until < $3))
        FOR UPDATE SKIP LOCKED`,
      [job, runKey, now.toISOString()],
    );
    if (stale.rows.length === 0) return false;
    await tx.query(
      `UPDATE job_runs SET status = 'running', started_at = $3, lease_until = $4, attempts = attempts + 1,
              error = NULL
        WHERE job = $1 AND run_key = $2`,
      [job, runKey, now.toISOString(), lease],
    );
    return true;
  });
}

export async function finishRun(
  db: Db,
  job: string,
  runKey: string,
  outcome: { ok: true; result: unknown } | { ok: false; error: string },
  now: Date,
): Promise<void> {
  await db.query(
    `UPDATE job_runs SET status = $3, finished_at = $4, result = $5::jsonb, error = $6
      WHERE job = $1 AND run_key = $2`,
    [
      job,
      runKey,
      outcome.ok ? 'done' : 'failed',
      now.toISOString(),
      outcome.ok ? JSON.stringify(outcome.result ?? null) : null,
      outcome.ok ? null : outcome.error.slice(0, 1000),
    ],
  );
}

export async function listRuns(db: Db, limit: number): Promise<JobRun[]> {
  const { rows } = await db.query<JobRun>(
    `SELECT ${COLUMNS} FROM job_runs ORDER BY started_at DESC, job LIMIT $1`,
    [limit],
  );
  return rows;
}
