package bulletin

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/files"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Pages serves notices and the document library.
type Pages struct {
	s     *Store
	files *files.Store
	ui    *ui.UI
}

// NewPages returns the handlers over s.
func NewPages(s *Store, u *ui.UI) *Pages { return &Pages{s: s, files: s.files, ui: u} }

// Option is a choice in a form's list.
type Option struct {
	ID   int64
	Name string
}

type listPage struct {
	Bulletins  []Bulletin
	CanPublish bool
	Campaigns  []Option // for the links to each campaign's library
}

// List is GET /bulletins.
func (h *Pages) List(w http.ResponseWriter, r *http.Request) error {
	p := auth.From(r.Context())
	list, err := h.s.List(r.Context(), p)
	if err != nil {
		return err
	}
	camps, err := h.s.options(r.Context(), `SELECT id, name FROM campaigns ORDER BY start_date DESC, id DESC`)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "bulletin_list", listPage{Bulletins: list, CanPublish: CanPublish(p), Campaigns: camps})
}

type formPage struct {
	Form        Input
	Senders     []Option
	Units       []Option
	Campaigns   []Option
	Err         error
	LimitMB     int64
	MaxFiles    int
	Allowed     string
	UnitChecked map[string]bool
}

// New is GET /bulletins/new.
func (h *Pages) New(w http.ResponseWriter, r *http.Request) error {
	p := auth.From(r.Context())
	if !CanPublish(p) {
		return ui.ErrForbidden
	}
	in := Input{SenderUnit: strconv.FormatInt(p.UnitID, 10), Campaign: r.URL.Query().Get("campaign")}
	return h.form(w, r, http.StatusOK, in, nil)
}

func (h *Pages) form(w http.ResponseWriter, r *http.Request, status int, in Input, ferr error) error {
	ctx := r.Context()
	p := auth.From(ctx)
	page := formPage{Form: in, Err: ferr, LimitMB: (h.files.Limit + 1<<20 - 1) >> 20, MaxFiles: maxAttachments,
		Allowed: files.Allowed, UnitChecked: map[string]bool{}}
	for _, u := range in.Units {
		page.UnitChecked[u] = true
	}
	var err error
	if page.Senders, err = h.s.options(ctx, `SELECT id, name FROM units WHERE id IN (`+store.Placeholders(len(p.Units))+`) ORDER BY id`, store.IDArgs(p.Units)...); err != nil {
		return err
	}
	if page.Units, err = h.s.options(ctx, `SELECT id, name FROM units WHERE active = ? ORDER BY id`, true); err != nil {
		return err
	}
	if page.Campaigns, err = h.s.options(ctx, `SELECT id, name FROM campaigns ORDER BY start_date DESC, id DESC`); err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "bulletin_form", page)
}

// Create is POST /bulletins/create (multipart: the fields, then the files).
func (h *Pages) Create(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := auth.From(ctx)
	if !CanPublish(p) {
		return ui.ErrForbidden
	}
	values, blobs, err := h.receive(w, r, maxAttachments, func(v url.Values) error { return h.s.Check(ctx, p, inputOf(v)) })
	if err == nil {
		var id int64
		if id, err = h.s.Publish(ctx, p, inputOf(values), blobs); err == nil {
			ui.Flash(w, "bulletin.flash.published")
			return ui.Redirect(w, r, "/bulletins/"+itoa(id))
		}
	}
	if ui.IsInvalid(err) {
		return h.form(w, r, http.StatusUnprocessableEntity, inputOf(values), err)
	}
	return err
}

func inputOf(v url.Values) Input {
	return Input{Title: v.Get("title"), Body: v.Get("body"), SenderUnit: v.Get("sender_unit"), Campaign: v.Get("campaign"),
		ToAll: v.Get("to_all") == "1", Units: v["units"]}
}

type showPage struct {
	B            Bulletin
	SeesReceipts bool
	MayConfirm   []Receipt
	MyReceipts   []Receipt
	MayRemind    bool
	Pending      int
	Err          error
}

// Show is GET /bulletins/{id}.
func (h *Pages) Show(w http.ResponseWriter, r *http.Request) error {
	return h.show(w, r, http.StatusOK, nil)
}

func (h *Pages) show(w http.ResponseWriter, r *http.Request, status int, ferr error) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	p := auth.From(r.Context())
	b, err := h.s.Get(r.Context(), p, id)
	if err != nil {
		return err
	}
	page := showPage{B: b, SeesReceipts: b.SeesReceipts(p), MayConfirm: b.MayConfirm(p), MayRemind: b.MayRemind(p), Err: ferr}
	for _, rc := range b.Receipts {
		if containsUnit(p.Units, rc.UnitID) {
			page.MyReceipts = append(page.MyReceipts, rc)
		}
		if !rc.Done() {
			page.Pending++
		}
	}
	return h.ui.Render(w, r, status, "bulletin_page", page)
}

// Confirm is POST /bulletins/{id}/confirm (unit: optional, one of the viewer's).
func (h *Pages) Confirm(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var unit int64
	if u := r.PostFormValue("unit"); u != "" {
		if unit, err = strconv.ParseInt(u, 10, 64); err != nil || unit <= 0 {
			return ui.ErrBadRequest
		}
	}
	if err := h.s.Confirm(r.Context(), auth.From(r.Context()), id, unit); err != nil {
		return err
	}
	ui.Flash(w, "bulletin.flash.confirmed")
	return ui.Redirect(w, r, "/bulletins/"+itoa(id))
}

// Remind is POST /bulletins/{id}/remind.
func (h *Pages) Remind(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	_, err = h.s.Remind(r.Context(), auth.From(r.Context()), id)
	if ui.IsInvalid(err) {
		return h.show(w, r, http.StatusUnprocessableEntity, err)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "bulletin.flash.reminded")
	return ui.Redirect(w, r, "/bulletins/"+itoa(id)+"#receipts")
}

// Download is GET /bulletins/{id}/files/{file}/{name}.
func (h *Pages) Download(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	fid, err := idParam(r, "file")
	if err != nil {
		return err
	}
	f, err := h.s.File(r.Context(), auth.From(r.Context()), id, fid)
	if err != nil {
		return err
	}
	return h.serve(w, r, f)
}

// serve sends a stored file as a download, never inline. A demo document
// whose blob was never written (the demo loads rows, not files) is served
// from the embedded sample of the same content.
func (h *Pages) serve(w http.ResponseWriter, r *http.Request, f files.File) error {
	hd := w.Header()
	hd.Set("Content-Type", f.ContentType)
	hd.Set("Content-Disposition", audit.ContentDisposition(files.ASCIIName(f.OriginalName), f.OriginalName))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "private, no-store")
	blob, err := h.files.Open(f.SHA256)
	if errors.Is(err, store.ErrNotFound) {
		if data, ok := sampleBySHA(f.SHA256); ok {
			http.ServeContent(w, r, "", time.Time{}, bytesReader(data))
			return nil
		}
	}
	if err != nil {
		hd.Del("Content-Disposition")
		return err
	}
	defer blob.Close()
	http.ServeContent(w, r, "", time.Time{}, blob)
	return nil
}

// options reads id, name pairs for a form's list.
func (s *Store) options(ctx context.Context, q string, args ...any) ([]Option, error) {
	var out []Option
	err := eachRow(ctx, s.db, q, args, func(sc scanner) error {
		var o Option
		err := sc.Scan(&o.ID, &o.Name)
		out = append(out, o)
		return err
	})
	return out, err
}

// idParam parses a path id; a malformed one is a missing page.
func idParam(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, store.ErrNotFound
	}
	return id, nil
}
