package task

import (
	"context"
	"fmt"

	"tongchou/internal/auth"
	"tongchou/internal/store"
)

// Seed stores a checked task straight in state with progress, its timeline
// showing the steps to get there, inside the caller's transaction. For the
// demo loader and tests; the office principal p is recorded as creator.
func (s *Store) Seed(ctx context.Context, tx *store.Tx, p *auth.Principal, in Input, state State, progress int) (int64, error) {
	if errs := in.validate(); len(errs) > 0 {
		return 0, fmt.Errorf("seed %q: %w", in.Title, errs)
	}
	id, err := s.CreateIn(ctx, tx, p, in, state)
	if err != nil {
		return 0, err
	}
	if err := s.event(ctx, tx, p, id, "create", "", StateDraft, ""); err != nil {
		return 0, err
	}
	steps := map[State][]State{StateAssigned: {StateAssigned}, StateSigned: {StateAssigned, StateSigned},
		StateInProgress: {StateAssigned, StateSigned, StateInProgress}, StateReturnedByUnit: {StateAssigned, StateReturnedByUnit},
		StateCompletionRequested: {StateAssigned, StateSigned, StateInProgress, StateCompletionRequested},
		StateDone:                {StateAssigned, StateSigned, StateInProgress, StateCompletionRequested, StateDone}}
	from := StateDraft
	for _, to := range steps[state] {
		if err := s.event(ctx, tx, p, id, actionTo(to), from, to, ""); err != nil {
			return 0, err
		}
		from = to
	}
	if state == StateDone {
		progress = 100
	}
	set := `UPDATE tasks SET sign_due = ? WHERE id = ?`
	if _, err := tx.Exec(ctx, set, addDays(in.StartDate, 3), id); err != nil {
		return 0, err
	}
	return id, SetProgressIn(ctx, tx, id, progress)
}

// actionTo names the step that leads into state (for seeded timelines).
func actionTo(s State) string {
	for _, a := range Actions {
		if transitions[a].to == s {
			return string(a)
		}
	}
	return "edit"
}
