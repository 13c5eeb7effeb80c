package task_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

func TestCreateRefusesBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		for _, tc := range []struct {
			name  string
			edit  func(*task.Input)
			field string
			key   string
		}{
			{"DeadlineBeforeStart", func(in *task.Input) { in.Deadline = "2026-03-31" }, "deadline", "task.err.end_before_start"},
			{"EmptyTitle", func(in *task.Input) { in.Title = "  " }, "title", "form.required"},
			{"HugeTitle", func(in *task.Input) { in.Title = strings.Repeat("长", 1<<20) }, "title", "form.too_long"},
			{"MalformedDate", func(in *task.Input) { in.StartDate = "2026-13-45" }, "start", "task.err.date"},
			{"SQLInDate", func(in *task.Input) { in.Deadline = "'; DROP TABLE tasks; --" }, "deadline", "task.err.date"},
			{"UnknownSource", func(in *task.Input) { in.Source = "rumour" }, "source", "form.invalid"},
			{"UnknownCycle", func(in *task.Input) { in.ReportCycle = "daily" }, "report_cycle", "form.invalid"},
			{"ZeroWeight", func(in *task.Input) { in.Weight = 0 }, "weight", "task.err.range"},
			{"UnknownLeadUnit", func(in *task.Input) { in.LeadUnitID = 99999 }, "lead_unit", "task.err.ref_lead_unit"},
			{"ResponsibleOfOtherUnit", func(in *task.Input) { in.ResponsibleID = f.users[asOther].ID }, "responsible", "task.err.ref_responsible"},
			{"LeaderWithoutRole", func(in *task.Input) { in.LeaderID = f.users[asLiaison].ID }, "leader", "task.err.ref_leader"},
			{"MilestoneAfterDeadline", func(in *task.Input) { in.Milestones[0].Date = "2026-09-01" }, "milestones", "task.err.milestone_outside"},
			{"TagWithHTML", func(in *task.Input) { in.Tags = []string{"<script>"} }, "tags", "task.err.tag"},
			{"PhaseOfAnotherCampaign", func(in *task.Input) { in.PhaseID = 99999 }, "phase", "task.err.ref_phase"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				in := f.input()
				tc.edit(&in)
				_, err := f.s.Create(ctx, f.users[asOffice], in)
				if got := ui.AsErrors(err)[tc.field]; got != tc.key {
					t.Fatalf("error on %s = %q (%v), want %q", tc.field, got, err, tc.key)
				}
				if n := count(t, db, `SELECT COUNT(*) FROM tasks`); n != 0 {
					t.Errorf("%d tasks stored after a refused create", n)
				}
			})
		}
		t.Run("NotOfficeForbidden", func(t *testing.T) {
			if _, err := f.s.Create(ctx, f.users[asLiaison], f.input()); !errors.Is(err, ui.ErrForbidden) {
				t.Fatalf("liaison create = %v", err)
			}
		})
		t.Run("HTMLTitleStoredAsText", func(t *testing.T) {
			in := f.input()
			in.Title = `<b>调研</b> ' OR 1=1 --`
			id, err := f.s.Create(ctx, f.users[asOffice], in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := f.s.Get(ctx, f.users[asOffice], id)
			if err != nil || got.Title != in.Title || len(got.CoUnits) != 1 || len(got.Milestones) != 1 || got.Tags[0] != "民生改善" {
				t.Fatalf("stored task = %+v, %v", got, err)
			}
		})
	})
}

func count(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestScope: the office and leaders see every task; a unit sees what it
// leads or co-handles; a part-time user the union of their units, never more.
func TestScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		shared := f.newTask(t, task.StateInProgress, false)
		in := f.input()
		in.CoUnitIDs = nil
		alone, err := f.s.Create(ctx, f.users[asOffice], in)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			role string
			sees []int64
		}{
			{asOffice, []int64{shared, alone}}, {asLeader, []int64{shared, alone}}, {asLiaison, []int64{shared, alone}},
			{asHead, []int64{shared, alone}}, {asCoUnit, []int64{shared}}, {asPartTime, []int64{shared}}, {asOther, nil},
		} {
			t.Run(tc.role, func(t *testing.T) {
				b, err := f.s.List(ctx, f.users[tc.role], task.Filter{CampaignID: f.campaign.ID})
				if err != nil || b.Total != len(tc.sees) {
					t.Fatalf("list as %s: %d tasks (%v), want %d", tc.role, b.Total, err, len(tc.sees))
				}
				for _, id := range []int64{shared, alone} {
					_, err := f.s.Get(ctx, f.users[tc.role], id)
					want := !containsID(tc.sees, id)
					if want != errors.Is(err, store.ErrNotFound) {
						t.Errorf("get %d as %s = %v", id, tc.role, err)
					}
				}
			})
		}
	})
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// TestOptimisticLocking: two people acting on the same version cannot both win.
func TestOptimisticLocking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		id := f.newTask(t, task.StateAssigned, false)
		seen, _ := f.s.Get(ctx, f.users[asLiaison], id)
		if err := f.s.Act(ctx, f.users[asHead], id, task.Request{Action: task.ActSign, Version: seen.Version}); err != nil {
			t.Fatalf("first sign: %v", err)
		}
		err := f.s.Act(ctx, f.users[asLiaison], id, task.Request{Action: task.ActSendBack, Version: seen.Version, Reason: "不归我单位"})
		if !errors.Is(err, store.ErrConflict) {
			t.Fatalf("second step on a stale version = %v, want conflict", err)
		}
		in := f.input()
		in.Title = "改名"
		if err := f.s.Update(ctx, f.users[asOffice], id, seen.Version, in); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("edit on a stale version = %v, want conflict", err)
		}
		now, _ := f.s.Get(ctx, f.users[asOffice], id)
		if err := f.s.Update(ctx, f.users[asOffice], id, now.Version, in); err != nil {
			t.Fatalf("edit on the current version: %v", err)
		}
		if got, _ := f.s.Get(ctx, f.users[asOffice], id); got.Title != "改名" || got.State != task.StateSigned {
			t.Fatalf("after edit: %q %s", got.Title, got.State)
		}
	})
}

func TestExtension(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		t.Run("ApprovedKeepsOriginal", func(t *testing.T) {
			id := f.newTask(t, task.StateInProgress, false)
			if err := f.s.Act(ctx, f.users[asLiaison], id, task.Request{Action: task.ActRequestExtension, NewDeadline: "2026/8/15", Reason: "雨季施工"}); err != nil {
				t.Fatal(err)
			}
			if err := f.s.Act(ctx, f.users[asOffice], id, task.Request{Action: task.ActApproveExtension}); err != nil {
				t.Fatal(err)
			}
			got, _ := f.s.Get(ctx, f.users[asOffice], id)
			if got.Deadline != "2026-08-15" || got.OriginalDeadline != "2026-06-30" {
				t.Fatalf("deadline %s original %s", got.Deadline, got.OriginalDeadline)
			}
		})
		for _, tc := range []struct {
			name, deadline, asked, field, key string
		}{
			{"AfterDeadline", "2026-05-05", "2026-06-30", "new_deadline", "task.err.ext_late"},
			{"NotLater", "2026-06-30", "2026-06-01", "new_deadline", "task.err.ext_not_later"},
			{"Malformed", "2026-06-30", "明年", "new_deadline", "task.err.date"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				id := f.newTask(t, task.StateInProgress, false)
				if _, err := db.Exec(ctx, `UPDATE tasks SET deadline = ? WHERE id = ?`, tc.deadline, id); err != nil {
					t.Fatal(err)
				}
				err := f.s.Act(ctx, f.users[asLiaison], id, task.Request{Action: task.ActRequestExtension, NewDeadline: tc.asked, Reason: "r"})
				if got := ui.AsErrors(err)[tc.field]; got != tc.key {
					t.Fatalf("error = %v, want %s", err, tc.key)
				}
				if n := count(t, db, `SELECT COUNT(*) FROM task_extensions WHERE task_id = ?`, id); n != 0 {
					t.Errorf("%d extension requests stored", n)
				}
			})
		}
		t.Run("ReasonRequired", func(t *testing.T) {
			id := f.newTask(t, task.StateAssigned, false)
			err := f.s.Act(ctx, f.users[asLiaison], id, task.Request{Action: task.ActSendBack, Reason: "   "})
			if ui.AsErrors(err)["reason"] != "task.err.reason_required" {
				t.Fatalf("send back without reason = %v", err)
			}
		})
	})
}
