package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"tongchou/internal/store"
)

// Once records the effect key in the caller's transaction and reports whether
// this is the first time: the caller applies the effect only when it is, and
// both commit together, so a run repeated after a crash applies it once.
func Once(ctx context.Context, tx *store.Tx, run Run, key string) (bool, error) {
	var got string
	err := tx.QueryRow(ctx, `INSERT INTO job_effects (key, job_run_id, created_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO NOTHING RETURNING key`, key, run.ID, at(run)).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("effect %s: %w", key, err)
	}
	return true, nil
}

// at is when the effect is recorded: the run's clock, so tests stay on theirs.
func at(run Run) time.Time {
	if run.Now.IsZero() {
		return time.Now().UTC()
	}
	return run.Now.UTC()
}
