package security_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

func roles(t *testing.T, env *authtest.Env, username string) string {
	t.Helper()
	rows, err := env.App.DB.Query(context.Background(),
		`SELECT r.role FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.username = ? ORDER BY r.role`, username)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		rows.Scan(&r)
		out = append(out, r)
	}
	return strings.Join(out, ",")
}

func userPath(env *authtest.Env, username, action string) string {
	return "/security/users/" + strconv.FormatInt(env.UserID(username), 10) + "/" + action
}

func TestSecurityPagesOnlyForSecAdmin(t *testing.T) {
	env := authtest.New(t)
	for _, tc := range []struct {
		name, user string
		want       int
	}{
		{"SecAdminAllowed", "security", http.StatusOK},
		{"SysAdminForbidden", "admin", http.StatusForbidden},
		{"AuditorForbidden", "auditor", http.StatusForbidden},
		{"OfficeForbidden", "ducha", http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := env.Client("10.0.0.1")
			c.MustLogin(tc.user)
			for _, p := range []string{"/security", "/security/users", "/security/locked"} {
				if r := c.Get(p); r.Code != tc.want {
					t.Fatalf("GET %s: status %d, want %d", p, r.Code, tc.want)
				}
			}
			if r := c.Post(userPath(env, "ducha", "reset-totp"), nil); tc.want != http.StatusOK && r.Code != http.StatusForbidden {
				t.Fatalf("POST reset as %s: status %d, want 403", tc.user, r.Code)
			}
			nav := strings.Contains(c.Get("/").Body, `href="/security"`)
			if nav != (tc.want == http.StatusOK) {
				t.Fatalf("security nav shown=%v", nav)
			}
		})
	}
}

func TestSecAdminSeesNoBusinessData(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("10.0.0.1")
	c.MustLogin("security")
	body := c.Get("/security/users").Body
	if strings.Contains(body, "138") {
		t.Fatal("the accounts list shows phone numbers")
	}
}

func TestPolicy(t *testing.T) {
	authtest.Each(t, func(t *testing.T, env *authtest.Env) {
		c := env.Client("10.0.0.1")
		c.MustLogin("security")
		for _, tc := range []struct {
			name  string
			form  url.Values
			field string
		}{
			{"IdleTooShort", url.Values{"idle_minutes": {"4"}, "max_failures": {"5"}, "lock_minutes": {"15"}}, "idle_minutes"},
			{"IdleTooLong", url.Values{"idle_minutes": {"481"}, "max_failures": {"5"}, "lock_minutes": {"15"}}, "idle_minutes"},
			{"IdleNotANumber", url.Values{"idle_minutes": {"<b>30</b>"}, "max_failures": {"5"}, "lock_minutes": {"15"}}, "idle_minutes"},
			{"IdleHuge", url.Values{"idle_minutes": {strings.Repeat("9", 1<<20)}, "max_failures": {"5"}, "lock_minutes": {"15"}}, "idle_minutes"},
			{"FailuresZero", url.Values{"idle_minutes": {"30"}, "max_failures": {"0"}, "lock_minutes": {"15"}}, "max_failures"},
			{"LockEmpty", url.Values{"idle_minutes": {"30"}, "max_failures": {"5"}, "lock_minutes": {""}}, "lock_minutes"},
			{"UnknownRole", url.Values{"idle_minutes": {"30"}, "max_failures": {"5"}, "lock_minutes": {"15"}, "mfa_roles": {"root"}}, "mfa_roles"},
		} {
			t.Run(tc.name+"Refused", func(t *testing.T) {
				r := c.Post("/security/policy", tc.form)
				if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="err-`+tc.field+`"`) {
					t.Fatalf("status %d, want 422 naming %s", r.Code, tc.field)
				}
				var n int
				env.App.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM settings WHERE key LIKE 'security.%'`).Scan(&n)
				if n != 0 {
					t.Fatal("a refused policy was stored")
				}
			})
		}
		t.Run("SavedAndApplied", func(t *testing.T) {
			r := c.Post("/security/policy", url.Values{"idle_minutes": {"10"}, "max_failures": {"3"}, "lock_minutes": {"60"},
				"mfa_roles": {"leader", "office"}})
			if r.Code != http.StatusSeeOther {
				t.Fatalf("status %d", r.Code)
			}
			page := c.Get("/security").Body
			if !strings.Contains(page, `value="10"`) || !strings.Contains(page, `value="leader" checked`) {
				t.Fatal("saved policy not shown")
			}
			// Three failures now lock.
			l := env.Client("10.5.0.1")
			for range 3 {
				l.Login("jiaoyu", "Wrong-Pass-1")
			}
			if r := env.Client("10.5.0.2").Login("jiaoyu", authtest.Password); r.Code != http.StatusUnauthorized {
				t.Fatalf("after 3 failures: status %d, want locked", r.Code)
			}
			var n int
			env.App.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = 'policy.update'`).Scan(&n)
			if n != 1 {
				t.Fatalf("%d policy.update audit entries, want 1", n)
			}
		})
	})
}

func TestUnlock(t *testing.T) {
	authtest.Each(t, func(t *testing.T, env *authtest.Env) {
		l := env.Client("10.5.0.1")
		for range 5 {
			l.Login("qingshi", "Wrong-Pass-1")
		}
		c := env.Client("10.0.0.1")
		c.MustLogin("security")
		if body := c.Get("/security/locked").Body; !strings.Contains(body, `id="locked-qingshi"`) {
			t.Fatal("locked account not listed")
		}
		if r := c.Post(userPath(env, "qingshi", "unlock"), nil); r.Code != http.StatusSeeOther {
			t.Fatalf("unlock: status %d", r.Code)
		}
		if r := env.Client("10.5.0.2").Login("qingshi", authtest.Password); r.Code != http.StatusSeeOther {
			t.Fatalf("login after unlock: status %d", r.Code)
		}
		for _, p := range []string{"/security/users/999999/unlock", "/security/users/abc/unlock", "/security/users/-1/unlock"} {
			if r := c.Post(p, nil); r.Code != http.StatusNotFound {
				t.Fatalf("POST %s: status %d, want 404", p, r.Code)
			}
		}
	})
}

func TestResetTOTP(t *testing.T) {
	authtest.Each(t, func(t *testing.T, env *authtest.Env) {
		env.Exec(`UPDATE users SET totp_enabled = ?, totp_secret_enc = 'x' WHERE username = 'leader'`, true)
		env.Exec(`INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, 'h')`, env.UserID("leader"))
		c := env.Client("10.0.0.1")
		c.MustLogin("security")
		if r := c.Post(userPath(env, "leader", "reset-totp"), nil); r.Code != http.StatusSeeOther {
			t.Fatalf("reset: status %d", r.Code)
		}
		var on bool
		var codes int
		env.App.DB.QueryRow(context.Background(), `SELECT totp_enabled FROM users WHERE username = 'leader'`).Scan(&on)
		env.App.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM recovery_codes`).Scan(&codes)
		if on || codes != 0 {
			t.Fatalf("after reset totp_enabled=%v, %d recovery codes", on, codes)
		}
		if r := env.Client("10.0.0.2").Login("leader", authtest.Password); r.Location() != "/" {
			t.Fatalf("login after reset sent to %q, want / (no second factor any more)", r.Location())
		}
	})
}

func TestRoleGrants(t *testing.T) {
	authtest.Each(t, func(t *testing.T, env *authtest.Env) {
		c := env.Client("10.0.0.1")
		c.MustLogin("security")
		post := func(user, action, role string) *authtest.Response {
			return c.Post(userPath(env, user, action), url.Values{"role": {role}})
		}
		for _, tc := range []struct {
			name, user, action, role, msg, want string
		}{
			{"AdminRoleToBusinessUser", "ducha", "grant", "auditor", "三员分立", "office"},
			{"SecondAdminRole", "admin", "grant", "auditor", "三员分立", "sysadmin"},
			{"SecAdminToAuditor", "auditor", "grant", "secadmin", "三员分立", "auditor"},
			{"BusinessRoleHere", "admin", "grant", "office", "只能授予或撤销", "sysadmin"},
			{"UnknownRole", "admin", "grant", "<script>", "只能授予或撤销", "sysadmin"},
			{"OwnRoles", "security", "revoke", "secadmin", "不能修改自己的角色", "secadmin"},
			{"OwnRolesGrant", "security", "grant", "auditor", "不能修改自己的角色", "secadmin"},
			{"RevokeNotHeld", "admin", "revoke", "auditor", "没有变化", "sysadmin"},
			{"GrantHeld", "admin", "grant", "sysadmin", "没有变化", "sysadmin"},
		} {
			t.Run(tc.name+"Refused", func(t *testing.T) {
				r := post(tc.user, tc.action, tc.role)
				if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tc.msg) {
					t.Fatalf("status %d, want 422 with %q", r.Code, tc.msg)
				}
				if got := roles(t, env, tc.user); got != tc.want {
					t.Fatalf("roles of %s = %q, want %q", tc.user, got, tc.want)
				}
			})
		}
		t.Run("RevokeAndGrantAllowed", func(t *testing.T) {
			if r := post("auditor", "revoke", "auditor"); r.Code != http.StatusSeeOther {
				t.Fatalf("revoke: status %d", r.Code)
			}
			if r := post("auditor", "grant", "secadmin"); r.Code != http.StatusSeeOther {
				t.Fatalf("grant: status %d", r.Code)
			}
			if got := roles(t, env, "auditor"); got != "secadmin" {
				t.Fatalf("roles = %q", got)
			}
			var n int
			env.App.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action IN ('role.grant', 'role.revoke')`).Scan(&n)
			if n != 2 {
				t.Fatalf("%d role audit entries, want 2", n)
			}
		})
		t.Run("OtherSecAdminRevoked", func(t *testing.T) {
			// "auditor" is now a second security admin and may revoke "security".
			c2 := env.Client("10.0.0.9")
			c2.MustLogin("auditor")
			if r := c2.Post(userPath(env, "security", "revoke"), url.Values{"role": {"secadmin"}}); r.Code != http.StatusSeeOther {
				t.Fatalf("revoke the other security admin: status %d", r.Code)
			}
			if r := c.Get("/security"); r.Code != http.StatusForbidden {
				t.Fatalf("revoked admin still reaches /security: status %d", r.Code)
			}
		})
	})
}
