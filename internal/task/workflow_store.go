package task

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
	"tongchou/internal/workday"
)

// Request is one workflow step as a user submits it.
type Request struct {
	Action      Action
	Version     int    // the version the user saw; 0 takes the current one
	Reason      string // reason, evidence or comment
	NewDeadline string // for an extension request
}

// SignDays is the time limit for signing for an assigned task, in working days.
const SignDays = 3

// Act takes a workflow step on task id as p. Scope comes first (another
// unit's task is store.ErrNotFound), then role and unit (ui.ErrForbidden),
// then state (ErrInvalidState), then the inputs (ui.Errors); the change is
// written only over the version the user saw (else store.ErrConflict), put
// on the task's timeline and audited, all in one transaction.
func (s *Store) Act(ctx context.Context, p *auth.Principal, id int64, req Request) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		t, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		ext, err := pendingExtension(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := check(p, &t, req.Action, ext != nil); err != nil {
			return err
		}
		if req.Version == 0 {
			req.Version = t.Version
		}
		if req.Version != t.Version {
			return fmt.Errorf("task %d: saw version %d, now %d: %w", id, req.Version, t.Version, store.ErrConflict)
		}
		if err := s.validate(&t, &req); err != nil {
			return err
		}
		return s.apply(ctx, tx, p, &t, ext, req)
	})
}

// validate checks the reason and, for an extension, the new date.
func (s *Store) validate(t *Task, req *Request) error {
	errs := ui.Errors{}
	req.Reason = strings.TrimSpace(req.Reason)
	switch {
	case transitions[req.Action].reason && req.Reason == "":
		errs["reason"] = "task.err.reason_required"
	case utf8.RuneCountInString(req.Reason) > maxReason:
		errs["reason"] = "form.too_long"
	}
	if req.Action == ActRequestExtension {
		today := s.today()
		d, ok := parseDate(req.NewDeadline)
		switch {
		case t.Deadline < today:
			errs["new_deadline"] = "task.err.ext_late"
		case !ok:
			errs["new_deadline"] = dateErr(req.NewDeadline)
		case d <= t.Deadline:
			errs["new_deadline"] = "task.err.ext_not_later"
		}
		req.NewDeadline = d
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// apply writes the step: the task row under its version, the step's own
// effects, the timeline event and the audit entry.
func (s *Store) apply(ctx context.Context, tx *store.Tx, p *auth.Principal, t *Task, ext *Extension, req Request) error {
	tr := transitions[req.Action]
	to := tr.to
	if to == "" {
		to = t.State
	}
	now := s.now().UTC()
	set, args := "state = ?, version = version + 1, updated_at = ?", []any{to, now}
	comment := req.Reason
	switch req.Action {
	case ActAssign:
		due, err := s.signDue(ctx, tx)
		if err != nil {
			return err
		}
		set, args = set+", sign_due = ?", append(args, due)
	case ActSign:
		set, args = set+", signed_at = ?", append(args, now)
	case ActComplete:
		set, args = set+", progress = 100, done_at = ?", append(args, now)
	case ActApproveExtension:
		set, args = set+", deadline = ?", append(args, ext.Requested)
		comment = joinComment(ext.Requested, req.Reason)
	case ActRequestExtension:
		comment = joinComment(req.NewDeadline, req.Reason)
	}
	res, err := tx.Exec(ctx, `UPDATE tasks SET `+set+` WHERE id = ? AND version = ?`, append(args, t.ID, req.Version)...)
	if err := oneRow(res, err, t.ID); err != nil {
		return err
	}
	if err := s.extensionEffect(ctx, tx, p, t, ext, req, now); err != nil {
		return err
	}
	if t.ParentID != 0 && (req.Action == ActComplete || req.Action == ActCancel) {
		if err := rollUpFrom(ctx, tx, t.ParentID); err != nil {
			return err
		}
	}
	if err := s.event(ctx, tx, p, t.ID, string(req.Action), t.State, to, comment); err != nil {
		return err
	}
	return s.audit.Record(ctx, tx, audit.Entry{Entity: "task", EntityID: itoa(t.ID), Action: string(req.Action),
		Before: map[string]any{"state": t.State, "deadline": t.Deadline, "version": t.Version},
		After:  map[string]any{"state": to, "comment": comment, "version": t.Version + 1}})
}

func joinComment(date, reason string) string {
	if reason == "" {
		return date
	}
	return date + " · " + reason
}

// signDue is the date by which an assigned task must be signed for.
func (s *Store) signDue(ctx context.Context, tx *store.Tx) (string, error) {
	cal, err := workday.Load(ctx, tx)
	if err != nil {
		return "", fmt.Errorf("sign due: %w", err)
	}
	today, _ := time.ParseInLocation(dateLayout, s.today(), shanghai)
	return cal.AddWorkdays(today, SignDays).Format(dateLayout), nil
}

// event puts one entry on the task's timeline.
func (s *Store) event(ctx context.Context, tx *store.Tx, p *auth.Principal, id int64, action string, from, to State, comment string) error {
	name := "system"
	var actorID any
	if p != nil {
		name, actorID = p.Name, store.NullID(p.ID)
	}
	_, err := tx.Exec(ctx, `INSERT INTO task_events (task_id, at, actor_id, actor, action, from_state, to_state, comment)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, s.now().UTC(), actorID, name, action, from, to, comment)
	if err != nil {
		return fmt.Errorf("task event: %w", err)
	}
	return nil
}

// IsConflict reports whether err means the task changed under the user.
func IsConflict(err error) bool { return errors.Is(err, store.ErrConflict) }
