package jobs

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"tongchou/internal/store"
)

// claimed is a due run this worker holds the lease of.
type claimed struct {
	id    int64
	name  string
	token string // lease_owner: this scheduler plus a per-claim nonce
	run   Run
}

// claimSQL takes the lease of the earliest due, unleased job in one UPDATE.
//
// Why no advisory lock on PostgreSQL: the conditions are repeated outside the
// subquery, so when two workers pick the same row the second one's UPDATE
// waits for the first's row lock and then re-checks them against the updated
// row (READ COMMITTED re-evaluation), finds the lease taken and updates
// nothing. The lease lives in the row and outlasts the transaction, which a
// pg_try_advisory_xact_lock would not (it ends with the claim transaction, not
// the run), and a session advisory lock would be tied to one pooled
// connection. On SQLite writers are serialised (BEGIN IMMEDIATE), so the same
// statement is atomic there too.
const claimSQL = `UPDATE jobs SET lease_owner = ?, lease_until = ?
	WHERE id = (SELECT id FROM jobs WHERE name IN (%s) AND next_run_at <= ?
			AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_run_at, id LIMIT 1)
		AND next_run_at <= ? AND (lease_until IS NULL OR lease_until < ?)
	RETURNING id, name`

// claim takes one due job, or reports false when none is due. A lost race for
// a row is retried while other due jobs remain.
func (s *Scheduler) claim(ctx context.Context) (claimed, bool, error) {
	names := s.names()
	if len(names) == 0 {
		return claimed{}, false, nil
	}
	in := strings.TrimSuffix(strings.Repeat("?,", len(names)), ",")
	for range 5 {
		now := s.now().UTC().Truncate(time.Microsecond)
		c, ok, err := s.claimOnce(ctx, fmt.Sprintf(claimSQL, in), names, now)
		if err != nil || ok {
			return c, ok, err
		}
		due, err := s.dueCount(ctx, in, names, now)
		if err != nil || due == 0 {
			return claimed{}, false, err
		}
	}
	return claimed{}, false, nil
}

func (s *Scheduler) claimOnce(ctx context.Context, q string, names []string, now time.Time) (claimed, bool, error) {
	nonce := make([]byte, 6)
	rand.Read(nonce)
	c := claimed{token: s.owner + "/" + hex.EncodeToString(nonce)}
	args := []any{c.token, now.Add(s.Lease)}
	for _, n := range names {
		args = append(args, n)
	}
	args = append(args, now, now, now, now)
	ok := false
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRow(ctx, q, args...).Scan(&c.id, &c.name)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("claim job: %w", err)
		}
		if err := tx.QueryRow(ctx, `SELECT next_run_at FROM jobs WHERE id = ?`, c.id).Scan(&c.run.ScheduledFor); err != nil {
			return fmt.Errorf("claimed job %d: %w", c.id, err)
		}
		// A run of this job that never finished was lost with its worker.
		if _, err := tx.Exec(ctx, `UPDATE job_runs SET outcome = 'lost', finished_at = ?,
			error = 'lease expired before the run finished' WHERE job_id = ? AND finished_at IS NULL`, now, c.id); err != nil {
			return fmt.Errorf("mark lost runs: %w", err)
		}
		c.run.ID, err = store.InsertID(ctx, tx, `INSERT INTO job_runs (job_id, scheduled_for, owner, started_at)
			VALUES (?, ?, ?, ?)`, c.id, c.run.ScheduledFor, s.owner, now)
		if err != nil {
			return fmt.Errorf("record run: %w", err)
		}
		ok = true
		return nil
	})
	c.run.Job, c.run.Now = c.name, now
	return c, ok && err == nil, err
}

func (s *Scheduler) dueCount(ctx context.Context, in string, names []string, now time.Time) (int, error) {
	args := make([]any, 0, len(names)+2)
	for _, n := range names {
		args = append(args, n)
	}
	args = append(args, now, now)
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE name IN (`+in+`) AND next_run_at <= ?
		AND (lease_until IS NULL OR lease_until < ?)`, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count due jobs: %w", err)
	}
	return n, nil
}

// finish records the outcome and the next run, releasing the lease. When the
// lease was lost meanwhile (the run took longer than Lease and another worker
// took over) the job row belongs to that worker and is left alone.
func (s *Scheduler) finish(ctx context.Context, c claimed, sched Schedule, runErr error) error {
	now := s.now().UTC().Truncate(time.Microsecond)
	outcome, msg := "ok", ""
	if runErr != nil {
		outcome, msg = "error", truncate(runErr.Error(), 1000)
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE jobs SET lease_owner = NULL, lease_until = NULL, last_run_at = ?,
			last_outcome = ?, last_error = ?, next_run_at = ?, runs = runs + 1 WHERE id = ? AND lease_owner = ?`,
			now, outcome, msg, sched.Next(now), c.id, c.token)
		if err != nil {
			return fmt.Errorf("finish job %s: %w", c.name, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			slog.Warn("jobs: lease lost before the run finished", "job", c.name, "run", c.run.ID)
		}
		if _, err := tx.Exec(ctx, `UPDATE job_runs SET finished_at = ?, outcome = ?, error = ?
			WHERE id = ? AND finished_at IS NULL`, now, outcome, msg, c.run.ID); err != nil {
			return fmt.Errorf("finish run %d: %w", c.run.ID, err)
		}
		return nil
	})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8Start(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }
