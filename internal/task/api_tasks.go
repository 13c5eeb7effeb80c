package task

import (
	"context"
	"net/http"
	"strings"

	"tongchou/internal/api"
	"tongchou/internal/auth"
	"tongchou/internal/ui"
)

// taskDetail reads one task in p's scope with its light, reasons, timeline
// and the actions p may take now.
func (h *APIHandlers) taskDetail(ctx context.Context, r *http.Request, p *auth.Principal, id int64) (apiTask, error) {
	t, err := h.s.Get(ctx, p, id)
	if err != nil {
		return apiTask{}, err
	}
	ts := []Task{t}
	if err := h.s.decorate(ctx, ts); err != nil {
		return apiTask{}, err
	}
	t = ts[0]
	reasons, err := h.s.lightReasons(ctx, ts)
	if err != nil {
		return apiTask{}, err
	}
	events, err := h.s.Timeline(ctx, id)
	if err != nil {
		return apiTask{}, err
	}
	pending, err := HasPendingExtension(ctx, h.s.db, id)
	if err != nil {
		return apiTask{}, err
	}
	out := apiTask{apiTaskItem: taskItemJSON(&t, h.reasonsJSON(apiLang(r), reasons[id])), CampaignID: t.CampaignID,
		Phase: ref(t.PhaseID, t.PhaseName), Content: t.Content, Weight: t.Weight, Source: t.Source,
		Responsible: ref(t.ResponsibleID, t.ResponsibleName), Leader: ref(t.LeaderID, t.LeaderName), SignDue: t.SignDue,
		ReportCycle: t.ReportCycle, Tags: append([]string{}, t.Tags...), Milestones: []apiMilestone{}, Timeline: []apiEvent{},
		Actions: append([]Action{}, Allowed(p, &t, pending)...)}
	for _, m := range t.Milestones {
		out.Milestones = append(out.Milestones, apiMilestone{ID: m.ID, Title: m.Title, Date: m.Date})
	}
	for _, e := range events {
		out.Timeline = append(out.Timeline, apiEvent{At: e.At.UTC(), Actor: e.Actor, Action: e.Action, From: e.From, To: e.To,
			Comment: e.Comment})
	}
	return out, nil
}

// task is GET /api/v1/tasks/{id}.
func (h *APIHandlers) task(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	t, err := h.taskDetail(r.Context(), r, auth.From(r.Context()), id)
	if err != nil {
		return err
	}
	return api.JSON(w, http.StatusOK, t)
}

// apiTaskInput is the body of POST /api/v1/campaigns/{id}/tasks.
type apiTaskInput struct {
	ParentID      int64          `json:"parent_id"`
	PhaseID       int64          `json:"phase_id"`
	Title         string         `json:"title"`
	Content       string         `json:"content"`
	Weight        *int           `json:"weight"`
	Source        string         `json:"source"`
	LeadUnitID    int64          `json:"lead_unit_id"`
	CoUnitIDs     []int64        `json:"co_unit_ids"`
	ResponsibleID int64          `json:"responsible_id"`
	LeaderID      int64          `json:"leader_id"`
	Start         string         `json:"start"`
	Deadline      string         `json:"deadline"`
	ReportCycle   string         `json:"report_cycle"`
	Tags          []string       `json:"tags"`
	Milestones    []apiMilestone `json:"milestones"`
}

// taskFieldNames maps the store's form-field names to the JSON body's.
var taskFieldNames = map[string]string{"parent": "parent_id", "phase": "phase_id", "lead_unit": "lead_unit_id",
	"co_units": "co_unit_ids", "responsible": "responsible_id", "leader": "leader_id"}

// input turns the body into the store's Input with the documented defaults
// (weight 1, source plan, weekly reports). Lists far beyond their limits are
// refused here, before validation walks them.
func (b apiTaskInput) input(campaign int64) (Input, ui.Errors) {
	errs := ui.Errors{}
	in := Input{CampaignID: campaign, ParentID: b.ParentID, PhaseID: b.PhaseID, Title: b.Title, Content: b.Content, Weight: 1,
		Source: strings.TrimSpace(b.Source), LeadUnitID: b.LeadUnitID, CoUnitIDs: b.CoUnitIDs, ResponsibleID: b.ResponsibleID,
		LeaderID: b.LeaderID, StartDate: b.Start, Deadline: b.Deadline, ReportCycle: strings.TrimSpace(b.ReportCycle), Tags: b.Tags}
	if b.Weight != nil {
		in.Weight = *b.Weight
	}
	if in.Source == "" {
		in.Source = "plan"
	}
	if in.ReportCycle == "" {
		in.ReportCycle = "weekly"
	}
	if len(b.Tags) > 4*maxTags {
		errs["tags"], in.Tags = "task.err.too_many", nil
	}
	if len(b.CoUnitIDs) > 4*maxCoUnits {
		errs["co_unit_ids"], in.CoUnitIDs = "task.err.too_many", nil
	}
	for _, m := range b.Milestones {
		in.Milestones = append(in.Milestones, Milestone{Title: m.Title, Date: m.Date})
	}
	return in, errs
}

// createTask is POST /api/v1/campaigns/{id}/tasks (office): a draft task.
func (h *APIHandlers) createTask(w http.ResponseWriter, r *http.Request) error {
	campaign, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var body apiTaskInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	in, errs := body.input(campaign)
	if len(errs) > 0 {
		return errs
	}
	p := auth.From(r.Context())
	id, err := h.s.Create(r.Context(), p, in)
	if err != nil {
		return renameFields(err, taskFieldNames)
	}
	t, err := h.taskDetail(r.Context(), r, p, id)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/tasks/"+itoa(id))
	return api.JSON(w, http.StatusCreated, t)
}

// apiTransition is the body of POST /api/v1/tasks/{id}/transitions.
type apiTransition struct {
	Action      Action `json:"action"`
	Reason      string `json:"reason"`
	Version     *int   `json:"version"`
	NewDeadline string `json:"new_deadline"`
}

// transition is POST /api/v1/tasks/{id}/transitions: one workflow step,
// taken only over the version the client read (else 409).
func (h *APIHandlers) transition(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var body apiTransition
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	errs := ui.Errors{}
	if !body.Action.Valid() {
		errs["action"] = "form.invalid"
	}
	if body.Version == nil || *body.Version <= 0 {
		errs["version"] = "form.required" // without it the step could overwrite a change the client never saw
	}
	if len(errs) > 0 {
		return errs
	}
	p := auth.From(r.Context())
	err = h.s.Act(r.Context(), p, id, Request{Action: body.Action, Version: *body.Version, Reason: body.Reason,
		NewDeadline: body.NewDeadline})
	if err != nil {
		return err
	}
	t, err := h.taskDetail(r.Context(), r, p, id)
	if err != nil {
		return err
	}
	return api.JSON(w, http.StatusOK, t)
}
