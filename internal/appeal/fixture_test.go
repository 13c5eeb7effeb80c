package appeal_test

import (
	"context"
	"testing"
	"time"

	"tongchou/internal/appeal"
	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/crypt"
	"tongchou/internal/store"
	"tongchou/internal/task"
)

// The roles of the workflow tests.
const (
	asOffice  = "office"
	asLiaison = "liaison" // 教育局, the handling unit
	asHead    = "head"    // 教育局
	asOther   = "other"   // 卫生健康局 liaison
	asLeader  = "leader"
	asGrid    = "grid" // 青石镇 grid worker
)

var roles = []string{asOffice, asLiaison, asHead, asOther, asLeader, asGrid}

// fixture is a small organisation with a village, a campaign and a movable
// clock starting on Wednesday 2026-05-06 09:00 Shanghai.
type fixture struct {
	db       *store.DB
	s        *appeal.Store
	suite    crypt.Suite
	clock    time.Time
	units    map[string]int64
	users    map[string]*auth.Principal
	village  int64
	campaign int64
	cats     map[string]int64
}

func (f *fixture) now() time.Time { return f.clock }

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
	suite, err := crypt.New("std", crypt.GenerateKeys())
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, suite: suite, clock: time.Date(2026, 5, 6, 1, 0, 0, 0, time.UTC),
		units: map[string]int64{}, users: map[string]*auth.Principal{}, cats: map[string]int64{}}
	log := audit.New(db, suite, f.now)
	f.s = appeal.New(db, log, suite, nil, f.now)
	f.s.Tasks = task.New(db, log, f.now)
	for _, u := range []string{"区委督查室", "区委办公室", "教育局", "卫生健康局", "青石镇人民政府"} {
		f.units[u] = insertID(t, db, `INSERT INTO units (name, kind, created_at) VALUES (?, 'department', ?)`, u, f.clock)
	}
	for _, u := range []struct {
		name, unit string
		role       auth.Role
	}{
		{asOffice, "区委督查室", auth.RoleOffice},
		{asLeader, "区委办公室", auth.RoleLeader},
		{asLiaison, "教育局", auth.RoleLiaison},
		{asHead, "教育局", auth.RoleUnitHead},
		{asOther, "卫生健康局", auth.RoleLiaison},
		{asGrid, "青石镇人民政府", auth.RoleGridWorker},
	} {
		id := insertID(t, db, `INSERT INTO users (username, name, unit_id, password_hash, created_at, updated_at)
			VALUES (?, ?, ?, 'x', ?, ?)`, u.name, "用户"+u.name, f.units[u.unit], f.clock, f.clock)
		err := db.InTx(context.Background(), func(tx *store.Tx) error {
			_, err := tx.Exec(context.Background(), `INSERT INTO user_roles (user_id, role) VALUES (?, ?)`, id, string(u.role))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		f.users[u.name] = &auth.Principal{ID: id, Username: u.name, UnitID: f.units[u.unit], Units: []int64{f.units[u.unit]},
			Roles: []auth.Role{u.role}}
	}
	f.village = insertID(t, db, `INSERT INTO regions (level, name, created_at) VALUES ('village', '石桥村', ?)`, f.clock)
	f.campaign = insertID(t, db, `INSERT INTO campaigns (name, start_date, end_date, owner_unit_id, created_at, updated_at)
		VALUES ('统筹', '2026-01-01', '2026-12-31', ?, ?, ?)`, f.units["区委督查室"], f.clock, f.clock)
	cats, err := f.s.Categories(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cats {
		f.cats[c.Name] = c.ID
	}
	return f
}

// intake is a valid public appeal about schools.
func (f *fixture) intake() appeal.Intake {
	return appeal.Intake{CategoryID: f.cats["教育"], RegionID: f.village, Description: "村小学校车停运，孩子上学要走五公里。",
		Name: "张三丰", Phone: "138 0013 8000", Source: appeal.SourcePublic}
}

// submit stores a valid appeal and returns its id and code.
func (f *fixture) submit(t *testing.T) (int64, string) {
	t.Helper()
	code, err := f.s.Submit(context.Background(), f.intake())
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	var id int64
	if err := f.db.QueryRow(context.Background(), `SELECT id FROM appeals WHERE code = ?`, code).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id, code
}

// act runs an action that must succeed.
func (f *fixture) act(t *testing.T, who string, id int64, a appeal.Action, in appeal.ActInput) {
	t.Helper()
	if err := f.s.Act(context.Background(), f.users[who], id, a, in); err != nil {
		t.Fatalf("%s by %s: %v", a, who, err)
	}
}

// get reads an appeal as the office.
func (f *fixture) get(t *testing.T, id int64) appeal.Appeal {
	t.Helper()
	a, err := f.s.Get(context.Background(), f.users[asOffice], id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// to drives a new appeal to state along the main path.
func (f *fixture) to(t *testing.T, state appeal.State) int64 {
	t.Helper()
	id, _ := f.submit(t)
	steps := map[appeal.State][]func(){}
	dispatch := func() { f.act(t, asOffice, id, appeal.ActDispatch, appeal.ActInput{UnitID: f.units["教育局"]}) }
	sign := func() { f.act(t, asLiaison, id, appeal.ActSign, appeal.ActInput{}) }
	answer := func() {
		f.act(t, asLiaison, id, appeal.ActAnswer, appeal.ActInput{Reason: "已恢复校车。", Solved: "yes"})
	}
	approve := func() { f.act(t, asOffice, id, appeal.ActApprove, appeal.ActInput{}) }
	steps[appeal.StateReceived] = nil
	steps[appeal.StateDispatched] = []func(){dispatch}
	steps[appeal.StateBack] = []func(){dispatch, func() {
		f.act(t, asLiaison, id, appeal.ActSendBack, appeal.ActInput{Reason: "不属于我局职责"})
	}}
	steps[appeal.StateSigned] = []func(){dispatch, sign}
	steps[appeal.StateAnswered] = []func(){dispatch, sign, answer}
	steps[appeal.StateRating] = []func(){dispatch, sign, answer, approve}
	steps[appeal.StateClosed] = []func(){dispatch, sign, answer, approve, func() {
		f.act(t, asOffice, id, appeal.ActCallback, appeal.ActInput{Rating: appeal.RatingSatisfied})
	}}
	for _, s := range steps[state] {
		s()
	}
	if got := f.get(t, id).State; got != state {
		t.Fatalf("driven to %s, got %s", state, got)
	}
	return id
}
