package task_test

import (
	"context"
	"testing"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/crypt"
	"tongchou/internal/store"
	"tongchou/internal/task"
)

// clock is 2026-05-06 17:00 in Shanghai.
var clock = func() time.Time { return time.Date(2026, 5, 6, 9, 0, 0, 0, time.UTC) }

// fixture is a small organisation: the office, a lead unit (教育局) with a
// liaison and a head, a co-unit (卫健局) and an unrelated unit (青石镇), one
// campaign with two phases.
type fixture struct {
	db       *store.DB
	s        *task.Store
	units    map[string]int64
	users    map[string]*auth.Principal
	campaign task.Campaign
}

// The roles of the state-machine tests.
const (
	asOffice   = "office"
	asLeader   = "leader"
	asLiaison  = "lead_liaison"
	asHead     = "lead_head"
	asCoUnit   = "co_liaison"
	asOther    = "other_liaison"
	asPartTime = "parttime" // serves 青石镇 and, part-time, the co-unit
)

// insertID runs an INSERT on the write pool and returns the new id.
func insertID(t *testing.T, db *store.DB, q string, args ...any) int64 {
	t.Helper()
	var id int64
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		var err error
		id, err = store.InsertID(context.Background(), tx, q, args...)
		return err
	})
	if err != nil {
		t.Fatalf("insert: %v", err)
	}
	return id
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	suite, err := crypt.New("std", crypt.GenerateKeys())
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, s: task.New(db, audit.New(db, suite, clock), clock), units: map[string]int64{}, users: map[string]*auth.Principal{}}
	for _, u := range []string{"区委督查室", "区委办公室", "教育局", "卫生健康局", "青石镇人民政府"} {
		f.units[u] = insertID(t, db, `INSERT INTO units (name, kind, created_at) VALUES (?, 'department', ?)`, u, clock())
	}
	for _, u := range []struct {
		name, unit string
		role       auth.Role
		extra      string
	}{
		{asOffice, "区委督查室", auth.RoleOffice, ""},
		{asLeader, "区委办公室", auth.RoleLeader, ""},
		{asLiaison, "教育局", auth.RoleLiaison, ""},
		{asHead, "教育局", auth.RoleUnitHead, ""},
		{asCoUnit, "卫生健康局", auth.RoleLiaison, ""},
		{asOther, "青石镇人民政府", auth.RoleLiaison, ""},
		{asPartTime, "青石镇人民政府", auth.RoleLiaison, "卫生健康局"},
	} {
		id := insertID(t, db, `INSERT INTO users (username, name, unit_id, password_hash, created_at, updated_at)
			VALUES (?, ?, ?, 'x', ?, ?)`, u.name, "用户"+u.name, f.units[u.unit], clock(), clock())
		if _, err := db.Exec(ctx, `INSERT INTO user_roles (user_id, role) VALUES (?, ?)`, id, u.role); err != nil {
			t.Fatal(err)
		}
		if u.extra != "" {
			if _, err := db.Exec(ctx, `INSERT INTO user_units (user_id, unit_id) VALUES (?, ?)`, id, f.units[u.extra]); err != nil {
				t.Fatal(err)
			}
		}
		if f.users[u.name], err = auth.LoadPrincipal(ctx, db, id); err != nil {
			t.Fatal(err)
		}
	}
	f.campaign = task.Campaign{Name: "大调研、大融合、大发展", StartDate: "2026-03-01", EndDate: "2026-10-31",
		Settings: task.DefaultSettings, Phases: []task.Phase{
			{Name: "动员部署", StartDate: "2026-03-01", EndDate: "2026-03-31"},
			{Name: "集中攻坚", StartDate: "2026-04-01", EndDate: "2026-10-31"}}}
	if err := f.s.CreateCampaign(ctx, f.users[asOffice], &f.campaign); err != nil {
		t.Fatalf("create campaign: %v", err)
	}
	return f
}

// input is a valid task led by 教育局 with 卫健局 as co-unit.
func (f *fixture) input() task.Input {
	return task.Input{CampaignID: f.campaign.ID, PhaseID: f.campaign.Phases[1].ID, Title: "新划入乡镇学校布局调研",
		Content: "摸清学校布局", Weight: 1, Source: "plan", LeadUnitID: f.units["教育局"],
		CoUnitIDs: []int64{f.units["卫生健康局"]}, StartDate: "2026-04-01", Deadline: "2026-06-30", ReportCycle: "weekly",
		Tags: []string{"民生改善"}, Milestones: []task.Milestone{{Title: "完成摸底", Date: "2026-05-15"}}}
}

// newTask creates a task and puts it straight into state (test set-up), with
// a pending extension request when pending is set.
func (f *fixture) newTask(t *testing.T, state task.State, pending bool) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := f.s.Create(ctx, f.users[asOffice], f.input())
	if err != nil {
		t.Fatalf("create task: %v", err)
	}
	if _, err := f.db.Exec(ctx, `UPDATE tasks SET state = ? WHERE id = ?`, state, id); err != nil {
		t.Fatal(err)
	}
	if pending {
		if _, err := f.db.Exec(ctx, `INSERT INTO task_extensions (task_id, requested_deadline, reason, requested_at)
			VALUES (?, '2026-07-31', '雨季', ?)`, id, clock()); err != nil {
			t.Fatal(err)
		}
	}
	return id
}
