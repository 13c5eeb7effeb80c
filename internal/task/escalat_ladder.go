package task

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"tongchou/internal/store"
	"tongchou/internal/workday"
)

// item is one thing a unit can miss: the task's deadline or a report due date.
type item struct {
	kind   string // ItemDeadline or ItemReport
	date   string // the due date, 'YYYY-MM-DD'
	missed bool   // the date passed without it being done or reported
}

// ladder holds the delays of one campaign, in working days.
type ladder struct{ blue, orange, red int }

// items lists what can climb for t on today. The deadline in force counts:
// the original one unless an extension was approved (a pending request
// changes nothing). A task whose completion is requested has done its part
// on the deadline, so only its reports can still climb (if the office
// returns it, the deadline climbs on where it stopped). A report due date
// climbs while it is missing; one reported since stops; a coming one gets
// its reminder only once the task is signed for (reports are owed from then).
func (e *Escalator) items(ctx context.Context, cal *workday.Calendar, t *escTask, today string) ([]item, error) {
	var out []item
	if t.State != StateCompletionRequested {
		out = append(out, item{kind: ItemDeadline, date: t.Deadline, missed: today > t.Deadline})
	}
	dues, err := TaskDues(ctx, e.db, &t.Task, cal, today)
	if err != nil {
		return nil, err
	}
	for _, d := range dues {
		switch {
		case d.Outcome == OutcomeMissing:
			out = append(out, item{kind: ItemReport, date: d.Date, missed: true})
		case d.Outcome == OutcomePending && d.Date >= today && t.signedOn != "" && d.Date >= t.signedOn:
			out = append(out, item{kind: ItemReport, date: d.Date})
		}
	}
	return out, nil
}

// nextRung is the rung to issue next for it on today, or "" for none, given
// the dates its notices were issued on (by rung). Yellow comes the working
// day after the date; orange and red count from the day the rung below was
// actually issued, so a ladder never skips a rung.
func nextRung(cal *workday.Calendar, it item, have map[string]string, today string, l ladder) string {
	due := day(it.date)
	switch {
	case !it.missed:
		if have[RungBlue] == "" && today <= it.date && today >= workdaysBefore(cal, due, l.blue) {
			return RungBlue
		}
	case have[RungYellow] == "":
		if today >= cal.AddWorkdays(due, 1).Format(dateLayout) {
			return RungYellow
		}
	case have[RungOrange] == "":
		if today >= cal.AddWorkdays(day(have[RungYellow]), l.orange).Format(dateLayout) {
			return RungOrange
		}
	case have[RungRed] == "":
		if today >= cal.AddWorkdays(day(have[RungOrange]), l.red).Format(dateLayout) {
			return RungRed
		}
	}
	return ""
}

// workdaysBefore is the n-th working day before d (d itself when n is 0).
func workdaysBefore(cal *workday.Calendar, d time.Time, n int) string {
	for n > 0 {
		d = d.AddDate(0, 0, -1)
		if cal.IsWorkday(d) {
			n--
		}
	}
	return d.Format(dateLayout)
}

// day parses a stored date; a bad one is the zero time (far in the past).
func day(s string) time.Time {
	d, _ := time.Parse(dateLayout, s)
	return d
}

// escalateTask issues what is due today for one task.
func (e *Escalator) escalateTask(ctx context.Context, cal *workday.Calendar, t *escTask, today string) (int, error) {
	items, err := e.items(ctx, cal, t, today)
	if err != nil {
		return 0, err
	}
	sent, err := issuedOn(ctx, e.db, t.ID)
	if err != nil {
		return 0, err
	}
	l := ladder{blue: e.BlueDays, orange: t.orangeDays, red: t.redDays}
	n := 0
	for _, it := range items {
		key := it.kind + "@" + it.date
		if sent[key] == nil {
			sent[key] = map[string]string{}
		}
		for rung := nextRung(cal, it, sent[key], today, l); rung != ""; rung = nextRung(cal, it, sent[key], today, l) {
			ok, err := e.issue(ctx, cal, t, it, rung, today, l)
			if err != nil {
				return n, err
			}
			if ok {
				n++
			}
			sent[key][rung] = today
		}
	}
	return n, nil
}

// issuedOn maps each item of a task ("kind@date") to its rungs' issue dates.
func issuedOn(ctx context.Context, q store.Querier, task int64) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	err := eachRow(ctx, q, `SELECT item_kind, due_date, rung, issued_on FROM task_notices WHERE task_id = ?`,
		[]any{task}, func(rows *sql.Rows) error {
			var kind, date, rung, on string
			if err := rows.Scan(&kind, &date, &rung, &on); err != nil {
				return fmt.Errorf("scan notice: %w", err)
			}
			key := kind + "@" + date
			if out[key] == nil {
				out[key] = map[string]string{}
			}
			out[key][rung] = on
			return nil
		})
	return out, err
}
