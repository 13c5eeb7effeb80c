package task

import (
	"context"
	"database/sql"
	"fmt"

	"tongchou/internal/store"
)

// Share is a child task's part in its parent's progress.
type Share struct {
	Weight   int
	Progress int
	State    State
}

// RollUp is a parent's progress from its children: the average of their
// progress weighted by weight, rounded half up. A done child counts 100 %;
// a cancelled child or one of weight 0 counts nothing. No counted child: 0.
func RollUp(children []Share) int {
	total, sum := 0, 0
	for _, c := range children {
		if c.State == StateCancelled || c.Weight <= 0 {
			continue
		}
		p := min(max(c.Progress, 0), 100)
		if c.State == StateDone {
			p = 100
		}
		total += c.Weight
		sum += c.Weight * p
	}
	if total == 0 {
		return 0
	}
	return (2*sum + total) / (2 * total)
}

// rollUpFrom recomputes the progress of parent and of each ancestor above it.
// A derived figure, so the version stays: an editor of the parent does not
// conflict with a report on a child.
func rollUpFrom(ctx context.Context, tx *store.Tx, parent int64) error {
	for depth := 0; parent != 0 && depth < 100; depth++ {
		var shares []Share
		err := eachRow(ctx, tx, `SELECT weight, progress, state FROM tasks WHERE parent_id = ?`, []any{parent},
			func(rows *sql.Rows) error {
				var sh Share
				err := rows.Scan(&sh.Weight, &sh.Progress, &sh.State)
				shares = append(shares, sh)
				return err
			})
		if err != nil {
			return fmt.Errorf("roll up %d: %w", parent, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE tasks SET progress = ? WHERE id = ?`, RollUp(shares), parent); err != nil {
			return fmt.Errorf("roll up %d: %w", parent, err)
		}
		var next sql.NullInt64
		if err := tx.QueryRow(ctx, `SELECT parent_id FROM tasks WHERE id = ?`, parent).Scan(&next); err != nil {
			return fmt.Errorf("roll up %d: %w", parent, err)
		}
		parent = next.Int64
	}
	return nil
}

// SetProgressIn records a task's progress (0–100) inside the caller's
// transaction and rolls it up to every ancestor. The reports feature calls it
// when a report is accepted; the caller has checked scope and audits.
func SetProgressIn(ctx context.Context, tx *store.Tx, id int64, progress int) error {
	if progress < 0 || progress > 100 {
		return fmt.Errorf("progress %d out of range", progress)
	}
	var parent sql.NullInt64
	if err := tx.QueryRow(ctx, `UPDATE tasks SET progress = ? WHERE id = ? RETURNING parent_id`, progress, id).Scan(&parent); err != nil {
		return store.NotFound(err, "set progress")
	}
	return rollUpFrom(ctx, tx, parent.Int64)
}
