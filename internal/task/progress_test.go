package task_test

import (
	"context"
	"testing"

	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/task"
)

func TestRollUp(t *testing.T) {
	for _, tc := range []struct {
		name     string
		children []task.Share
		want     int
	}{
		{"NoChildren", nil, 0},
		{"Equal", []task.Share{{1, 40, task.StateInProgress}, {1, 60, task.StateInProgress}}, 50},
		{"Weighted", []task.Share{{3, 100, task.StateInProgress}, {1, 0, task.StateInProgress}}, 75},
		{"RoundsHalfUp", []task.Share{{1, 0, task.StateInProgress}, {1, 1, task.StateInProgress}}, 1},
		{"DoneCountsFull", []task.Share{{1, 80, task.StateDone}, {1, 0, task.StateInProgress}}, 50},
		{"CancelledIgnored", []task.Share{{5, 0, task.StateCancelled}, {1, 70, task.StateInProgress}}, 70},
		{"AllCancelled", []task.Share{{1, 30, task.StateCancelled}}, 0},
		{"ClampsBadValues", []task.Share{{1, 150, task.StateInProgress}, {1, -5, task.StateInProgress}}, 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := task.RollUp(tc.children); got != tc.want {
				t.Fatalf("RollUp = %d, want %d", got, tc.want)
			}
		})
	}
}

// TestParentRollsUp: a grandparent follows its grandchildren through the tree.
func TestParentRollsUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		office := f.users[asOffice]
		root, err := f.s.Create(ctx, office, f.input())
		if err != nil {
			t.Fatal(err)
		}
		in := f.input()
		in.ParentID = root
		mid, err := f.s.Create(ctx, office, in)
		if err != nil {
			t.Fatal(err)
		}
		in.ParentID = mid
		a, _ := f.s.Create(ctx, office, in)
		in.Weight = 3
		b, err := f.s.Create(ctx, office, in)
		if err != nil {
			t.Fatal(err)
		}
		err = db.InTx(ctx, func(tx *store.Tx) error {
			if err := task.SetProgressIn(ctx, tx, a, 100); err != nil {
				return err
			}
			return task.SetProgressIn(ctx, tx, b, 20)
		})
		if err != nil {
			t.Fatal(err)
		}
		// (1×100 + 3×20) / 4 = 40
		for _, id := range []int64{mid, root} {
			if got, _ := f.s.Get(ctx, office, id); got.Progress != 40 {
				t.Errorf("progress of %d = %d, want 40", id, got.Progress)
			}
		}
		kids, err := f.s.Children(ctx, office, mid)
		if err != nil || len(kids) != 2 {
			t.Fatalf("children = %d, %v", len(kids), err)
		}
		if _, err := db.Exec(ctx, `UPDATE tasks SET state = 'in_progress' WHERE id = ?`, b); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Act(ctx, office, b, task.Request{Action: task.ActCancel, Reason: "并入其他任务"}); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.s.Get(ctx, office, root); got.Progress != 100 {
			t.Errorf("after cancelling b the root = %d, want 100", got.Progress)
		}
	})
}
