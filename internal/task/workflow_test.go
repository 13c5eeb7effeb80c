package task_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// rules restates the workflow for the test: the states each action starts
// from, whether it needs a pending extension, and who may take it.
var rules = []struct {
	action  task.Action
	from    []task.State
	pending bool
	to      task.State
	byLead  bool // the lead unit's liaison and head; otherwise the office
}{
	{task.ActAssign, []task.State{task.StateDraft, task.StateReturnedByUnit}, false, task.StateAssigned, false},
	{task.ActSign, []task.State{task.StateAssigned}, false, task.StateSigned, true},
	{task.ActSendBack, []task.State{task.StateAssigned}, false, task.StateReturnedByUnit, true},
	{task.ActStart, []task.State{task.StateSigned}, false, task.StateInProgress, true},
	{task.ActRequestCompletion, []task.State{task.StateInProgress}, false, task.StateCompletionRequested, true},
	{task.ActComplete, []task.State{task.StateCompletionRequested}, false, task.StateDone, false},
	{task.ActReturn, []task.State{task.StateCompletionRequested}, false, task.StateInProgress, false},
	{task.ActRequestExtension, []task.State{task.StateSigned, task.StateInProgress}, false, "", true},
	{task.ActApproveExtension, []task.State{task.StateSigned, task.StateInProgress, task.StateCompletionRequested}, true, "", false},
	{task.ActRefuseExtension, []task.State{task.StateSigned, task.StateInProgress, task.StateCompletionRequested}, true, "", false},
	{task.ActCancel, []task.State{task.StateDraft, task.StateAssigned, task.StateReturnedByUnit, task.StateSigned,
		task.StateInProgress, task.StateCompletionRequested}, false, task.StateCancelled, false},
}

var roles = []string{asOffice, asLeader, asLiaison, asHead, asCoUnit, asOther}

// expect is the outcome for role taking an action from an allowed state.
func expect(role string, byLead bool) error {
	switch {
	case role == asOther:
		return store.ErrNotFound // outside scope: the task does not exist for them
	case byLead && (role == asLiaison || role == asHead):
		return nil
	case !byLead && role == asOffice:
		return nil
	}
	return ui.ErrForbidden
}

func request(a task.Action) task.Request {
	return task.Request{Action: a, Reason: "理由", NewDeadline: "2026-07-31"}
}

// TestEveryTransitionForEveryRole takes every action from every state it
// starts from, as every role, and then from every state it does not start
// from, as the role that may take it.
func TestEveryTransitionForEveryRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		for _, r := range rules {
			for _, from := range r.from {
				for _, role := range roles {
					want := expect(role, r.byLead)
					name := string(r.action) + "/" + string(from) + "/" + role + "/" + outcome(want)
					t.Run(name, func(t *testing.T) {
						id := f.newTask(t, from, r.pending)
						before, _ := f.s.Get(ctx, f.users[asOffice], id)
						err := f.s.Act(ctx, f.users[role], id, request(r.action))
						if !errors.Is(err, want) || (want == nil && err != nil) {
							t.Fatalf("%s as %s from %s = %v, want %v", r.action, role, from, err, want)
						}
						after, _ := f.s.Get(ctx, f.users[asOffice], id)
						wantState := from
						if want == nil && r.to != "" {
							wantState = r.to
						}
						if after.State != wantState {
							t.Errorf("state = %s, want %s", after.State, wantState)
						}
						if want != nil && after.Version != before.Version {
							t.Errorf("refused %s changed the version %d → %d", r.action, before.Version, after.Version)
						}
						if want == nil {
							checkRecorded(t, f, id, r.action, from, wantState)
						}
					})
				}
			}
			for _, from := range task.States {
				if slices.Contains(r.from, from) {
					continue
				}
				role := asOffice
				if r.byLead {
					role = asLiaison
				}
				t.Run(string(r.action)+"/"+string(from)+"/"+role+"/InvalidState", func(t *testing.T) {
					id := f.newTask(t, from, r.pending)
					if err := f.s.Act(ctx, f.users[role], id, request(r.action)); !errors.Is(err, task.ErrInvalidState) {
						t.Fatalf("%s from %s = %v, want invalid state", r.action, from, err)
					}
				})
			}
		}
	})
}

func outcome(err error) string {
	switch {
	case err == nil:
		return "Allowed"
	case errors.Is(err, store.ErrNotFound):
		return "NotFound"
	}
	return "Forbidden"
}

// checkRecorded requires the step on the timeline and in the audit log.
func checkRecorded(t *testing.T, f *fixture, id int64, a task.Action, from, to task.State) {
	t.Helper()
	ctx := context.Background()
	events, err := f.s.Timeline(ctx, id)
	if err != nil || len(events) == 0 {
		t.Fatalf("timeline: %v, %d events", err, len(events))
	}
	last := events[len(events)-1]
	if last.Action != string(a) || last.From != from || last.To != to || last.Comment == "" && a.NeedsReason() {
		t.Errorf("last event = %+v, want %s %s→%s with a comment", last, a, from, to)
	}
	var n int
	if err := f.db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'task' AND entity_id = ? AND action = ?`,
		itoa(id), string(a)).Scan(&n); err != nil || n != 1 {
		t.Errorf("audit entries for %s = %d (%v), want 1", a, n, err)
	}
}
