package task

import (
	"context"
	"fmt"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// AcceptReport is the office accepting a submitted report.
func (s *Store) AcceptReport(ctx context.Context, p *auth.Principal, id int64, in ReviewInput) error {
	return s.review(ctx, p, id, in, ReportAccepted)
}

// ReturnReport is the office returning a submitted report with a comment
// (required); the unit then submits a new one for the same due date.
func (s *Store) ReturnReport(ctx context.Context, p *auth.Principal, id int64, in ReviewInput) error {
	return s.review(ctx, p, id, in, ReportReturned)
}

// review moves a submitted report to accepted or returned. The report's task
// must be in p's scope (else store.ErrNotFound); only the office reviews
// (else ui.ErrForbidden); a report already reviewed, or changed since the
// form was shown, is store.ErrConflict, so two reviewers cannot both win.
func (s *Store) review(ctx context.Context, p *auth.Principal, id int64, in ReviewInput, to string) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error { return s.ReviewReportIn(ctx, tx, p, id, in, to) })
}

// ReviewReportIn moves a submitted report to to (ReportAccepted or
// ReportReturned) inside the caller's transaction, checked as review says.
func (s *Store) ReviewReportIn(ctx context.Context, tx *store.Tx, p *auth.Principal, id int64, in ReviewInput, to string) error {
	if to != ReportAccepted && to != ReportReturned {
		return fmt.Errorf("review report %d: unknown outcome %q", id, to)
	}
	return func() error {
		r, err := scanReport(tx.QueryRow(ctx, `SELECT `+reportCols+reportFrom+` WHERE r.id = ?`, id))
		if err := store.NotFound(err, "report"); err != nil {
			return err
		}
		if _, err := s.GetIn(ctx, tx, p, r.TaskID); err != nil {
			return err
		}
		if !CanReviewReport(p) {
			return fmt.Errorf("review report %d: %w", id, ui.ErrForbidden)
		}
		errs := ui.Errors{}
		checkText(errs, "comment", in.Comment, maxReviewComment, to == ReportReturned)
		if len(errs) > 0 {
			return errs
		}
		if r.Status != ReportSubmitted || r.Version != in.Version {
			return fmt.Errorf("review report %d (status %s, version %d, form %d): %w", id, r.Status, r.Version, in.Version, store.ErrConflict)
		}
		before := r.auditView()
		now := s.now().UTC()
		res, err := tx.Exec(ctx, `UPDATE task_reports SET status = ?, reviewed_by = ?, reviewed_at = ?, review_comment = ?,
			version = version + 1 WHERE id = ? AND status = ? AND version = ?`, to, p.ID, now, in.Comment, id, ReportSubmitted, in.Version)
		if err := oneRow(res, err, id); err != nil {
			return err
		}
		r.Status, r.Version = to, r.Version+1
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "task_report", EntityID: itoa(id), Action: to,
			Before: before, After: r.auditView()})
	}()
}
