package task

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Pages serves the campaign, board, task and "my work" pages.
type Pages struct {
	s  *Store
	ui *ui.UI
}

// NewPages returns the pages over s.
func NewPages(s *Store, u *ui.UI) *Pages { return &Pages{s: s, ui: u} }

// idParam reads a path value as an id; a malformed id is simply not found.
func idParam(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%s %q: %w", name, r.PathValue(name), store.ErrNotFound)
	}
	return id, nil
}

// formInt reads an optional integer field; junk is a form error.
func formInt(r *http.Request, field string, def int, errs ui.Errors) int {
	v := strings.TrimSpace(r.FormValue(field))
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || len(v) > 9 {
		errs[field] = "form.invalid"
		return def
	}
	return n
}

// formID reads an optional id field (0 when empty).
func formID(r *http.Request, field string, errs ui.Errors) int64 {
	return int64(formInt(r, field, 0, errs))
}

// formIDs reads a multi-valued id field.
func formIDs(r *http.Request, field string, errs ui.Errors) []int64 {
	var out []int64
	for _, v := range r.Form[field] {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || n <= 0 {
			errs[field] = "form.invalid"
			continue
		}
		out = append(out, n)
	}
	return out
}

// Choice is an option in a select.
type Choice struct {
	ID   int64
	Name string
}

// UnitChoices lists the active units, for the unit selects of every form.
func UnitChoices(ctx context.Context, q store.Querier) ([]Choice, error) {
	return choices(ctx, q, `SELECT id, name FROM units WHERE active ORDER BY id`)
}

// userChoices lists enabled users holding one of roles, with their unit.
func userChoices(ctx context.Context, q store.Querier, roles ...auth.Role) ([]Choice, error) {
	args := make([]any, len(roles))
	for i, r := range roles {
		args[i] = r
	}
	return choices(ctx, q, `SELECT DISTINCT u.id, u.name || '（' || n.name || '）' FROM users u JOIN units n ON n.id = u.unit_id
		JOIN user_roles r ON r.user_id = u.id WHERE NOT u.disabled AND r.role IN (`+store.Placeholders(len(roles))+`) ORDER BY u.id`, args...)
}

func choices(ctx context.Context, q store.Querier, query string, args ...any) ([]Choice, error) {
	var out []Choice
	err := eachRow(ctx, q, query, args, func(rows *sql.Rows) error {
		var c Choice
		err := rows.Scan(&c.ID, &c.Name)
		out = append(out, c)
		return err
	})
	return out, err
}

// clip keeps a re-displayed value short, so a 1 MB submission is not echoed.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
