package task

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"tongchou/internal/auth"
	"tongchou/internal/store"
)

// Extension is a deadline extension request (延期申请).
type Extension struct {
	ID          int64
	Requested   string
	Reason      string
	State       string // pending, approved, refused
	RequestedBy string
	RequestedAt time.Time
	Comment     string
}

func pendingExtension(ctx context.Context, q store.Querier, task int64) (*Extension, error) {
	var e Extension
	err := q.QueryRow(ctx, `SELECT id, requested_deadline, reason, state FROM task_extensions
		WHERE task_id = ? AND state = 'pending' ORDER BY id DESC LIMIT 1`, task).Scan(&e.ID, &e.Requested, &e.Reason, &e.State)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("pending extension: %w", err)
	}
	return &e, nil
}

// extensionEffect records a request or decides the pending one.
func (s *Store) extensionEffect(ctx context.Context, tx *store.Tx, p *auth.Principal, t *Task, ext *Extension, req Request, now time.Time) error {
	var err error
	switch req.Action {
	case ActRequestExtension:
		_, err = tx.Exec(ctx, `INSERT INTO task_extensions (task_id, requested_deadline, reason, requested_by, requested_at)
			VALUES (?, ?, ?, ?, ?)`, t.ID, req.NewDeadline, req.Reason, store.NullID(p.ID), now)
	case ActApproveExtension, ActRefuseExtension:
		state := "approved"
		if req.Action == ActRefuseExtension {
			state = "refused"
		}
		_, err = tx.Exec(ctx, `UPDATE task_extensions SET state = ?, decided_by = ?, decided_at = ?, comment = ? WHERE id = ?`,
			state, store.NullID(p.ID), now, req.Reason, ext.ID)
	}
	if err != nil {
		return fmt.Errorf("extension: %w", err)
	}
	return nil
}

// Extensions lists a task's extension requests, newest first (the caller has
// checked scope).
func (s *Store) Extensions(ctx context.Context, task int64) ([]Extension, error) {
	var out []Extension
	err := eachRow(ctx, s.db, `SELECT e.id, e.requested_deadline, e.reason, e.state, COALESCE(u.name, ''), e.requested_at, e.comment
		FROM task_extensions e LEFT JOIN users u ON u.id = e.requested_by WHERE e.task_id = ? ORDER BY e.id DESC`,
		[]any{task}, func(rows *sql.Rows) error {
			var e Extension
			err := rows.Scan(&e.ID, &e.Requested, &e.Reason, &e.State, &e.RequestedBy, &e.RequestedAt, &e.Comment)
			out = append(out, e)
			return err
		})
	return out, err
}

// HasPendingExtension reports whether task has an undecided extension request
// (escalation goes on regardless; the original deadline holds meanwhile).
func HasPendingExtension(ctx context.Context, q store.Querier, task int64) (bool, error) {
	e, err := pendingExtension(ctx, q, task)
	return e != nil, err
}
