package briefing_test

import (
	"context"
	"testing"

	"tongchou/internal/briefing"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
)

// counts are one unit's figures as the independent SQL finds them.
type counts struct {
	Tasks, Open, Done, DoneInPeriod, ReportsDue, OnTime, Late, Missing, CompletionDue, CompletedOnTime, Red, Yellow int
}

// The independent SQL. Live tasks: handed over and not cancelled. Owed:
// signed for, so their due dates can be missing. Each query names its
// figure; ? are, in order, the campaign and the arguments listed with it.
const (
	qLive  = `t.campaign_id = ? AND t.state NOT IN ('draft', 'cancelled')`
	qOwed  = `t.state NOT IN ('draft', 'cancelled', 'assigned', 'returned_by_unit')`
	qFirst = `(SELECT r.late FROM task_reports r WHERE r.task_id = x.task_id AND r.due_date = x.d ORDER BY r.submitted_at, r.id LIMIT 1)`
	// the due dates of the period that count: owed, and not after the task was done
	qDues = `FROM fx_dues x JOIN tasks t ON t.id = x.task_id WHERE ` + qLive + ` AND ` + qOwed + ` AND x.d >= ? AND x.d <= ?
		AND (t.state <> 'done' OR (SELECT c.start_at FROM fx_cal c WHERE c.d = x.d) <= t.done_at)`
	qMissingRun = `(SELECT COUNT(*) FROM fx_dues x WHERE x.task_id = t.id AND x.d < ? AND x.d > COALESCE(
		(SELECT MAX(r.due_date) FROM task_reports r WHERE r.task_id = t.id AND r.due_date <= ?), ''))`
	qLastLate = `(SELECT r.late FROM task_reports r WHERE r.task_id = t.id AND r.due_date = (SELECT MAX(r2.due_date)
		FROM task_reports r2 WHERE r2.task_id = t.id AND r2.due_date <= ?) ORDER BY r.submitted_at, r.id LIMIT 1)`
	// working days from the period's end to the deadline, by the holiday table (端午节 falls on Friday 19 June 2026)
	qWorkdays = `(SELECT COALESCE(SUM(CASE WHEN cd.kind = 'off' THEN 0 WHEN cd.kind = 'work' THEN 1 WHEN c.dow BETWEEN 1 AND 5 THEN 1 ELSE 0 END), 0)
		FROM fx_cal c LEFT JOIN calendar_days cd ON cd.day = c.d WHERE c.d >= ? AND c.d <= t.deadline)`
	qRed = `t.state NOT IN ('done', 'cancelled') AND (t.deadline < ? OR (` + qOwed + ` AND ` + qMissingRun + ` >= 2))`
)

// expected recomputes every unit's figures from raw rows with the SQL above.
func expected(t *testing.T, db *store.DB, fx *fixture) map[int64]*counts {
	ctx := context.Background()
	fromAt, toAt := at(fxFrom, 0), at(fxTo, 24)
	out := map[int64]*counts{}
	get := func(id int64) *counts {
		if out[id] == nil {
			out[id] = &counts{}
		}
		return out[id]
	}
	c := fx.campaign
	for _, q := range []struct {
		field *func(*counts) *int
		sql   string
		args  []any
	}{
		{ptr(func(c *counts) *int { return &c.Tasks }), `SELECT t.lead_unit_id, COUNT(*) FROM tasks t WHERE ` + qLive + ` GROUP BY t.lead_unit_id`, []any{c}},
		{ptr(func(c *counts) *int { return &c.Open }), `SELECT t.lead_unit_id, COUNT(*) FROM tasks t WHERE ` + qLive + ` AND t.state <> 'done' GROUP BY t.lead_unit_id`, []any{c}},
		{ptr(func(c *counts) *int { return &c.Done }), `SELECT t.lead_unit_id, COUNT(*) FROM tasks t WHERE ` + qLive + ` AND t.state = 'done' AND t.done_at < ? GROUP BY t.lead_unit_id`, []any{c, toAt}},
		{ptr(func(c *counts) *int { return &c.DoneInPeriod }), `SELECT t.lead_unit_id, COUNT(*) FROM tasks t WHERE ` + qLive + ` AND t.state = 'done' AND t.done_at >= ? AND t.done_at < ? GROUP BY t.lead_unit_id`, []any{c, fromAt, toAt}},
		{ptr(func(c *counts) *int { return &c.CompletionDue }), `SELECT t.lead_unit_id, COUNT(*) FROM tasks t WHERE ` + qLive + ` AND ((t.deadline >= ? AND t.deadline <= ?)
			OR (t.state = 'done' AND t.done_at >= ? AND t.done_at < ?)) GROUP BY t.lead_unit_id`, []any{c, fxFrom, fxTo, fromAt, toAt}},
		{ptr(func(c *counts) *int { return &c.CompletedOnTime }), `SELECT t.lead_unit_id, COUNT(*) FROM tasks t WHERE ` + qLive + ` AND ((t.deadline >= ? AND t.deadline <= ?)
			OR (t.state = 'done' AND t.done_at >= ? AND t.done_at < ?)) AND t.state = 'done' AND t.done_at < ?
			AND t.done_at < (SELECT c.end_at FROM fx_cal c WHERE c.d = t.deadline) GROUP BY t.lead_unit_id`, []any{c, fxFrom, fxTo, fromAt, toAt, toAt}},
		{ptr(func(c *counts) *int { return &c.OnTime }), `SELECT t.lead_unit_id, COUNT(*) ` + qDues + ` AND ` + qFirst + ` = FALSE GROUP BY t.lead_unit_id`, []any{c, fxFrom, fxTo}},
		{ptr(func(c *counts) *int { return &c.Late }), `SELECT t.lead_unit_id, COUNT(*) ` + qDues + ` AND ` + qFirst + ` = TRUE GROUP BY t.lead_unit_id`, []any{c, fxFrom, fxTo}},
		{ptr(func(c *counts) *int { return &c.Missing }), `SELECT t.lead_unit_id, COUNT(*) ` + qDues + ` AND ` + qFirst + ` IS NULL AND x.d < ? GROUP BY t.lead_unit_id`, []any{c, fxFrom, fxTo, fxTo}},
		{ptr(func(c *counts) *int { return &c.Red }), `SELECT t.lead_unit_id, COUNT(*) FROM tasks t WHERE ` + qLive + ` AND ` + qRed + ` GROUP BY t.lead_unit_id`, []any{c, fxTo, fxTo, fxTo}},
		// yellow: not red, and the deadline within three working days (today included), or the last report late
		{ptr(func(c *counts) *int { return &c.Yellow }), `SELECT t.lead_unit_id, COUNT(*) FROM tasks t WHERE ` + qLive + ` AND t.state NOT IN ('done', 'cancelled')
			AND NOT (` + qRed + `) AND ((t.deadline >= ? AND ` + qWorkdays + ` <= 3) OR ` + qLastLate + ` = TRUE) GROUP BY t.lead_unit_id`,
			[]any{c, fxTo, fxTo, fxTo, fxTo, fxTo, fxTo}},
	} {
		rows, err := db.Query(ctx, q.sql, q.args...)
		must(t, err)
		for rows.Next() {
			var unit int64
			var n int
			must(t, rows.Scan(&unit, &n))
			*(*q.field)(get(unit)) = n
		}
		must(t, rows.Err())
		rows.Close()
	}
	return out
}

func ptr(f func(*counts) *int) *func(*counts) *int { return &f }

func rowCounts(u briefing.UnitRow) counts {
	return counts{u.Tasks, u.Open, u.Done, u.DoneInPeriod, u.ReportsDue, u.OnTime, u.Late, u.Missing, u.CompletionDue,
		u.CompletedOnTime, u.Red, u.Yellow}
}

// TestEveryFigureIsReproducible computes a briefing and recomputes each of
// its figures from the raw rows with independent SQL.
func TestEveryFigureIsReproducible(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fx := seed(t, db)
		f, err := briefing.Compute(ctx, db, fx.campaign, fxFrom, fxTo)
		must(t, err)
		want := expected(t, db, fx)
		var total counts
		seen := map[int64]bool{}
		for _, u := range f.Units {
			seen[u.UnitID] = true
			w := counts{}
			if want[u.UnitID] != nil {
				w = *want[u.UnitID]
			}
			w.ReportsDue = w.OnTime + w.Late + w.Missing
			if got := rowCounts(u); got != w {
				t.Errorf("%s: figures %+v, independent SQL %+v", u.Name, got, w)
			}
			total = add(total, w)
			checkScore(t, u, w)
		}
		for id, w := range want {
			if !seen[id] && w.Tasks > 0 {
				t.Errorf("unit %d with %d tasks is missing from the briefing", id, w.Tasks)
			}
		}
		o := f.Overall
		got := counts{o.Tasks, 0, o.Done, o.DoneInPeriod, o.ReportsDue, o.OnTime, o.Late, o.Missing, o.CompletionDue, o.CompletedOnTime,
			o.ByLight["red"], o.ByLight["yellow"]}
		total.Open = 0
		if got != total {
			t.Errorf("overall %+v, independent SQL %+v", got, total)
		}
		checkRanks(t, f)
		checkLists(t, db, fx, f)
	})
}

func add(a, b counts) counts {
	return counts{a.Tasks + b.Tasks, a.Open + b.Open, a.Done + b.Done, a.DoneInPeriod + b.DoneInPeriod, a.ReportsDue + b.ReportsDue,
		a.OnTime + b.OnTime, a.Late + b.Late, a.Missing + b.Missing, a.CompletionDue + b.CompletionDue,
		a.CompletedOnTime + b.CompletedOnTime, a.Red + b.Red, a.Yellow + b.Yellow}
}

// checkScore recomputes the score with the default weights 40/40/20, a
// component without a denominator left out.
func checkScore(t *testing.T, u briefing.UnitRow, w counts) {
	t.Helper()
	w.ReportsDue = w.OnTime + w.Late + w.Missing
	if w.ReportsDue == 0 && w.CompletionDue == 0 {
		if u.Scored || u.Rank != 0 {
			t.Errorf("%s has nothing due but is scored %.1f, rank %d", u.Name, u.Score, u.Rank)
		}
		return
	}
	var sum, weights float64
	for _, c := range []struct{ w, n, d int }{{40, w.OnTime, w.ReportsDue}, {40, w.CompletedOnTime, w.CompletionDue}, {20, w.Open - w.Red, w.Open}} {
		if c.d > 0 {
			sum += float64(c.w) * float64(c.n) / float64(c.d)
			weights += float64(c.w)
		}
	}
	want := float64(int64(1000*sum/weights+0.5)) / 10
	if u.Score != want {
		t.Errorf("%s scores %.1f, want %.1f", u.Name, u.Score, want)
	}
}

// checkRanks: a ranked unit's rank is one more than the units of its series
// with a higher score; unranked kinds have none.
func checkRanks(t *testing.T, f briefing.Figures) {
	t.Helper()
	for _, u := range f.Units {
		if u.Series == "" {
			if u.Rank != 0 {
				t.Errorf("%s (%s) is ranked %d; its kind is not ranked", u.Name, u.Kind, u.Rank)
			}
			continue
		}
		if !u.Scored {
			continue
		}
		higher := 0
		for _, o := range f.Units {
			if o.Series == u.Series && o.Scored && o.Score > u.Score {
				higher++
			}
		}
		if u.Rank != higher+1 {
			t.Errorf("%s rank %d, want %d", u.Name, u.Rank, higher+1)
		}
	}
}

// checkLists compares the lists' lengths with counts from raw rows.
func checkLists(t *testing.T, db *store.DB, fx *fixture, f briefing.Figures) {
	t.Helper()
	ctx := context.Background()
	fromAt, toAt := at(fxFrom, 0), at(fxTo, 24)
	count := func(q string, args ...any) int {
		var n int
		must(t, db.QueryRow(ctx, q, args...).Scan(&n))
		return n
	}
	c := fx.campaign
	for _, l := range []struct {
		name string
		got  int
		want int
	}{
		{"highlights", len(f.Highlights), f.Overall.DoneInPeriod},
		{"red tasks", len(f.Problems.RedTasks), f.Overall.ByLight["red"]},
		{"returned", len(f.Problems.Returned), count(`SELECT COUNT(*) FROM task_reports r JOIN tasks t ON t.id = r.task_id WHERE `+qLive+`
			AND r.status = 'returned' AND r.reviewed_at >= ? AND r.reviewed_at < ?`, c, fromAt, toAt)},
		{"coordination", len(f.Problems.Coordination), count(`SELECT COUNT(*) FROM task_reports r JOIN tasks t ON t.id = r.task_id WHERE `+qLive+`
			AND r.needs_coordination = TRUE AND r.status <> 'returned' AND r.submitted_at >= ? AND r.submitted_at < ?`, c, fromAt, toAt)},
		{"named", len(f.Problems.Named), count(`SELECT COUNT(*) FROM task_notices WHERE rung = 'red' AND briefed_at IS NULL`)},
		{"next steps", len(f.NextSteps), count(`SELECT COUNT(*) FROM tasks t WHERE `+qLive+` AND t.state <> 'done' AND t.deadline >= ? AND t.deadline <= ?`,
			c, "2026-06-18", "2026-07-04")},
		{"milestones", len(f.Milestones), 1},
		{"late units", len(f.Problems.LateUnits), count(`SELECT COUNT(DISTINCT t.lead_unit_id) `+qDues+` AND `+qFirst+` = TRUE`, c, fxFrom, fxTo)},
		{"missing units", len(f.Problems.MissingUnits), count(`SELECT COUNT(DISTINCT t.lead_unit_id) `+qDues+` AND `+qFirst+` IS NULL AND x.d < ?`, c, fxFrom, fxTo, fxTo)},
	} {
		if l.got != l.want {
			t.Errorf("%s: %d in the briefing, %d from raw rows", l.name, l.got, l.want)
		}
	}
	if f.Empty {
		t.Error("a period with data is marked empty")
	}
}
