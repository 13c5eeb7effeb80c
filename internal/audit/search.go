package audit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"tongchou/internal/store"
)

// LoginEntry is one sign-in attempt from login_log.
type LoginEntry struct {
	ID       int64
	At       time.Time
	Username string
	UserID   *int64
	IP       string
	Success  bool
	Reason   string
}

// where collects the conditions of a search.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// contains and prefix match case-insensitively on both engines, with the
// user's % and _ taken literally.
func (w *where) contains(col, s string) {
	if s != "" {
		w.add("LOWER("+col+`) LIKE ? ESCAPE '\'`, "%"+likeEscaper.Replace(strings.ToLower(s))+"%")
	}
}

func (w *where) prefix(col, s string) {
	if s != "" {
		w.add(col+` LIKE ? ESCAPE '\'`, likeEscaper.Replace(s)+"%")
	}
}

func (w *where) equal(col, s string) {
	if s != "" {
		w.add(col+" = ?", s)
	}
}

func (w *where) span(from, to time.Time, before int64) {
	if !from.IsZero() {
		w.add("at >= ?", from)
	}
	if !to.IsZero() {
		w.add("at < ?", to)
	}
	if before > 0 {
		w.add("id < ?", before)
	}
}

func (f Filter) where() *where {
	w := &where{}
	w.contains("actor", f.Actor)
	w.equal("entity", f.Entity)
	w.equal("entity_id", f.EntityID)
	w.equal("action", f.Action)
	w.prefix("ip", f.IP)
	w.span(f.from, f.to, f.Before)
	return w
}

func (f LoginFilter) where() *where {
	w := &where{}
	w.contains("username", f.Username)
	w.prefix("ip", f.IP)
	switch f.Result {
	case "success":
		w.add("success = ?", true)
	case "failure":
		w.add("success = ?", false)
	}
	w.span(f.from, f.to, f.Before)
	return w
}

// EachEntry calls fn for up to limit audit entries matching f, newest first.
func EachEntry(ctx context.Context, q store.Querier, f Filter, limit int, fn func(Row) error) error {
	w := f.where()
	rows, err := q.Query(ctx, `SELECT `+rowColumns+` FROM audit_log`+w.sql()+` ORDER BY id DESC LIMIT ?`,
		append(w.args, limit)...)
	if err != nil {
		return fmt.Errorf("search audit log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return fmt.Errorf("scan audit entry: %w", err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachLogin calls fn for up to limit sign-in attempts matching f, newest first.
func EachLogin(ctx context.Context, q store.Querier, f LoginFilter, limit int, fn func(LoginEntry) error) error {
	w := f.where()
	rows, err := q.Query(ctx, `SELECT id, at, username, user_id, ip, success, reason FROM login_log`+w.sql()+
		` ORDER BY id DESC LIMIT ?`, append(w.args, limit)...)
	if err != nil {
		return fmt.Errorf("search login log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e LoginEntry
		if err := rows.Scan(&e.ID, &e.At, &e.Username, &e.UserID, &e.IP, &e.Success, &e.Reason); err != nil {
			return fmt.Errorf("scan login entry: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Distinct returns up to 200 values of an audit column (entity or action)
// seen in the latest 5,000 entries, offered as suggestions in the search form;
// the bound keeps the page fast on a log of millions of rows.
func Distinct(ctx context.Context, q store.Querier, column string) ([]string, error) {
	if column != "entity" && column != "action" {
		return nil, fmt.Errorf("distinct %q: not a suggested column", column)
	}
	rows, err := q.Query(ctx, `SELECT DISTINCT `+column+` FROM (SELECT `+column+
		` FROM audit_log ORDER BY id DESC LIMIT 5000) AS recent ORDER BY `+column+` LIMIT 200`)
	if err != nil {
		return nil, fmt.Errorf("list %s values: %w", column, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
