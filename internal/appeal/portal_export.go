package appeal

// This file is owned by the public portal (internal/portal): the reads and
// the one office action the portal needs from the appeals tables, kept here
// so the portal does not reach into another feature's SQL.

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Case is a typical case the office published: its own anonymised text, the
// category, the town-level place and dates. Never a name, phone, address,
// photo or the citizen's own words.
type Case struct {
	ID       int64
	Category string
	Village  string
	Text     string
	Received time.Time
	Closed   time.Time
}

// MaxCaseText bounds a typical case's text.
const MaxCaseText = 2000

// PublishedCases lists the published typical cases, newest closed first.
func (s *Store) PublishedCases(ctx context.Context, limit int) ([]Case, error) {
	rows, err := s.db.Query(ctx, `SELECT a.id, c.name, COALESCE(r.name, ''), a.case_text, a.received_at, a.closed_at
		FROM appeals a JOIN appeal_categories c ON c.id = a.category_id LEFT JOIN regions r ON r.id = a.region_id
		WHERE a.case_published = TRUE AND a.closed_at IS NOT NULL AND a.case_text <> ''
		ORDER BY a.closed_at DESC, a.id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("published cases: %w", err)
	}
	defer rows.Close()
	var out []Case
	for rows.Next() {
		var c Case
		if err := rows.Scan(&c.ID, &c.Category, &c.Village, &c.Text, &c.Received, &c.Closed); err != nil {
			return nil, fmt.Errorf("scan case: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CaseCandidates lists closed appeals the office may publish as typical
// cases (office only), newest closed first, with their current case text.
func (s *Store) CaseCandidates(ctx context.Context, p *auth.Principal, limit int) ([]Appeal, map[int64]Case, error) {
	if !p.Has(auth.RoleOffice) {
		return nil, nil, ui.ErrForbidden
	}
	rows, err := s.db.Query(ctx, `SELECT `+appealCols+`, a.case_published, a.case_text`+appealFrom+`
		WHERE a.state = ? ORDER BY a.closed_at DESC, a.id DESC LIMIT ?`, StateClosed, limit)
	if err != nil {
		return nil, nil, fmt.Errorf("case candidates: %w", err)
	}
	defer rows.Close()
	var out []Appeal
	cases := map[int64]Case{}
	for rows.Next() {
		var pub bool
		var text string
		a, err := scanAppeal(scanExtra{rows, []any{&pub, &text}})
		if err != nil {
			return nil, nil, fmt.Errorf("scan case candidate: %w", err)
		}
		out = append(out, a)
		if pub {
			cases[a.ID] = Case{ID: a.ID, Text: text}
		}
	}
	return out, cases, rows.Err()
}

type scanExtra struct {
	sc    interface{ Scan(...any) error }
	extra []any
}

func (s scanExtra) Scan(dest ...any) error { return s.sc.Scan(append(dest, s.extra...)...) }

// PublishCase publishes (or withdraws, when text is "") a closed appeal as a
// typical case with the office's anonymised text. Office only; audited.
func (s *Store) PublishCase(ctx context.Context, p *auth.Principal, id int64, text string) error {
	if !p.Has(auth.RoleOffice) {
		return ui.ErrForbidden
	}
	text = strings.TrimSpace(text)
	if !cleanText(text) || utf8.RuneCountInString(text) > MaxCaseText {
		return ui.Errors{"case_text": "portal.err.case_text"}
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		var state State
		if err := tx.QueryRow(ctx, `SELECT state FROM appeals WHERE id = ?`, id).Scan(&state); err != nil {
			return store.NotFound(err, "appeal")
		}
		if state != StateClosed {
			return fmt.Errorf("publish case from %s: %w", state, ErrInvalidState)
		}
		if _, err := tx.Exec(ctx, `UPDATE appeals SET case_published = ?, case_text = ?, updated_at = ? WHERE id = ?`,
			text != "", text, s.now().UTC(), id); err != nil {
			return fmt.Errorf("publish case: %w", err)
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "appeal", EntityID: strconv.FormatInt(id, 10), Action: "publish_case",
			After: map[string]any{"published": text != "", "chars": utf8.RuneCountInString(text)}})
	})
}

// CodesByPhone lists the tracking codes of the appeals received since from
// with the given phone number (matched by its keyed hash), newest first, at
// most limit; an unreadable number gives none.
func (s *Store) CodesByPhone(ctx context.Context, phone string, from time.Time, limit int) ([]string, error) {
	n, ok := NormalisePhone(phone)
	if !ok {
		return nil, nil
	}
	rows, err := s.db.Query(ctx, `SELECT code FROM appeals WHERE phone_hash = ? AND received_at >= ? ORDER BY received_at DESC LIMIT ?`,
		PhoneHash(s.suite, n), from, limit)
	if err != nil {
		return nil, fmt.Errorf("codes by phone: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Filed is an appeal as Open311 reports it to the client that filed it.
type Filed struct {
	ID          int64
	Code        string
	State       State
	CategoryID  int64
	Category    string
	Description string
	Address     string
	Village     string
	Lat, Lon    *float64
	Unit        string
	Answer      string // the approved answer only
	ReceivedAt  time.Time
	UpdatedAt   time.Time
	DueAt       time.Time
}

// FiledFilter selects appeals filed through Open311 by one API key.
type FiledFilter struct {
	KeyID      int64
	Codes      []string
	CategoryID int64
	States     []State
	From, To   *time.Time
	Limit      int
}

// FiledVia311 lists the appeals the key filed (table open311_requests, the
// portal's), newest first.
func (s *Store) FiledVia311(ctx context.Context, f FiledFilter) ([]Filed, error) {
	w := []string{"o.key_id = ?"}
	args := []any{f.KeyID}
	if len(f.Codes) > 0 {
		w = append(w, "a.code IN (?"+strings.Repeat(", ?", len(f.Codes)-1)+")")
		for _, c := range f.Codes {
			args = append(args, c)
		}
	}
	if f.CategoryID != 0 {
		w, args = append(w, "a.category_id = ?"), append(args, f.CategoryID)
	}
	if len(f.States) > 0 {
		w = append(w, "a.state IN (?"+strings.Repeat(", ?", len(f.States)-1)+")")
		for _, st := range f.States {
			args = append(args, string(st))
		}
	}
	if f.From != nil {
		w, args = append(w, "a.received_at >= ?"), append(args, f.From.UTC())
	}
	if f.To != nil {
		w, args = append(w, "a.received_at <= ?"), append(args, f.To.UTC())
	}
	rows, err := s.db.Query(ctx, `SELECT a.id, a.code, a.state, a.category_id, c.name, a.description, a.address, COALESCE(r.name, ''),
		a.lat, a.lon, COALESCE(u.name, ''), a.answer_text, a.received_at, a.updated_at, a.due_at
		FROM open311_requests o JOIN appeals a ON a.id = o.appeal_id JOIN appeal_categories c ON c.id = a.category_id
		LEFT JOIN regions r ON r.id = a.region_id LEFT JOIN units u ON u.id = a.unit_id
		WHERE `+strings.Join(w, " AND ")+` ORDER BY a.received_at DESC, a.id DESC LIMIT ?`, append(args, max(f.Limit, 1))...)
	if err != nil {
		return nil, fmt.Errorf("open311 requests: %w", err)
	}
	defer rows.Close()
	var out []Filed
	for rows.Next() {
		var x Filed
		var lat, lon sql.NullFloat64
		if err := rows.Scan(&x.ID, &x.Code, &x.State, &x.CategoryID, &x.Category, &x.Description, &x.Address, &x.Village,
			&lat, &lon, &x.Unit, &x.Answer, &x.ReceivedAt, &x.UpdatedAt, &x.DueAt); err != nil {
			return nil, fmt.Errorf("scan open311 request: %w", err)
		}
		if lat.Valid && lon.Valid {
			x.Lat, x.Lon = &lat.Float64, &lon.Float64
		}
		if x.State != StateRating && x.State != StateClosed {
			x.Answer = "" // not approved yet
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// IDByCode is the id of the appeal with code (store.ErrNotFound when none).
func (s *Store) IDByCode(ctx context.Context, q store.Querier, code string) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `SELECT id FROM appeals WHERE code = ?`, code).Scan(&id)
	return id, store.NotFound(err, "appeal")
}
