-- +goose Up
-- Background jobs run in-process from this table. A worker claims a due job by
-- setting a lease in one atomic UPDATE (see internal/notify/jobs/claim.go), so
-- restarts lose nothing and two workers never run the same due run.
CREATE TABLE jobs (
    id {{id}},
    name TEXT NOT NULL,
    schedule TEXT NOT NULL,
    next_run_at {{ts}} NOT NULL,
    last_run_at {{ts}},
    last_outcome TEXT NOT NULL DEFAULT '',
    last_error TEXT NOT NULL DEFAULT '',
    lease_owner TEXT,
    lease_until {{ts}},
    runs BIGINT NOT NULL DEFAULT 0,
    created_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX jobs_name ON jobs(name);
CREATE INDEX jobs_due ON jobs(next_run_at);

-- One row per claimed run: running until finished; 'lost' when its lease ran
-- out (the worker crashed) and another worker took the run over.
CREATE TABLE job_runs (
    id {{id}},
    job_id BIGINT NOT NULL REFERENCES jobs(id),
    scheduled_for {{ts}} NOT NULL,
    owner TEXT NOT NULL,
    started_at {{ts}} NOT NULL,
    finished_at {{ts}},
    outcome TEXT NOT NULL DEFAULT 'running',
    error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX job_runs_job ON job_runs(job_id, id);

-- Effects inside Tongchou that must happen exactly once even when a run is
-- retried after a crash: the effect's transaction inserts its key here first.
CREATE TABLE job_effects (
    key TEXT PRIMARY KEY,
    job_run_id BIGINT,
    created_at {{ts}} NOT NULL
);

-- +goose Down
DROP TABLE job_effects;
DROP TABLE job_runs;
DROP TABLE jobs;
