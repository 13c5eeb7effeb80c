package task

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"tongchou/internal/auth"
	"tongchou/internal/ui"
)

// Paging limits of the API's task list.
const (
	apiPerPage    = PageSize
	apiMaxPerPage = 200
	apiMaxPage    = 100000
)

// apiQuery is the task list's query: the board's filter plus the light and
// the page size.
type apiQuery struct {
	Filter  Filter
	Light   Light
	PerPage int
}

// parseAPIQuery reads the query strictly: unlike the board, whose old
// bookmarks must still open, a client sending an unknown state or light
// learns so (422 with the parameter).
func parseAPIQuery(r *http.Request, campaign int64) (apiQuery, error) {
	f, errs := parseFilter(r, campaign)
	q := r.URL.Query()
	aq := apiQuery{Filter: f, Light: Light(q.Get("light")), PerPage: apiPerPage}
	if s := q.Get("state"); s != "" && !State(s).Valid() {
		errs["state"] = "form.invalid"
	}
	if aq.Light != "" && !slices.Contains([]Light{LightRed, LightYellow, LightGreen, LightGrey}, aq.Light) {
		errs["light"] = "form.invalid"
	}
	if s := q.Get("source"); s != "" && !slices.Contains(Sources, s) {
		errs["source"] = "form.invalid"
	}
	for name, dst := range map[string]*int64{"unit": &aq.Filter.UnitID, "phase": &aq.Filter.PhaseID} {
		if v := q.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				errs[name] = "form.invalid"
			}
			*dst = n
		}
	}
	intParam(q.Get("page"), 1, apiMaxPage, &aq.Filter.Page, "page", errs)
	intParam(q.Get("per_page"), 1, apiMaxPerPage, &aq.PerPage, "per_page", errs)
	if len(errs) > 0 {
		return aq, errs
	}
	return aq, nil
}

// intParam reads an optional integer within lo..hi into dst.
func intParam(v string, lo, hi int, dst *int, name string, errs ui.Errors) {
	if v == "" {
		if *dst < lo {
			*dst = lo
		}
		return
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		errs[name] = "taskapi.err.range"
		return
	}
	*dst = n
}

// apiPage is one page of the API's task list.
type apiPage struct {
	Tasks []Task
	Total int
}

// apiList returns one page of the tasks q selects within p's scope, with
// their lights and co-units. It reuses the board's Filter; the light is
// computed, not stored, so a light filter computes the lights of every task
// the other conditions select and pages in memory.
func (s *Store) apiList(ctx context.Context, p *auth.Principal, q apiQuery) (apiPage, error) {
	q.Filter.engine = s.db.Dialect()
	w, args := q.Filter.where(p)
	order := " ORDER BY t.deadline, t.id"
	if q.Filter.Desc {
		order = " ORDER BY t.deadline DESC, t.id DESC"
	}
	offset := (q.Filter.Page - 1) * q.PerPage
	var pg apiPage
	query, qargs := `SELECT `+taskCols+taskFrom+` WHERE `+w+order, args
	if q.Light == "" {
		var err error
		if pg.Total, err = s.countOf(ctx, `SELECT COUNT(*) FROM tasks t WHERE `+w, args); err != nil {
			return pg, fmt.Errorf("count tasks: %w", err)
		}
		query, qargs = query+` LIMIT ? OFFSET ?`, append(slices.Clone(args), q.PerPage, offset)
	}
	err := eachRow(ctx, s.db, query, qargs, func(rows *sql.Rows) error {
		t, err := scanTask(rows)
		pg.Tasks = append(pg.Tasks, t)
		return err
	})
	if err != nil {
		return pg, err
	}
	if err := s.decorate(ctx, pg.Tasks); err != nil {
		return pg, err
	}
	if q.Light != "" {
		pg.Tasks = slices.DeleteFunc(pg.Tasks, func(t Task) bool { return t.Light != q.Light })
		pg.Total = len(pg.Tasks)
		pg.Tasks = pg.Tasks[min(offset, len(pg.Tasks)):min(offset+q.PerPage, len(pg.Tasks))]
	}
	return pg, s.fillCoUnits(ctx, pg.Tasks)
}
