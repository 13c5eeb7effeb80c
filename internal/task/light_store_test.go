package task_test

import (
	"context"
	"testing"

	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/task"
)

// TestBoardLights checks the lights lists show, parents rolled up from their
// children, on the fixture's today (2026-05-06).
func TestBoardLights(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		office := f.users[asOffice]
		in := f.input()
		in.ReportCycle = "none"
		parent, err := f.s.Create(ctx, office, in)
		if err != nil {
			t.Fatal(err)
		}
		in = f.input()
		in.ParentID = parent
		child, err := f.s.Create(ctx, office, in) // weekly: five reports missing by today
		if err != nil {
			t.Fatal(err)
		}
		done, err := f.s.Create(ctx, office, in)
		if err != nil {
			t.Fatal(err)
		}
		set := func(q string, args ...any) {
			t.Helper()
			if _, err := db.Exec(ctx, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		set(`UPDATE tasks SET state = 'in_progress', progress = 50`)
		set(`UPDATE tasks SET state = 'done' WHERE id = ?`, done)
		lights := func() map[int64]task.Light {
			t.Helper()
			b, err := f.s.List(ctx, office, task.Filter{CampaignID: f.campaign.ID})
			if err != nil {
				t.Fatal(err)
			}
			out := map[int64]task.Light{}
			for _, x := range b.Tasks {
				out[x.ID] = x.Light
			}
			return out
		}
		for _, step := range []struct {
			name          string
			setup         func()
			parent, child task.Light
		}{
			{"ParentShowsRedChild", func() {}, task.LightRed, task.LightRed},
			{"ParentGreenWhenChildClosed", func() { set(`UPDATE tasks SET state = 'done' WHERE id = ?`, child) }, task.LightGreen, task.LightGrey},
			{"ParentOwnLagCounts", func() { set(`UPDATE tasks SET progress = 20 WHERE id = ?`, parent) }, task.LightYellow, task.LightGrey},
			{"ClosedParentGrey", func() {
				set(`UPDATE tasks SET state = 'in_progress' WHERE id = ?`, child)
				set(`UPDATE tasks SET state = 'cancelled' WHERE id = ?`, parent)
			}, task.LightGrey, task.LightRed},
		} {
			t.Run(step.name, func(t *testing.T) {
				step.setup()
				got := lights()
				if got[parent] != step.parent || got[child] != step.child || got[done] != task.LightGrey {
					t.Fatalf("lights parent/child/done = %s/%s/%s, want %s/%s/grey", got[parent], got[child], got[done], step.parent, step.child)
				}
			})
		}
	})
}
