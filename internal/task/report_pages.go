package task

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// ReportPages serves a task's reports: the list with due dates and outcomes,
// the submission form, and the office's accept and return.
type ReportPages struct {
	s  *Store
	ui *ui.UI
}

// NewReportPages returns the report handlers.
func NewReportPages(s *Store, u *ui.UI) *ReportPages { return &ReportPages{s: s, ui: u} }

type reportsPage struct {
	ReportsView
	Form     ReportInput
	Err      error
	ReviewID int64 // the report whose review form Err belongs to
}

// maxReportForm bounds a report form body: four texts of 2,000 characters,
// URL-encoded (up to 9 bytes a Chinese character), fit well within it.
const maxReportForm = 256 << 10

// List is GET /tasks/{id}/reports.
func (h *ReportPages) List(w http.ResponseWriter, r *http.Request) error {
	id, err := reportPathID(r)
	if err != nil {
		return err
	}
	v, err := h.s.Reports(r.Context(), auth.From(r.Context()), id)
	if err != nil {
		return err
	}
	form := ReportInput{}
	if len(v.Open) > 0 {
		form.DueDate = v.Open[0]
	}
	return h.ui.Render(w, r, http.StatusOK, "report_list", reportsPage{ReportsView: v, Form: form})
}

// Submit is POST /tasks/{id}/reports.
func (h *ReportPages) Submit(w http.ResponseWriter, r *http.Request) error {
	id, err := reportPathID(r)
	if err != nil {
		return err
	}
	p := auth.From(r.Context())
	var in ReportInput
	if err = reportParseForm(w, r); err == nil {
		in = ParseReportForm(r.PostForm)
		_, err = h.s.SubmitReport(r.Context(), p, id, in)
	}
	if ui.IsInvalid(err) {
		v, verr := h.s.Reports(r.Context(), p, id)
		if verr != nil {
			return verr
		}
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "report_list", reportsPage{ReportsView: v, Form: in, Err: err})
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "report.flash.submitted")
	return ui.Redirect(w, r, "/tasks/"+itoa(id)+"/reports")
}

// Accept is POST /reports/{id}/accept.
func (h *ReportPages) Accept(w http.ResponseWriter, r *http.Request) error {
	return h.review(w, r, h.s.AcceptReport, "report.flash.accepted")
}

// Return is POST /reports/{id}/return.
func (h *ReportPages) Return(w http.ResponseWriter, r *http.Request) error {
	return h.review(w, r, h.s.ReturnReport, "report.flash.returned")
}

// review runs an accept or return; a missing comment shows beside the
// report's form, a report changed meanwhile answers 409.
func (h *ReportPages) review(w http.ResponseWriter, r *http.Request,
	do func(context.Context, *auth.Principal, int64, ReviewInput) error, flash string) error {
	id, err := reportPathID(r)
	if err != nil {
		return err
	}
	if err := reportParseForm(w, r); err != nil {
		return err
	}
	p := auth.From(r.Context())
	task, err := h.s.ReportTask(r.Context(), p, id)
	if err != nil {
		return err
	}
	err = do(r.Context(), p, id, ParseReviewForm(r.PostForm))
	if ui.IsInvalid(err) {
		v, verr := h.s.Reports(r.Context(), p, task)
		if verr != nil {
			return verr
		}
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "report_list", reportsPage{ReportsView: v, Err: err, ReviewID: id})
	}
	if err != nil {
		return err
	}
	ui.Flash(w, flash)
	return ui.Redirect(w, r, "/tasks/"+itoa(task)+"/reports")
}

// reportPathID reads the {id} path value; anything but a positive number is 404.
func reportPathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, store.ErrNotFound
	}
	return id, nil
}

// reportParseForm reads a bounded form body; an oversized one is a bad request.
func reportParseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxReportForm)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return ui.Errors{"form": "report.err.too_big"}
		}
		return ui.ErrBadRequest
	}
	return nil
}

// reportItem is one report as its template shows it, with what the review
// form needs.
type reportItem struct {
	R         Report
	CanReview bool
	ReviewID  int64
	Err       error
	Files     []Attachment // the report's files and whether the viewer may add one (attach.go)
	CanAttach bool
}

// Item wraps a report for the report_item template.
func (p reportsPage) Item(r Report) reportItem {
	return reportItem{R: r, CanReview: p.CanReview, ReviewID: p.ReviewID, Err: p.Err,
		Files: p.Attachments[r.ID], CanAttach: p.CanSubmit && r.Status == ReportSubmitted}
}
