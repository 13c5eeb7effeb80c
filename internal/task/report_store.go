package task

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
	"tongchou/internal/workday"
)

// reportCols are the columns scanReport reads, on alias r.
const reportCols = `r.id, r.task_id, r.due_date, r.unit_id, r.author_id, au.name, r.work_done, r.progress, r.problems,
	r.needs_coordination, COALESCE(r.coord_unit_id, 0), COALESCE(cu.name, ''), COALESCE(r.coord_leader_id, 0),
	COALESCE(cl.name, ''), r.next_steps, r.status, r.submitted_at, r.late, COALESCE(rv.name, ''), r.reviewed_at,
	r.review_comment, r.version`

const reportFrom = ` FROM task_reports r JOIN users au ON au.id = r.author_id LEFT JOIN units cu ON cu.id = r.coord_unit_id
	LEFT JOIN users cl ON cl.id = r.coord_leader_id LEFT JOIN users rv ON rv.id = r.reviewed_by`

func scanReport(sc interface{ Scan(...any) error }) (Report, error) {
	var r Report
	var reviewed sql.NullTime
	err := sc.Scan(&r.ID, &r.TaskID, &r.DueDate, &r.UnitID, &r.AuthorID, &r.AuthorName, &r.WorkDone, &r.Progress,
		&r.Problems, &r.NeedsCoordination, &r.CoordUnitID, &r.CoordUnitName, &r.CoordLeaderID, &r.CoordLeaderName,
		&r.NextSteps, &r.Status, &r.SubmittedAt, &r.Late, &r.ReviewerName, &reviewed, &r.ReviewComment, &r.Version)
	r.ReviewedAt = reviewed.Time
	return r, err
}

// taskReports lists every report of a task by due date, oldest submission first.
func taskReports(ctx context.Context, q store.Querier, task int64) ([]Report, error) {
	var out []Report
	rows, err := q.Query(ctx, `SELECT `+reportCols+reportFrom+` WHERE r.task_id = ? ORDER BY r.due_date, r.submitted_at, r.id`, task)
	if err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, fmt.Errorf("scan report: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReportStates are the task states in which the lead unit reports.
var ReportStates = []State{StateSigned, StateInProgress, StateCompletionRequested}

// CanSubmitReport reports whether p reports for t: a liaison or unit head of
// the lead unit (any of their units, for 兼职), while the task is under way.
func CanSubmitReport(p *auth.Principal, t *Task) bool {
	return p.HasAny(auth.RoleLiaison, auth.RoleUnitHead) && slices.Contains(p.Units, t.LeadUnitID) &&
		slices.Contains(ReportStates, t.State)
}

// CanReviewReport reports whether p accepts and returns reports: the office.
func CanReviewReport(p *auth.Principal) bool { return p.Has(auth.RoleOffice) }

// SubmitReport stores a report for one of the task's due dates and sets the
// task's progress. Another unit's task is store.ErrNotFound; a co-unit, the
// office or a leader gets ui.ErrForbidden; bad input is ui.Errors.
func (s *Store) SubmitReport(ctx context.Context, p *auth.Principal, taskID int64, in ReportInput) (int64, error) {
	var id int64
	// Grouped: concurrent submissions share one commit (and fsync) on SQLite.
	err := s.db.InGroupTx(ctx, func(tx *store.Tx) (err error) {
		id, err = s.SubmitReportIn(ctx, tx, p, taskID, in)
		return err
	})
	return id, err
}

// SubmitReportIn is SubmitReport inside the caller's transaction (the demo
// loader submits its history this way).
func (s *Store) SubmitReportIn(ctx context.Context, tx *store.Tx, p *auth.Principal, taskID int64, in ReportInput) (int64, error) {
	var id int64
	err := func() error {
		t, err := s.GetIn(ctx, tx, p, taskID)
		if err != nil {
			return err
		}
		if !p.HasAny(auth.RoleLiaison, auth.RoleUnitHead) || !slices.Contains(p.Units, t.LeadUnitID) {
			return fmt.Errorf("report on task %d: %w", taskID, ui.ErrForbidden)
		}
		r, errs := in.report()
		if !slices.Contains(ReportStates, t.State) {
			errs["form"] = "report.err.state"
		}
		if err := s.checkReport(ctx, tx, &t, &r, errs); err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		now := s.now().UTC()
		r.TaskID, r.UnitID, r.AuthorID, r.Status, r.SubmittedAt, r.Version = t.ID, t.LeadUnitID, p.ID, ReportSubmitted, now, 1
		r.Late = IsLate(now, r.DueDate)
		id, err = store.InsertID(ctx, tx, `INSERT INTO task_reports (task_id, due_date, unit_id, author_id, work_done, progress,
			problems, needs_coordination, coord_unit_id, coord_leader_id, next_steps, status, submitted_at, late, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			r.TaskID, r.DueDate, r.UnitID, r.AuthorID, r.WorkDone, r.Progress, r.Problems, r.NeedsCoordination,
			store.NullID(r.CoordUnitID), store.NullID(r.CoordLeaderID), r.NextSteps, r.Status, now, r.Late)
		if isUniqueViolation(err) {
			return ui.Errors{"due_date": "report.err.already"} // a concurrent submission won
		}
		if err != nil {
			return fmt.Errorf("insert report: %w", err)
		}
		r.ID = id
		if _, err := tx.Exec(ctx, `UPDATE tasks SET progress = ?, version = version + 1, updated_at = ? WHERE id = ?`,
			r.Progress, now, t.ID); err != nil {
			return fmt.Errorf("set task progress: %w", err)
		}
		if err := indexSearch(ctx, tx, t.ID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "task_report", EntityID: itoa(id), Action: "submit", After: r.auditView()})
	}()
	return id, err
}

// checkReport checks what needs the database: the due date is one of the
// task's, not yet reported, and not beyond the next one; the unit and
// leader asked to help exist.
func (s *Store) checkReport(ctx context.Context, tx *store.Tx, t *Task, r *Report, errs ui.Errors) error {
	if errs["due_date"] == "" {
		open, err := s.openDueDates(ctx, tx, t)
		if err != nil {
			return err
		}
		if !slices.Contains(open, r.DueDate) {
			var live int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM task_reports WHERE task_id = ? AND due_date = ? AND status <> ?`,
				t.ID, r.DueDate, ReportReturned).Scan(&live); err != nil {
				return fmt.Errorf("check report: %w", err)
			}
			errs["due_date"] = "report.err.due_date"
			if live > 0 {
				errs["due_date"] = "report.err.already"
			}
		}
	}
	if r.CoordUnitID != 0 {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM units WHERE id = ? AND active`, r.CoordUnitID).Scan(&n); err != nil {
			return fmt.Errorf("check unit: %w", err)
		}
		if n == 0 {
			errs["coord_unit_id"] = "report.err.choice"
		}
	}
	if r.CoordLeaderID != 0 {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM user_roles WHERE user_id = ? AND role = ?`,
			r.CoordLeaderID, auth.RoleLeader).Scan(&n); err != nil {
			return fmt.Errorf("check leader: %w", err)
		}
		if n == 0 {
			errs["coord_leader_id"] = "report.err.choice"
		}
	}
	return nil
}

// openDueDates are the due dates a report may be submitted for now: every
// past or current one without a live report (a missed one can still be
// reported, late), and the next upcoming one (reporting early).
func (s *Store) openDueDates(ctx context.Context, q store.Querier, t *Task) ([]string, error) {
	cal, err := workday.Load(ctx, q)
	if err != nil {
		return nil, err
	}
	today := s.today()
	dues, err := TaskDues(ctx, q, t, cal, today)
	if err != nil {
		return nil, err
	}
	var open []string
	for _, d := range dues {
		if d.Live() == nil {
			open = append(open, d.Date)
		}
		if d.Date >= today {
			break // the next due date is the last one open
		}
	}
	return open, nil
}

// isUniqueViolation recognises a unique index refusing a row on both engines.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

// IsLate reports whether a report submitted at the instant at misses its due
// date: the due date lasts until the end of that day in Asia/Shanghai.
func IsLate(at time.Time, due string) bool {
	return at.In(shanghai).Format(dateLayout) > due
}
