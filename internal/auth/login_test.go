package auth_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"tongchou/internal/auth/authtest"
)

func TestLoginLockout(t *testing.T) {
	authtest.Each(t, func(t *testing.T, env *authtest.Env) {
		c := env.Client("10.0.0.1")
		for i := 1; i <= 4; i++ {
			if r := c.Login("ducha", "Wrong-Pass-1"); r.Code != http.StatusUnauthorized || !strings.Contains(r.Body, "用户名或密码错误") {
				t.Fatalf("failure %d: status %d", i, r.Code)
			}
		}
		if r := c.Login("ducha", "Wrong-Pass-1"); r.Code != http.StatusUnauthorized || !strings.Contains(r.Body, "账号已锁定") {
			t.Fatalf("5th failure: status %d, want the locked message", r.Code)
		}
		t.Run("LockedRefusesRightPassword", func(t *testing.T) {
			env.Clock.Advance(14 * time.Minute)
			if r := env.Client("10.0.0.2").Login("ducha", authtest.Password); r.Code != http.StatusUnauthorized {
				t.Fatalf("at 14 min: status %d, want 401", r.Code)
			}
		})
		t.Run("UnlockedAfterFifteenMinutes", func(t *testing.T) {
			env.Clock.Advance(2 * time.Minute)
			if r := env.Client("10.0.0.3").Login("ducha", authtest.Password); r.Code != http.StatusSeeOther {
				t.Fatalf("at 16 min: status %d, want 303", r.Code)
			}
		})
	})
}

func TestPerIPSlowDown(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("10.9.9.9")
	users := []string{"ducha", "leader", "jiaoyu", "qingshi", "nobody", "admin"}
	last := 0
	for _, u := range users {
		last = c.Login(u, "Wrong-Pass-1").Code
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("6th failure across usernames from one address: status %d, want 429", last)
	}
	t.Run("OtherAddressUnaffected", func(t *testing.T) {
		if r := env.Client("10.9.9.10").Login("jiaoyu", authtest.Password); r.Code != http.StatusSeeOther {
			t.Fatalf("status %d, want 303", r.Code)
		}
	})
	t.Run("ThrottledEvenWithRightPassword", func(t *testing.T) {
		if r := c.Login("qingshi", authtest.Password); r.Code != http.StatusTooManyRequests {
			t.Fatalf("status %d, want 429", r.Code)
		}
	})
	t.Run("WaitLifts", func(t *testing.T) {
		env.Clock.Advance(2 * time.Minute)
		if r := c.Login("qingshi", authtest.Password); r.Code != http.StatusSeeOther {
			t.Fatalf("status %d, want 303", r.Code)
		}
	})
}

func TestIdleTimeout(t *testing.T) {
	for _, tc := range []struct {
		name    string
		setting string // security.idle_minutes; "" = default 30
		idle    time.Duration
		signed  bool
	}{
		{"DefaultStillInAt29Min", "", 29 * time.Minute, true},
		{"DefaultOutAt31Min", "", 31 * time.Minute, false},
		{"ConfiguredTenOutAt11Min", "10", 11 * time.Minute, false},
		{"ConfiguredSixtyInAt59Min", "60", 59 * time.Minute, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := authtest.New(t)
			if tc.setting != "" {
				env.Exec(`INSERT INTO settings (key, value) VALUES ('security.idle_minutes', ?)`, tc.setting)
			}
			c := env.Client("10.0.0.1")
			c.MustLogin("ducha")
			env.Clock.Advance(tc.idle)
			r := c.Get("/")
			if got := r.Code == http.StatusOK; got != tc.signed {
				t.Fatalf("after %v: status %d location %q", tc.idle, r.Code, r.Location())
			}
			if !tc.signed && !strings.HasPrefix(r.Location(), "/login") {
				t.Fatalf("expired session sent to %q, want /login", r.Location())
			}
		})
	}
}

func TestSessionCookieFlags(t *testing.T) {
	env := authtest.New(t)
	r := env.Client("10.0.0.1").Login("ducha", authtest.Password)
	var found bool
	for _, c := range r.Result().Cookies() {
		if c.Name != "tongchou_session" {
			continue
		}
		found = true
		if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode {
			t.Fatalf("session cookie HttpOnly=%v Secure=%v SameSite=%v", c.HttpOnly, c.Secure, c.SameSite)
		}
	}
	if !found {
		t.Fatal("no session cookie after login")
	}
}

func TestCrossSitePostRefused(t *testing.T) {
	for _, tc := range []struct {
		name, header, value string
	}{
		{"SecFetchSiteCrossSite", "Sec-Fetch-Site", "cross-site"},
		{"ForeignOrigin", "Origin", "http://evil.example"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := authtest.New(t)
			c := env.Client("10.0.0.1")
			c.MustLogin("ducha")
			c.Header.Set(tc.header, tc.value)
			r := c.Post("/lang", url.Values{"lang": {"en"}, "back": {"/"}})
			if r.Code != http.StatusForbidden {
				t.Fatalf("status %d, want 403", r.Code)
			}
			var lang string
			env.App.DB.QueryRow(context.Background(), `SELECT lang FROM users WHERE username = 'ducha'`).Scan(&lang)
			if lang != "zh-CN" {
				t.Fatalf("language changed to %q by a forged request", lang)
			}
			pw := c.Post("/account/password", url.Values{"current": {authtest.Password}, "new": {"Forged-Pass-9"}, "repeat": {"Forged-Pass-9"}})
			if pw.Code != http.StatusForbidden {
				t.Fatalf("password change: status %d, want 403", pw.Code)
			}
		})
	}
}

func TestCSPHeader(t *testing.T) {
	env := authtest.New(t)
	for _, path := range []string{"/login", "/", "/no-such-page"} {
		csp := env.Client("10.0.0.1").Get(path).Header().Get("Content-Security-Policy")
		if csp == "" || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") ||
			!strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "default-src 'self'") {
			t.Fatalf("%s: CSP %q", path, csp)
		}
	}
}

func TestTamperedSessionCookie(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("10.0.0.1")
	c.MustLogin("ducha")
	for _, tc := range []struct{ name, value string }{
		{"Altered", c.Cookies["tongchou_session"].Value + "x"},
		{"Garbage", "<script>alert(1)</script>'; DROP TABLE users;--"},
		{"Empty", ""},
		{"Huge", strings.Repeat("A", 4000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t2 := env.Client("10.0.0.2")
			t2.Cookies["tongchou_session"] = &http.Cookie{Name: "tongchou_session", Value: tc.value}
			r := t2.Get("/")
			if r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Location(), "/login") {
				t.Fatalf("status %d location %q, want a redirect to /login", r.Code, r.Location())
			}
		})
	}
}

func TestLoginLog(t *testing.T) {
	authtest.Each(t, func(t *testing.T, env *authtest.Env) {
		c := env.Client("10.7.0.1")
		c.Login("jiaoyu", "Wrong-Pass-1")
		c.Login("jiaoyu", authtest.Password)
		rows, err := env.App.DB.Query(context.Background(), `SELECT username, ip, success, reason FROM login_log ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var u, ip, reason string
			var ok bool
			rows.Scan(&u, &ip, &ok, &reason)
			got = append(got, u+" "+ip+" "+map[bool]string{true: "ok", false: "fail"}[ok]+" "+reason)
		}
		want := []string{"jiaoyu 10.7.0.1 fail bad password", "jiaoyu 10.7.0.1 ok ok"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("login_log = %q, want %q", got, want)
		}
	})
}

func TestLanguageSwitchSavedAndAudited(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("10.0.5.1")
	c.MustLogin("ducha")
	if r := c.Post("/lang", url.Values{"lang": {"en"}, "back": {"/"}}); r.Code != http.StatusSeeOther || r.Location() != "/" {
		t.Fatalf("POST /lang = %d %s", r.Code, r.Location())
	}
	if !strings.Contains(c.Get("/").Body, `lang="en"`) {
		t.Fatal("home page not in English after the switch")
	}
	var after string
	env.App.DB.QueryRow(context.Background(), `SELECT after_value FROM audit_log WHERE action = 'set_language' AND entity_id = ?`,
		strconv.FormatInt(env.UserID("ducha"), 10)).Scan(&after)
	if after != `"en"` {
		t.Fatalf("audit after value = %q, want \"en\"", after)
	}
}
