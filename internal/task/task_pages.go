package task

import (
	"net/http"

	"tongchou/internal/auth"
	"tongchou/internal/ui"
)

type taskPage struct {
	Task       Task
	Campaign   Campaign
	Children   []Task
	Parts      []Part
	Extensions []Extension
	Timeline   []Event
	Actions    []Action
	CanEdit    bool
	CanAddSub  bool
	PartUnit   int64
	MyPart     Part
	Today      string
	ErrAction  Action // the form the errors belong to
	Form       Request
	Err        error

	// Instructions are the leader instructions (领导批示) with their
	// replies; written and answered on /tasks/{id}/instructions.
	Instructions []Instruction

	// Attachments are the task's documents and evidence (attach_pages.go);
	// AttachKind is what the viewer may add ("" for nothing).
	Attachments []Attachment
	AttachKind  string
}

// Task is GET /tasks/{id}.
func (h *Pages) Task(w http.ResponseWriter, r *http.Request) error {
	return h.taskPage(w, r, http.StatusOK, "", Request{}, nil)
}

func (h *Pages) taskPage(w http.ResponseWriter, r *http.Request, status int, act Action, form Request, formErr error) error {
	t, c, err := h.taskAndCampaign(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	me := auth.From(ctx)
	p := taskPage{Task: t, Campaign: c, Today: h.s.today(), ErrAction: act, Form: form, Err: formErr,
		CanEdit: me.Has(auth.RoleOffice) && !t.State.Final(), PartUnit: PartUnit(me, &t)}
	p.CanAddSub = p.CanEdit
	p.Form.Reason, p.Form.NewDeadline = clip(form.Reason, maxReason), clip(form.NewDeadline, 20)
	if p.Children, err = h.s.Children(ctx, me, t.ID); err != nil {
		return err
	}
	if err := h.s.decorate(ctx, p.Children); err != nil {
		return err
	}
	self := []Task{p.Task}
	if err := h.s.decorate(ctx, self); err != nil {
		return err
	}
	p.Task.Light = self[0].Light
	if p.Parts, err = h.s.Parts(ctx, t.ID); err != nil {
		return err
	}
	for _, part := range p.Parts {
		if part.UnitID == p.PartUnit {
			p.MyPart = part
		}
	}
	if p.Extensions, err = h.s.Extensions(ctx, t.ID); err != nil {
		return err
	}
	if p.Timeline, err = h.s.Timeline(ctx, t.ID); err != nil {
		return err
	}
	if p.Instructions, err = h.s.Instructions(ctx, t.ID); err != nil {
		return err
	}
	if p.Attachments, err = h.s.TaskAttachments(ctx, t.ID); err != nil {
		return err
	}
	p.AttachKind, _ = attachKind(me, &t)
	pending := len(p.Extensions) > 0 && p.Extensions[0].State == "pending"
	p.Actions = Allowed(me, &t, pending)
	return h.ui.Render(w, r, status, "task_page", p)
}

// Act is POST /tasks/{id}/{verb}: one workflow step. Form errors show beside
// the step's own fields on the task page (422); a step on a task changed
// meanwhile answers 409 with "someone changed this, reload".
func (h *Pages) Act(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	a := Action(r.PathValue("verb"))
	if !a.Valid() {
		return errNotFound(nil)
	}
	errs := ui.Errors{}
	req := Request{Action: a, Version: formInt(r, "version", 0, errs), Reason: r.PostFormValue("reason"),
		NewDeadline: r.PostFormValue("new_deadline")}
	if len(errs) > 0 || req.Version <= 0 {
		return ui.ErrBadRequest // the form always carries the version; without it the step cannot be safe
	}
	err = h.s.Act(r.Context(), auth.From(r.Context()), id, req)
	if ui.IsInvalid(err) {
		return h.taskPage(w, r, http.StatusUnprocessableEntity, a, req, err)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "task.flash.act."+string(a))
	return ui.Redirect(w, r, "/tasks/"+itoa(id))
}

// SavePart is POST /tasks/{id}/part: a co-unit's own part of the work.
func (h *Pages) SavePart(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	errs := ui.Errors{}
	progress := formInt(r, "part_progress", -1, errs)
	body := r.PostFormValue("body")
	err = mergeErrs(h.s.SavePart(r.Context(), auth.From(r.Context()), id, body, progress), errs)
	if ui.IsInvalid(err) {
		return h.taskPage(w, r, http.StatusUnprocessableEntity, "part", Request{Reason: body}, err)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "task.flash.part_saved")
	return ui.Redirect(w, r, "/tasks/"+itoa(id))
}
