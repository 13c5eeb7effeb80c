// Package notify tells people: in-app notifications (the bell), e-mail over
// SMTP and the DingTalk, WeCom and Feishu group robots. Effects inside
// Tongchou (a notification) happen exactly once per idempotency key;
// deliveries outside go through an outbox drained by a job, at least once,
// with the key sent along so the receiver can drop a repeat.
package notify

import (
	"context"
	"embed"
	"fmt"
	"net/http"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/store"
)

// Bundle holds the notification pages' templates and messages.
//
//go:embed templates/*.html locales/*.json
var Bundle embed.FS

// Service keeps notifications and delivers the outbox.
type Service struct {
	db     *store.DB
	audit  *audit.Log
	now    func() time.Time
	cfg    Config
	client *http.Client
	chans  *Channels // nil: only cfg; else read on every drain (channel_send.go)
	sms    SMSSender // nil: SMS deliveries wait in the outbox
}

// New returns the service. cfg may be empty: outside deliveries then fail
// with "not configured" and wait in the outbox until it is set.
func New(db *store.DB, log *audit.Log, now func() time.Time, cfg Config) *Service {
	return &Service{db: db, audit: log, now: now, cfg: cfg, client: &http.Client{Timeout: 15 * time.Second}}
}

// Notification is one in-app message to a user.
type Notification struct {
	ID        int64
	UserID    int64
	Kind      string // e.g. "task.reminder", "task.urge" (催办), "task.supervise" (督办)
	Title     string
	Body      string
	Link      string // a path inside Tongchou, e.g. /tasks/12
	CreatedAt time.Time
	ReadAt    time.Time // zero: unread
	Key       string    // idempotency key: one notification per key, ever
}

// Unread reports whether the user has not read n yet.
func (n Notification) Unread() bool { return n.ReadAt.IsZero() }

// Limits on stored text; callers compose titles from their own data.
const (
	maxTitle = 200
	maxBody  = 4000
)

// Notify adds n for userID inside the caller's transaction, once per n.Key: a
// second call with the same key (a job retried after a crash) adds nothing
// and reports false. The caller's own change is what gets audited.
func Notify(ctx context.Context, tx *store.Tx, now time.Time, userID int64, n Notification) (bool, error) {
	if n.Key == "" || n.Kind == "" || n.Title == "" {
		return false, fmt.Errorf("notify user %d: key, kind and title are required", userID)
	}
	if len(n.Link) > 0 && n.Link[0] != '/' {
		return false, fmt.Errorf("notify user %d: link %q must be a path inside Tongchou", userID, n.Link)
	}
	id, err := insertOnce(ctx, tx, `INSERT INTO notifications (user_id, kind, title, body, link, created_at, idempotency_key)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
		userID, n.Kind, truncate(n.Title, maxTitle), truncate(n.Body, maxBody), n.Link, now.UTC().Truncate(time.Microsecond), n.Key)
	if err != nil {
		return false, fmt.Errorf("notify user %d: %w", userID, err)
	}
	return id != 0, nil
}

// truncate cuts s to at most n bytes on a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
