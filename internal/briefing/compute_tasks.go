package briefing

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// taskRow is what the figures need of a task.
type taskRow struct {
	t        task.Task
	doneDate string // Shanghai date it was done; "" when not done
	reports  []reportRow
}

// reportRow is what the outcomes need of a report.
type reportRow struct {
	id     int64
	due    string
	late   bool
	status string
}

// loadTasks reads the campaign's tasks that were handed over and not cancelled.
func (c *calc) loadTasks(ctx context.Context, q store.Querier) error {
	rows, err := q.Query(ctx, `SELECT id, title, lead_unit_id, start_date, deadline, report_cycle, state, progress, signed_at,
		done_at FROM tasks WHERE campaign_id = ? AND state NOT IN (?, ?)`,
		c.f.CampaignID, task.StateDraft, task.StateCancelled)
	if err != nil {
		return fmt.Errorf("briefing tasks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r taskRow
		var doneAt *time.Time
		t := &r.t
		t.CampaignID = c.f.CampaignID
		if err := rows.Scan(&t.ID, &t.Title, &t.LeadUnitID, &t.StartDate, &t.Deadline, &t.ReportCycle, &t.State, &t.Progress,
			&t.SignedAt, &doneAt); err != nil {
			return fmt.Errorf("briefing tasks: %w", err)
		}
		if t.State == task.StateDone && doneAt != nil {
			r.doneDate = doneAt.In(ui.Shanghai).Format(dateLayout)
		}
		c.tasks = append(c.tasks, &r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("briefing tasks: %w", err)
	}
	// sorted here: an ORDER BY would make SQLite sort through a temporary b-tree
	slices.SortFunc(c.tasks, func(a, b *taskRow) int { return cmp.Compare(a.t.ID, b.t.ID) })
	c.index = make(map[int64]int, len(c.tasks))
	for i := range c.tasks {
		c.index[c.tasks[i].t.ID] = i
	}
	return c.doneWithoutTime(ctx, q)
}

// doneWithoutTime dates the done tasks that have no done_at (loaded as done
// by an import) by their last change. They are few, so the times are read
// apart rather than for every task.
func (c *calc) doneWithoutTime(ctx context.Context, q store.Querier) error {
	rows, err := q.Query(ctx, `SELECT id, updated_at FROM tasks WHERE campaign_id = ? AND state = ? AND done_at IS NULL`,
		c.f.CampaignID, task.StateDone)
	if err != nil {
		return fmt.Errorf("briefing done tasks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var at time.Time
		if err := rows.Scan(&id, &at); err != nil {
			return fmt.Errorf("briefing done tasks: %w", err)
		}
		if i, ok := c.index[id]; ok {
			c.tasks[i].doneDate = at.In(ui.Shanghai).Format(dateLayout)
		}
	}
	return rows.Err()
}

// reportWindows are how far before the period's end reports are read, by
// report cycle. The figures of the period need only its own due dates; a
// light needs the outcomes from the last reported due date on. A window
// that holds two due dates of the cycle whatever the holidays (three weeks,
// five weeks, seventy days) is exact: a running task with no report in it
// has two missing in a row and is red whatever came before, and older
// reports change nothing else. Reading only the window keeps the query to
// the recent part of a million reports.
var reportWindows = map[string]int{"weekly": 21, "biweekly": 35, "monthly": 70}

// walkReports reads the reports due in each cycle's window, then counts
// every task. Within a due date, reports come in id order, which is the order
// they were submitted in (rows are only ever inserted), so the covering index
// gives the order without a sort.
func (c *calc) walkReports(ctx context.Context, q store.Querier) error {
	to, _ := time.Parse(dateLayout, c.to)
	c.windowFrom = map[string]string{}
	for cycle, days := range reportWindows {
		from := min(c.from, to.AddDate(0, 0, -days).Format(dateLayout))
		c.windowFrom[cycle] = from
		if err := c.readReports(ctx, q, cycle, from); err != nil {
			return err
		}
	}
	for _, t := range c.tasks {
		c.count(t)
	}
	return nil
}

// readReports reads the reports of one cycle's tasks due from from to the
// period's end.
func (c *calc) readReports(ctx context.Context, q store.Querier, cycle, from string) error {
	rows, err := q.Query(ctx, `SELECT task_id, id, due_date, late, status FROM task_reports
		WHERE task_id IN (SELECT id FROM tasks WHERE campaign_id = ? AND state NOT IN (?, ?) AND report_cycle = ?)
		AND due_date >= ? AND due_date <= ? ORDER BY task_id, due_date, id`,
		c.f.CampaignID, task.StateDraft, task.StateCancelled, cycle, from, c.to)
	if err != nil {
		return fmt.Errorf("briefing reports: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var tid int64
		var r reportRow
		if err := rows.Scan(&tid, &r.id, &r.due, &r.late, &r.status); err != nil {
			return fmt.Errorf("briefing reports: %w", err)
		}
		if i, ok := c.index[tid]; ok {
			c.tasks[i].reports = append(c.tasks[i].reports, r)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("briefing reports: %w", err)
	}
	return nil
}

// count adds one task to its unit's row and to the whole.
func (c *calc) count(r *taskRow) {
	t := &r.t
	o := &c.f.Overall
	if o.ByState == nil {
		o.ByState, o.ByLight = map[string]int{}, map[string]int{}
	}
	u := c.unit(t.LeadUnitID)
	item := TaskItem{TaskID: t.ID, Title: t.Title, UnitID: u.UnitID, Unit: u.Name, Progress: t.Progress}
	c.basis.Tasks = append(c.basis.Tasks, t.ID)
	u.Tasks++
	o.Tasks++
	o.ByState[string(t.State)]++
	doneAsOf := r.doneDate != "" && r.doneDate <= c.to
	if doneAsOf {
		u.Done++
		o.Done++
		if r.doneDate >= c.from {
			u.DoneInPeriod++
			o.DoneInPeriod++
			c.f.Highlights = append(c.f.Highlights, withDate(item, r.doneDate))
		}
	}
	if !t.State.Final() {
		u.Open++
	}
	if c.inPeriod(t.Deadline) || (doneAsOf && r.doneDate >= c.from) {
		u.CompletionDue++
		o.CompletionDue++
		if doneAsOf && r.doneDate <= t.Deadline {
			u.CompletedOnTime++
			o.CompletedOnTime++
		}
	}
	var dues []task.DueReport
	if r.doneDate == "" || r.doneDate >= c.from {
		// a task done before the period has no due date in it and no light
		dues = task.DueOutcomesOf(c.windowed(t), c.workingDays, c.cal, r.taskReports(), c.to)
	}
	for _, d := range dues {
		if !c.inPeriod(d.Date) || (r.doneDate != "" && d.Date > r.doneDate) {
			continue
		}
		switch d.Outcome {
		case task.OutcomeOnTime:
			u.OnTime++
			o.OnTime++
		case task.OutcomeLate:
			u.Late++
			o.Late++
		case task.OutcomeMissing:
			u.Missing++
			o.Missing++
		default:
			continue
		}
		u.ReportsDue++
		o.ReportsDue++
	}
	light, err := task.OwnLight(t, c.th, c.cal, dues, c.to)
	if err != nil {
		light = task.LightGrey // malformed dates, which validation refuses: no light rather than no briefing
	}
	o.ByLight[string(light)]++
	c.lights[t.ID] = light
	switch light {
	case task.LightRed:
		u.Red++
		c.f.Problems.RedTasks = append(c.f.Problems.RedTasks, withDate(item, t.Deadline))
	case task.LightYellow:
		u.Yellow++
	}
	if !t.State.Final() && t.Deadline >= c.f.NextFrom && t.Deadline <= c.f.NextTo {
		c.f.NextSteps = append(c.f.NextSteps, withDate(item, t.Deadline))
	}
	r.reports = nil // done with them: 1,000,000 reports need not stay in memory
}

// taskReports hands a task's reports, already in due date and submission
// order, to the outcome rule.
func (r *taskRow) taskReports() []task.Report {
	out := make([]task.Report, len(r.reports))
	for i, x := range r.reports {
		out[i] = task.Report{ID: x.id, TaskID: r.t.ID, DueDate: x.due, Late: x.late, Status: x.status}
	}
	return out
}

// windowed returns the task with its start moved up to the report window,
// on a period boundary of its cycle, so that only the due dates the window
// can hold are computed (see reportWindow). The light still sees the real
// start, which the time-proportional schedule needs.
func (c *calc) windowed(t *task.Task) *task.Task {
	start, err := time.Parse(dateLayout, t.StartDate)
	wf, ok := c.windowFrom[t.ReportCycle]
	if err != nil || !ok || t.StartDate >= wf {
		return t
	}
	w, _ := time.Parse(dateLayout, wf)
	var clamp time.Time
	switch t.ReportCycle {
	case "weekly":
		clamp = mondayOf(w)
	case "biweekly": // two-week periods counted from the week the task starts
		m := mondayOf(start)
		clamp = m.AddDate(0, 0, 14*(int(w.Sub(m).Hours()/24)/14))
	case "monthly":
		clamp = time.Date(w.Year(), w.Month(), 1, 0, 0, 0, 0, time.UTC)
	default:
		return t
	}
	// The boundary starts a period, whose due date (its last working day or
	// Friday, or the deadline) falls after it, as due dates after the start
	// must; moving the start to the day before would move a biweekly phase.
	if !clamp.After(start) {
		return t
	}
	cp := *t
	cp.StartDate = clamp.Format(dateLayout)
	return &cp
}

func mondayOf(d time.Time) time.Time { return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7)) }

func withDate(t TaskItem, date string) TaskItem {
	t.Date = date
	return t
}
