// Package audit keeps the append-only, hash-chained log of every change.
// Each entry's keyed hash (HMAC with a key from configuration) covers the
// entry and the previous entry's hash, so editing, deleting or recomputing
// rows without the key shows when the chain is verified.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tongchou/internal/crypt"
	"tongchou/internal/store"
)

// Actor is who makes a change and from where.
type Actor struct {
	ID   int64
	Name string
	IP   string
}

type actorKey struct{}

// WithActor returns ctx carrying the actor that Record writes down.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or the system actor.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Name: "system", IP: "-"}
}

// Masker is implemented by values that hide personal data before they are logged.
type Masker interface {
	AuditView() any
}

// Entry is one change.
type Entry struct {
	Entity   string
	EntityID string
	Action   string
	Before   any
	After    any
}

// Log writes and verifies the chain.
type Log struct {
	db    *store.DB
	suite crypt.Suite
	now   func() time.Time
}

// New returns a Log that hashes with suite.
func New(db *store.DB, suite crypt.Suite, now func() time.Time) *Log {
	return &Log{db: db, suite: suite, now: now}
}

// Record appends e inside the caller's transaction, so the change and its
// audit entry commit together or not at all.
func (l *Log) Record(ctx context.Context, tx *store.Tx, e Entry) error {
	a := ActorFrom(ctx)
	row := Row{
		At: l.now().UTC().Truncate(time.Microsecond), Actor: a.Name, IP: a.IP,
		Entity: e.Entity, EntityID: e.EntityID, Action: e.Action,
		Before: toJSON(e.Before), After: toJSON(e.After),
	}
	if a.ID != 0 {
		row.ActorID = &a.ID
	}
	// The UPDATE takes the row lock on PostgreSQL; SQLite has one writer.
	var prev string
	if err := tx.QueryRow(ctx, `UPDATE audit_head SET last_id = last_id + 1 WHERE id = 1 RETURNING last_id, hash`).
		Scan(&row.ID, &prev); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	row.PrevHash = prev
	row.Hash = l.suite.MAC(row.canonical())
	if _, err := tx.Exec(ctx, `INSERT INTO audit_log (id, at, actor_id, actor, ip, entity, entity_id, action,
		before_value, after_value, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		row.ID, row.At, row.ActorID, row.Actor, row.IP, row.Entity, row.EntityID, row.Action,
		row.Before, row.After, row.PrevHash, row.Hash); err != nil {
		return fmt.Errorf("audit insert: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE audit_head SET hash = ? WHERE id = 1`, row.Hash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	return nil
}

// Row is a stored entry.
type Row struct {
	ID       int64
	At       time.Time
	ActorID  *int64
	Actor    string
	IP       string
	Entity   string
	EntityID string
	Action   string
	Before   string
	After    string
	PrevHash string
	Hash     string
}

// canonical is the byte string the hash covers; fields are length-prefixed so
// no two different rows serialise alike.
func (r Row) canonical() []byte {
	actorID := ""
	if r.ActorID != nil {
		actorID = strconv.FormatInt(*r.ActorID, 10)
	}
	var b strings.Builder
	for _, f := range []string{
		strconv.FormatInt(r.ID, 10), r.At.UTC().Format("2006-01-02T15:04:05.000000Z"), actorID, r.Actor, r.IP,
		r.Entity, r.EntityID, r.Action, r.Before, r.After, r.PrevHash,
	} {
		b.WriteString(strconv.Itoa(len(f)))
		b.WriteByte(':')
		b.WriteString(f)
		b.WriteByte(';')
	}
	return []byte(b.String())
}

func toJSON(v any) string {
	if v == nil {
		return ""
	}
	if m, ok := v.(Masker); ok {
		v = m.AuditView()
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%q", fmt.Sprint(v))
	}
	return string(b)
}

// MaskPhone shows a mobile number as 138****1234 and a shorter number
// (a local landline) as ****6666; under 7 characters nothing is shown. At
// least three characters are always hidden.
func MaskPhone(p string) string {
	r := []rune(p)
	switch {
	case len(r) < 7:
		return strings.Repeat("*", len(r))
	case len(r) < 11:
		return strings.Repeat("*", len(r)-4) + string(r[len(r)-4:])
	default:
		return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
	}
}

// MaskEmail shows the first character of the local part and the domain:
// zhang@example.gov.cn → z***@example.gov.cn.
func MaskEmail(s string) string {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 {
		if s == "" {
			return ""
		}
		return "***"
	}
	r, _ := utf8.DecodeRuneInString(s)
	return string(r) + "***" + s[at:]
}

// MaskName keeps the first character of a personal name: 张**.
func MaskName(n string) string {
	r := []rune(n)
	if len(r) <= 1 {
		return n
	}
	return string(r[:1]) + strings.Repeat("*", len(r)-1)
}
