package task

import (
	"context"
	"fmt"
	"slices"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/workday"
)

// ReportsView is everything the task's report page shows.
type ReportsView struct {
	Task      Task
	Dues      []DueReport
	Other     []Report // reports whose date is no longer a due date (the cycle or dates changed)
	Open      []string // due dates a report may be submitted for now
	Light     Light
	Reasons   []Reason
	CanSubmit bool
	CanReview bool
	Units     []UnitRef // units that may be asked to help
	Leaders   []UnitRef // leaders who may be asked to help (id and name)

	Attachments map[int64][]Attachment // each report's files (attach_store.go)
}

// Reports reads a task's due dates, outcomes, reports and light for the
// viewer; another unit's task is store.ErrNotFound.
func (s *Store) Reports(ctx context.Context, p *auth.Principal, taskID int64) (ReportsView, error) {
	t, err := s.Get(ctx, p, taskID)
	if err != nil {
		return ReportsView{}, err
	}
	v := ReportsView{Task: t, CanSubmit: CanSubmitReport(p, &t), CanReview: CanReviewReport(p)}
	cal, err := workday.Load(ctx, s.db)
	if err != nil {
		return v, err
	}
	today := s.today()
	rules, err := campaignRules(ctx, s.db, t.CampaignID)
	if err != nil {
		return v, err
	}
	reports, err := taskReports(ctx, s.db, t.ID)
	if err != nil {
		return v, err
	}
	if v.Attachments, err = reportAttachments(ctx, s.db, t.ID); err != nil {
		return v, err
	}
	v.Dues = dueOutcomes(&t, rules.WorkingDays, cal, reports, today)
	for _, r := range reports {
		if !slices.ContainsFunc(v.Dues, func(d DueReport) bool { return d.Date == r.DueDate }) {
			v.Other = append(v.Other, r)
		}
	}
	if v.Light, v.Reasons, err = lightOf(&t, rules.Thresholds, cal, v.Dues, today); err != nil {
		return v, err
	}
	if v.CanSubmit {
		if v.Open, err = s.openDueDates(ctx, s.db, &t); err != nil {
			return v, err
		}
		if v.Units, err = refs(ctx, s.db, `SELECT id, name FROM units WHERE active ORDER BY name`); err != nil {
			return v, err
		}
		v.Leaders, err = refs(ctx, s.db, `SELECT u.id, u.name FROM users u JOIN user_roles r ON r.user_id = u.id
			WHERE r.role = ? AND NOT u.disabled ORDER BY u.name`, auth.RoleLeader)
	}
	return v, err
}

// refs reads id, name pairs.
func refs(ctx context.Context, q store.Querier, query string, args ...any) ([]UnitRef, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list choices: %w", err)
	}
	defer rows.Close()
	var out []UnitRef
	for rows.Next() {
		var r UnitRef
		if err := rows.Scan(&r.ID, &r.Name); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReportTask returns the id of the task a report belongs to, if the viewer
// may see that task.
func (s *Store) ReportTask(ctx context.Context, p *auth.Principal, reportID int64) (int64, error) {
	var task int64
	err := s.db.QueryRow(ctx, `SELECT task_id FROM task_reports WHERE id = ?`, reportID).Scan(&task)
	if err := store.NotFound(err, "report"); err != nil {
		return 0, err
	}
	if _, err := s.Get(ctx, p, task); err != nil {
		return 0, err
	}
	return task, nil
}
