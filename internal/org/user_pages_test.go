package org_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

func TestUserPages(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("10.0.3.1")
	c.MustLogin("admin")
	var unit int64
	env.App.DB.QueryRow(t.Context(), `SELECT id FROM units WHERE name = '教育局'`).Scan(&unit)
	form := func(edit func(url.Values)) url.Values {
		f := url.Values{"username": {"li.ming"}, "name": {"李明"}, "unit": {strconv.FormatInt(unit, 10)},
			"position": {"科员"}, "phone": {"13912345678"}, "roles": {"liaison"}}
		if edit != nil {
			edit(f)
		}
		return f
	}
	for _, tc := range []struct {
		name string
		edit func(url.Values)
		want string
	}{
		{"AdminRoleRefused", func(f url.Values) { f["roles"] = []string{"secadmin"} }, "系统管理员只能授予业务角色"},
		{"BadPhone", func(f url.Values) { f.Set("phone", "1391234") }, "请输入有效的手机号"},
		{"HugeName", func(f url.Values) { f.Set("name", strings.Repeat("名", 1<<20)) }, "内容过长"},
		{"HTMLName", func(f url.Values) { f.Set("name", ""); f.Set("username", "<script>") }, "用户名须以小写字母开头"},
		{"GarbageUnit", func(f url.Values) { f.Set("unit", "1 OR 1=1") }, "格式不正确"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			users := count(t, env, "users")
			r := c.Post("/admin/users/create", form(tc.edit))
			if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tc.want) {
				t.Fatalf("status %d, body lacks %q", r.Code, tc.want)
			}
			if strings.Contains(r.Body, "<script>") {
				t.Fatal("input echoed unescaped")
			}
			if count(t, env, "users") != users {
				t.Fatal("a refused form created a user")
			}
		})
	}
	t.Run("CreatedShowsPasswordOnce", func(t *testing.T) {
		r := c.Post("/admin/users/create", form(nil))
		if r.Code != http.StatusOK || !strings.Contains(r.Body, `id="one-time-password"`) {
			t.Fatalf("create = %d", r.Code)
		}
		list := c.Get("/admin/users")
		if !strings.Contains(list.Body, "139****5678") || strings.Contains(list.Body, "13912345678") {
			t.Fatalf("list does not mask the phone")
		}
		var must bool
		env.App.DB.QueryRow(t.Context(), `SELECT must_change FROM users WHERE username = 'li.ming'`).Scan(&must)
		if !must {
			t.Fatal("new user need not change the password")
		}
	})
	t.Run("DisableSelfRefused", func(t *testing.T) {
		id := env.UserID("admin")
		c.Post("/admin/users/"+strconv.FormatInt(id, 10)+"/disable", url.Values{})
		var disabled bool
		env.App.DB.QueryRow(t.Context(), `SELECT disabled FROM users WHERE id = ?`, id).Scan(&disabled)
		if disabled {
			t.Fatal("the admin disabled their own account")
		}
	})
	t.Run("DisabledUserCannotSignIn", func(t *testing.T) {
		id := env.UserID("jiaoyu")
		if r := c.Post("/admin/users/"+strconv.FormatInt(id, 10)+"/disable", url.Values{}); r.Code != http.StatusSeeOther {
			t.Fatalf("disable = %d", r.Code)
		}
		if r := env.Client("10.0.3.9").Login("jiaoyu", authtest.Password); r.Code == http.StatusSeeOther {
			t.Fatal("disabled user signed in")
		}
		c.Post("/admin/users/"+strconv.FormatInt(id, 10)+"/enable", url.Values{})
		env.Client("10.0.3.10").MustLogin("jiaoyu")
	})
	t.Run("EditCannotGrantAdminRole", func(t *testing.T) {
		id := strconv.FormatInt(env.UserID("qingshi"), 10)
		f := form(func(f url.Values) { f["roles"] = []string{"liaison", "auditor"} })
		if r := c.Post("/admin/users/"+id+"/update", f); r.Code != http.StatusUnprocessableEntity {
			t.Fatalf("update with admin role = %d", r.Code)
		}
		var n int
		env.App.DB.QueryRow(t.Context(), `SELECT COUNT(*) FROM user_roles WHERE user_id = ? AND role = 'auditor'`, id).Scan(&n)
		if n != 0 {
			t.Fatal("admin role granted")
		}
	})
	t.Run("UnitFormErrorsBesideFields", func(t *testing.T) {
		r := c.Post("/admin/units/create", url.Values{"name": {""}, "kind": {"department"}})
		if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `<p class="field-error">此项必填</p>`) {
			t.Fatalf("unit form = %d", r.Code)
		}
	})
}
