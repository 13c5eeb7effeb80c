package task_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/task"
)

// seedCompare gives the fixture's campaign tasks of three units in every
// state with a spread of reports (on time, late, returned, missing), more
// than one chunk of the streamed comparison.
func seedCompare(t *testing.T, f *fixture) {
	t.Helper()
	ctx := context.Background()
	states := []task.State{task.StateInProgress, task.StateSigned, task.StateDone, task.StateDraft, task.StateCancelled,
		task.StateAssigned, task.StateCompletionRequested, task.StateReturnedByUnit}
	units := []int64{f.units["教育局"], f.units["卫生健康局"], f.units["青石镇人民政府"]}
	dues := []string{"2026-04-03", "2026-04-10", "2026-04-17", "2026-04-24", "2026-04-30", "2026-05-08"}
	liaison := f.users[asLiaison]
	err := f.db.InTx(ctx, func(tx *store.Tx) error {
		for i := range 620 {
			in := f.input()
			in.LeadUnitID, in.CoUnitIDs, in.Milestones = units[i%3], nil, nil
			in.Deadline = []string{"2026-04-30", "2026-05-05", "2026-06-30"}[i%3]
			id, err := f.s.CreateIn(ctx, tx, f.users[asOffice], in, states[i%len(states)])
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE tasks SET progress = ? WHERE id = ?`, (i*7)%100, id); err != nil {
				return err
			}
			for j, due := range dues {
				if (i+j)%4 == 0 {
					continue // missing
				}
				status := []string{"accepted", "submitted", "returned"}[(i+j)%3]
				if _, err := tx.Exec(ctx, `INSERT INTO task_reports (task_id, due_date, unit_id, author_id, work_done, progress,
					next_steps, status, submitted_at, late) VALUES (?, ?, ?, ?, 'w', 10, 'n', ?, ?, ?)`,
					id, due, units[i%3], liaison.ID, status, clock(), (i+j)%5 == 0); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
}

// TestCompareUnitsFastEqualsSlow: the streamed, cached comparison gives the
// same figures as the all-in-memory one, before and after a write, and a
// cached answer is not shared with the caller (editing it changes nothing).
func TestCompareUnitsFastEqualsSlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		seedCompare(t, f)
		office := f.users[asOffice]
		check := func(when string) []task.UnitFigures {
			t.Helper()
			fast, err := f.s.CompareUnits(ctx, office, f.campaign.ID)
			if err != nil {
				t.Fatalf("%s: fast: %v", when, err)
			}
			slow, err := f.s.CompareUnitsSlow(ctx, office, f.campaign.ID)
			if err != nil {
				t.Fatalf("%s: slow: %v", when, err)
			}
			if len(fast) != 3 || !reflect.DeepEqual(fast, slow) {
				t.Fatalf("%s: fast %+v\nslow %+v", when, fast, slow)
			}
			return fast
		}
		first := check("first")
		first[0].Tasks = -1 // the caller's copy
		again := check("cached")
		if again[0].Tasks < 0 {
			t.Fatal("the cache handed out its own slice")
		}
		if _, err := db.Exec(ctx, `UPDATE tasks SET state = 'done' WHERE campaign_id = ? AND state = 'in_progress'`, f.campaign.ID); err != nil {
			t.Fatal(err)
		}
		after := check("after a write")
		if fmt.Sprint(after) == fmt.Sprint(again) {
			t.Fatal("figures did not change after tasks were finished")
		}
	})
}

// TestWarmComparisons: the warm-up job fills the cache with the comparison
// of every campaign running today, and what it cached equals the slow path.
func TestWarmComparisons(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		seedCompare(t, f)
		today := clock().Add(8 * time.Hour).Format("2006-01-02") // Shanghai is UTC+8, no daylight saving
		var running int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM campaigns WHERE start_date <= ? AND end_date >= ?`, today, today).Scan(&running); err != nil {
			t.Fatal(err)
		}
		if running == 0 {
			t.Fatalf("the fixture campaign should be running on %s", today)
		}
		if f.s.ComparisonCached(f.campaign.ID) {
			t.Fatal("cached before the warm-up")
		}
		n, err := f.s.WarmComparisons(ctx)
		if err != nil || n != running {
			t.Fatalf("WarmComparisons = %d, %v; want %d", n, err, running)
		}
		if !f.s.ComparisonCached(f.campaign.ID) {
			t.Fatal("the running campaign's comparison is not cached after the warm-up")
		}
		office := f.users[asOffice]
		fast, err := f.s.CompareUnits(ctx, office, f.campaign.ID)
		if err != nil {
			t.Fatal(err)
		}
		slow, err := f.s.CompareUnitsSlow(ctx, office, f.campaign.ID)
		if err != nil || !reflect.DeepEqual(fast, slow) {
			t.Fatalf("warmed figures differ from the slow path (%v)", err)
		}
	})
}
