package meeting

import (
	"fmt"
	"net/http"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// RequestStatements is POST /meetings/{id}/statements/request (office).
func (h *Pages) RequestStatements(w http.ResponseWriter, r *http.Request) error {
	m, err := h.meeting(r)
	if err != nil {
		return err
	}
	err = h.s.RequestStatements(r.Context(), auth.From(r.Context()), m.ID, r.PostFormValue("statement_due"))
	if err != nil {
		return h.redisplay(w, r, m, err)
	}
	return done(w, r, m.ID, "meeting.flash.requested", "#statements")
}

// SubmitStatement is POST /meetings/{id}/statements (liaison, unit head).
func (h *Pages) SubmitStatement(w http.ResponseWriter, r *http.Request) error {
	m, err := h.meeting(r)
	if err != nil {
		return err
	}
	errs := ui.Errors{}
	unit := formID(r, "unit", errs)
	if unit == 0 {
		// One unit to answer for needs no choice.
		if mine := StatementUnits(auth.From(r.Context()), &m); len(mine) == 1 {
			unit = mine[0].UnitID
		}
	}
	err = h.s.SubmitStatement(r.Context(), auth.From(r.Context()), m.ID, unit, r.PostFormValue("statement"))
	if err != nil {
		return h.redisplay(w, r, m, err)
	}
	return done(w, r, m.ID, "meeting.flash.statement", "#statements")
}

// SaveAttendance is POST /meetings/{id}/attendance (office).
func (h *Pages) SaveAttendance(w http.ResponseWriter, r *http.Request) error {
	m, err := h.meeting(r)
	if err != nil {
		return err
	}
	r.ParseForm()
	names, units, statuses, subs := r.PostForm["att_name"], r.PostForm["att_unit"], r.PostForm["att_status"], r.PostForm["att_sub"]
	if len(units) != len(names) || len(statuses) != len(names) || len(subs) != len(names) || len(names) > maxAttendees+maxUnits {
		return h.redisplay(w, r, m, ui.Errors{"attendees": "form.invalid"})
	}
	rows := make([]Attendee, len(names))
	errs := ui.Errors{}
	for i := range names {
		var unit int64
		if units[i] != "" {
			if _, err := fmt.Sscan(units[i], &unit); err != nil || unit <= 0 {
				errs[fmt.Sprintf("attendee_%d", i)] = "form.invalid"
			}
		}
		rows[i] = Attendee{UnitID: unit, Name: names[i], Status: statuses[i], Substitute: subs[i]}
	}
	if len(errs) > 0 {
		return h.redisplay(w, r, m, errs)
	}
	err = h.s.SaveAttendance(r.Context(), auth.From(r.Context()), m.ID, formInt(r, "version"), rows)
	if err != nil {
		return h.redisplay(w, r, m, err)
	}
	return done(w, r, m.ID, "meeting.flash.attendance", "#attendance")
}

// SaveMinutes is POST /meetings/{id}/minutes (office); publish=1 publishes.
func (h *Pages) SaveMinutes(w http.ResponseWriter, r *http.Request) error {
	m, err := h.meeting(r)
	if err != nil {
		return err
	}
	publish := r.PostFormValue("publish") == "1"
	err = h.s.SaveMinutes(r.Context(), auth.From(r.Context()), m.ID, formInt(r, "version"), r.PostFormValue("minutes"), publish)
	if err != nil {
		return h.redisplay(w, r, m, err)
	}
	flash := "meeting.flash.minutes"
	if publish {
		flash = "meeting.flash.minutes_published"
	}
	return done(w, r, m.ID, flash, "#minutes")
}

// parseDecision reads a decision form.
func parseDecision(r *http.Request) (DecisionInput, ui.Errors) {
	errs := ui.Errors{}
	r.ParseForm()
	return DecisionInput{Text: r.PostFormValue("text"), LeadUnitID: formID(r, "lead_unit", errs),
		CoUnitIDs: formIDs(r, "co_units", errs), Deadline: r.PostFormValue("deadline")}, errs
}

// AddDecision is POST /meetings/{id}/decisions (office).
func (h *Pages) AddDecision(w http.ResponseWriter, r *http.Request) error {
	m, err := h.meeting(r)
	if err != nil {
		return err
	}
	in, errs := parseDecision(r)
	_, err = h.s.AddDecision(r.Context(), auth.From(r.Context()), m.ID, in)
	if err = mergeErrs(err, errs); err != nil {
		return h.redisplay(w, r, m, err)
	}
	return done(w, r, m.ID, "meeting.flash.decision", "#decisions")
}

// decisionOf checks that decision {did} belongs to meeting {id}.
func (h *Pages) decisionOf(r *http.Request) (Meeting, int64, error) {
	m, err := h.meeting(r)
	if err != nil {
		return m, 0, err
	}
	did, err := idParam(r, "did")
	if err != nil {
		return m, 0, err
	}
	var n int
	if err := h.s.db.QueryRow(r.Context(), `SELECT COUNT(*) FROM meeting_decisions WHERE id = ? AND meeting_id = ?`, did, m.ID).
		Scan(&n); err != nil {
		return m, 0, fmt.Errorf("decision: %w", err)
	}
	if n == 0 {
		return m, 0, fmt.Errorf("decision %d of meeting %d: %w", did, m.ID, store.ErrNotFound)
	}
	return m, did, nil
}

// UpdateDecision is POST /meetings/{id}/decisions/{did}/update (office).
func (h *Pages) UpdateDecision(w http.ResponseWriter, r *http.Request) error {
	m, did, err := h.decisionOf(r)
	if err != nil {
		return err
	}
	in, errs := parseDecision(r)
	_, err = h.s.UpdateDecision(r.Context(), auth.From(r.Context()), did, in)
	if err = mergeErrs(err, errs); err != nil {
		return h.redisplay(w, r, m, prefixErrs(err, did))
	}
	return done(w, r, m.ID, "meeting.flash.decision", "#decisions")
}

// prefixErrs puts a decision's field errors beside that decision.
func prefixErrs(err error, did int64) error {
	e := ui.AsErrors(err)
	if e == nil {
		return err
	}
	for _, v := range e {
		return ui.Errors{"decision_" + itoa(did): v}
	}
	return err
}

// DeleteDecision is POST /meetings/{id}/decisions/{did}/delete (office).
func (h *Pages) DeleteDecision(w http.ResponseWriter, r *http.Request) error {
	m, did, err := h.decisionOf(r)
	if err != nil {
		return err
	}
	if _, err := h.s.DeleteDecision(r.Context(), auth.From(r.Context()), did); err != nil {
		return err
	}
	return done(w, r, m.ID, "meeting.flash.decision_deleted", "#decisions")
}

// PublishDecisions is POST /meetings/{id}/decisions/publish (office).
func (h *Pages) PublishDecisions(w http.ResponseWriter, r *http.Request) error {
	m, err := h.meeting(r)
	if err != nil {
		return err
	}
	n, err := h.s.PublishDecisions(r.Context(), auth.From(r.Context()), m.ID)
	if err != nil {
		return h.redisplay(w, r, m, err)
	}
	if n == 0 {
		return done(w, r, m.ID, "meeting.flash.nothing_to_publish", "#decisions")
	}
	return done(w, r, m.ID, "meeting.flash.published", "#decisions")
}

// AddOpinion is POST /meetings/{id}/opinions (office, symposiums).
func (h *Pages) AddOpinion(w http.ResponseWriter, r *http.Request) error {
	m, err := h.meeting(r)
	if err != nil {
		return err
	}
	group := r.PostFormValue("group")
	if other := r.PostFormValue("group_other"); other != "" {
		group = other
	}
	if _, err := h.s.AddOpinion(r.Context(), auth.From(r.Context()), m.ID, group, r.PostFormValue("opinion")); err != nil {
		return h.redisplay(w, r, m, err)
	}
	return done(w, r, m.ID, "meeting.flash.opinion", "#opinions")
}

// opinionOf checks that opinion {oid} belongs to meeting {id}.
func (h *Pages) opinionOf(r *http.Request) (Meeting, int64, error) {
	m, err := h.meeting(r)
	if err != nil {
		return m, 0, err
	}
	oid, err := idParam(r, "oid")
	if err != nil {
		return m, 0, err
	}
	var n int
	if err := h.s.db.QueryRow(r.Context(), `SELECT COUNT(*) FROM meeting_opinions WHERE id = ? AND meeting_id = ?`, oid, m.ID).
		Scan(&n); err != nil {
		return m, 0, fmt.Errorf("opinion: %w", err)
	}
	if n == 0 {
		return m, 0, fmt.Errorf("opinion %d of meeting %d: %w", oid, m.ID, store.ErrNotFound)
	}
	return m, oid, nil
}

// OpinionToTask is POST /meetings/{id}/opinions/{oid}/task (office).
func (h *Pages) OpinionToTask(w http.ResponseWriter, r *http.Request) error {
	m, oid, err := h.opinionOf(r)
	if err != nil {
		return err
	}
	errs := ui.Errors{}
	in := OpinionTaskInput{LeadUnitID: formID(r, "lead_unit", errs), Deadline: r.PostFormValue("deadline"), Source: r.PostFormValue("source")}
	_, err = h.s.OpinionToTask(r.Context(), auth.From(r.Context()), oid, in)
	if err = mergeErrs(err, errs); err != nil {
		return h.redisplay(w, r, m, opinionErrs(err, oid))
	}
	return done(w, r, m.ID, "meeting.flash.opinion_task", "#opinions")
}

// opinionErrs puts an opinion action's field error beside that opinion.
func opinionErrs(err error, oid int64) error {
	e := ui.AsErrors(err)
	if e == nil {
		return err
	}
	for _, v := range e {
		return ui.Errors{"opinion_" + itoa(oid): v}
	}
	return err
}
