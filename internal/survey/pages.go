package survey

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"tongchou/internal/abuse"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Pages serves the office's builder and results and the public form.
type Pages struct {
	s      *Store
	ui     *ui.UI
	secure bool         // cookies only over HTTPS
	guard  *abuse.Guard // the client address behind trusted proxies
}

// NewPages returns the handlers; secure marks the device cookie Secure;
// guard (nil: the connection's peer) tells the client's address.
func NewPages(s *Store, u *ui.UI, secure bool, guard *abuse.Guard) *Pages {
	return &Pages{s: s, ui: u, secure: secure, guard: guard}
}

// clientIP is the address the per-address cap counts.
func (h *Pages) clientIP(r *http.Request) string {
	if h.guard != nil {
		return h.guard.Client(r).String()
	}
	return auth.ClientIP(r)
}

// surveyParam loads the survey named by the {id} path value.
func (h *Pages) surveyParam(r *http.Request) (Survey, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return Survey{}, fmt.Errorf("survey %q: %w", r.PathValue("id"), store.ErrNotFound)
	}
	return h.s.Get(r.Context(), id)
}

func surveyPath(id int64) string { return "/surveys/" + strconv.FormatInt(id, 10) }

// Campaign is a campaign a survey can be linked to.
type Campaign struct {
	ID   int64
	Name string
}

// campaigns lists the campaigns for the link select.
func campaigns(ctx context.Context, q store.Querier) ([]Campaign, error) {
	rows, err := q.Query(ctx, `SELECT id, name FROM campaigns ORDER BY start_date DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("campaigns: %w", err)
	}
	defer rows.Close()
	var out []Campaign
	for rows.Next() {
		var c Campaign
		if err := rows.Scan(&c.ID, &c.Name); err != nil {
			return nil, fmt.Errorf("campaigns: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// formInt reads an optional whole number; a malformed one is a form error.
func formInt(r *http.Request, field string, def int, errs ui.Errors) int {
	v := strings.TrimSpace(r.PostFormValue(field))
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		errs[field] = "survey.err.number"
		return def
	}
	return n
}

// formFloat reads an optional number; nil when empty.
func formFloat(r *http.Request, field string, errs ui.Errors) *float64 {
	v := strings.TrimSpace(r.PostFormValue(field))
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || len(v) > 30 {
		errs[field] = "survey.err.number"
		return nil
	}
	return &f
}

// clip shortens what is echoed back into a form after a refusal, so a
// megabyte of input is not sent back.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
