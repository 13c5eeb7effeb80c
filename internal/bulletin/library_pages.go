package bulletin

import (
	"net/http"
	"net/url"
	"strconv"

	"tongchou/internal/auth"
	"tongchou/internal/files"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

type libraryPage struct {
	L          Library
	Categories []string
	Upload     []string // categories the viewer may add to
	Form       DocInput
	Err        error
	LimitMB    int64
	Allowed    string
}

// LibraryPage is GET /campaigns/{id}/library.
func (h *Pages) LibraryPage(w http.ResponseWriter, r *http.Request) error {
	return h.library(w, r, http.StatusOK, DocInput{}, nil)
}

func (h *Pages) library(w http.ResponseWriter, r *http.Request, status int, in DocInput, ferr error) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	p := auth.From(r.Context())
	l, err := h.s.Library(r.Context(), p, id)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "library_page", libraryPage{L: l, Categories: Categories, Upload: UploadCategories(p),
		Form: in, Err: ferr, LimitMB: (h.files.Limit + 1<<20 - 1) >> 20, Allowed: files.Allowed})
}

// LibraryUpload is POST /campaigns/{id}/library/upload: a new document.
func (h *Pages) LibraryUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	p := auth.From(ctx)
	if err := h.s.MayAddDoc(ctx, p, id); err != nil {
		return err // a missing campaign or a reader who may not add: before the body is read
	}
	values, blobs, err := h.receive(w, r, 1, func(v url.Values) error { return h.s.CheckAddDoc(ctx, p, id, docInputOf(v)) })
	in := docInputOf(values)
	if err == nil && len(blobs) == 0 {
		err = ui.Errors{"file": "bulletin.err.file_missing"}
	}
	var doc int64
	if err == nil {
		doc, err = h.s.AddDoc(ctx, p, id, in, blobs[0])
	}
	if ui.IsInvalid(err) {
		return h.library(w, r, http.StatusUnprocessableEntity, in, err)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "library.flash.added")
	return ui.Redirect(w, r, "/library/"+itoa(doc))
}

func docInputOf(v url.Values) DocInput {
	return DocInput{Category: v.Get("category"), Title: v.Get("title"), Note: v.Get("note")}
}

type docPage struct {
	D          Doc
	MayVersion bool
	Note       string
	Err        error
	LimitMB    int64
	Allowed    string
}

// DocPage is GET /library/{id}: the document and its version history.
func (h *Pages) DocPage(w http.ResponseWriter, r *http.Request) error {
	return h.docPage(w, r, http.StatusOK, "", nil)
}

func (h *Pages) docPage(w http.ResponseWriter, r *http.Request, status int, note string, ferr error) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	p := auth.From(r.Context())
	d, err := h.s.Doc(r.Context(), p, id)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "library_doc", docPage{D: d, MayVersion: d.MayAddVersion(p), Note: note, Err: ferr,
		LimitMB: (h.files.Limit + 1<<20 - 1) >> 20, Allowed: files.Allowed})
}

// AddVersion is POST /library/{id}/versions.
func (h *Pages) AddVersion(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	p := auth.From(ctx)
	if err := h.s.CheckAddVersion(ctx, p, id, ""); err != nil {
		return err
	}
	values, blobs, err := h.receive(w, r, 1, func(v url.Values) error { return h.s.CheckAddVersion(ctx, p, id, v.Get("note")) })
	if err == nil && len(blobs) == 0 {
		err = ui.Errors{"file": "bulletin.err.file_missing"}
	}
	if err == nil {
		_, err = h.s.AddVersion(ctx, p, id, values.Get("note"), blobs[0])
	}
	if ui.IsInvalid(err) {
		return h.docPage(w, r, http.StatusUnprocessableEntity, values.Get("note"), err)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "library.flash.version")
	return ui.Redirect(w, r, "/library/"+itoa(id))
}

// VersionDownload is GET /library/{id}/versions/{seq}/{name}.
func (h *Pages) VersionDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	seq, err := strconv.Atoi(r.PathValue("seq"))
	if err != nil || seq <= 0 {
		return store.ErrNotFound
	}
	f, err := h.s.VersionFile(r.Context(), auth.From(r.Context()), id, seq)
	if err != nil {
		return err
	}
	return h.serve(w, r, f)
}
