package task

import (
	"context"
	"database/sql"
	"net/http"

	"tongchou/internal/auth"
	"tongchou/internal/ui"
)

// maxMoveChoices caps the parent select; a campaign larger than that offers
// only its first open tasks by number (a known limit).
const maxMoveChoices = 1000

type movePage struct {
	Task     Task
	Campaign Campaign
	Parents  []Choice // open tasks of the campaign outside the task's subtree
	Parent   int64    // the chosen one (the current parent at first)
	Err      error
}

// MoveForm is GET /tasks/{id}/move (office).
func (h *Pages) MoveForm(w http.ResponseWriter, r *http.Request) error {
	t, c, err := h.taskAndCampaign(r)
	if err != nil {
		return err
	}
	if t.State.Final() {
		return ErrInvalidState
	}
	return h.moveForm(w, r, http.StatusOK, movePage{Task: t, Campaign: c, Parent: t.ParentID})
}

// Move is POST /tasks/{id}/move (office): parent (0 for the top) and the
// task's version. Errors show beside the select (422); a task changed
// meanwhile answers 409.
func (h *Pages) Move(w http.ResponseWriter, r *http.Request) error {
	t, c, err := h.taskAndCampaign(r)
	if err != nil {
		return err
	}
	errs := ui.Errors{}
	version := formInt(r, "version", 0, errs)
	parent := formID(r, "parent", errs)
	if version <= 0 || errs["version"] != "" {
		return ui.ErrBadRequest
	}
	err = errs
	if len(errs) == 0 {
		err = h.s.Move(r.Context(), auth.From(r.Context()), t.ID, version, parent)
	}
	if ui.IsInvalid(err) {
		t.Version = version
		return h.moveForm(w, r, http.StatusUnprocessableEntity, movePage{Task: t, Campaign: c, Parent: parent, Err: err})
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "move.flash.moved")
	return ui.Redirect(w, r, "/tasks/"+itoa(t.ID))
}

func (h *Pages) moveForm(w http.ResponseWriter, r *http.Request, status int, p movePage) error {
	var err error
	if p.Parents, err = moveChoices(r.Context(), h.s, &p.Task); err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "move_form", p)
}

// moveChoices lists the open tasks of t's campaign that may become its
// parent: not t itself nor anything below it, in number order.
func moveChoices(ctx context.Context, s *Store, t *Task) ([]Choice, error) {
	type row struct {
		id, parent int64
		title      string
	}
	var all []row
	err := eachRow(ctx, s.db, `SELECT id, COALESCE(parent_id, 0), title FROM tasks WHERE campaign_id = ?
		AND state NOT IN (?, ?) ORDER BY id`, []any{t.CampaignID, StateDone, StateCancelled}, func(rows *sql.Rows) error {
		var x row
		err := rows.Scan(&x.id, &x.parent, &x.title)
		all = append(all, x)
		return err
	})
	if err != nil {
		return nil, err
	}
	parentOf := map[int64]int64{}
	for _, x := range all {
		parentOf[x.id] = x.parent
	}
	// below reports whether id is t or under t (closed tasks in between are
	// not in the map, so their subtrees count as outside: the store checks
	// the real chain again).
	below := func(id int64) bool {
		for d := 0; id != 0 && d <= maxTreeDepth*2; d++ {
			if id == t.ID {
				return true
			}
			id = parentOf[id]
		}
		return false
	}
	var out []Choice
	for _, x := range all {
		if len(out) == maxMoveChoices {
			break
		}
		if !below(x.id) {
			out = append(out, Choice{ID: x.id, Name: "#" + itoa(x.id) + " " + clip(x.title, 60)})
		}
	}
	return out, nil
}
