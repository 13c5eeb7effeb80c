package notify

import (
	"context"
	"database/sql"
	"fmt"
	"net/mail"
	"time"

	"tongchou/internal/store"
)

// Outside channels.
const (
	ChannelEmail = "email"
	ChannelRobot = "robot"
	// ChannelSMS is a text message through the SMS gateway set with
	// Service.UseSMS; its target is the sealed phone number (crypt.Suite),
	// so no number is kept in clear in the outbox.
	ChannelSMS = "sms"
)

// Delivery is a message to send outside Tongchou.
type Delivery struct {
	Channel string // ChannelEmail, ChannelRobot or ChannelSMS
	Target  string // an e-mail address, a robot's name in Config.Robots, or a sealed phone number
	Subject string
	Body    string
	Link    string // a path inside Tongchou; made absolute with Config.BaseURL
	Key     string // idempotency key: one delivery per key, sent along
}

func (d Delivery) validate() error {
	switch {
	case d.Key == "" || d.Subject == "":
		return fmt.Errorf("delivery: key and subject are required")
	case d.Channel == ChannelEmail:
		if _, err := mail.ParseAddress(d.Target); err != nil {
			return fmt.Errorf("delivery to %q: %w", d.Target, err)
		}
	case d.Channel == ChannelRobot:
		if d.Target == "" {
			return fmt.Errorf("delivery: robot name is required")
		}
	case d.Channel == ChannelSMS:
		if d.Target == "" {
			return fmt.Errorf("delivery: sealed phone number is required")
		}
	default:
		return fmt.Errorf("delivery: unknown channel %q", d.Channel)
	}
	return nil
}

// Enqueue puts d into the outbox inside the caller's transaction, once per
// key; it reports whether it was new. The notify.deliver job sends it.
func Enqueue(ctx context.Context, tx *store.Tx, now time.Time, d Delivery) (bool, error) {
	if err := d.validate(); err != nil {
		return false, err
	}
	now = now.UTC().Truncate(time.Microsecond)
	id, err := insertOnce(ctx, tx, `INSERT INTO notify_outbox (channel, target, subject, body, link, idempotency_key,
		next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
		d.Channel, d.Target, truncate(d.Subject, maxTitle), truncate(d.Body, maxBody), d.Link, d.Key, now, now)
	if err != nil {
		return false, fmt.Errorf("enqueue %s: %w", d.Key, err)
	}
	return id != 0, nil
}

// OutboxEntry is a row of the outbox as the admin page shows it.
type OutboxEntry struct {
	ID            int64
	Channel       string
	Target        string
	Subject       string
	Key           string
	Attempts      int
	NextAttemptAt time.Time // zero: delivered or given up
	DeliveredAt   time.Time
	LastError     string
	CreatedAt     time.Time
}

// State is pending, delivered or failed (given up).
func (e OutboxEntry) State() string {
	switch {
	case !e.DeliveredAt.IsZero():
		return "delivered"
	case e.NextAttemptAt.IsZero():
		return "failed"
	}
	return "pending"
}

// OutboxCounts sums the outbox by state.
type OutboxCounts struct{ Pending, Delivered, Failed int }

// Outbox returns the counts and the latest limit entries.
func (s *Service) Outbox(ctx context.Context, limit int) (OutboxCounts, []OutboxEntry, error) {
	var c OutboxCounts
	err := s.db.QueryRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN delivered_at IS NULL AND next_attempt_at IS NOT NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN delivered_at IS NOT NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN delivered_at IS NULL AND next_attempt_at IS NULL THEN 1 ELSE 0 END), 0)
		FROM notify_outbox`).Scan(&c.Pending, &c.Delivered, &c.Failed)
	if err != nil {
		return c, nil, fmt.Errorf("count outbox: %w", err)
	}
	rows, err := s.db.Query(ctx, `SELECT id, channel, target, subject, idempotency_key, attempts, next_attempt_at,
		delivered_at, last_error, created_at FROM notify_outbox ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return c, nil, fmt.Errorf("list outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxEntry
	for rows.Next() {
		var e OutboxEntry
		var next, done sql.NullTime
		if err := rows.Scan(&e.ID, &e.Channel, &e.Target, &e.Subject, &e.Key, &e.Attempts, &next, &done,
			&e.LastError, &e.CreatedAt); err != nil {
			return c, nil, fmt.Errorf("scan outbox: %w", err)
		}
		e.NextAttemptAt, e.DeliveredAt = next.Time, done.Time
		out = append(out, e)
	}
	return c, out, rows.Err()
}
