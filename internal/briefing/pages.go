package briefing

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// Pages serve the briefing pages. Roles are checked by the routes and again
// in the store.
type Pages struct {
	s     *Store
	tasks *task.Store
	ui    *ui.UI
}

// NewPages returns the briefing handlers.
func NewPages(s *Store, tasks *task.Store, u *ui.UI) *Pages { return &Pages{s: s, tasks: tasks, ui: u} }

type listPage struct {
	Briefings []Briefing
	Campaigns []task.Campaign
	CanWrite  bool
}

type newPage struct {
	Campaigns []task.Campaign
	Form      generateForm
	Err       error
}

type generateForm struct {
	CampaignID int64
	Kind       string
	From, To   string
}

type showPage struct {
	B        Briefing
	CanWrite bool
	Err      error
	Texts    map[string]string // texts as typed when the form comes back with errors
	Title    string
}

// List is GET /briefings.
func (h *Pages) List(w http.ResponseWriter, r *http.Request) error {
	p := auth.From(r.Context())
	bs, err := h.s.List(r.Context(), p)
	if err != nil {
		return err
	}
	cs, err := h.tasks.Campaigns(r.Context(), p)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "briefing_list", listPage{Briefings: bs, Campaigns: cs, CanWrite: canWrite(p)})
}

// New is GET /briefings/new?campaign=: the period defaults to the time since
// the last dispatch meeting.
func (h *Pages) New(w http.ResponseWriter, r *http.Request) error {
	p := auth.From(r.Context())
	cs, err := h.tasks.Campaigns(r.Context(), p)
	if err != nil {
		return err
	}
	f := generateForm{Kind: KindBriefing}
	if r.URL.Query().Get("kind") == KindOutline {
		f.Kind = KindOutline
	}
	f.CampaignID, _ = strconv.ParseInt(r.URL.Query().Get("campaign"), 10, 64)
	if f.CampaignID == 0 && len(cs) > 0 {
		f.CampaignID = cs[0].ID
	}
	if f.CampaignID != 0 {
		f.From, f.To, err = DefaultPeriod(r.Context(), h.s.db, f.CampaignID, h.s.now())
		if errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err != nil {
			return err
		}
	}
	return h.ui.Render(w, r, http.StatusOK, "briefing_new", newPage{Campaigns: cs, Form: f})
}

// Generate is POST /briefings/generate.
func (h *Pages) Generate(w http.ResponseWriter, r *http.Request) error {
	p := auth.From(r.Context())
	f := generateForm{Kind: r.FormValue("kind"), From: strings.TrimSpace(r.FormValue("from")), To: strings.TrimSpace(r.FormValue("to"))}
	f.CampaignID, _ = strconv.ParseInt(r.FormValue("campaign"), 10, 64)
	id, err := h.s.Generate(r.Context(), p, f.CampaignID, f.Kind, f.From, f.To)
	if ui.IsInvalid(err) {
		cs, cerr := h.tasks.Campaigns(r.Context(), p)
		if cerr != nil {
			return cerr
		}
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "briefing_new", newPage{Campaigns: cs, Form: f, Err: err})
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "briefing.generated")
	return ui.Redirect(w, r, "/briefings/"+strconv.FormatInt(id, 10))
}

// load reads the briefing named by the path.
func (h *Pages) load(r *http.Request) (Briefing, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return Briefing{}, store.ErrNotFound
	}
	return h.s.Get(r.Context(), auth.From(r.Context()), id)
}

// Show is GET /briefings/{id}: the text (editable while a draft) and the figures.
func (h *Pages) Show(w http.ResponseWriter, r *http.Request) error {
	b, err := h.load(r)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "briefing_show", showPage{B: b, CanWrite: canWrite(auth.From(r.Context())), Title: b.Title})
}

// Edit is POST /briefings/{id}/edit.
func (h *Pages) Edit(w http.ResponseWriter, r *http.Request) error {
	b, err := h.load(r)
	if err != nil {
		return err
	}
	p := auth.From(r.Context())
	version, _ := strconv.Atoi(r.FormValue("version"))
	title := r.FormValue("title")
	texts := map[string]string{}
	for _, s := range b.Sections {
		if v, ok := r.Form["section_"+s.Key]; ok && len(v) > 0 {
			texts[s.Key] = v[0]
		}
	}
	err = h.s.Edit(r.Context(), p, b.ID, version, title, texts)
	if ui.IsInvalid(err) {
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "briefing_show", showPage{B: b, CanWrite: true, Err: err, Texts: texts, Title: title})
	}
	if errors.Is(err, ErrPublished) {
		ui.Flash(w, "briefing.frozen")
		return ui.Redirect(w, r, "/briefings/"+strconv.FormatInt(b.ID, 10))
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "briefing.saved")
	return ui.Redirect(w, r, "/briefings/"+strconv.FormatInt(b.ID, 10))
}

// Publish is POST /briefings/{id}/publish.
func (h *Pages) Publish(w http.ResponseWriter, r *http.Request) error {
	b, err := h.load(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.FormValue("version"))
	_, err = h.s.Publish(r.Context(), auth.From(r.Context()), b.ID, version)
	switch {
	case errors.Is(err, ErrPublished):
		ui.Flash(w, "briefing.frozen")
	case ui.IsInvalid(err):
		ui.Flash(w, "briefing.err.publish_outline")
	case err != nil:
		return err
	default:
		ui.Flash(w, "briefing.published")
	}
	return ui.Redirect(w, r, "/briefings/"+strconv.FormatInt(b.ID, 10))
}

// Print is GET /briefings/{id}/print: the document as a print-ready page.
func (h *Pages) Print(w http.ResponseWriter, r *http.Request) error {
	b, err := h.load(r)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "briefing_print", printPage{B: b, Doc: printView(b), Date: docDate(b)})
}

// Docx is GET /briefings/{id}/docx.
func (h *Pages) Docx(w http.ResponseWriter, r *http.Request) error {
	b, err := h.load(r)
	if err != nil {
		return err
	}
	return download(w, b, ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", WriteDocx)
}

// Xlsx is GET /briefings/{id}/xlsx.
func (h *Pages) Xlsx(w http.ResponseWriter, r *http.Request) error {
	b, err := h.load(r)
	if err != nil {
		return err
	}
	return download(w, b, ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", WriteXLSX)
}

// download renders into a buffer first, so a failure is an error page, not half a file.
func download(w http.ResponseWriter, b Briefing, ext, ctype string, write func(io.Writer, Briefing) error) error {
	var buf bytes.Buffer
	if err := write(&buf, b); err != nil {
		return err
	}
	name := b.Title + ext
	if b.Number != "" {
		name = b.Number + ext
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", "attachment; filename=\"briefing-"+strconv.FormatInt(b.ID, 10)+ext+"\"; filename*=UTF-8''"+url.PathEscape(name))
	_, err := w.Write(buf.Bytes())
	return err
}
