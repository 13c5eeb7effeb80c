package notify

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/store"
)

// PageSize is how many notifications a page of the list shows.
const PageSize = 20

// UnreadCount is the number the bell shows.
func (s *Service) UnreadCount(ctx context.Context, userID int64) (int, error) {
	var n int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("count unread: %w", err)
	}
	return n, nil
}

// List returns page (from 1) of the user's notifications, newest first, and
// whether a further page exists.
func (s *Service) List(ctx context.Context, userID int64, page int) ([]Notification, bool, error) {
	if page < 1 {
		page = 1
	}
	rows, err := s.db.Query(ctx, `SELECT id, user_id, kind, title, body, link, created_at, read_at, idempotency_key
		FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?`, userID, PageSize+1, (page-1)*PageSize)
	if err != nil {
		return nil, false, fmt.Errorf("list notifications: %w", err)
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		var read sql.NullTime
		if err := rows.Scan(&n.ID, &n.UserID, &n.Kind, &n.Title, &n.Body, &n.Link, &n.CreatedAt, &read, &n.Key); err != nil {
			return nil, false, fmt.Errorf("scan notification: %w", err)
		}
		n.ReadAt = read.Time
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	more := len(out) > PageSize
	if more {
		out = out[:PageSize]
	}
	return out, more, nil
}

// MarkRead marks the user's notification id read. Another user's
// notification is store.ErrNotFound, exactly like one that does not exist.
func (s *Service) MarkRead(ctx context.Context, userID, id int64) error {
	now := s.now().UTC().Truncate(time.Microsecond)
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		var read sql.NullTime
		err := tx.QueryRow(ctx, `SELECT read_at FROM notifications WHERE id = ? AND user_id = ?`, id, userID).Scan(&read)
		if err != nil {
			return store.NotFound(err, "notification")
		}
		if read.Valid {
			return nil // already read: nothing changes, nothing to audit
		}
		if _, err := tx.Exec(ctx, `UPDATE notifications SET read_at = ? WHERE id = ?`, now, id); err != nil {
			return fmt.Errorf("mark read: %w", err)
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "notification", EntityID: strconv.FormatInt(id, 10), Action: "read"})
	})
}

// MarkAllRead marks every unread notification of the user read and returns
// how many changed.
func (s *Service) MarkAllRead(ctx context.Context, userID int64) (int64, error) {
	now := s.now().UTC().Truncate(time.Microsecond)
	var n int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, now, userID)
		if err != nil {
			return fmt.Errorf("mark all read: %w", err)
		}
		if n, _ = res.RowsAffected(); n == 0 {
			return nil
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "notification", EntityID: "user:" + strconv.FormatInt(userID, 10),
			Action: "read_all", After: map[string]int64{"count": n}})
	})
	return n, err
}
