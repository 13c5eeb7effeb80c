package briefing_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// The fixture's period: Monday 1 June to Wednesday 17 June 2026.
const (
	fxFrom = "2026-06-01"
	fxTo   = "2026-06-17"
)

// fixture is a seeded campaign with units of every kind.
type fixture struct {
	campaign int64
	user     int64
	units    map[string]int64
	tasks    []int64
}

// fxUnits are the fixture's units: five departments (the last without
// tasks), a town, a township, a sub-district, a village committee with tasks
// and an organisation without.
var fxUnits = []struct{ name, kind string }{
	{"区甲局", "department"}, {"区乙局", "department"}, {"区丙局", "department"}, {"区丁局", "department"},
	{"区戊局", "department"}, {"青石镇人民政府", "town"}, {"柳溪乡人民政府", "township"}, {"东街道办事处", "subdistrict"},
	{"石桥村民委员会", "village"}, {"某志愿者协会", "organisation"},
}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

// at is the instant of a Shanghai civil date and hour, in UTC.
func at(date string, hour int) time.Time {
	d := day(date)
	return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, ui.Shanghai).UTC()
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// seed builds the fixture: 60 tasks over nine lead units in every state,
// weekly or no reports, deadlines before, in and after the period; reports
// on time, late, missing, returned and resubmitted, flagged for
// coordination; one red notice and one milestone in the next period.
func seed(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 6, 17, 8, 0, 0, 0, time.UTC)
	fx := &fixture{units: map[string]int64{}}
	must(t, db.InTx(ctx, func(tx *store.Tx) error {
		for _, u := range fxUnits {
			id, err := store.InsertID(ctx, tx, `INSERT INTO units (name, kind, created_at) VALUES (?, ?, ?)`, u.name, u.kind, now)
			if err != nil {
				return err
			}
			fx.units[u.name] = id
		}
		var err error
		fx.user, err = store.InsertID(ctx, tx, `INSERT INTO users (username, name, unit_id, password_hash, created_at, updated_at)
			VALUES ('fx', '测试', ?, 'x', ?, ?)`, fx.units["区甲局"], now, now)
		if err != nil {
			return err
		}
		fx.campaign, err = store.InsertID(ctx, tx, `INSERT INTO campaigns (name, start_date, end_date, owner_unit_id, created_at, updated_at,
			report_workdays) VALUES ('大调研专项活动', '2026-04-01', '2026-12-31', ?, ?, ?, ?)`, fx.units["区甲局"], now, now, false)
		return err
	}))
	leads := []string{"区甲局", "区乙局", "区丙局", "区丁局", "青石镇人民政府", "柳溪乡人民政府", "东街道办事处", "石桥村民委员会", "区甲局"}
	states := []string{"in_progress", "signed", "done", "completion_requested", "draft", "cancelled", "assigned", "in_progress", "done", "in_progress"}
	deadlines := []string{"2026-05-29", "2026-06-03", "2026-06-10", "2026-06-17", "2026-06-18", "2026-06-20", "2026-06-22", "2026-06-30", "2026-07-15"}
	doneAt := []time.Time{at("2026-05-20", 12), at("2026-06-02", 12), at("2026-06-09", 12), at("2026-06-16", 12),
		at("2026-06-17", 23), at("2026-06-18", 1)}
	must(t, db.InTx(ctx, func(tx *store.Tx) error {
		for i := range 60 {
			state := states[i%len(states)]
			start := day("2026-05-01").AddDate(0, 0, i%7).Format("2006-01-02")
			deadline := deadlines[(i*7)%len(deadlines)]
			cycle := "weekly"
			if i%4 == 3 {
				cycle = "none"
			}
			progress := 95
			var done, signed any
			if state == "done" {
				progress = 100
				done = doneAt[i%len(doneAt)]
			}
			if state != "draft" && state != "assigned" {
				signed = at(start, 10)
			}
			id, err := store.InsertID(ctx, tx, `INSERT INTO tasks (campaign_id, title, source, lead_unit_id, start_date, deadline,
				original_deadline, report_cycle, state, progress, created_at, updated_at, signed_at, done_at)
				VALUES (?, ?, 'plan', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, fx.campaign, fmt.Sprintf("任务%02d", i+1),
				fx.units[leads[i%len(leads)]], start, deadline, deadline, cycle, state, progress, now, now, signed, done)
			if err != nil {
				return err
			}
			fx.tasks = append(fx.tasks, id)
		}
		// long tasks that started before the briefing's report window, one per cycle
		for i, cycle := range []string{"weekly", "biweekly", "monthly", "biweekly", "monthly", "weekly"} {
			start := []string{"2026-03-02", "2026-03-04", "2026-03-10", "2026-03-19", "2026-03-31", "2026-03-05"}[i]
			deadline := []string{"2026-09-30", "2026-08-20", "2026-09-30", "2026-06-16", "2026-07-31", "2026-06-11"}[i]
			id, err := store.InsertID(ctx, tx, `INSERT INTO tasks (campaign_id, title, source, lead_unit_id, start_date, deadline,
				original_deadline, report_cycle, state, progress, created_at, updated_at, signed_at)
				VALUES (?, ?, 'plan', ?, ?, ?, ?, ?, 'in_progress', 95, ?, ?, ?)`, fx.campaign, fmt.Sprintf("长期任务%d", i+1),
				fx.units[leads[i]], start, deadline, deadline, cycle, now, now, at(start, 10))
			if err != nil {
				return err
			}
			fx.tasks = append(fx.tasks, id)
		}
		return nil
	}))
	fx.seedCalendar(t, db)
	fx.seedReports(t, db)
	return fx
}

// seedCalendar writes the test's own calendar (fx_cal: each day with its
// weekday, a day number, whether it ends a month, and the instants it starts
// and ends in Shanghai) and the report due dates the campaign's rule gives
// without working days (fx_dues), computed in SQL, not by the task package:
// weekly, each Friday after the start up to the deadline and the deadline
// itself when it falls Monday to Thursday; biweekly, the second Friday of
// each two-week period and the deadline when it comes first; monthly, each
// month's last day and the deadline.
func (fx *fixture) seedCalendar(t *testing.T, db *store.DB) {
	ctx := context.Background()
	must(t, db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `CREATE TABLE fx_cal (d TEXT PRIMARY KEY, dow INTEGER NOT NULL, n INTEGER NOT NULL, month_end INTEGER NOT NULL,
			start_at `+tsType(db)+` NOT NULL, end_at `+tsType(db)+` NOT NULL)`); err != nil {
			return err
		}
		for i, d := 0, day("2026-02-01"); d.Before(day("2026-10-31")); i, d = i+1, d.AddDate(0, 0, 1) {
			s := d.Format("2006-01-02")
			end := 0
			if d.AddDate(0, 0, 1).Day() == 1 {
				end = 1
			}
			if _, err := tx.Exec(ctx, `INSERT INTO fx_cal (d, dow, n, month_end, start_at, end_at) VALUES (?, ?, ?, ?, ?, ?)`, s, int(d.Weekday()),
				i, end, at(s, 0), at(s, 24)); err != nil {
				return err
			}
		}
		// the two-week periods count from the Monday of the start's week: day k of a period is (n − that Monday's n) mod 14
		_, err := tx.Exec(ctx, `CREATE TABLE fx_dues AS SELECT t.id AS task_id, c.d AS d FROM tasks t
			JOIN fx_cal s ON s.d = t.start_date JOIN fx_cal e ON e.d = t.deadline
			JOIN fx_cal c ON c.d > t.start_date AND c.d <= t.deadline WHERE
			(t.report_cycle = 'weekly' AND (c.dow = 5 OR (c.d = t.deadline AND c.dow BETWEEN 1 AND 4)))
			OR (t.report_cycle = 'biweekly' AND ((c.n - (s.n - (s.dow + 6) % 7)) % 14 = 11
				OR (c.d = t.deadline AND (e.n - (s.n - (s.dow + 6) % 7)) % 14 < 11)))
			OR (t.report_cycle = 'monthly' AND (c.month_end = 1 OR c.d = t.deadline))`)
		return err
	}))
}

func tsType(db *store.DB) string {
	if db.Dialect() == store.SQLite {
		return "DATETIME"
	}
	return "TIMESTAMPTZ"
}

// seedReports answers the due dates up to the period's end by a fixed
// pattern: on time, late, missing; some on-time reports were returned and
// resubmitted late (the first submission counts), some ask for coordination.
func (fx *fixture) seedReports(t *testing.T, db *store.DB) {
	ctx := context.Background()
	type due struct {
		task int64
		d    string
		unit int64
	}
	var dues []due
	rows, err := db.Query(ctx, `SELECT x.task_id, x.d, t.lead_unit_id FROM fx_dues x JOIN tasks t ON t.id = x.task_id
		WHERE t.state NOT IN ('draft', 'cancelled', 'assigned') AND x.d <= ? ORDER BY x.task_id, x.d`, fxTo)
	must(t, err)
	for rows.Next() {
		var d due
		must(t, rows.Scan(&d.task, &d.d, &d.unit))
		dues = append(dues, d)
	}
	must(t, rows.Err())
	rows.Close()
	insert := func(tx *store.Tx, d due, status string, submitted time.Time, late, coord bool, reviewed any) error {
		_, err := tx.Exec(ctx, `INSERT INTO task_reports (task_id, due_date, unit_id, author_id, work_done, progress, next_steps, status,
			submitted_at, late, needs_coordination, problems, reviewed_at, review_comment) VALUES (?, ?, ?, ?, '完成走访', 50, '继续推进', ?, ?, ?, ?, ?, ?, ?)`,
			d.task, d.d, d.unit, fx.user, status, submitted, late, coord, "资金缺口待协调", reviewed, "材料不全")
		return err
	}
	must(t, db.InTx(ctx, func(tx *store.Tx) error {
		for i, d := range dues {
			switch (int(d.task)*31 + i) % 7 {
			case 0, 1, 2:
				if err := insert(tx, d, "accepted", at(d.d, 9), false, i%5 == 0, nil); err != nil {
					return err
				}
			case 3:
				if err := insert(tx, d, "submitted", at(d.d, 9).AddDate(0, 0, 2), true, false, nil); err != nil {
					return err
				}
			case 4: // on time, returned, resubmitted late: still on time
				if err := insert(tx, d, "returned", at(d.d, 9), false, true, at(d.d, 15)); err != nil {
					return err
				}
				if err := insert(tx, d, "submitted", at(d.d, 9).AddDate(0, 0, 1), true, false, nil); err != nil {
					return err
				}
			}
		}
		// one red notice and one milestone in the next period
		if _, err := tx.Exec(ctx, `INSERT INTO task_notices (task_id, item_kind, due_date, rung, year, seq, number, unit_id, issuer_unit_id,
			issued_on, issued_at) VALUES (?, 'deadline', '2026-06-10', 'red', 2026, 1, '通报〔2026〕1号', ?, ?, '2026-06-16', ?)`,
			fx.tasks[0], fx.units["区甲局"], fx.units["区甲局"], at("2026-06-16", 9)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO task_milestones (task_id, title, due_date) VALUES (?, '完成摸底台账', '2026-06-25')`, fx.tasks[0])
		return err
	}))
}
