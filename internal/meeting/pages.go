package meeting

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// Pages serves the meeting pages.
type Pages struct {
	s       *Store
	ui      *ui.UI
	appeals AppealRegistrar // nil: the "turn into appeal" action is left out
}

// NewPages returns the pages over s; appeals may be nil.
func NewPages(s *Store, u *ui.UI, appeals AppealRegistrar) *Pages {
	return &Pages{s: s, ui: u, appeals: appeals}
}

// Choice is an option in a select (the task package's, so unit lists are one).
type Choice = task.Choice

// idParam reads a path value as an id; a malformed id is simply not found.
func idParam(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%s %q: %w", name, r.PathValue(name), store.ErrNotFound)
	}
	return id, nil
}

// formID reads an optional id field (0 when empty); junk is a form error.
func formID(r *http.Request, field string, errs ui.Errors) int64 {
	v := strings.TrimSpace(r.FormValue(field))
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		errs[field] = "form.invalid"
		return 0
	}
	return n
}

// formIDs reads a multi-valued id field.
func formIDs(r *http.Request, field string, errs ui.Errors) []int64 {
	var out []int64
	for _, v := range r.Form[field] {
		if strings.TrimSpace(v) == "" {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || n <= 0 {
			errs[field] = "form.invalid"
			continue
		}
		out = append(out, n)
	}
	return out
}

// formInt reads an integer field; junk is 0.
func formInt(r *http.Request, field string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(r.FormValue(field)))
	return n
}

// mergeErrs adds parse errors to the store's, parse errors winning.
func mergeErrs(err error, parse ui.Errors) error {
	if len(parse) == 0 || (err != nil && !ui.IsInvalid(err)) {
		return err
	}
	if e := ui.AsErrors(err); e != nil {
		for k, v := range parse {
			e[k] = v
		}
		return e
	}
	return parse
}

func choices(ctx context.Context, q store.Querier, query string, args ...any) ([]Choice, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("choices: %w", err)
	}
	defer rows.Close()
	var out []Choice
	for rows.Next() {
		var c Choice
		if err := rows.Scan(&c.ID, &c.Name); err != nil {
			return nil, fmt.Errorf("choices: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// chairChoices lists the leaders and office staff who may chair a meeting.
func chairChoices(ctx context.Context, q store.Querier) ([]Choice, error) {
	return choices(ctx, q, `SELECT DISTINCT u.id, u.name FROM users u JOIN user_roles r ON r.user_id = u.id
		WHERE NOT u.disabled AND r.role IN (?, ?) ORDER BY u.id`, auth.RoleLeader, auth.RoleOffice)
}

func campaignChoices(ctx context.Context, q store.Querier) ([]Choice, error) {
	return choices(ctx, q, `SELECT id, name FROM campaigns ORDER BY start_date DESC, id DESC`)
}

type listPage struct {
	Meetings  []Meeting
	Campaigns []Choice
	Filter    Filter
	Kinds     []string
	Office    bool
}

// List is GET /meetings.
func (h *Pages) List(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := auth.From(ctx)
	errs := ui.Errors{}
	f := Filter{CampaignID: formID(r, "campaign", errs), Kind: r.FormValue("kind")}
	ms, err := h.s.List(ctx, me, f)
	if err != nil {
		return err
	}
	cs, err := campaignChoices(ctx, h.s.db)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "meeting_list", listPage{Meetings: ms, Campaigns: cs, Filter: f, Kinds: Kinds,
		Office: me.Has(auth.RoleOffice)})
}

type formPage struct {
	ID        int64
	Version   int
	Form      Input
	Campaigns []Choice
	Units     []Choice
	Chairs    []Choice
	Kinds     []string
	Err       error
}

// HasUnit helps the form's unit checkboxes.
func (p formPage) HasUnit(id int64) bool {
	return slices.Contains(p.Form.UnitIDs, id)
}

func (h *Pages) form(w http.ResponseWriter, r *http.Request, status int, p formPage) error {
	ctx := r.Context()
	var err error
	if p.Campaigns, err = campaignChoices(ctx, h.s.db); err != nil {
		return err
	}
	if p.Units, err = task.UnitChoices(ctx, h.s.db); err != nil {
		return err
	}
	if p.Chairs, err = chairChoices(ctx, h.s.db); err != nil {
		return err
	}
	p.Kinds = Kinds
	// A rejected 1 MB field is not echoed back whole.
	p.Form.Title, p.Form.Place, p.Form.Agenda = clip(p.Form.Title, maxTitle), clip(p.Form.Place, maxPlace), clip(p.Form.Agenda, maxAgenda)
	p.Form.HeldAt = clip(p.Form.HeldAt, 25)
	return h.ui.Render(w, r, status, "meeting_form", p)
}

// parseForm reads the meeting form.
func parseForm(r *http.Request) (Input, ui.Errors) {
	errs := ui.Errors{}
	r.ParseForm()
	in := Input{CampaignID: formID(r, "campaign", errs), Kind: r.PostFormValue("kind"), Title: r.PostFormValue("title"),
		HeldAt: r.PostFormValue("held_at"), Place: r.PostFormValue("place"), ChairID: formID(r, "chair", errs),
		Agenda: r.PostFormValue("agenda"), UnitIDs: formIDs(r, "units", errs)}
	return in, errs
}

// New is GET /meetings/new (office).
func (h *Pages) New(w http.ResponseWriter, r *http.Request) error {
	errs := ui.Errors{}
	kind := r.FormValue("kind")
	if !ValidKind(kind) {
		kind = KindDispatch
	}
	in := Input{CampaignID: formID(r, "campaign", errs), Kind: kind,
		HeldAt: localInput(h.s.now().Add(24 * time.Hour).Truncate(time.Hour))}
	return h.form(w, r, http.StatusOK, formPage{Form: in})
}

// Create is POST /meetings/create (office).
func (h *Pages) Create(w http.ResponseWriter, r *http.Request) error {
	in, errs := parseForm(r)
	id, err := h.s.Create(r.Context(), auth.From(r.Context()), in)
	if err = mergeErrs(err, errs); ui.IsInvalid(err) {
		return h.form(w, r, http.StatusUnprocessableEntity, formPage{Form: in, Err: err})
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "meeting.flash.created")
	return ui.Redirect(w, r, "/meetings/"+itoa(id))
}

// Edit is GET /meetings/{id}/edit (office).
func (h *Pages) Edit(w http.ResponseWriter, r *http.Request) error {
	m, err := h.meeting(r)
	if err != nil {
		return err
	}
	return h.form(w, r, http.StatusOK, formPage{ID: m.ID, Version: m.Version, Form: m.input()})
}

// Update is POST /meetings/{id}/update (office).
func (h *Pages) Update(w http.ResponseWriter, r *http.Request) error {
	m, err := h.meeting(r)
	if err != nil {
		return err
	}
	in, errs := parseForm(r)
	version := formInt(r, "version")
	err = h.s.Update(r.Context(), auth.From(r.Context()), m.ID, version, in)
	if err = mergeErrs(err, errs); ui.IsInvalid(err) {
		in.CampaignID = m.CampaignID
		return h.form(w, r, http.StatusUnprocessableEntity, formPage{ID: m.ID, Version: version, Form: in, Err: err})
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "meeting.flash.saved")
	return ui.Redirect(w, r, "/meetings/"+itoa(m.ID))
}

// meeting reads the meeting of the path the viewer may see.
func (h *Pages) meeting(r *http.Request) (Meeting, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return Meeting{}, err
	}
	return h.s.Get(r.Context(), auth.From(r.Context()), id)
}
