package org_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

func TestUserEmail(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("10.0.3.9")
	c.MustLogin("admin")
	var unit int64
	env.App.DB.QueryRow(t.Context(), `SELECT id FROM units WHERE name = '教育局'`).Scan(&unit)
	form := func(email string) url.Values {
		return url.Values{"username": {"zhang.wei"}, "name": {"张伟"}, "unit": {strconv.FormatInt(unit, 10)},
			"roles": {"liaison"}, "email": {email}}
	}
	for _, tc := range []struct{ name, email string }{
		{"NoAtRefused", "zhang.example.gov.cn"},
		{"DisplayNameRefused", "张伟 <zhang@example.gov.cn>"},
		{"LocalHostRefused", "zhang@localhost"},
		{"HTMLRefused", "<script>@x.cn"},
		{"MegabyteRefused", strings.Repeat("a", 1<<20) + "@example.gov.cn"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Post("/admin/users/create", form(tc.email))
			if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "请填写有效的电子邮件地址") {
				t.Fatalf("create with %.40q = %d", tc.email, r.Code)
			}
			if len(r.Body) > 200<<10 {
				t.Fatal("the huge address is echoed back")
			}
			var n int
			env.App.DB.QueryRow(t.Context(), `SELECT COUNT(*) FROM users WHERE username = 'zhang.wei'`).Scan(&n)
			if n != 0 {
				t.Fatal("a refused form created the user")
			}
		})
	}
	t.Run("StoredMaskedInListAndAudit", func(t *testing.T) {
		if r := c.Post("/admin/users/create", form(" zhang@example.gov.cn ")); r.Code != http.StatusOK {
			t.Fatalf("create = %d", r.Code)
		}
		id := env.UserID("zhang.wei")
		var stored string
		env.App.DB.QueryRow(t.Context(), `SELECT email FROM users WHERE id = ?`, id).Scan(&stored)
		if stored != "zhang@example.gov.cn" {
			t.Fatalf("stored %q", stored)
		}
		list := c.Get("/admin/users")
		if !strings.Contains(list.Body, "z***@example.gov.cn") || strings.Contains(list.Body, "zhang@example.gov.cn") {
			t.Fatal("the list does not mask the address")
		}
		if edit := c.Get("/admin/users/" + strconv.FormatInt(id, 10)); !strings.Contains(edit.Body, `value="zhang@example.gov.cn"`) {
			t.Fatal("the edit form does not show the address to change")
		}
		var clear, masked int
		env.App.DB.QueryRow(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE after_value LIKE '%zhang@example%'`).Scan(&clear)
		env.App.DB.QueryRow(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE entity = 'user' AND after_value LIKE '%z***@example.gov.cn%'`).Scan(&masked)
		if clear != 0 || masked != 1 {
			t.Fatalf("audit: %d entries in clear, %d masked", clear, masked)
		}
	})
	t.Run("EmptiedOnEdit", func(t *testing.T) {
		id := env.UserID("zhang.wei")
		f := form("")
		if r := c.Post("/admin/users/"+strconv.FormatInt(id, 10)+"/update", f); r.Code != http.StatusSeeOther {
			t.Fatalf("update = %d", r.Code)
		}
		var stored string
		env.App.DB.QueryRow(t.Context(), `SELECT email FROM users WHERE id = ?`, id).Scan(&stored)
		if stored != "" {
			t.Fatalf("stored %q after emptying", stored)
		}
	})
}
