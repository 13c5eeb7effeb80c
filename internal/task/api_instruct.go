package task

import (
	"fmt"
	"net/http"
	"time"

	"tongchou/internal/api"
	"tongchou/internal/auth"
	"tongchou/internal/store"
)

// errInstructionGone is an instruction missing right after it was written or
// answered: it cannot be, short of a concurrent delete, so it is a 404.
var errInstructionGone = fmt.Errorf("instruction: %w", store.ErrNotFound)

// apiInstruction is a leader instruction (领导批示) and its answer.
type apiInstruction struct {
	ID        int64      `json:"id"`
	TaskID    int64      `json:"task_id"`
	Leader    apiRef     `json:"leader"`
	Writer    apiRef     `json:"writer"`
	OnBehalf  bool       `json:"on_behalf"`
	Body      string     `json:"body"`
	CreatedAt time.Time  `json:"created_at"`
	Reply     string     `json:"reply"`
	RepliedBy string     `json:"replied_by"`
	RepliedAt *time.Time `json:"replied_at"`
}

func instructionJSON(i Instruction) apiInstruction {
	out := apiInstruction{ID: i.ID, TaskID: i.TaskID, Leader: apiRef{ID: i.LeaderID, Name: i.LeaderName},
		Writer: apiRef{ID: i.WriterID, Name: i.WriterName}, OnBehalf: i.OnBehalf(), Body: i.Body,
		CreatedAt: i.CreatedAt.UTC(), Reply: i.Reply, RepliedBy: i.ReplierName}
	if !i.Awaiting() {
		at := i.RepliedAt.UTC()
		out.RepliedAt = &at
	}
	return out
}

// instructions is GET /api/v1/tasks/{id}/instructions: the task's
// instructions, oldest first, for anyone who may see the task.
func (h *APIHandlers) instructions(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	if _, err := h.s.Get(r.Context(), auth.From(r.Context()), id); err != nil {
		return err
	}
	list, err := h.s.Instructions(r.Context(), id)
	if err != nil {
		return err
	}
	out := make([]apiInstruction, len(list))
	for i, in := range list {
		out[i] = instructionJSON(in)
	}
	return api.JSON(w, http.StatusOK, map[string]any{"items": out})
}

// apiInstructInput is the body of POST /api/v1/tasks/{id}/instructions;
// leader_id names the leader when the office writes on their behalf.
type apiInstructInput struct {
	Body     string `json:"body"`
	LeaderID int64  `json:"leader_id"`
}

// instruct is POST /api/v1/tasks/{id}/instructions (leader, or the office
// on a leader's behalf).
func (h *APIHandlers) instruct(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var body apiInstructInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	iid, err := h.s.Instruct(r.Context(), auth.From(r.Context()), id, InstructionInput{Body: body.Body, LeaderID: body.LeaderID})
	if err != nil {
		return renameFields(err, map[string]string{"leader": "leader_id"})
	}
	return h.instructionAnswer(w, r, id, iid, http.StatusCreated)
}

// apiReplyInput is the body of POST /api/v1/instructions/{id}/reply.
type apiReplyInput struct {
	Reply string `json:"reply"`
}

// replyInstruction is POST /api/v1/instructions/{id}/reply (the lead unit).
func (h *APIHandlers) replyInstruction(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var body apiReplyInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	taskID, err := h.s.ReplyInstruction(r.Context(), auth.From(r.Context()), id, body.Reply)
	if err != nil {
		return err
	}
	return h.instructionAnswer(w, r, taskID, id, http.StatusOK)
}

// instructionAnswer writes instruction iid of task taskID as the answer.
func (h *APIHandlers) instructionAnswer(w http.ResponseWriter, r *http.Request, taskID, iid int64, status int) error {
	list, err := h.s.Instructions(r.Context(), taskID)
	if err != nil {
		return err
	}
	for _, in := range list {
		if in.ID == iid {
			return api.JSON(w, status, instructionJSON(in))
		}
	}
	return errInstructionGone
}

// apiHandoverInput is the body of POST /api/v1/handover.
type apiHandoverInput struct {
	UnitID int64  `json:"unit_id"`
	FromID int64  `json:"from_id"`
	ToID   int64  `json:"to_id"`
	Reason string `json:"reason"`
}

// handover is POST /api/v1/handover (office, or the unit's head): every open
// task of one person moves to another of the same unit.
func (h *APIHandlers) handover(w http.ResponseWriter, r *http.Request) error {
	var body apiHandoverInput
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	n, err := h.s.Handover(r.Context(), auth.From(r.Context()), HandoverInput{UnitID: body.UnitID, FromID: body.FromID,
		ToID: body.ToID, Reason: body.Reason})
	if err != nil {
		return renameFields(err, map[string]string{"from": "from_id", "to": "to_id"})
	}
	return api.JSON(w, http.StatusOK, map[string]int{"moved": n})
}
