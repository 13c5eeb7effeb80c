package task

import (
	"context"
	"database/sql"
	"time"
)

// Event is one entry on a task's timeline.
type Event struct {
	At      time.Time
	Actor   string
	Action  string
	From    State
	To      State
	Comment string
}

// Timeline lists a task's events, oldest first (the caller has checked scope).
func (s *Store) Timeline(ctx context.Context, task int64) ([]Event, error) {
	var out []Event
	err := eachRow(ctx, s.db, `SELECT at, actor, action, from_state, to_state, comment FROM task_events
		WHERE task_id = ? ORDER BY at, id`, []any{task}, func(rows *sql.Rows) error {
		var e Event
		err := rows.Scan(&e.At, &e.Actor, &e.Action, &e.From, &e.To, &e.Comment)
		out = append(out, e)
		return err
	})
	return out, err
}
