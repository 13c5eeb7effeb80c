package org_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

func TestAdminPagesAreForTheSystemAdminOnly(t *testing.T) {
	env := authtest.New(t)
	paths := []string{"/admin/regions", "/admin/units", "/admin/users", "/admin/import", "/admin/users/new", "/admin/import/template.xlsx"}
	for _, tc := range []struct {
		name string
		as   string
		want int
	}{
		{"LiaisonForbidden", "jiaoyu", http.StatusForbidden},
		{"OfficeForbidden", "ducha", http.StatusForbidden},
		{"SecurityAdminForbidden", "security", http.StatusForbidden},
		{"AuditorForbidden", "auditor", http.StatusForbidden},
		{"SysAdminAllowed", "admin", http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := env.Client("10.0.0." + strconv.Itoa(len(tc.as)))
			c.MustLogin(tc.as)
			for _, p := range paths {
				if r := c.Get(p); r.Code != tc.want {
					t.Errorf("GET %s as %s = %d, want %d", p, tc.as, r.Code, tc.want)
				}
			}
			if r := c.Post("/admin/units/create", url.Values{"name": {"偷建单位"}, "kind": {"department"}}); tc.want == http.StatusForbidden && r.Code != http.StatusForbidden {
				t.Errorf("POST as %s = %d, want 403", tc.as, r.Code)
			}
		})
	}
	t.Run("AnonymousSentToLogin", func(t *testing.T) {
		r := env.Client("10.0.1.1").Get("/admin/users")
		if r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/login") {
			t.Fatalf("anonymous GET = %d %s", r.Code, r.Location())
		}
	})
}

func TestAdminRecordsNotFoundOthersShown(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("10.0.0.2")
	c.MustLogin("admin")
	for _, p := range []string{"/admin/users/99999", "/admin/units/99999", "/admin/regions/99999", "/admin/users/abc",
		"/admin/regions/99999/transfer", "/admin/units/-1"} {
		if r := c.Get(p); r.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, r.Code)
		}
	}
	for _, p := range []string{"/admin/units/1", "/admin/units/new", "/admin/regions/new",
		"/admin/users/" + strconv.FormatInt(env.UserID("leader"), 10), "/admin/users/" + strconv.FormatInt(env.UserID("security"), 10)} {
		if r := c.Get(p); r.Code != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", p, r.Code)
		}
	}
	if r := c.Post("/admin/users/99999/update", url.Values{"name": {"x"}}); r.Code != http.StatusNotFound {
		t.Errorf("update of a missing user = %d, want 404", r.Code)
	}
}

func TestRegionPagesShowHistory(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("10.0.0.3")
	c.MustLogin("admin")
	tree := c.Get("/admin/regions")
	for _, want := range []string{"河西区", "青石镇", "350302100000", "东城街道", "石门村"} {
		if !strings.Contains(tree.Body, want) {
			t.Errorf("tree lacks %s", want)
		}
	}
	old := c.Get("/admin/regions?q=350321100201")
	if !strings.Contains(old.Body, "青石村") || !strings.Contains(old.Body, "2026-03-01") {
		t.Errorf("old code search does not show the village and the end of the code")
	}
	var town int64
	env.App.DB.QueryRow(t.Context(), `SELECT id FROM regions WHERE name = '青石镇'`).Scan(&town)
	page := c.Get("/admin/regions/" + strconv.FormatInt(town, 10))
	for _, want := range []string{"东山县", "河西区", "350321100000", "350302100000", "2026-03-01"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("region page lacks %s", want)
		}
	}
}

func TestTransferPreviewThenConfirm(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("10.0.0.4")
	c.MustLogin("admin")
	ctx := t.Context()
	id := func(name string) string {
		var n int64
		if err := env.App.DB.QueryRow(ctx, `SELECT id FROM regions WHERE name = ?`, name).Scan(&n); err != nil {
			t.Fatalf("region %s: %v", name, err)
		}
		return strconv.FormatInt(n, 10)
	}
	// A new county with a township of one village, to move into 河西区.
	create := func(f url.Values) {
		if r := c.Post("/admin/regions/create", f); r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/admin/regions/") {
			t.Fatalf("create region %s = %d %s: %s", f.Get("name"), r.Code, r.Location(), r.Body)
		}
	}
	create(url.Values{"level": {"county"}, "name": {"北山县"}, "code": {"350322000000"}, "from": {"2000-01-01"}})
	create(url.Values{"level": {"township"}, "name": {"松岭乡"}, "code": {"350322200000"}, "parent": {id("北山县")}, "from": {"2000-01-01"}})
	create(url.Values{"level": {"village"}, "name": {"松岭村"}, "code": {"350322200201"}, "parent": {id("松岭乡")}, "from": {"2000-01-01"}})
	town, village := id("松岭乡"), id("松岭村")
	form := url.Values{"to": {id("河西区")}, "date": {"2026-07-01"}, "code": {"350302300000"}, "code_" + village: {"350302300201"}}
	bad := url.Values{"to": {id("河西区")}, "date": {"2026-07-01"}, "code": {"350302300000"}, "code_" + village: {"3503023002<b>"}}
	if r := c.Post("/admin/regions/"+town+"/transfer/preview", bad); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "代码应为 12 位数字") {
		t.Fatalf("bad preview = %d", r.Code)
	}
	prev := c.Post("/admin/regions/"+town+"/transfer/preview", form)
	if prev.Code != http.StatusOK {
		t.Fatalf("preview = %d: %s", prev.Code, prev.Body)
	}
	for _, want := range []string{"松岭村", "350322200201", "350302300201", "北山县", "河西区"} {
		if !strings.Contains(prev.Body, want) {
			t.Errorf("preview lacks %s", want)
		}
	}
	if r := c.Post("/admin/regions/"+town+"/transfer/confirm", form); r.Code != http.StatusSeeOther {
		t.Fatalf("confirm = %d: %s", r.Code, r.Body)
	}
	var parent string
	env.App.DB.QueryRow(ctx, `SELECT r.name FROM region_parents p JOIN regions r ON r.id = p.parent_id
		WHERE p.region_id = ? AND p.valid_to IS NULL`, town).Scan(&parent)
	if parent != "河西区" {
		t.Fatalf("parent after confirm = %s", parent)
	}
	if r := c.Post("/admin/regions/"+town+"/transfer/confirm", form); r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("second confirm = %d, want 422", r.Code)
	}
	if r := c.Get("/admin/regions/" + village + "/transfer"); r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("transfer form of a village = %d, want 422", r.Code)
	}
}
