package task

import (
	"net/http"
	"slices"
	"strings"

	"tongchou/internal/auth"
	"tongchou/internal/ui"
)

type taskFormPage struct {
	ID         int64
	Version    int
	Campaign   Campaign
	Parent     *Task
	Form       Input
	Milestones string // one "date title" a line
	OtherTags  string
	Units      []Choice
	People     []Choice
	Leaders    []Choice
	Sources    []string
	Cycles     []string
	Tags       []string
	Err        error
}

// HasCoUnit and HasTag help the form's checkboxes.
func (p taskFormPage) HasCoUnit(id int64) bool {
	return slices.Contains(p.Form.CoUnitIDs, id)
}

// HasTag reports whether the form has tag.
func (p taskFormPage) HasTag(tag string) bool {
	return slices.Contains(p.Form.Tags, tag)
}

func (h *Pages) taskForm(w http.ResponseWriter, r *http.Request, status int, p taskFormPage) error {
	ctx := r.Context()
	var err error
	if p.Units, err = UnitChoices(ctx, h.s.db); err != nil {
		return err
	}
	if p.People, err = userChoices(ctx, h.s.db, auth.RoleLiaison, auth.RoleUnitHead); err != nil {
		return err
	}
	if p.Leaders, err = userChoices(ctx, h.s.db, auth.RoleLeader); err != nil {
		return err
	}
	p.Sources, p.Cycles, p.Tags = Sources, Cycles, Tags
	p.Form.Title, p.Form.Content = clip(p.Form.Title, maxTitle), clip(p.Form.Content, maxContent)
	p.Milestones, p.OtherTags = clip(p.Milestones, 4000), clip(p.OtherTags, 400)
	if p.Milestones == "" {
		for _, m := range p.Form.Milestones {
			p.Milestones += m.Date + " " + m.Title + "\n"
		}
	}
	return h.ui.Render(w, r, status, "task_form", p)
}

// parseTask reads the task form.
func parseTask(r *http.Request) (Input, string, string, ui.Errors) {
	errs := ui.Errors{}
	r.ParseForm()
	in := Input{CampaignID: formID(r, "campaign", errs), ParentID: formID(r, "parent", errs), PhaseID: formID(r, "phase", errs),
		Title: r.PostFormValue("title"), Content: r.PostFormValue("content"), Weight: formInt(r, "weight", 1, errs),
		Source: r.PostFormValue("source"), LeadUnitID: formID(r, "lead_unit", errs), CoUnitIDs: formIDs(r, "co_units", errs),
		ResponsibleID: formID(r, "responsible", errs), LeaderID: formID(r, "leader", errs),
		StartDate: r.PostFormValue("start"), Deadline: r.PostFormValue("deadline"), ReportCycle: r.PostFormValue("report_cycle")}
	other := r.PostFormValue("tags_other")
	in.Tags = append(r.PostForm["tags"], SplitTags(clip(other, 1000))...)
	ms := r.PostFormValue("milestones")
	var ok bool
	if in.Milestones, ok = ParseMilestones(clip(ms, 20000)); !ok || strings.Count(ms, "\n") > maxMilestones*2 {
		errs["milestones"] = "task.err.milestone"
	}
	return in, ms, other, errs
}

// mergeErrs adds the parse errors to the store's, parse errors winning.
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

// TaskNew is GET /tasks/new?campaign=&parent= (office).
func (h *Pages) TaskNew(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := auth.From(ctx)
	errs := ui.Errors{}
	c, err := h.s.Campaign(ctx, me, formID(r, "campaign", errs))
	if err != nil {
		return err
	}
	p := taskFormPage{Campaign: c, Form: Input{CampaignID: c.ID, Weight: 1, Source: "plan", ReportCycle: "weekly",
		StartDate: h.s.today(), Deadline: c.EndDate}}
	if parent := formID(r, "parent", errs); parent != 0 {
		pt, err := h.s.Get(ctx, me, parent)
		if err != nil || pt.CampaignID != c.ID {
			return errNotFound(err)
		}
		p.Parent, p.Form.ParentID, p.Form.PhaseID, p.Form.LeadUnitID = &pt, pt.ID, pt.PhaseID, pt.LeadUnitID
	}
	return h.taskForm(w, r, http.StatusOK, p)
}

// TaskCreate is POST /tasks/create (office).
func (h *Pages) TaskCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := auth.From(ctx)
	in, ms, other, errs := parseTask(r)
	c, err := h.s.Campaign(ctx, me, in.CampaignID)
	if err != nil {
		return err
	}
	id, err := h.s.Create(ctx, me, in)
	err = mergeErrs(err, errs)
	if ui.IsInvalid(err) {
		return h.taskForm(w, r, http.StatusUnprocessableEntity, taskFormPage{Campaign: c, Form: in, Milestones: ms, OtherTags: other, Err: err})
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "task.flash.created")
	return ui.Redirect(w, r, "/tasks/"+itoa(id))
}

// TaskEdit is GET /tasks/{id}/edit (office).
func (h *Pages) TaskEdit(w http.ResponseWriter, r *http.Request) error {
	t, c, err := h.taskAndCampaign(r)
	if err != nil {
		return err
	}
	if t.State.Final() {
		return ErrInvalidState
	}
	return h.taskForm(w, r, http.StatusOK, taskFormPage{ID: t.ID, Version: t.Version, Campaign: c, Form: t.Input()})
}

// TaskUpdate is POST /tasks/{id}/update (office).
func (h *Pages) TaskUpdate(w http.ResponseWriter, r *http.Request) error {
	t, c, err := h.taskAndCampaign(r)
	if err != nil {
		return err
	}
	in, ms, other, errs := parseTask(r)
	version := formInt(r, "version", 0, errs)
	err = h.s.Update(r.Context(), auth.From(r.Context()), t.ID, version, in)
	err = mergeErrs(err, errs)
	if ui.IsInvalid(err) {
		in.CampaignID = t.CampaignID
		return h.taskForm(w, r, http.StatusUnprocessableEntity, taskFormPage{ID: t.ID, Version: version, Campaign: c, Form: in,
			Milestones: ms, OtherTags: other, Err: err})
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "task.flash.saved")
	return ui.Redirect(w, r, "/tasks/"+itoa(t.ID))
}

func (h *Pages) taskAndCampaign(r *http.Request) (Task, Campaign, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return Task{}, Campaign{}, err
	}
	me := auth.From(r.Context())
	t, err := h.s.Get(r.Context(), me, id)
	if err != nil {
		return t, Campaign{}, err
	}
	c, err := h.s.Campaign(r.Context(), me, t.CampaignID)
	return t, c, err
}
