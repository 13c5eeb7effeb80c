package meeting

import (
	"context"
	"errors"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/ui"
	"tongchou/internal/workday"
)

// Previous returns the previous meeting of m's campaign and kind (held
// before m) with its decisions, each with its task's state and light as p
// may see it: a task outside a unit user's scope shows its decision only.
// ok is false when there is no previous meeting.
func (s *Store) Previous(ctx context.Context, p *auth.Principal, m *Meeting) (prev Meeting, ds []Decision, ok bool, err error) {
	prev, err = LastMeeting(ctx, s.db, m.CampaignID, m.Kind, m.HeldAt)
	if errors.Is(err, store.ErrNotFound) {
		return prev, nil, false, nil
	}
	if err != nil {
		return prev, nil, false, err
	}
	if ds, err = Decisions(ctx, s.db, prev.ID); err != nil {
		return prev, nil, false, err
	}
	if ds, err = s.withLights(ctx, p, ds); err != nil {
		return prev, nil, false, err
	}
	return prev, ds, true, nil
}

// withLights fills the light of each published decision's task p may see
// and hides the state of the others.
func (s *Store) withLights(ctx context.Context, p *auth.Principal, ds []Decision) ([]Decision, error) {
	cal, err := workday.Load(ctx, s.db)
	if err != nil {
		return nil, err
	}
	today := s.now().In(ui.Shanghai).Format("2006-01-02")
	for i := range ds {
		if ds[i].TaskID == 0 {
			continue
		}
		t, err := s.tasks.Get(ctx, p, ds[i].TaskID)
		if errors.Is(err, store.ErrNotFound) {
			ds[i].TaskID, ds[i].TaskState = 0, ""
			continue
		}
		if err != nil {
			return nil, err
		}
		ds[i].TaskState, ds[i].TaskDeadline = t.State, t.Deadline
		if ds[i].Light, _, err = task.TaskLight(ctx, s.db, &t, cal, today); err != nil {
			return nil, err
		}
	}
	return ds, nil
}
