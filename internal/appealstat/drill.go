package appealstat

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// maxDrill bounds the drill-down list; the page says when there are more.
const maxDrill = 500

// DrillRow is one appeal behind a figure. No personal data: the list is for counting.
type DrillRow struct {
	ID              int64
	Code, Category  string
	Region, State   string
	Received        time.Time
	Closed          time.Time
	Solved          string // "yes", "no" or ""
	First, Final    string // ratings
	Reopened        bool
	Dispatched      time.Time // the dispatch counted (response figures only)
	SignDue, Signed time.Time
}

// Drill lists the appeals behind one unit's figure: the numerator's or the denominator's.
// For the response figures one appeal may be behind several dispatches; it is listed once
// per dispatch so the list adds up to the figure.
func Drill(ctx context.Context, q store.Querier, p Period, s Settings, now time.Time, unit int64, f Figure, lang string) ([]DrillRow, int, error) {
	start, end := p.Bounds()
	var qq query
	switch f {
	case ResponseNum, ResponseDen:
		qq = responseQuery(s, start, end, now)
	case SolveNum, SolveDen:
		qq = solveQuery(s, start, end)
	default:
		qq = satisfactionQuery(s, start, end, s.Round)
	}
	num := f == ResponseNum || f == SolveNum || f == SatisfactionNum
	where := qq.where + " AND " + qq.unitCol + " = ?"
	if num {
		where += " AND " + qq.num
	}
	args := append(append([]any{}, qq.args...), unit)
	var total int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM "+qq.from+" WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count drill-down: %w", err)
	}
	cols := "a.id, a.code, a.category_id, COALESCE(a.region_id, 0), a.state, a.received_at, a.closed_at, a.solved, a.rating_first, a.rating_final, a.reopened"
	order := "a.closed_at, a.id"
	response := f == ResponseNum || f == ResponseDen
	if response {
		cols += ", d.dispatched_at, d.sign_due_at, d.signed_at"
		order = "d.dispatched_at, d.id"
	}
	rows, err := q.Query(ctx, "SELECT "+cols+" FROM "+qq.from+" WHERE "+where+" ORDER BY "+order+" LIMIT ?", append(args, maxDrill)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list drill-down: %w", err)
	}
	defer rows.Close()
	names, err := loadNames(ctx, q, lang)
	if err != nil {
		return nil, 0, err
	}
	var out []DrillRow
	for rows.Next() {
		var d DrillRow
		var cat, reg int64
		var closed, signed sql.NullTime
		var solved sql.NullBool
		var reopened int
		dest := []any{&d.ID, &d.Code, &cat, &reg, &d.State, &d.Received, &closed, &solved, &d.First, &d.Final, &reopened}
		if response {
			dest = append(dest, &d.Dispatched, &d.SignDue, &signed)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, 0, fmt.Errorf("scan drill-down: %w", err)
		}
		d.Category, d.Region, d.Closed, d.Signed, d.Reopened = names.categories[cat], names.regions[reg], closed.Time, signed.Time, reopened > 0
		if solved.Valid {
			d.Solved = map[bool]string{true: "yes", false: "no"}[solved.Bool]
		}
		out = append(out, d)
	}
	return out, total, rows.Err()
}

// drillPage is the /appeals/rates/drill page.
type drillPage struct {
	Period Period
	Unit   string
	UnitID int64
	Figure Figure
	Rows   []DrillRow
	Total  int
	More   bool
}

// Query is the period as a query string for links.
func (p drillPage) Query() string { return periodQuery(p.Period) }

// DrillPage is GET /appeals/rates/drill?unit=&figure=&from=&to=. Another unit's figures
// answer 404 to a unit head.
func (h *Pages) DrillPage(w http.ResponseWriter, r *http.Request) error {
	me := auth.From(r.Context())
	unit, err := strconv.ParseInt(clip(r.FormValue("unit")), 10, 64)
	f := Figure(clip(r.FormValue("figure")))
	if err != nil || unit <= 0 || !f.Valid() || !me.InScope(unit) {
		return store.ErrNotFound
	}
	p, err := ParsePeriod(clip(r.FormValue("from")), clip(r.FormValue("to")), h.now())
	if err != nil {
		return store.ErrNotFound
	}
	names, err := unitNames(r.Context(), h.db)
	if err != nil {
		return err
	}
	if _, ok := names[unit]; !ok {
		return store.ErrNotFound
	}
	s, err := LoadSettings(r.Context(), h.db)
	if err != nil {
		return err
	}
	rows, total, err := Drill(r.Context(), h.db, p, s, h.now().UTC(), unit, f, ui.Lang(r))
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "appealstat_drill", drillPage{Period: p, Unit: names[unit], UnitID: unit,
		Figure: f, Rows: rows, Total: total, More: total > len(rows)})
}
