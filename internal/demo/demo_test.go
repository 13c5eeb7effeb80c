package demo_test

import (
	"testing"

	"tongchou/internal/auth/authtest"
	"tongchou/internal/org"
)

func TestDemoDistrict(t *testing.T) {
	env := authtest.New(t)
	ctx := t.Context()
	s := org.New(env.App.DB, env.App.Audit, env.App.Suite, env.Clock.Now)
	id := func(name string) int64 {
		var n int64
		if err := env.App.DB.QueryRow(ctx, `SELECT id FROM regions WHERE name = ?`, name).Scan(&n); err != nil {
			t.Fatalf("region %s: %v", name, err)
		}
		return n
	}
	for _, tc := range []struct {
		village, date, level, want string
	}{
		{"石门村", "2026-02-28", "county", "东山县"},
		{"石门村", "2026-03-01", "district", "河西区"},
		{"溪口村", "2026-02-28", "county", "东山县"},
		{"溪口村", "2026-03-01", "district", "河西区"},
		{"荷塘社区", "2020-01-01", "district", "河西区"},
	} {
		got, err := s.AncestorOn(ctx, id(tc.village), org.Level(tc.level), tc.date)
		if err != nil || got.Name != tc.want {
			t.Errorf("%s on %s in %v (%v), want %s", tc.village, tc.date, got.Name, err, tc.want)
		}
	}
	if code, _ := s.CodeOn(ctx, id("青石镇"), "2026-03-01"); code != "350302100000" {
		t.Errorf("青石镇 code = %s", code)
	}
	if m, _ := s.FindByCode(ctx, "350321200000"); len(m) != 1 || m[0].Region.Name != "柳溪乡" {
		t.Errorf("old code of 柳溪乡 not found: %v", m)
	}
	var villages, users int
	env.App.DB.QueryRow(ctx, `SELECT COUNT(*) FROM units WHERE kind = 'village' AND parent_id IS NOT NULL AND region_id IS NOT NULL`).Scan(&villages)
	env.App.DB.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE username IN ('admin','security','auditor','ducha','leader','jiaoyu','qingshi')`).Scan(&users)
	if villages != 11 || users != 7 {
		t.Errorf("village committees = %d, demo users = %d", villages, users)
	}
	trs, err := s.Transfers(ctx)
	if err != nil || len(trs) != 2 {
		t.Fatalf("transfers = %v (%v)", trs, err)
	}
}
