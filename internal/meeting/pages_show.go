package meeting

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// showPage is the meeting page: everything about one meeting, with the
// forms the viewer may use.
type showPage struct {
	M             Meeting
	Office        bool
	SeesAll       bool // the office and leaders: every unit's statement
	Now           time.Time
	Mine          []Unit // units whose statement the viewer may hand in
	ShowMinutes   bool
	Attendees     []Attendee
	AttendeeRows  []Attendee // the attendance form: the list plus blank rows
	Statuses      []string
	Decisions     []Decision
	Previous      *Meeting
	PrevDecisions []Decision
	Opinions      []Opinion
	Open          map[int64]bool // linked tasks a unit user may open (the office and leaders open all)
	Groups        []string
	Sources       []string
	Units         []Choice
	Appeals       bool // the "turn into appeal" action is available
	Categories    []Choice
	Villages      []Choice
	StatementDue  string
	Form          url.Values // the rejected form's values, to show again
	Err           error
}

// Missing counts the requested statements not handed in.
func (p showPage) Missing() int {
	n := 0
	for _, u := range p.M.Units {
		if u.Requested && !u.Submitted() {
			n++
		}
	}
	return n
}

// Late reports whether u's statement is (or came) late.
func (p showPage) Late(u Unit) bool { return u.Late(p.M.StatementDue, p.Now) }

// Value is a rejected form's value for field, cut short.
func (p showPage) Value(field string) string { return clip(p.Form.Get(field), 2000) }

// DecisionErr is the error key beside decision id, or ”.
func (p showPage) DecisionErr(id int64) string {
	if e := ui.AsErrors(p.Err); e != nil {
		return e["decision_"+itoa(id)]
	}
	return ""
}

// HasCoUnit reports whether d has co-unit id (for the edit form).
func (d Decision) HasCoUnit(id int64) bool {
	for _, u := range d.CoUnits {
		if u.ID == id {
			return true
		}
	}
	return false
}

// Show is GET /meetings/{id}.
func (h *Pages) Show(w http.ResponseWriter, r *http.Request) error {
	m, err := h.meeting(r)
	if err != nil {
		return err
	}
	return h.show(w, r, http.StatusOK, m, nil)
}

// show renders the meeting page, with err (form errors) when status is 422.
func (h *Pages) show(w http.ResponseWriter, r *http.Request, status int, m Meeting, err error) error {
	ctx := r.Context()
	me := auth.From(ctx)
	office := me.Has(auth.RoleOffice)
	p := showPage{M: m, Office: office, SeesAll: me.SeesAllUnits(), Now: h.s.now().UTC(), Mine: StatementUnits(me, &m), Statuses: Statuses,
		ShowMinutes: me.SeesAllUnits() || m.MinutesPublishedAt != nil, Groups: Groups, Sources: OpinionSources,
		Form: r.PostForm, Err: err}
	if m.StatementDue != nil {
		p.StatementDue = localInput(*m.StatementDue)
	}
	var e error
	if p.Attendees, e = Attendees(ctx, h.s.db, m.ID); e != nil {
		return e
	}
	p.AttendeeRows = attendeeRows(&m, p.Attendees)
	if p.Decisions, e = h.visibleDecisions(r, &m); e != nil {
		return e
	}
	prev, ds, ok, e := h.s.Previous(ctx, me, &m)
	if e != nil {
		return e
	}
	if ok {
		p.Previous, p.PrevDecisions = &prev, ds
	}
	if m.Kind == KindForum {
		if p.Opinions, e = Opinions(ctx, h.s.db, m.ID); e != nil {
			return e
		}
	}
	if p.Open, e = h.openTasks(r, &p); e != nil {
		return e
	}
	if office {
		if p.Units, e = task.UnitChoices(ctx, h.s.db); e != nil {
			return e
		}
		if e = h.appealChoices(r, &p); e != nil {
			return e
		}
	}
	return h.ui.Render(w, r, status, "meeting_show", p)
}

// openTasks says which of the page's linked tasks a unit user may open, so
// the page links only those: a decision or opinion of another unit is shown
// as text, not as a link that answers 404.
func (h *Pages) openTasks(r *http.Request, p *showPage) (map[int64]bool, error) {
	me := auth.From(r.Context())
	if me.SeesAllUnits() {
		return nil, nil
	}
	var ids []int64
	for _, d := range append(append([]Decision{}, p.Decisions...), p.PrevDecisions...) {
		ids = append(ids, d.TaskID)
	}
	for _, o := range p.Opinions {
		ids = append(ids, o.TaskID)
	}
	open := map[int64]bool{}
	for _, id := range ids {
		if id == 0 || open[id] {
			continue
		}
		_, err := h.s.tasks.Get(r.Context(), me, id)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		open[id] = err == nil
	}
	return open, nil
}

// visibleDecisions are all decisions for the office and leaders, the
// published ones for the attending units.
func (h *Pages) visibleDecisions(r *http.Request, m *Meeting) ([]Decision, error) {
	ds, err := Decisions(r.Context(), h.s.db, m.ID)
	if err != nil {
		return nil, err
	}
	if auth.From(r.Context()).SeesAllUnits() {
		return ds, nil
	}
	var out []Decision
	for _, d := range ds {
		if d.TaskID != 0 {
			out = append(out, d)
		}
	}
	return out, nil
}

// attendeeRows is the attendance form: the recorded list, then a blank row
// for each attending unit not on it, then three blank rows for others.
func attendeeRows(m *Meeting, list []Attendee) []Attendee {
	rows := append([]Attendee(nil), list...)
	listed := map[int64]bool{}
	for _, a := range list {
		listed[a.UnitID] = true
	}
	for _, u := range m.Units {
		if !listed[u.UnitID] {
			rows = append(rows, Attendee{UnitID: u.UnitID, UnitName: u.Name})
		}
	}
	return append(rows, Attendee{}, Attendee{}, Attendee{})
}

// redisplay answers a rejected action: the meeting page again with the
// errors beside the form (422), or the error itself.
func (h *Pages) redisplay(w http.ResponseWriter, r *http.Request, m Meeting, err error) error {
	if !ui.IsInvalid(err) {
		return err
	}
	fresh, gerr := h.s.Get(r.Context(), auth.From(r.Context()), m.ID)
	if gerr != nil {
		return gerr
	}
	return h.show(w, r, http.StatusUnprocessableEntity, fresh, err)
}

// done redirects back to the meeting with a flash message.
func done(w http.ResponseWriter, r *http.Request, id int64, flash, anchor string) error {
	ui.Flash(w, flash)
	return ui.Redirect(w, r, "/meetings/"+itoa(id)+anchor)
}
