package task

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tongchou/internal/ui"
)

// Report statuses. A returned report is kept as it was; the unit submits a
// new one for the same due date.
const (
	ReportSubmitted = "submitted" // waiting for the office
	ReportAccepted  = "accepted"  // the office accepted it
	ReportReturned  = "returned"  // the office sent it back with a comment
)

// Limits on a report's texts, in characters.
const (
	maxReportText    = 2000
	maxReviewComment = 1000
)

// Report is one progress report (进展报送) for a task's due date.
type Report struct {
	ID                int64
	TaskID            int64
	DueDate           string
	UnitID            int64
	AuthorID          int64
	AuthorName        string
	WorkDone          string
	Progress          int
	Problems          string
	NeedsCoordination bool
	CoordUnitID       int64
	CoordUnitName     string
	CoordLeaderID     int64
	CoordLeaderName   string
	NextSteps         string
	Status            string
	SubmittedAt       time.Time
	Late              bool
	ReviewerName      string
	ReviewedAt        time.Time
	ReviewComment     string
	Version           int
}

// auditView is the report as the audit log keeps it: ids, numbers and the
// state, not the texts (which may name people).
func (r *Report) auditView() map[string]any {
	return map[string]any{"task": r.TaskID, "due_date": r.DueDate, "progress": r.Progress, "status": r.Status,
		"late": r.Late, "needs_coordination": r.NeedsCoordination, "coord_unit": r.CoordUnitID,
		"coord_leader": r.CoordLeaderID, "version": r.Version}
}

// ReportInput is the submission form as typed.
type ReportInput struct {
	DueDate           string
	WorkDone          string
	Progress          string
	Problems          string
	NeedsCoordination bool
	CoordUnitID       string
	CoordLeaderID     string
	NextSteps         string
}

// ParseReportForm reads the submission form.
func ParseReportForm(f url.Values) ReportInput {
	return ReportInput{
		DueDate:           strings.TrimSpace(f.Get("due_date")),
		WorkDone:          strings.TrimSpace(f.Get("work_done")),
		Progress:          strings.TrimSpace(f.Get("progress")),
		Problems:          strings.TrimSpace(f.Get("problems")),
		NeedsCoordination: f.Get("needs_coordination") == "1",
		CoordUnitID:       strings.TrimSpace(f.Get("coord_unit_id")),
		CoordLeaderID:     strings.TrimSpace(f.Get("coord_leader_id")),
		NextSteps:         strings.TrimSpace(f.Get("next_steps")),
	}
}

// report validates the input on its own (the due date and the people named
// are checked against the database by the store) and returns the report.
func (in ReportInput) report() (Report, ui.Errors) {
	errs := ui.Errors{}
	r := Report{DueDate: in.DueDate, WorkDone: in.WorkDone, Problems: in.Problems, NextSteps: in.NextSteps,
		NeedsCoordination: in.NeedsCoordination}
	if d, ok := parseDate(in.DueDate); ok {
		r.DueDate = d
	} else {
		errs["due_date"] = dateErr(in.DueDate)
	}
	checkText(errs, "work_done", in.WorkDone, maxReportText, true)
	checkText(errs, "problems", in.Problems, maxReportText, in.NeedsCoordination)
	checkText(errs, "next_steps", in.NextSteps, maxReportText, true)
	switch p, err := strconv.Atoi(in.Progress); {
	case in.Progress == "":
		errs["progress"] = "form.required"
	case err != nil || p < 0 || p > 100:
		errs["progress"] = "report.err.progress"
	default:
		r.Progress = p
	}
	r.CoordUnitID = parseID(errs, "coord_unit_id", in.CoordUnitID)
	r.CoordLeaderID = parseID(errs, "coord_leader_id", in.CoordLeaderID)
	if !in.NeedsCoordination {
		r.CoordUnitID, r.CoordLeaderID = 0, 0 // a stale choice left in the form means nothing
		delete(errs, "coord_unit_id")
		delete(errs, "coord_leader_id")
	} else if r.CoordUnitID == 0 && r.CoordLeaderID == 0 && errs["coord_unit_id"] == "" && errs["coord_leader_id"] == "" {
		errs["coord_unit_id"] = "report.err.coord_whom"
	}
	return r, errs
}

// parseID reads an optional id field; empty is 0.
func parseID(errs ui.Errors, field, v string) int64 {
	if v == "" {
		return 0
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 || utf8.RuneCountInString(v) > 19 {
		errs[field] = "report.err.choice"
		return 0
	}
	return id
}

// ReviewInput is the office's accept or return form.
type ReviewInput struct {
	Version int
	Comment string
}

// ParseReviewForm reads the review form.
func ParseReviewForm(f url.Values) ReviewInput {
	v, _ := strconv.Atoi(f.Get("version"))
	return ReviewInput{Version: v, Comment: strings.TrimSpace(f.Get("comment"))}
}
