package task

import (
	"context"
	"database/sql"
	"fmt"
	"time"
	"tongchou/internal/store"

	"tongchou/internal/auth"
	"tongchou/internal/notify"
	"tongchou/internal/workday"
)

// MyWork is what "my work" (/my) shows beside the tasks to sign for and in
// hand: the reports due this week, the reports the office returned, the
// leader instructions awaiting the unit's reply and the unread notifications.
type MyWork struct {
	ReportsDue      []DueItem
	ReturnedReports []ReturnedReport
	Instructions    []Instruction
	Unread          int
}

// DueItem is a report due date of this week without a live report.
type DueItem struct {
	TaskID  int64
	Title   string
	Date    string
	Missing bool // the day has passed
}

// ReturnedReport is a report the office returned and the unit has not
// submitted again for the same due date.
type ReturnedReport struct {
	ReportID int64
	TaskID   int64
	Title    string
	DueDate  string
	Comment  string
}

// myWorkLimit bounds each list; "my work" is a to-do list, not an archive.
const myWorkLimit = 100

// MyWork gathers p's remaining to-dos across p's units (兼职 included).
func (s *Store) MyWork(ctx context.Context, p *auth.Principal) (MyWork, error) {
	var w MyWork
	var err error
	if w.ReportsDue, err = s.reportsDueThisWeek(ctx, p); err != nil {
		return w, err
	}
	if w.ReturnedReports, err = s.returnedReports(ctx, p); err != nil {
		return w, err
	}
	if w.Instructions, err = s.AwaitingInstructions(ctx, p, myWorkLimit); err != nil {
		return w, err
	}
	w.Unread, err = notify.New(s.db, s.audit, s.now, notify.Config{}).UnreadCount(ctx, p.ID)
	return w, err
}

// week is Monday to Sunday of today's week ('YYYY-MM-DD').
func week(today string) (string, string) {
	d, err := time.Parse(dateLayout, today)
	if err != nil {
		return today, today
	}
	mon := d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	return mon.Format(dateLayout), mon.AddDate(0, 0, 6).Format(dateLayout)
}

// reportsDueThisWeek lists the due dates of this week, on the open tasks
// p's units lead, that have no live report yet.
func (s *Store) reportsDueThisWeek(ctx context.Context, p *auth.Principal) ([]DueItem, error) {
	if len(p.Units) == 0 || !p.HasAny(auth.RoleLiaison, auth.RoleUnitHead) {
		return nil, nil
	}
	var tasks []Task
	err := eachRow(ctx, s.db, `SELECT `+taskCols+taskFrom+` WHERE t.lead_unit_id IN (`+store.Placeholders(len(p.Units))+`)
		AND t.state IN (?, ?) AND t.report_cycle <> 'none' ORDER BY t.deadline, t.id LIMIT ?`,
		append(store.IDArgs(p.Units), StateSigned, StateInProgress, myWorkLimit), func(rows *sql.Rows) error {
			t, err := scanTask(rows)
			tasks = append(tasks, t)
			return err
		})
	if err != nil || len(tasks) == 0 {
		return nil, err
	}
	cal, err := workday.Load(ctx, s.db)
	if err != nil {
		return nil, fmt.Errorf("my work calendar: %w", err)
	}
	today := s.today()
	mon, sun := week(today)
	var out []DueItem
	for i := range tasks {
		dues, err := TaskDues(ctx, s.db, &tasks[i], cal, today)
		if err != nil {
			return nil, err
		}
		for _, d := range dues {
			if d.Date >= mon && d.Date <= sun && d.Live() == nil {
				out = append(out, DueItem{TaskID: tasks[i].ID, Title: tasks[i].Title, Date: d.Date, Missing: d.Date < today})
			}
		}
	}
	return out, nil
}

// returnedReports lists returned reports of p's units' open tasks not yet
// submitted again, latest first.
func (s *Store) returnedReports(ctx context.Context, p *auth.Principal) ([]ReturnedReport, error) {
	if len(p.Units) == 0 || !p.HasAny(auth.RoleLiaison, auth.RoleUnitHead) {
		return nil, nil
	}
	var out []ReturnedReport
	err := eachRow(ctx, s.db, `SELECT r.id, r.task_id, t.title, r.due_date, r.review_comment FROM task_reports r
		JOIN tasks t ON t.id = r.task_id WHERE t.lead_unit_id IN (`+store.Placeholders(len(p.Units))+`) AND r.status = ?
		AND t.state NOT IN (?, ?) AND NOT EXISTS (SELECT 1 FROM task_reports l WHERE l.task_id = r.task_id
		AND l.due_date = r.due_date AND l.status <> ?) ORDER BY r.id DESC LIMIT ?`,
		append(store.IDArgs(p.Units), ReportReturned, StateDone, StateCancelled, ReportReturned, myWorkLimit), func(rows *sql.Rows) error {
			var rr ReturnedReport
			err := rows.Scan(&rr.ReportID, &rr.TaskID, &rr.Title, &rr.DueDate, &rr.Comment)
			out = append(out, rr)
			return err
		})
	return out, err
}
