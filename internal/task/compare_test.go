package task_test

import (
	"context"
	"testing"
	"time"

	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/task"
	"tongchou/internal/workday"
)

// TestCompareUnitsRecomputed checks 教育局's figures against a count made
// here from the raw rows: tasks and done from the tasks table, the due dates
// from the cycle and the first report per due date from task_reports.
func TestCompareUnitsRecomputed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		open1 := f.newTask(t, task.StateInProgress, false)
		open2 := f.newTask(t, task.StateSigned, false)
		done := f.newTask(t, task.StateDone, false)
		f.newTask(t, task.StateDraft, false)     // not handed over: counts nowhere
		f.newTask(t, task.StateCancelled, false) // cancelled: counts nowhere
		in := f.input()
		in.LeadUnitID, in.CoUnitIDs, in.StartDate, in.Deadline, in.Milestones = f.units["青石镇人民政府"], nil, "2026-03-01", "2026-04-30", nil
		late, err := f.s.Create(ctx, f.users[asOffice], in)
		if err != nil {
			t.Fatal(err)
		}
		db.Exec(ctx, `UPDATE tasks SET state = 'in_progress', progress = 10 WHERE id = ?`, late)
		liaison := f.users[asLiaison]
		report := func(task int64, due string, late bool, status string) {
			insertID(t, db, `INSERT INTO task_reports (task_id, due_date, unit_id, author_id, work_done, progress, next_steps,
				status, submitted_at, late) VALUES (?, ?, ?, ?, 'w', 10, 'n', ?, ?, ?)`, task, due, f.units["教育局"], liaison.ID, status, clock(), late)
		}
		cal, err := workday.Load(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		dues := task.DueDates("weekly", time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), false, cal)
		if len(dues) < 5 {
			t.Fatalf("only %d due dates", len(dues))
		}
		d := func(i int) string { return dues[i].Format("2006-01-02") }
		report(open1, d(0), false, "accepted")
		report(open1, d(1), true, "submitted")
		report(open1, d(2), false, "returned") // on time, then returned: stays on time
		report(open1, d(2), true, "submitted")
		report(open2, d(0), false, "submitted")

		figs, err := f.s.CompareUnits(ctx, f.users[asOffice], f.campaign.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got task.UnitFigures
		for _, u := range figs {
			if u.UnitID == f.units["教育局"] {
				got = u
			}
		}
		want := recount(t, db, f.units["教育局"], []int64{open1, open2, done}, clock().Format("2006-01-02"))
		if got.Tasks != want.Tasks || got.Done != want.Done || got.ReportsDue != want.ReportsDue || got.OnTime != want.OnTime {
			t.Errorf("教育局 = %+v, recounted %+v", got, want)
		}
		if got.Tasks != 3 || got.Done != 1 {
			t.Errorf("tasks %d done %d, want 3 1", got.Tasks, got.Done)
		}
		if got.CompletionRate() < 33 || got.CompletionRate() > 34 {
			t.Errorf("completion = %v", got.CompletionRate())
		}
		for _, u := range figs {
			if u.UnitID == f.units["青石镇人民政府"] && (u.Red != 1 || !u.Lagging()) {
				t.Errorf("青石镇 = %+v, want one red task and lagging", u)
			}
		}
		if _, err := f.s.CompareUnits(ctx, f.users[asLiaison], f.campaign.ID); err == nil {
			t.Error("a liaison got the comparison")
		}
	})
}

// recount counts a unit's figures straight from the rows: every due date of
// the weekly cycle up to today (a finished task's up to when it finished)
// that is past or already answered, and on time when the first report for it
// was not late.
func recount(t *testing.T, db *store.DB, unit int64, ids []int64, today string) task.UnitFigures {
	t.Helper()
	ctx := context.Background()
	var u task.UnitFigures
	db.QueryRow(ctx, `SELECT COUNT(*), SUM(CASE WHEN state = 'done' THEN 1 ELSE 0 END) FROM tasks
		WHERE lead_unit_id = ? AND state NOT IN ('draft', 'cancelled')`, unit).Scan(&u.Tasks, &u.Done)
	cal, _ := workday.Load(ctx, db)
	for _, id := range ids {
		var start, deadline, cycle, state string
		var updated time.Time
		db.QueryRow(ctx, `SELECT start_date, deadline, report_cycle, state, updated_at FROM tasks WHERE id = ?`, id).
			Scan(&start, &deadline, &cycle, &state, &updated)
		s, _ := time.Parse("2006-01-02", start)
		e, _ := time.Parse("2006-01-02", deadline)
		until := today
		if state == "done" {
			until = min(today, updated.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02"))
		}
		for _, due := range task.DueDates(cycle, s, e, false, cal) {
			date := due.Format("2006-01-02")
			var late bool
			err := db.QueryRow(ctx, `SELECT late FROM task_reports WHERE task_id = ? AND due_date = ? ORDER BY submitted_at, id
				LIMIT 1`, id, date).Scan(&late)
			answered := err == nil
			if date > until || (!answered && date >= today) {
				continue
			}
			u.ReportsDue++
			if answered && !late {
				u.OnTime++
			}
		}
	}
	return u
}
