package auth_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tongchou/internal/auth/authtest"
)

func change(c *authtest.Client, current, next, repeat string) *authtest.Response {
	return c.Post("/account/password", url.Values{"current": {current}, "new": {next}, "repeat": {repeat}})
}

func TestPasswordChangeRefusals(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("10.0.0.1")
	c.MustLogin("jiaoyu")
	for _, tc := range []struct {
		name, current, next, repeat, field, msg string
	}{
		{"WrongCurrent", "Not-The-Pass-1", "Brand-New-Pass-1", "Brand-New-Pass-1", "err-current", "当前密码不正确"},
		{"EmptyCurrent", "", "Brand-New-Pass-1", "Brand-New-Pass-1", "err-current", "此项必填"},
		{"SevenChars", authtest.Password, "Ab1#xyz", "Ab1#xyz", "err-new", "至少8位"},
		{"TwoClasses", authtest.Password, "abcdefgh12", "abcdefgh12", "err-new", "至少三类"},
		{"Mismatch", authtest.Password, "Brand-New-Pass-1", "Brand-New-Pass-2", "err-repeat", "不一致"},
		{"SameAsCurrent", authtest.Password, authtest.Password, authtest.Password, "err-new", "最近3次"},
		{"OneMegabyte", authtest.Password, strings.Repeat("Ab1#", 1<<18), strings.Repeat("Ab1#", 1<<18), "err-new", "不能超过128位"},
		{"HTMLInNew", authtest.Password, "<script>x", "<script>y", "err-repeat", "不一致"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := change(c, tc.current, tc.next, tc.repeat)
			if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="`+tc.field+`"`) || !strings.Contains(r.Body, tc.msg) {
				t.Fatalf("status %d, want 422 with %s %q", r.Code, tc.field, tc.msg)
			}
			if strings.Contains(r.Body, "<script>x") {
				t.Fatal("password echoed into the page")
			}
		})
	}
	t.Run("NothingChanged", func(t *testing.T) {
		if r := env.Client("10.0.0.2").Login("jiaoyu", authtest.Password); r.Code != http.StatusSeeOther {
			t.Fatalf("old password no longer works: status %d", r.Code)
		}
	})
}

func TestPasswordNoReuseOfLastThree(t *testing.T) {
	authtest.Each(t, func(t *testing.T, env *authtest.Env) {
		c := env.Client("10.0.0.1")
		c.MustLogin("qingshi")
		// Passwords in order: P0 (demo) → P1 → P2 → P3; the last three are P1, P2, P3.
		pw := []string{authtest.Password, "Second-Pass-1", "Third-Pass-2", "Fourth-Pass-3"}
		for i := 1; i < len(pw); i++ {
			if r := change(c, pw[i-1], pw[i], pw[i]); r.Code != http.StatusSeeOther {
				t.Fatalf("change %d: status %d", i, r.Code)
			}
		}
		for _, tc := range []struct {
			name string
			next string
			want int
		}{
			{"CurrentRefused", pw[3], http.StatusUnprocessableEntity},
			{"PreviousRefused", pw[2], http.StatusUnprocessableEntity},
			{"TwoBackRefused", pw[1], http.StatusUnprocessableEntity},
			{"ThreeBackAllowed", pw[0], http.StatusSeeOther},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if r := change(c, pw[3], tc.next, tc.next); r.Code != tc.want {
					t.Fatalf("status %d, want %d", r.Code, tc.want)
				}
			})
		}
		t.Run("AuditHasNoHash", func(t *testing.T) {
			rows, err := env.App.DB.Query(context.Background(),
				`SELECT before_value || after_value FROM audit_log WHERE action = 'password.change'`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			n := 0
			for rows.Next() {
				var v string
				rows.Scan(&v)
				if strings.Contains(v, "argon2") || strings.Contains(v, "Pass") {
					t.Fatalf("audit value leaks a secret: %s", v)
				}
				n++
			}
			if n != 4 {
				t.Fatalf("%d password.change audit entries, want 4", n)
			}
		})
	})
}

func TestForcedFirstChange(t *testing.T) {
	env := authtest.New(t)
	env.Exec(`UPDATE users SET must_change = ? WHERE username = 'leader'`, true)
	c := env.Client("10.0.0.1")
	c.MustLogin("leader")
	for _, path := range []string{"/", "/account", "/security", "/no-such-page"} {
		t.Run("Redirected"+strings.ReplaceAll(path, "/", "_"), func(t *testing.T) {
			if r := c.Get(path); r.Code != http.StatusSeeOther || r.Location() != "/account/password" {
				t.Fatalf("GET %s: status %d location %q", path, r.Code, r.Location())
			}
		})
	}
	t.Run("ChangePageShown", func(t *testing.T) {
		if r := c.Get("/account/password"); r.Code != http.StatusOK || !strings.Contains(r.Body, `id="password-forced"`) {
			t.Fatalf("status %d", r.Code)
		}
	})
	t.Run("LogoutAllowed", func(t *testing.T) {
		c2 := env.Client("10.0.0.2")
		c2.MustLogin("leader")
		if r := c2.Post("/logout", nil); r.Code != http.StatusSeeOther || r.Location() != "/login" {
			t.Fatalf("logout: status %d location %q", r.Code, r.Location())
		}
	})
	t.Run("AfterChangeGoesOn", func(t *testing.T) {
		if r := change(c, authtest.Password, "Leader-New-Pass-7", "Leader-New-Pass-7"); r.Code != http.StatusSeeOther || r.Location() != "/" {
			t.Fatalf("change: status %d location %q", r.Code, r.Location())
		}
		if r := c.Get("/"); r.Code != http.StatusOK {
			t.Fatalf("home after change: status %d", r.Code)
		}
		var must bool
		env.App.DB.QueryRow(context.Background(), `SELECT must_change FROM users WHERE username = 'leader'`).Scan(&must)
		if must {
			t.Fatal("must_change still set")
		}
	})
}

func TestAccountPage(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("10.0.0.1")
	c.MustLogin("ducha")
	r := c.Get("/account")
	for _, want := range []string{"陈督", "区委督查室", "督查室", `href="/account/password"`, `href="/account/totp"`, "未启用"} {
		if !strings.Contains(r.Body, want) {
			t.Fatalf("account page lacks %q (status %d)", want, r.Code)
		}
	}
	if r := env.Client("10.0.0.2").Get("/account"); r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/login") {
		t.Fatalf("anonymous /account: status %d location %q", r.Code, r.Location())
	}
}

func TestWrongCurrentPasswordLocks(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("10.0.0.1")
	c.MustLogin("jiaoyu")
	var r *authtest.Response
	for range 5 {
		r = change(c, "Guess-Pass-1", "Brand-New-Pass-1", "Brand-New-Pass-1")
	}
	if r.Code != http.StatusSeeOther || r.Location() != "/login" {
		t.Fatalf("5th wrong current password: status %d location %q, want signed out", r.Code, r.Location())
	}
	if r := c.Get("/account"); r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/login") {
		t.Fatalf("session survived the lock: status %d", r.Code)
	}
	if r := env.Client("10.0.0.2").Login("jiaoyu", authtest.Password); r.Code != http.StatusUnauthorized {
		t.Fatalf("login while locked: status %d, want 401", r.Code)
	}
}

func TestPasswordPageInEnglish(t *testing.T) {
	env := authtest.New(t)
	env.Exec(`UPDATE users SET lang = 'en' WHERE username = 'jiaoyu'`)
	c := env.Client("10.0.0.1")
	c.MustLogin("jiaoyu")
	r := change(c, authtest.Password, "short", "short")
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "at least 8 characters") {
		t.Fatalf("status %d, want the English message", r.Code)
	}
}
