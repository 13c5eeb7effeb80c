package task

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Move puts a task, with its whole subtree, under another parent of the same
// campaign (newParent 0: a key task at the top); the office only, while the
// task is open, and only from the version the mover saw. Refused, beside the
// "parent" field: the same parent, a parent in another campaign or missing,
// the task itself or one of its descendants, a done or cancelled parent, and
// a tree deeper than the lights walk (maxTreeDepth). The old and the new
// parent's progress, and their ancestors', are rolled up again; the move is
// on the timeline of the task and of both parents, and audited.
func (s *Store) Move(ctx context.Context, p *auth.Principal, id int64, version int, newParent int64) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		t, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if !p.Has(auth.RoleOffice) {
			return ui.ErrForbidden
		}
		if t.State.Final() {
			return ErrInvalidState
		}
		errs := ui.Errors{}
		newTitle, err := checkMoveTarget(ctx, tx, &t, newParent, errs)
		if err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		res, err := tx.Exec(ctx, `UPDATE tasks SET parent_id = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			store.NullID(newParent), s.now().UTC(), id, version)
		if err := oneRow(res, err, id); err != nil {
			return err
		}
		before, err := progressOf(ctx, tx, t.ParentID, newParent)
		if err != nil {
			return err
		}
		if err := reRollOld(ctx, tx, t.ParentID); err != nil {
			return err
		}
		if newParent != 0 {
			if err := rollUpFrom(ctx, tx, newParent); err != nil {
				return err
			}
		}
		after, err := progressOf(ctx, tx, t.ParentID, newParent)
		if err != nil {
			return err
		}
		return s.recordMove(ctx, tx, p, &t, version, newParent, newTitle, before, after)
	})
}

// checkMoveTarget checks the new parent; it returns its title.
func checkMoveTarget(ctx context.Context, tx *store.Tx, t *Task, newParent int64, errs ui.Errors) (string, error) {
	if newParent == t.ParentID {
		errs["parent"] = "move.err.same_parent"
		return "", nil
	}
	if newParent == 0 {
		return "", nil
	}
	var campaign int64
	var state State
	var title string
	err := tx.QueryRow(ctx, `SELECT campaign_id, state, title FROM tasks WHERE id = ?`, newParent).Scan(&campaign, &state, &title)
	switch {
	case errors.Is(err, sql.ErrNoRows) || (err == nil && campaign != t.CampaignID):
		// a task of another campaign is, for this form, simply not there
		errs["parent"] = "move.err.other_campaign"
		return "", nil
	case err != nil:
		return "", fmt.Errorf("new parent %d: %w", newParent, err)
	case state.Final():
		errs["parent"] = "move.err.parent_closed"
		return "", nil
	}
	if err := checkNoCycle(ctx, tx, t.ID, newParent, errs); err != nil || len(errs) > 0 {
		return "", err
	}
	depth, err := depthOf(ctx, tx, newParent)
	if err != nil {
		return "", err
	}
	height, err := subtreeHeight(ctx, tx, t.ID)
	if err != nil {
		return "", err
	}
	if depth+1+height > maxTreeDepth {
		errs["parent"] = "move.err.too_deep"
	}
	return title, nil
}

// depthOf counts the levels from the top down to id (a key task is 0).
func depthOf(ctx context.Context, q store.Querier, id int64) (int, error) {
	depth := 0
	for cur := id; depth <= maxTreeDepth*2; depth++ {
		var next sql.NullInt64
		if err := q.QueryRow(ctx, `SELECT parent_id FROM tasks WHERE id = ?`, cur).Scan(&next); err != nil {
			return 0, store.NotFound(err, "task depth")
		}
		if !next.Valid {
			return depth, nil
		}
		cur = next.Int64
	}
	return depth, nil
}

// subtreeHeight counts the levels below id (a task without children is 0),
// one query per level.
func subtreeHeight(ctx context.Context, q store.Querier, id int64) (int, error) {
	level, height := []int64{id}, 0
	for ; height <= maxTreeDepth*2; height++ {
		var next []int64
		err := eachRow(ctx, q, `SELECT id FROM tasks WHERE parent_id IN (`+store.Placeholders(len(level))+`)`, store.IDArgs(level),
			func(rows *sql.Rows) error {
				var c int64
				err := rows.Scan(&c)
				next = append(next, c)
				return err
			})
		if err != nil {
			return 0, fmt.Errorf("subtree of %d: %w", id, err)
		}
		if len(next) == 0 {
			return height, nil
		}
		level = next
	}
	return height, nil
}

// reRollOld recomputes the old parent's progress. While it still has
// children it rolls up from them; left without any, it is a leaf again and
// — our choice — takes the progress of its own latest accepted report (0
// without one), as a leaf's progress always comes from its reports; the
// figure the departed children made is no longer anyone's.
func reRollOld(ctx context.Context, tx *store.Tx, old int64) error {
	if old == 0 {
		return nil
	}
	var kids int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM tasks WHERE parent_id = ?`, old).Scan(&kids); err != nil {
		return fmt.Errorf("children of %d: %w", old, err)
	}
	if kids > 0 {
		return rollUpFrom(ctx, tx, old)
	}
	var progress int
	err := tx.QueryRow(ctx, `SELECT progress FROM task_reports WHERE task_id = ? AND status = ?
		ORDER BY due_date DESC, reviewed_at DESC, id DESC LIMIT 1`, old, ReportAccepted).Scan(&progress)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("last report of %d: %w", old, err)
	}
	return SetProgressIn(ctx, tx, old, progress)
}

// progressOf reads the progress of the two parents (0 for none).
func progressOf(ctx context.Context, tx *store.Tx, ids ...int64) ([]int, error) {
	out := make([]int, len(ids))
	for i, id := range ids {
		if id == 0 {
			continue
		}
		if err := tx.QueryRow(ctx, `SELECT progress FROM tasks WHERE id = ?`, id).Scan(&out[i]); err != nil {
			return nil, fmt.Errorf("progress of %d: %w", id, err)
		}
	}
	return out, nil
}

// recordMove puts the move on the timelines and in the audit log.
func (s *Store) recordMove(ctx context.Context, tx *store.Tx, p *auth.Principal, t *Task, version int, newParent int64,
	newTitle string, before, after []int) error {
	from, to := parentLabel(t.ParentID, t.ParentTitle), parentLabel(newParent, newTitle)
	if err := s.event(ctx, tx, p, t.ID, "move", t.State, t.State, from+" → "+to); err != nil {
		return err
	}
	child := parentLabel(t.ID, t.Title)
	if t.ParentID != 0 {
		if err := s.eventKeepState(ctx, tx, p, t.ParentID, "move_out", child); err != nil {
			return err
		}
	}
	if newParent != 0 {
		if err := s.eventKeepState(ctx, tx, p, newParent, "move_in", child); err != nil {
			return err
		}
	}
	return s.audit.Record(ctx, tx, audit.Entry{Entity: "task", EntityID: itoa(t.ID), Action: "move",
		Before: map[string]any{"parent_id": t.ParentID, "version": version,
			"old_parent_progress": before[0], "new_parent_progress": before[1]},
		After: map[string]any{"parent_id": newParent, "version": version + 1,
			"old_parent_progress": after[0], "new_parent_progress": after[1]}})
}

// eventKeepState records an event on a task whose state does not change.
func (s *Store) eventKeepState(ctx context.Context, tx *store.Tx, p *auth.Principal, id int64, action, comment string) error {
	var st State
	if err := tx.QueryRow(ctx, `SELECT state FROM tasks WHERE id = ?`, id).Scan(&st); err != nil {
		return fmt.Errorf("state of %d: %w", id, err)
	}
	return s.event(ctx, tx, p, id, action, st, st, comment)
}

// parentLabel names a task on a timeline: "#12 title", or "—" for the top.
func parentLabel(id int64, title string) string {
	if id == 0 {
		return "—"
	}
	return "#" + itoa(id) + " " + title
}
