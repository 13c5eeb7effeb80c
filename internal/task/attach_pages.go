package task

import (
	"errors"
	"io"
	"net/http"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/files"
	"tongchou/internal/ui"
)

// AttachPages serves the uploads on a task and on a report, and the
// downloads; form errors show on the task or report page beside the file input.
type AttachPages struct {
	s       *Store
	files   *files.Store
	pages   *Pages
	reports *ReportPages
}

// attachLimitMB is the upload limit shown beside the file inputs; it is set
// once at wiring from the file store's limit.
var attachLimitMB = files.DefaultLimit >> 20

// NewAttachPages returns the attachment handlers over s and the blob store fs.
func NewAttachPages(s *Store, fs *files.Store, u *ui.UI) *AttachPages {
	attachLimitMB = (fs.Limit + (1<<20 - 1)) >> 20
	return &AttachPages{s: s, files: fs, pages: NewPages(s, u), reports: NewReportPages(s, u)}
}

// AttachLimitMB is the upload limit in MB, for the hint beside the inputs.
func (taskPage) AttachLimitMB() int64 { return attachLimitMB }

// AttachLimitMB is the upload limit in MB, for the hint beside the inputs.
func (reportItem) AttachLimitMB() int64 { return attachLimitMB }

// AttachAllowed lists the accepted extensions, for the hint.
func (taskPage) AttachAllowed() string { return attachAllowed }

// AttachAllowed lists the accepted extensions, for the hint.
func (reportItem) AttachAllowed() string { return attachAllowed }

// TaskUpload is POST /tasks/{id}/attachments.
func (h *AttachPages) TaskUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	p := auth.From(r.Context())
	if err := h.s.CheckAttachToTask(r.Context(), p, id); err != nil {
		return err // checked before the body is read: nobody stores into a task they cannot touch
	}
	b, err := h.receive(w, r)
	if err == nil {
		_, err = h.s.AttachToTask(r.Context(), h.files, p, id, b)
	}
	if ui.IsInvalid(err) {
		return h.pages.taskPage(w, r, http.StatusUnprocessableEntity, "attach", Request{}, err)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "attach.flash.added")
	return ui.Redirect(w, r, "/tasks/"+itoa(id)+"#attachments")
}

// ReportUpload is POST /reports/{id}/attachments.
func (h *AttachPages) ReportUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	p := auth.From(r.Context())
	task, err := h.s.CheckAttachToReport(r.Context(), p, id)
	if err != nil {
		return err
	}
	b, err := h.receive(w, r)
	if err == nil {
		_, err = h.s.AttachToReport(r.Context(), h.files, p, id, b)
	}
	if ui.IsInvalid(err) {
		v, verr := h.s.Reports(r.Context(), p, task)
		if verr != nil {
			return verr
		}
		return h.reports.ui.Render(w, r, http.StatusUnprocessableEntity, "report_list", reportsPage{ReportsView: v, Err: err, ReviewID: id})
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "attach.flash.added")
	return ui.Redirect(w, r, "/tasks/"+itoa(task)+"/reports#report-"+itoa(id))
}

// receive streams the form's "file" part into the blob store. Refusals are
// ui.Errors on the field "file"; nothing is stored for them.
func (h *AttachPages) receive(w http.ResponseWriter, r *http.Request) (files.Blob, error) {
	limit := h.files.Limit
	r.Body = http.MaxBytesReader(w, r.Body, limit+64<<10) // room for the multipart framing
	mr, err := r.MultipartReader()
	if err != nil {
		return files.Blob{}, ui.Errors{"file": "attach.err.missing"}
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return files.Blob{}, ui.Errors{"file": "attach.err.missing"}
		}
		if err != nil {
			var cut *http.MaxBytesError
			if errors.As(err, &cut) {
				return files.Blob{}, ui.Errors{"file": "attach.err.too_big"}
			}
			return files.Blob{}, ui.Errors{"file": "attach.err.missing"}
		}
		if part.FormName() != "file" || part.FileName() == "" {
			continue
		}
		b, err := h.files.Put(part, part.FileName(), limit)
		return b, uploadErr(err)
	}
}

// uploadErr turns the store's refusals into the message beside the field.
func uploadErr(err error) error {
	for sentinel, key := range map[error]string{files.ErrTooLarge: "attach.err.too_big", files.ErrEmpty: "attach.err.empty",
		files.ErrType: "attach.err.type", files.ErrMismatch: "attach.err.mismatch"} {
		if errors.Is(err, sentinel) {
			return ui.Errors{"file": key}
		}
	}
	return err
}

// Download is GET /files/{id}/{name}: the file as a download, for viewers
// who may see a task it is attached to (anyone else gets 404). It is never
// shown inline: the type served is the detected one, with nosniff.
func (h *AttachPages) Download(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	f, err := h.s.AttachedFile(r.Context(), auth.From(r.Context()), id)
	if err != nil {
		return err
	}
	blob, err := h.files.Open(f.SHA256)
	if err != nil {
		return err
	}
	defer blob.Close()
	hd := w.Header()
	hd.Set("Content-Type", f.ContentType)
	hd.Set("Content-Disposition", audit.ContentDisposition(files.ASCIIName(f.OriginalName), f.OriginalName))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "private, no-store")
	http.ServeContent(w, r, "", time.Time{}, blob)
	return nil
}
