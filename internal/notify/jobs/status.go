package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"tongchou/internal/store"
)

// Job is a row of the job table as the admin page shows it.
type Job struct {
	ID          int64
	Name        string
	Schedule    string
	NextRunAt   time.Time
	LastRunAt   time.Time // zero: never ran
	LastOutcome string
	LastError   string
	LeaseOwner  string
	LeaseUntil  time.Time
	Runs        int64
}

// JobRun is one recorded run.
type JobRun struct {
	ID           int64
	Job          string
	ScheduledFor time.Time
	Owner        string
	StartedAt    time.Time
	FinishedAt   time.Time
	Outcome      string
	Error        string
}

// List returns every job by name.
func List(ctx context.Context, q store.Querier) ([]Job, error) {
	rows, err := q.Query(ctx, `SELECT id, name, schedule, next_run_at, last_run_at, last_outcome, last_error,
		lease_owner, lease_until, runs FROM jobs ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list jobs: %w", err)
	}
	defer rows.Close()
	var out []Job
	for rows.Next() {
		var j Job
		var last, until sql.NullTime
		var owner sql.NullString
		if err := rows.Scan(&j.ID, &j.Name, &j.Schedule, &j.NextRunAt, &last, &j.LastOutcome, &j.LastError,
			&owner, &until, &j.Runs); err != nil {
			return nil, fmt.Errorf("scan job: %w", err)
		}
		j.LastRunAt, j.LeaseUntil, j.LeaseOwner = last.Time, until.Time, owner.String
		out = append(out, j)
	}
	return out, rows.Err()
}

// RecentRuns returns the latest limit runs of every job, newest first; with
// job set, of that job only.
func RecentRuns(ctx context.Context, q store.Querier, job string, limit int) ([]JobRun, error) {
	where, args := "", []any{}
	if job != "" {
		where, args = "WHERE j.name = ?", append(args, job)
	}
	rows, err := q.Query(ctx, `SELECT r.id, j.name, r.scheduled_for, r.owner, r.started_at, r.finished_at, r.outcome, r.error
		FROM job_runs r JOIN jobs j ON j.id = r.job_id `+where+` ORDER BY r.id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("list job runs: %w", err)
	}
	defer rows.Close()
	var out []JobRun
	for rows.Next() {
		var r JobRun
		var fin sql.NullTime
		if err := rows.Scan(&r.ID, &r.Job, &r.ScheduledFor, &r.Owner, &r.StartedAt, &fin, &r.Outcome, &r.Error); err != nil {
			return nil, fmt.Errorf("scan job run: %w", err)
		}
		r.FinishedAt = fin.Time
		out = append(out, r)
	}
	return out, rows.Err()
}
