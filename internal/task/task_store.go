package task

import (
	"context"
	"fmt"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Create stores a new task in the draft state; the office only.
func (s *Store) Create(ctx context.Context, p *auth.Principal, in Input) (int64, error) {
	if !p.Has(auth.RoleOffice) {
		return 0, ui.ErrForbidden
	}
	errs := in.validate()
	var id int64
	// Grouped: concurrent creates share one commit (and fsync) on SQLite.
	err := s.db.InGroupTx(ctx, func(tx *store.Tx) error {
		if _, err := campaignByID(ctx, tx, in.CampaignID); err != nil {
			return err
		}
		if err := checkRefs(ctx, tx, &in, 0, errs); err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		var err error
		if id, err = s.CreateIn(ctx, tx, p, in, StateDraft); err != nil {
			return err
		}
		if err := s.event(ctx, tx, p, id, "create", "", StateDraft, ""); err != nil {
			return err
		}
		t := Task{ID: id, Title: in.Title, State: StateDraft, LeadUnitID: in.LeadUnitID, Deadline: in.Deadline,
			StartDate: in.StartDate, Weight: in.Weight, Version: 1}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "task", EntityID: itoa(id), Action: "create", After: t.auditView()})
	})
	return id, err
}

// CreateIn inserts a checked input in state inside the caller's transaction
// (the demo loader and the plan import use it) and returns the new id.
func (s *Store) CreateIn(ctx context.Context, tx *store.Tx, p *auth.Principal, in Input, state State) (int64, error) {
	now := s.now().UTC()
	id, err := store.InsertID(ctx, tx, `INSERT INTO tasks (campaign_id, parent_id, phase_id, title, content, weight, source,
		lead_unit_id, responsible_id, leader_id, start_date, deadline, original_deadline, report_cycle, state, created_by,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		in.CampaignID, store.NullID(in.ParentID), store.NullID(in.PhaseID), in.Title, in.Content, in.Weight, in.Source, in.LeadUnitID,
		store.NullID(in.ResponsibleID), store.NullID(in.LeaderID), in.StartDate, in.Deadline, in.Deadline, in.ReportCycle, state,
		store.NullID(p.ID), now, now)
	if err != nil {
		return 0, fmt.Errorf("insert task: %w", err)
	}
	if err := writeLists(ctx, tx, id, in); err != nil {
		return 0, err
	}
	if err := indexSearch(ctx, tx, id); err != nil {
		return 0, err
	}
	if in.ParentID != 0 {
		return id, rollUpFrom(ctx, tx, in.ParentID)
	}
	return id, nil
}

// writeLists replaces the task's co-units, tags and milestones.
func writeLists(ctx context.Context, tx *store.Tx, id int64, in Input) error {
	for _, q := range []string{`DELETE FROM task_co_units WHERE task_id = ?`, `DELETE FROM task_tags WHERE task_id = ?`,
		`DELETE FROM task_milestones WHERE task_id = ?`} {
		if _, err := tx.Exec(ctx, q, id); err != nil {
			return fmt.Errorf("clear task lists: %w", err)
		}
	}
	for _, u := range in.CoUnitIDs {
		if _, err := tx.Exec(ctx, `INSERT INTO task_co_units (task_id, unit_id) VALUES (?, ?)`, id, u); err != nil {
			return fmt.Errorf("co-unit: %w", err)
		}
	}
	for _, tag := range in.Tags {
		if _, err := tx.Exec(ctx, `INSERT INTO task_tags (task_id, tag) VALUES (?, ?)`, id, tag); err != nil {
			return fmt.Errorf("tag: %w", err)
		}
	}
	for _, m := range in.Milestones {
		if _, err := tx.Exec(ctx, `INSERT INTO task_milestones (task_id, title, due_date) VALUES (?, ?, ?)`, id, m.Title, m.Date); err != nil {
			return fmt.Errorf("milestone: %w", err)
		}
	}
	return nil
}

// Update changes a task's fields; the office only, while the task is open,
// and only from the version the editor saw (else store.ErrConflict). The
// campaign and parent stay; a deadline changed by edit becomes the original
// deadline too, since it is the office's plan, not an extension.
func (s *Store) Update(ctx context.Context, p *auth.Principal, id int64, version int, in Input) error {
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
		in.CampaignID, in.ParentID = t.CampaignID, t.ParentID
		errs := in.validate()
		if err := checkRefs(ctx, tx, &in, id, errs); err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		original := t.OriginalDeadline
		if in.Deadline != t.Deadline && t.Deadline == t.OriginalDeadline {
			original = in.Deadline
		}
		res, err := tx.Exec(ctx, `UPDATE tasks SET phase_id = ?, title = ?, content = ?, weight = ?, source = ?, lead_unit_id = ?,
			responsible_id = ?, leader_id = ?, start_date = ?, deadline = ?, original_deadline = ?, report_cycle = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			store.NullID(in.PhaseID), in.Title, in.Content, in.Weight, in.Source, in.LeadUnitID, store.NullID(in.ResponsibleID),
			store.NullID(in.LeaderID), in.StartDate, in.Deadline, original, in.ReportCycle, s.now().UTC(), id, version)
		if err := oneRow(res, err, id); err != nil {
			return err
		}
		if err := writeLists(ctx, tx, id, in); err != nil {
			return err
		}
		if err := indexSearch(ctx, tx, id); err != nil {
			return err
		}
		if t.ParentID != 0 && in.Weight != t.Weight {
			if err := rollUpFrom(ctx, tx, t.ParentID); err != nil {
				return err
			}
		}
		if err := s.event(ctx, tx, p, id, "edit", t.State, t.State, ""); err != nil {
			return err
		}
		after := Task{Title: in.Title, State: t.State, LeadUnitID: in.LeadUnitID, Deadline: in.Deadline, StartDate: in.StartDate,
			Weight: in.Weight, Progress: t.Progress, Version: version + 1}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "task", EntityID: itoa(id), Action: "update",
			Before: t.auditView(), After: after.auditView()})
	})
}

// oneRow turns an optimistic UPDATE that touched no row into store.ErrConflict.
func oneRow(res interface{ RowsAffected() (int64, error) }, err error, id int64) error {
	if err != nil {
		return fmt.Errorf("update task %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update task %d: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("task %d changed meanwhile: %w", id, store.ErrConflict)
	}
	return nil
}

// Input returns the editable fields of t.
func (t *Task) Input() Input {
	in := Input{CampaignID: t.CampaignID, ParentID: t.ParentID, PhaseID: t.PhaseID, Title: t.Title, Content: t.Content,
		Weight: t.Weight, Source: t.Source, LeadUnitID: t.LeadUnitID, CoUnitIDs: t.CoUnitIDs(), ResponsibleID: t.ResponsibleID,
		LeaderID: t.LeaderID, StartDate: t.StartDate, Deadline: t.Deadline, ReportCycle: t.ReportCycle, Tags: t.Tags,
		Milestones: t.Milestones}
	return in
}
