package task

import (
	"context"

	"tongchou/internal/store"
)

// This file exports, for the briefing package, the pieces of the light and
// due-date rules it must apply exactly as the task pages do.

// CampaignRules reads a campaign's light thresholds and whether its report
// due dates follow working days.
func CampaignRules(ctx context.Context, q store.Querier, campaign int64) (Thresholds, bool, error) {
	r, err := campaignRules(ctx, q, campaign)
	return r.Thresholds, r.WorkingDays, err
}

// DueOutcomesOf is each report due date of a loaded task with its outcome
// on today, with the signing rule applied (due dates before signing are
// pending, not missing). reports must be the task's reports ordered by due
// date, then submission time.
func DueOutcomesOf(t *Task, workingDays bool, cal Workdays, reports []Report, today string) []DueReport {
	return dueOutcomes(t, workingDays, cal, reports, today)
}

// OwnLight is a loaded task's own light (not rolled up from sub-tasks) on
// today, from its due outcomes.
func OwnLight(t *Task, th Thresholds, cal Workdays, dues []DueReport, today string) (Light, error) {
	l, _, err := lightOf(t, th, cal, dues, today)
	return l, err
}
