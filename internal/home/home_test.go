package home_test

import (
	"net/http"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

func TestHomePerRole(t *testing.T) {
	env := authtest.New(t)
	for i, tc := range []struct {
		name   string
		as     string
		want   []string
		absent []string
	}{
		{"OfficeSeesTheDivisionChange", "ducha", []string{"区划调整", "青石镇由东山县划入河西区，自 2026-03-01 起生效，辖 6 个村", "柳溪乡由东山县划入河西区", "区委督查室"}, []string{"/admin/users"}},
		{"LeaderSeesStation", "leader", []string{"蹲点乡镇", "青石镇", "区划调整"}, nil},
		{"LiaisonSeesUnitAndChange", "qingshi", []string{"青石镇人民政府", "区划调整"}, []string{"蹲点乡镇"}},
		{"SysAdminSeesCountsNoBusiness", "admin", []string{`href="/admin/units"`, `href="/admin/users"`, `href="/admin/regions"`}, []string{"区划调整"}},
		{"SecurityAdminLinks", "security", []string{`href="/security"`}, []string{"区划调整", `href="/admin/users"`}},
		{"AuditorLinks", "auditor", []string{`href="/audit"`}, []string{"区划调整"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := env.Client("10.1.0." + string(rune('1'+i)))
			c.MustLogin(tc.as)
			r := c.Get("/")
			if r.Code != http.StatusOK {
				t.Fatalf("home = %d", r.Code)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("home of %s lacks %q", tc.as, w)
				}
			}
			for _, w := range tc.absent {
				if strings.Contains(r.Body, w) {
					t.Errorf("home of %s shows %q", tc.as, w)
				}
			}
		})
	}
}
