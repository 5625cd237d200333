-- What the jobs page shows: each background job's newest run (by whichever node ran it) and its failures.
CREATE TABLE platform.job_status (
    job text PRIMARY KEY,
    every_seconds double precision NOT NULL,
    last_started_at timestamptz NOT NULL,
    last_duration_ms double precision NOT NULL,
    last_outcome text NOT NULL CHECK (last_outcome IN ('succeeded', 'failed')),
    last_error text,
    last_node text NOT NULL,
    next_run_at timestamptz NOT NULL,
    failures bigint NOT NULL DEFAULT 0,
    last_failed_at timestamptz);

CREATE TABLE platform.job_failure (
    id uuid PRIMARY KEY,
    job text NOT NULL,
    node text NOT NULL,
    started_at timestamptz NOT NULL,
    duration_ms double precision NOT NULL,
    error text NOT NULL);
CREATE INDEX job_failure_job_ix ON platform.job_failure (job, started_at DESC);
CREATE INDEX job_failure_started_ix ON platform.job_failure (started_at DESC);
