package appeal

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Pages serves the staff pages: the list, an appeal with its timeline and
// actions, the contact reveal, registration and the export.
type Pages struct {
	s  *Store
	ui *ui.UI
}

// NewPages returns the staff pages over s.
func NewPages(s *Store, u *ui.UI) *Pages { return &Pages{s: s, ui: u} }

type listPage struct {
	Filter     Filter
	Query      string
	Appeals    []Appeal
	Total      int
	Pages      int
	States     []State
	Units      []Option
	Categories []Category
	Villages   []Option
	Now        time.Time
	CanExport  bool
	CanAdd     bool
}

// Prev and Next are the neighbouring page numbers (0: none).
func (p listPage) Prev() int {
	if p.Filter.Page > 1 {
		return p.Filter.Page - 1
	}
	return 0
}

// Next is the next page number, or 0 on the last page.
func (p listPage) Next() int {
	if p.Filter.Page < p.Pages {
		return p.Filter.Page + 1
	}
	return 0
}

// List is GET /appeals: filters (state, unit, category, village, overdue)
// and pages of 50.
func (h *Pages) List(w http.ResponseWriter, r *http.Request) error {
	p := auth.From(r.Context())
	f := ParseFilter(r.URL.Query())
	list, total, err := h.s.List(r.Context(), p, f)
	if err != nil {
		return err
	}
	page := listPage{Filter: f, Query: f.Query(), Appeals: list, Total: total, Pages: (total + PageSize - 1) / PageSize,
		States: States, Now: h.s.now(), CanExport: true, CanAdd: p.Has(auth.RoleOffice)}
	if page.Units, err = h.s.Units(r.Context()); err != nil {
		return err
	}
	if page.Categories, err = h.s.AllCategories(r.Context()); err != nil {
		return err
	}
	if page.Villages, err = h.s.Villages(r.Context()); err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "appeal_list", page)
}

type appealPage struct {
	Appeal    Appeal
	Timeline  []Event
	Actions   []Action
	Units     []Option
	Campaigns []Option
	Now       time.Time
	CanReveal bool
	Contact   *Contact
	Photos    []Photo
	ErrAction Action
	Err       error
	Form      ActInput
}

// NeedsUnit reports whether the action's form asks for a unit.
func (a Action) NeedsUnit() bool { return a == ActDispatch || a == ActAddCoUnit || a == ActToTask }

// NeedsDate reports whether the action's form asks for a date.
func (a Action) NeedsDate() bool { return a == ActRequestExtension || a == ActToTask }

// View is GET /appeals/{id}.
func (h *Pages) View(w http.ResponseWriter, r *http.Request) error {
	return h.render(w, r, http.StatusOK, "", ActInput{}, nil, nil)
}

func (h *Pages) render(w http.ResponseWriter, r *http.Request, status int, act Action, form ActInput, formErr error, c *Contact) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	p := auth.From(r.Context())
	a, err := h.s.Get(r.Context(), p, id)
	if err != nil {
		return err
	}
	page := appealPage{Appeal: a, Actions: Allowed(p, &a), Now: h.s.now(), CanReveal: CanReveal(p, &a), Contact: c,
		ErrAction: act, Err: formErr, Form: form}
	if page.Timeline, err = h.s.Timeline(r.Context(), id); err != nil {
		return err
	}
	if page.Photos, err = h.s.Photos(r.Context(), id); err != nil {
		return err
	}
	if p.Has(auth.RoleOffice) {
		if page.Units, err = h.s.Units(r.Context()); err != nil {
			return err
		}
		if page.Campaigns, err = h.s.Campaigns(r.Context()); err != nil {
			return err
		}
	}
	return h.ui.Render(w, r, status, "appeal_page", page)
}

func idParam(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, store.ErrNotFound
	}
	return id, nil
}

// Act is POST /appeals/{id}/{verb}.
func (h *Pages) Act(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	act := Action(r.PathValue("verb"))
	if !act.Valid() {
		return store.ErrNotFound
	}
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || version <= 0 {
		return ui.ErrBadRequest
	}
	in := ActInput{Reason: r.PostFormValue("reason"), UnitID: posInt(r.PostFormValue("unit")), Date: r.PostFormValue("date"),
		Solved: r.PostFormValue("solved"), Rating: r.PostFormValue("rating"), CampaignID: posInt(r.PostFormValue("campaign")),
		Version: version}
	err = h.s.Act(r.Context(), auth.From(r.Context()), id, act, in)
	if ui.IsInvalid(err) {
		return h.render(w, r, http.StatusUnprocessableEntity, act, in, err, nil)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "appeal.flash.done")
	return ui.Redirect(w, r, "/appeals/"+strconv.FormatInt(id, 10))
}

// Reveal is POST /appeals/{id}/reveal: the page again with the contact in
// clear, for the handler or the office making the 回访 call (audited).
func (h *Pages) Reveal(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	c, err := h.s.Reveal(r.Context(), auth.From(r.Context()), id)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, http.StatusOK, "", ActInput{}, nil, &c)
}

type newPage struct {
	Form       Intake
	Err        error
	Categories []Category
	Villages   []Option
	Classes    []string
	Sources    []string
}

// New is GET /appeals/new: staff register a call, visit or symposium opinion.
func (h *Pages) New(w http.ResponseWriter, r *http.Request) error {
	return h.renderNew(w, r, http.StatusOK, Intake{Source: SourcePhone}, nil)
}

func (h *Pages) renderNew(w http.ResponseWriter, r *http.Request, status int, in Intake, formErr error) error {
	page := newPage{Form: in, Err: formErr, Classes: Classes, Sources: []string{SourcePhone, SourceVisit, SourceForum}}
	var err error
	if page.Categories, err = h.s.Categories(r.Context()); err != nil {
		return err
	}
	if page.Villages, err = h.s.Villages(r.Context()); err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "appeal_new", page)
}

// Create is POST /appeals/new.
func (h *Pages) Create(w http.ResponseWriter, r *http.Request) error {
	in := Intake{CategoryID: posInt(r.PostFormValue("category")), RegionID: posInt(r.PostFormValue("region")),
		Address: r.PostFormValue("address"), Description: r.PostFormValue("description"), Name: r.PostFormValue("name"),
		Phone: r.PostFormValue("phone"), Source: r.PostFormValue("source"), Class: strings.TrimSpace(r.PostFormValue("class"))}
	id, _, err := h.s.Register(r.Context(), auth.From(r.Context()), in)
	if ui.IsInvalid(err) {
		in.Phone = "" // never echo a number back into the page
		return h.renderNew(w, r, http.StatusUnprocessableEntity, in, err)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "appeal.flash.registered")
	return ui.Redirect(w, r, "/appeals/"+strconv.FormatInt(id, 10))
}
