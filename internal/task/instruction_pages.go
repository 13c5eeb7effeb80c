package task

import (
	"net/http"

	"tongchou/internal/auth"
	"tongchou/internal/ui"
)

type instructionPage struct {
	Task         Task
	Instructions []Instruction
	Leaders      []Choice // for the office recording on a leader's behalf
	CanInstruct  bool
	CanReply     bool
	Form         InstructionInput
	ReplyTo      int64  // the instruction whose reply form has the errors
	Reply        string // the reply as typed, re-shown with its errors
	Err          error
}

// InstructionsPage is GET /tasks/{id}/instructions: the task's leader
// instructions with their replies, the form to write one (leader, office)
// and the reply forms (the lead unit).
func (h *Pages) InstructionsPage(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	return h.instructionPage(w, r, http.StatusOK, id, instructionPage{})
}

func (h *Pages) instructionPage(w http.ResponseWriter, r *http.Request, status int, taskID int64, p instructionPage) error {
	ctx := r.Context()
	me := auth.From(ctx)
	t, err := h.s.Get(ctx, me, taskID)
	if err != nil {
		return err
	}
	p.Task = t
	p.CanInstruct = CanInstruct(me) && !t.State.Final()
	p.CanReply = CanReplyInstruction(me, &t)
	p.Form.Body, p.Reply = clip(p.Form.Body, maxInstruction), clip(p.Reply, maxInstruction)
	if p.Instructions, err = h.s.Instructions(ctx, t.ID); err != nil {
		return err
	}
	if p.CanInstruct && !me.Has(auth.RoleLeader) {
		if p.Leaders, err = userChoices(ctx, h.s.db, auth.RoleLeader); err != nil {
			return err
		}
	}
	return h.ui.Render(w, r, status, "instruction_page", p)
}

// Instruct is POST /tasks/{id}/instructions.
func (h *Pages) Instruct(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	// A malformed leader id reads as none, which the store refuses beside the field.
	in := InstructionInput{Body: r.PostFormValue("body"), LeaderID: formID(r, "leader", ui.Errors{})}
	_, err = h.s.Instruct(r.Context(), auth.From(r.Context()), id, in)
	if ui.IsInvalid(err) {
		return h.instructionPage(w, r, http.StatusUnprocessableEntity, id, instructionPage{Form: in, Err: err})
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "instruction.flash.created")
	return ui.Redirect(w, r, "/tasks/"+itoa(id)+"/instructions")
}

// ReplyInstruction is POST /instructions/{id}/reply.
func (h *Pages) ReplyInstruction(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	reply := r.PostFormValue("reply")
	taskID, err := h.s.ReplyInstruction(r.Context(), auth.From(r.Context()), id, reply)
	if ui.IsInvalid(err) {
		return h.instructionPage(w, r, http.StatusUnprocessableEntity, taskID, instructionPage{ReplyTo: id, Reply: reply, Err: err})
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "instruction.flash.replied")
	return ui.Redirect(w, r, "/tasks/"+itoa(taskID)+"/instructions")
}
