package org_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

func TestDirectoryScope(t *testing.T) {
	env := authtest.New(t)
	var jiaoyu, qingshi int64
	env.App.DB.QueryRow(t.Context(), `SELECT id FROM units WHERE name = '教育局'`).Scan(&jiaoyu)
	env.App.DB.QueryRow(t.Context(), `SELECT id FROM units WHERE name = '青石镇人民政府'`).Scan(&qingshi)
	own, other := "/units/"+strconv.FormatInt(jiaoyu, 10), "/units/"+strconv.FormatInt(qingshi, 10)
	for _, tc := range []struct {
		name      string
		as        string
		own, othr int
	}{
		{"LiaisonSeesOwnUnitOnly", "jiaoyu", http.StatusOK, http.StatusNotFound},
		{"OtherLiaisonTheReverse", "qingshi", http.StatusNotFound, http.StatusOK},
		{"OfficeSeesAll", "ducha", http.StatusOK, http.StatusOK},
		{"LeaderSeesAll", "leader", http.StatusOK, http.StatusOK},
		{"SysAdminHasNoBusinessData", "admin", http.StatusForbidden, http.StatusForbidden},
		{"AuditorHasNoBusinessData", "auditor", http.StatusForbidden, http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := env.Client("10.0.2." + strconv.Itoa(len(tc.name)))
			c.MustLogin(tc.as)
			if r := c.Get(own); r.Code != tc.own {
				t.Errorf("GET %s as %s = %d, want %d", own, tc.as, r.Code, tc.own)
			}
			if r := c.Get(other); r.Code != tc.othr {
				t.Errorf("GET %s as %s = %d, want %d", other, tc.as, r.Code, tc.othr)
			}
		})
	}
	t.Run("SearchByPinyinInitials", func(t *testing.T) {
		c := env.Client("10.0.3.2")
		c.MustLogin("ducha")
		body := c.Get("/units?q=jyj").Body
		if !strings.Contains(body, "教育局") || strings.Contains(body, "青石镇人民政府") {
			t.Fatal("jyj does not find exactly 教育局")
		}
		if r := c.Get("/units?q=" + strings.Repeat("x", 5000)); r.Code != http.StatusOK {
			t.Fatalf("long query = %d, want 200", r.Code)
		}
	})
	t.Run("ListShowsScopeAndMasksPhones", func(t *testing.T) {
		c := env.Client("10.0.3.1")
		c.MustLogin("jiaoyu")
		body := c.Get("/units").Body
		if !strings.Contains(body, "教育局") || strings.Contains(body, "青石镇人民政府") {
			t.Fatalf("jiaoyu's directory lists the wrong units")
		}
		page := c.Get(own).Body
		if !strings.Contains(page, "孙教") || !strings.Contains(page, "138****0006") || strings.Contains(page, "13800000006") {
			t.Fatalf("members not shown masked: %s", page)
		}
	})
}
