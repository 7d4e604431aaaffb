-- 007: the job scheduler. One row per run of a job, keyed by its run key (e.g. the WIB day for a daily job),
-- so that a run happens once however many processes try it; a stale or failed run is taken over under
-- SELECT … FOR UPDATE SKIP LOCKED.

CREATE TABLE job_runs (
  job         text NOT NULL,
  run_key     text NOT NULL,
  status      text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  started_at  timestamptz NOT NULL,
  finished_at timestamptz,
  lease_until timestamptz NOT NULL,
  attempts    integer NOT NULL DEFAULT 1,
  result      jsonb,
  error       text,
  PRIMARY KEY (job, run_key)
);
