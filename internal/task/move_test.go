package task_test

import (
	"context"
	"errors"
	"testing"

	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// TestMoveTask moves a sub-task between two key tasks: both parents' progress
// rolls up again, the move is on three timelines and in the audit log; then
// every refusal changes nothing.
func TestMoveTask(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		office := f.users[asOffice]
		mk := func(parent int64, progress int) int64 {
			t.Helper()
			in := f.input()
			in.ParentID = parent
			id, err := f.s.Create(ctx, office, in)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(ctx, `UPDATE tasks SET state = 'in_progress', progress = ? WHERE id = ?`, progress, id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		a := mk(0, 0)
		a1, a2 := mk(a, 80), mk(a, 20)
		b := mk(0, 0)
		b1 := mk(b, 40)
		a2x := mk(a2, 10) // a grandchild of a, under a2
		progress := func(id int64) int {
			t.Helper()
			var p int
			if err := db.QueryRow(ctx, `SELECT progress FROM tasks WHERE id = ?`, id).Scan(&p); err != nil {
				t.Fatal(err)
			}
			return p
		}
		// set the parents' figures as the roll-up would have
		for _, id := range []int64{a2x, a1, b1} {
			if err := db.InTx(ctx, func(tx *store.Tx) error { return task.SetProgressIn(ctx, tx, id, progress(id)) }); err != nil {
				t.Fatal(err)
			}
		}
		if progress(a) != 45 || progress(b) != 40 {
			t.Fatalf("set-up progress a %d b %d, want 45 40", progress(a), progress(b))
		}
		version := func(id int64) int {
			tk, err := f.s.Get(ctx, office, id)
			if err != nil {
				t.Fatal(err)
			}
			return tk.Version
		}
		if err := f.s.Move(ctx, office, a1, version(a1), b); err != nil {
			t.Fatalf("move: %v", err)
		}
		if progress(a) != 10 || progress(b) != 60 {
			t.Errorf("after the move a %d b %d, want 10 (a2 alone) and 60 (40 and 80)", progress(a), progress(b))
		}
		moved, _ := f.s.Get(ctx, office, a1)
		if moved.ParentID != b {
			t.Fatalf("parent = %d, want %d", moved.ParentID, b)
		}
		for id, action := range map[int64]string{a1: "move", a: "move_out", b: "move_in"} {
			var n int
			db.QueryRow(ctx, `SELECT COUNT(*) FROM task_events WHERE task_id = ? AND action = ?`, id, action).Scan(&n)
			if n != 1 {
				t.Errorf("task %d has %d %s events, want 1", id, n, action)
			}
		}
		var audits int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'task' AND action = 'move' AND entity_id = ?`, itoa(a1)).Scan(&audits)
		if audits != 1 {
			t.Errorf("audit entries = %d, want 1", audits)
		}

		other := task.Campaign{Name: "另一活动", StartDate: "2026-03-01", EndDate: "2026-10-31", Settings: task.DefaultSettings}
		if err := f.s.CreateCampaign(ctx, office, &other); err != nil {
			t.Fatal(err)
		}
		in := f.input()
		in.CampaignID, in.PhaseID = other.ID, 0
		foreign, err := f.s.Create(ctx, office, in)
		if err != nil {
			t.Fatal(err)
		}
		done := mk(0, 100)
		db.Exec(ctx, `UPDATE tasks SET state = 'done' WHERE id = ?`, done)
		for _, tc := range []struct {
			name    string
			as      string
			id      int64
			version int
			parent  int64
			field   string
			want    error
		}{
			{"UnderItselfRefused", asOffice, a, 0, a, "parent", nil},
			{"UnderItsDescendantRefused", asOffice, a, 0, a2x, "parent", nil},
			{"AcrossCampaignsRefused", asOffice, a2, 0, foreign, "parent", nil},
			{"MissingParentRefused", asOffice, a2, 0, 999999, "parent", nil},
			{"SameParentRefused", asOffice, a2, 0, a, "parent", nil},
			{"ClosedParentRefused", asOffice, a2, 0, done, "parent", nil},
			{"ClosedTaskRefused", asOffice, done, 0, a, "", store.ErrConflict},
			{"StaleVersionConflicts", asOffice, a2, -1, b, "", store.ErrConflict},
			{"LeadLiaisonForbidden", asLiaison, a2, 0, b, "", ui.ErrForbidden},
			{"OtherUnitNotFound", asOther, a2, 0, b, "", store.ErrNotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				v := version(tc.id) + tc.version
				err := f.s.Move(ctx, f.users[tc.as], tc.id, v, tc.parent)
				if tc.field != "" {
					if e := ui.AsErrors(err); e == nil || e[tc.field] == "" {
						t.Fatalf("err = %v, want an error on %s", err, tc.field)
					}
				} else if !errors.Is(err, tc.want) {
					t.Fatalf("err = %v, want %v", err, tc.want)
				}
				if got, _ := f.s.Get(ctx, office, tc.id); got.Version != v-tc.version {
					t.Errorf("task changed: version %d", got.Version)
				}
				if progress(a) != 10 || progress(b) != 60 {
					t.Errorf("progress changed: a %d b %d", progress(a), progress(b))
				}
			})
		}
		t.Run("LastChildLeavesParentToItsReports", func(t *testing.T) {
			// a2 (with a2x) goes to the top: a has no child left and no
			// accepted report, so its progress is 0
			if err := f.s.Move(ctx, office, a2, version(a2), 0); err != nil {
				t.Fatal(err)
			}
			if progress(a) != 0 || progress(a2) != 10 {
				t.Errorf("a %d a2 %d, want 0 and 10", progress(a), progress(a2))
			}
		})
	})
}
