package task

import (
	"context"
	"errors"
	"fmt"
	"time"

	"tongchou/internal/store"
	"tongchou/internal/workday"
)

// DueReport is one report due date of a task with its outcome and every
// report submitted for it (oldest first; returned ones included).
type DueReport struct {
	Date    string
	Outcome Outcome
	Reports []Report
}

// Live is the report that counts for the due date now (submitted or
// accepted), or nil when there is none or all were returned.
func (d *DueReport) Live() *Report {
	for i := range d.Reports {
		if d.Reports[i].Status != ReportReturned {
			return &d.Reports[i]
		}
	}
	return nil
}

// lightRules are a campaign's light thresholds and its due-date mode.
type lightRules struct {
	Thresholds  Thresholds
	WorkingDays bool
}

// campaignRules reads a campaign's thresholds and whether its report due
// dates follow working days.
func campaignRules(ctx context.Context, q store.Querier, campaign int64) (lightRules, error) {
	var r lightRules
	err := q.QueryRow(ctx, `SELECT light_lag_red, light_lag_yellow, light_due_days, report_workdays FROM campaigns WHERE id = ?`,
		campaign).Scan(&r.Thresholds.LagRed, &r.Thresholds.LagYellow, &r.Thresholds.DueWorkdays, &r.WorkingDays)
	return r, store.NotFound(err, "campaign rules")
}

// Outcomes judges each due date on today (a Shanghai civil date,
// 'YYYY-MM-DD'). Choices:
//   - a due date is met by its FIRST submission: a report that was on time
//     and then returned stays on time, even when the resubmission comes
//     later, since the return is the office's act, not the unit's delay;
//   - a due date with no report is pending through the whole due day and
//     missing from the next day on;
//   - a report for a date that is not (or no longer) a due date, for
//     example after the cycle changed, is shown by the page but does not
//     count here.
func Outcomes(due []time.Time, reports []Report, today string) []DueReport {
	byDate := map[string][]Report{}
	for _, r := range reports {
		byDate[r.DueDate] = append(byDate[r.DueDate], r)
	}
	out := make([]DueReport, len(due))
	for i, d := range due {
		date := d.Format(dateLayout)
		dr := DueReport{Date: date, Reports: byDate[date]}
		switch {
		case len(dr.Reports) > 0 && dr.Reports[0].Late:
			dr.Outcome = OutcomeLate
		case len(dr.Reports) > 0:
			dr.Outcome = OutcomeOnTime
		case date < today:
			dr.Outcome = OutcomeMissing
		default:
			dr.Outcome = OutcomePending
		}
		out[i] = dr
	}
	return out
}

// outcomesUpTo lists the outcomes of the due dates up to today, the light's input.
func outcomesUpTo(dues []DueReport, today string) []Outcome {
	var out []Outcome
	for _, d := range dues {
		if d.Date > today {
			break
		}
		out = append(out, d.Outcome)
	}
	return out
}

// TaskDues returns the task's due dates with their outcomes on today. The
// caller has checked the viewer's scope (Get / GetIn).
func TaskDues(ctx context.Context, q store.Querier, t *Task, cal *workday.Calendar, today string) ([]DueReport, error) {
	rules, err := campaignRules(ctx, q, t.CampaignID)
	if err != nil {
		return nil, err
	}
	reports, err := taskReports(ctx, q, t.ID)
	if err != nil {
		return nil, err
	}
	return dueOutcomes(t, rules.WorkingDays, cal, reports, today), nil
}

// dueOutcomes is each due date of t with its outcome. Due dates before the
// day the lead unit signed for the task (all of them while it is not signed
// for) do not count as missing: a report is only owed from the signing date
// on. They stay listed (and may still be reported) but count as pending,
// which the light ignores. A task past signing with no signing time (loaded
// as already under way: the demo, imports of running work) owes reports from
// its start.
func dueOutcomes(t *Task, workingDays bool, cal Workdays, reports []Report, today string) []DueReport {
	dues := Outcomes(taskDueDates(t, workingDays, cal), reports, today)
	from := ""
	switch {
	case t.SignedAt != nil:
		from = t.SignedAt.In(shanghai).Format(dateLayout)
	case t.State == StateDraft || t.State == StateAssigned || t.State == StateReturnedByUnit:
		from = "9999-12-31"
	}
	for i := range dues {
		if dues[i].Outcome == OutcomeMissing && dues[i].Date < from {
			dues[i].Outcome = OutcomePending
		}
	}
	return dues
}

// taskDueDates computes the due dates from the task's start to its deadline.
func taskDueDates(t *Task, workingDays bool, cal Workdays) []time.Time {
	start, err1 := time.Parse(dateLayout, t.StartDate)
	deadline, err2 := time.Parse(dateLayout, t.Deadline)
	if err1 != nil || err2 != nil {
		return nil
	}
	return DueDates(t.ReportCycle, start, deadline, workingDays, cal)
}

// TaskLight computes a task's own light (not rolled up from children) with
// its reasons, on today ('YYYY-MM-DD' in Shanghai).
func TaskLight(ctx context.Context, q store.Querier, t *Task, cal *workday.Calendar, today string) (Light, []Reason, error) {
	rules, err := campaignRules(ctx, q, t.CampaignID)
	if err != nil {
		return "", nil, err
	}
	reports, err := taskReports(ctx, q, t.ID)
	if err != nil {
		return "", nil, err
	}
	return lightOf(t, rules.Thresholds, cal, dueOutcomes(t, rules.WorkingDays, cal, reports, today), today)
}

// lightOf feeds a loaded task into the light rule.
func lightOf(t *Task, th Thresholds, cal Workdays, dues []DueReport, today string) (Light, []Reason, error) {
	start, err1 := time.Parse(dateLayout, t.StartDate)
	deadline, err2 := time.Parse(dateLayout, t.Deadline)
	now, err3 := time.Parse(dateLayout, today)
	if err := errors.Join(err1, err2, err3); err != nil {
		return "", nil, fmt.Errorf("light of task %d: %w", t.ID, err)
	}
	l, why := ComputeLight(LightInput{Closed: t.State.Final(), Start: start, Deadline: deadline, Progress: t.Progress,
		Today: now, Reports: outcomesUpTo(dues, today)}, th, cal)
	return l, why, nil
}
