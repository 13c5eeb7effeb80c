package task_test

import (
	"context"
	"errors"
	"testing"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// TestHandover: the office or the unit's head moves every open task of a
// liaison to another member of the same unit in one step; done tasks stay,
// each moved task is on its timeline and audited; anything wrong changes nothing.
func TestHandover(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		// A second liaison of 教育局 to take over.
		next := insertID(t, db, `INSERT INTO users (username, name, unit_id, password_hash, created_at, updated_at)
			VALUES ('next', '接任者', ?, 'x', ?, ?)`, f.units["教育局"], clock(), clock())
		if _, err := db.Exec(ctx, `INSERT INTO user_roles (user_id, role) VALUES (?, 'liaison')`, next); err != nil {
			t.Fatal(err)
		}
		from := f.users[asLiaison].ID
		give := func(state task.State) int64 {
			id := f.newTask(t, state, false)
			if _, err := db.Exec(ctx, `UPDATE tasks SET responsible_id = ? WHERE id = ?`, from, id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		open1, open2, done := give(task.StateInProgress), give(task.StateAssigned), give(task.StateDone)
		valid := task.HandoverInput{UnitID: f.units["教育局"], FromID: from, ToID: next, Reason: "产假"}
		with := func(mod func(*task.HandoverInput)) task.HandoverInput { in := valid; mod(&in); return in }
		for _, tc := range []struct {
			name  string
			as    string
			in    task.HandoverInput
			want  error
			field string
		}{
			{"LiaisonForbidden", asLiaison, valid, ui.ErrForbidden, ""},
			{"LeaderForbidden", asLeader, valid, ui.ErrForbidden, ""},
			{"HeadOfOtherUnitForbidden", asHead, with(func(in *task.HandoverInput) { in.UnitID = f.units["青石镇人民政府"] }), ui.ErrForbidden, ""},
			{"TargetOutsideUnitRefused", asHead, with(func(in *task.HandoverInput) { in.ToID = f.users[asOther].ID }), nil, "to"},
			{"TargetSelfRefused", asHead, with(func(in *task.HandoverInput) { in.ToID = from }), nil, "to"},
			{"MissingTargetRefused", asHead, with(func(in *task.HandoverInput) { in.ToID = 999999 }), nil, "to"},
			{"FromOutsideUnitRefused", asOffice, with(func(in *task.HandoverInput) { in.FromID = f.users[asOther].ID }), nil, "from"},
			{"NoReasonRefused", asHead, with(func(in *task.HandoverInput) { in.Reason = "  " }), nil, "reason"},
			{"NothingToHandOver", asHead, with(func(in *task.HandoverInput) { in.FromID = f.users[asHead].ID }), nil, "from"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := count(t, db, `SELECT COUNT(*) FROM audit_log`)
				_, err := f.s.Handover(ctx, f.users[tc.as], tc.in)
				if tc.field != "" {
					if e := ui.AsErrors(err); e == nil || e[tc.field] == "" {
						t.Fatalf("Handover = %v, want an error on %s", err, tc.field)
					}
				} else if !errors.Is(err, tc.want) {
					t.Fatalf("Handover = %v, want %v", err, tc.want)
				}
				if n := count(t, db, `SELECT COUNT(*) FROM tasks WHERE responsible_id = ?`, from); n != 3 {
					t.Fatalf("refused handover moved tasks: %d left with the liaison, want 3", n)
				}
				if after := count(t, db, `SELECT COUNT(*) FROM audit_log`); after != before {
					t.Fatalf("refused handover audited")
				}
			})
		}
		t.Run("HeadHandsOverOpenWork", func(t *testing.T) {
			n, err := f.s.Handover(ctx, f.users[asHead], valid)
			if err != nil || n != 2 {
				t.Fatalf("Handover = %d, %v; want 2 moved", n, err)
			}
			for id, want := range map[int64]int64{open1: next, open2: next, done: from} {
				var got int64
				if err := db.QueryRow(ctx, `SELECT responsible_id FROM tasks WHERE id = ?`, id).Scan(&got); err != nil || got != want {
					t.Fatalf("task %d responsible = %d (%v), want %d", id, got, err, want)
				}
			}
			if n := count(t, db, `SELECT COUNT(*) FROM task_events WHERE action = 'handover' AND comment LIKE ?`, "%产假"); n != 2 {
				t.Fatalf("timeline entries = %d, want 2", n)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE entity = 'task' AND action = 'handover'`); n != 2 {
				t.Fatalf("audit entries = %d, want 2", n)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'task.handover'`, next); n != 1 {
				t.Fatalf("target notified %d times, want 1", n)
			}
		})
		t.Run("OfficeHandsBackAsPartTimeTarget", func(t *testing.T) {
			// The part-time user serves 卫健局 too, so may take over there.
			co := f.units["卫生健康局"]
			id := f.newTask(t, task.StateSigned, false)
			if _, err := db.Exec(ctx, `UPDATE tasks SET lead_unit_id = ?, responsible_id = ? WHERE id = ?`, co, f.users[asCoUnit].ID, id); err != nil {
				t.Fatal(err)
			}
			n, err := f.s.Handover(ctx, f.users[asOffice], task.HandoverInput{UnitID: co, FromID: f.users[asCoUnit].ID,
				ToID: f.users[asPartTime].ID, Reason: "借调"})
			if err != nil || n != 1 {
				t.Fatalf("Handover = %d, %v; want 1", n, err)
			}
			if !task.CanHandover(&auth.Principal{Roles: []auth.Role{auth.RoleUnitHead}, Units: []int64{co}}, co) {
				t.Fatal("a head of the unit may hand over in it")
			}
		})
	})
}
