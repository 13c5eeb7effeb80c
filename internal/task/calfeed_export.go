package task

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"tongchou/internal/auth"
	"tongchou/internal/workday"
)

// Calendar entry kinds.
const (
	CalendarDeadline = "deadline" // a task's deadline
	CalendarReport   = "report"   // a report due date of a task the viewer's unit leads
)

// CalendarEntry is one dated item of a user's calendar feed (calfeed): an
// all-day date, never a time, since deadlines and due dates are civil dates.
type CalendarEntry struct {
	Kind     string
	TaskID   int64
	Title    string
	Campaign string
	LeadUnit string
	Date     string // 'YYYY-MM-DD'
	State    State
}

// calendarLimit bounds the tasks read for one feed: a calendar is a view of
// what is coming, not an archive.
const calendarLimit = 2000

// CalendarEntries lists, for p, the deadlines of the tasks in p's scope and
// the report due dates of the open tasks p's units lead, with dates in
// [from, to] ('YYYY-MM-DD'). Cancelled and draft tasks are left out; report
// due dates only count for liaisons and unit heads, who owe the reports.
func (s *Store) CalendarEntries(ctx context.Context, p *auth.Principal, from, to string) ([]CalendarEntry, error) {
	where, args := scopeWhere(p)
	var tasks []Task
	err := eachRow(ctx, s.db, `SELECT `+taskCols+taskFrom+` WHERE `+where+` AND t.state NOT IN (?, ?)
		AND t.deadline >= ? AND t.start_date <= ? ORDER BY t.deadline, t.id LIMIT ?`,
		append(args, StateCancelled, StateDraft, from, to, calendarLimit), func(rows *sql.Rows) error {
			t, err := scanTask(rows)
			tasks = append(tasks, t)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("calendar tasks: %w", err)
	}
	var out []CalendarEntry
	var cal *workday.Calendar
	rules := map[int64]bool{}
	for i := range tasks {
		t := &tasks[i]
		entry := CalendarEntry{TaskID: t.ID, Title: t.Title, Campaign: t.CampaignName, LeadUnit: t.LeadUnitName, State: t.State}
		if t.Deadline <= to {
			e := entry
			e.Kind, e.Date = CalendarDeadline, t.Deadline
			out = append(out, e)
		}
		if !owesReports(p, t) {
			continue
		}
		if cal == nil {
			if cal, err = workday.Load(ctx, s.db); err != nil {
				return nil, fmt.Errorf("calendar workdays: %w", err)
			}
		}
		wd, ok := rules[t.CampaignID]
		if !ok {
			r, err := campaignRules(ctx, s.db, t.CampaignID)
			if err != nil {
				return nil, err
			}
			wd, rules[t.CampaignID] = r.WorkingDays, r.WorkingDays
		}
		for _, d := range taskDueDates(t, wd, cal) {
			if date := d.Format(dateLayout); date >= from && date <= to {
				e := entry
				e.Kind, e.Date = CalendarReport, date
				out = append(out, e)
			}
		}
	}
	return out, nil
}

// owesReports: the lead unit's liaisons and heads report on open, signed tasks.
func owesReports(p *auth.Principal, t *Task) bool {
	return p.HasAny(auth.RoleLiaison, auth.RoleUnitHead) && slices.Contains(p.Units, t.LeadUnitID) &&
		(t.State == StateSigned || t.State == StateInProgress) && t.ReportCycle != "none"
}
