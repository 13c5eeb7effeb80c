package task

import (
	"net/url"
	"slices"
	"time"

	"tongchou/internal/auth"
	"tongchou/internal/files"
)

// Attachment kinds: the office's documents on a task, a unit's completion
// evidence (办结佐证), and a progress report's files.
const (
	AttachTask     = "task"
	AttachEvidence = "evidence"
	AttachReport   = "report"
)

// Attachment is a file attached to a task or to one of its reports.
type Attachment struct {
	ID          int64
	TaskID      int64
	FileID      int64
	Kind        string
	ReportID    int64
	UnitName    string
	Name        string
	Size        int64
	ContentType string
	UploadedBy  string
	UploadedAt  time.Time
}

// Href is the download address; the name in it is only for the browser
// (the file is found by id).
func (a Attachment) Href() string { return "/files/" + itoa(a.FileID) + "/" + url.PathEscape(a.Name) }

// SizeKB is the size in kilobytes, rounded up, for the lists.
func (a Attachment) SizeKB() int64 { return (a.Size + 1023) / 1024 }

// attachKind says what p may attach to t on the task page, and for which
// unit: the office attaches task documents; a liaison or unit head of the
// lead unit or a co-unit attaches evidence. "" when p may not attach, or the
// task is done or cancelled.
func attachKind(p *auth.Principal, t *Task) (kind string, unit int64) {
	if t.State.Final() {
		return "", 0
	}
	if p.Has(auth.RoleOffice) {
		return AttachTask, p.UnitID
	}
	if !p.HasAny(auth.RoleLiaison, auth.RoleUnitHead) {
		return "", 0
	}
	if slices.Contains(p.Units, t.LeadUnitID) {
		return AttachEvidence, t.LeadUnitID
	}
	for _, u := range p.Units {
		if t.HasCoUnit(u) {
			return AttachEvidence, u
		}
	}
	return "", 0
}

// canAttachToReport reports whether p may add files to r: the lead unit's
// liaison or head, while the report waits for review.
func canAttachToReport(p *auth.Principal, r *Report) bool {
	return p.HasAny(auth.RoleLiaison, auth.RoleUnitHead) && slices.Contains(p.Units, r.UnitID) && r.Status == ReportSubmitted
}

// attachAllowed is the hint shown beside the file inputs.
const attachAllowed = files.Allowed
