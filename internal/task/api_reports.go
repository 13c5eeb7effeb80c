package task

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"tongchou/internal/api"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

type apiDue struct {
	Date    string  `json:"date"`
	Outcome Outcome `json:"outcome"`
	Reports []int64 `json:"report_ids"`
}

type apiReports struct {
	TaskID       int64       `json:"task_id"`
	Light        Light       `json:"light"`
	LightReasons []apiReason `json:"light_reasons"`
	CanSubmit    bool        `json:"can_submit"`
	CanReview    bool        `json:"can_review"`
	OpenDueDates []string    `json:"open_due_dates"`
	DueDates     []apiDue    `json:"due_dates"`
	Reports      []apiReport `json:"reports"`
}

// reports is GET /api/v1/tasks/{id}/reports: the due dates with their
// outcomes, every report (returned ones too) and the task's own light.
func (h *APIHandlers) reports(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	v, err := h.s.Reports(r.Context(), auth.From(r.Context()), id)
	if err != nil {
		return err
	}
	out := apiReports{TaskID: id, Light: v.Light, LightReasons: h.reasonsJSON(apiLang(r), v.Reasons), CanSubmit: v.CanSubmit,
		CanReview: v.CanReview, OpenDueDates: append([]string{}, v.Open...), DueDates: []apiDue{}, Reports: []apiReport{}}
	for _, d := range v.Dues {
		due := apiDue{Date: d.Date, Outcome: d.Outcome, Reports: []int64{}}
		for _, rep := range d.Reports {
			due.Reports = append(due.Reports, rep.ID)
			out.Reports = append(out.Reports, reportJSON(rep))
		}
		out.DueDates = append(out.DueDates, due)
	}
	for _, rep := range v.Other {
		out.Reports = append(out.Reports, reportJSON(rep))
	}
	return api.JSON(w, http.StatusOK, out)
}

// apiReportInput is the body of POST /api/v1/tasks/{id}/reports.
type apiReportInput struct {
	DueDate           string `json:"due_date"`
	WorkDone          string `json:"work_done"`
	Progress          *int   `json:"progress"`
	Problems          string `json:"problems"`
	NeedsCoordination bool   `json:"needs_coordination"`
	CoordUnitID       int64  `json:"coord_unit_id"`
	CoordLeaderID     int64  `json:"coord_leader_id"`
	NextSteps         string `json:"next_steps"`
}

// input is the body as the report form would have given it, so the same
// validation applies.
func (b apiReportInput) input() ReportInput {
	in := ReportInput{DueDate: strings.TrimSpace(b.DueDate), WorkDone: strings.TrimSpace(b.WorkDone),
		Problems: strings.TrimSpace(b.Problems), NeedsCoordination: b.NeedsCoordination, NextSteps: strings.TrimSpace(b.NextSteps)}
	if b.Progress != nil {
		in.Progress = strconv.Itoa(*b.Progress)
	}
	if b.CoordUnitID != 0 {
		in.CoordUnitID = itoa(b.CoordUnitID)
	}
	if b.CoordLeaderID != 0 {
		in.CoordLeaderID = itoa(b.CoordLeaderID)
	}
	return in
}

// submitReport is POST /api/v1/tasks/{id}/reports (the lead unit).
func (h *APIHandlers) submitReport(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var body apiReportInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	rid, err := h.s.SubmitReport(r.Context(), auth.From(r.Context()), id, body.input())
	if err != nil {
		return err
	}
	rep, err := h.s.report(r.Context(), auth.From(r.Context()), rid)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/tasks/"+itoa(id)+"/reports")
	return api.JSON(w, http.StatusCreated, reportJSON(rep))
}

// apiReview is the body of POST /api/v1/reports/{id}/accept and /return.
type apiReview struct {
	Version *int   `json:"version"`
	Comment string `json:"comment"`
}

// acceptReport is POST /api/v1/reports/{id}/accept (office).
func (h *APIHandlers) acceptReport(w http.ResponseWriter, r *http.Request) error {
	return h.review(w, r, h.s.AcceptReport)
}

// returnReport is POST /api/v1/reports/{id}/return (office; comment required).
func (h *APIHandlers) returnReport(w http.ResponseWriter, r *http.Request) error {
	return h.review(w, r, h.s.ReturnReport)
}

func (h *APIHandlers) review(w http.ResponseWriter, r *http.Request,
	act func(context.Context, *auth.Principal, int64, ReviewInput) error) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var body apiReview
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	if body.Version == nil || *body.Version <= 0 {
		return ui.Errors{"version": "form.required"}
	}
	p := auth.From(r.Context())
	if err := act(r.Context(), p, id, ReviewInput{Version: *body.Version, Comment: strings.TrimSpace(body.Comment)}); err != nil {
		return err
	}
	rep, err := h.s.report(r.Context(), p, id)
	if err != nil {
		return err
	}
	return api.JSON(w, http.StatusOK, reportJSON(rep))
}

// report reads one report whose task p may see.
func (s *Store) report(ctx context.Context, p *auth.Principal, id int64) (Report, error) {
	rep, err := scanReport(s.db.QueryRow(ctx, `SELECT `+reportCols+reportFrom+` WHERE r.id = ?`, id))
	if err := store.NotFound(err, "report"); err != nil {
		return Report{}, err
	}
	if _, err := s.Get(ctx, p, rep.TaskID); err != nil {
		return Report{}, err
	}
	return rep, nil
}
