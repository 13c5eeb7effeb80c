package auth_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"html"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"tongchou/internal/auth"
	"tongchou/internal/auth/authtest"
)

var (
	secretRE   = regexp.MustCompile(`id="totp-secret">([A-Z2-7]+)<`)
	recoveryRE = regexp.MustCompile(`<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>`)
)

// enrol runs the enrolment on path for a signed-in (or half-signed-in)
// client and returns the secret and the recovery codes.
func enrol(t *testing.T, env *authtest.Env, c *authtest.Client, path string) (string, []string) {
	t.Helper()
	r := c.Get(path)
	m := secretRE.FindStringSubmatch(r.Body)
	if r.Code != http.StatusOK || m == nil || !strings.Contains(r.Body, `src="data:image/png;base64,`) {
		t.Fatalf("enrol page %s: status %d, secret or QR missing", path, r.Code)
	}
	qr := regexp.MustCompile(`src="data:image/png;base64,([^"]+)"`).FindStringSubmatch(r.Body)
	if qr == nil {
		t.Fatal("no inline QR image")
	}
	if raw, err := base64.StdEncoding.DecodeString(html.UnescapeString(qr[1])); err != nil {
		t.Fatalf("QR data URL: %v", err)
	} else if img, err := png.Decode(bytes.NewReader(raw)); err != nil || img.Bounds().Dx() != 200 {
		t.Fatalf("QR is not a 200-px PNG: %v", err)
	}
	if bad := c.Post(path, url.Values{"code": {"000000"}}); bad.Code != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, `id="err-code"`) {
		t.Fatalf("wrong enrolment code: status %d, want 422", bad.Code)
	}
	r = c.Post(path, url.Values{"code": {auth.TOTPCode(m[1], env.Clock.Now())}})
	var codes []string
	for _, cm := range recoveryRE.FindAllStringSubmatch(r.Body, -1) {
		codes = append(codes, cm[1])
	}
	if r.Code != http.StatusOK || len(codes) != 10 {
		t.Fatalf("confirm enrolment: status %d, %d recovery codes", r.Code, len(codes))
	}
	return m[1], codes
}

func TestTOTPEnrolAndLogin(t *testing.T) {
	authtest.Each(t, func(t *testing.T, env *authtest.Env) {
		c := env.Client("10.0.0.1")
		c.MustLogin("ducha")
		secret, codes := enrol(t, env, c, "/account/totp")
		uid := env.UserID("ducha")

		t.Run("StoredEncryptedWithHashedCodes", func(t *testing.T) {
			var enc string
			var on bool
			env.App.DB.QueryRow(context.Background(), `SELECT totp_secret_enc, totp_enabled FROM users WHERE id = ?`, uid).Scan(&enc, &on)
			if !on || enc == "" || strings.Contains(enc, secret) {
				t.Fatalf("totp_enabled=%v, secret stored in clear or missing", on)
			}
			rows, _ := env.App.DB.Query(context.Background(), `SELECT code_hash FROM recovery_codes WHERE user_id = ?`, uid)
			defer rows.Close()
			n := 0
			for rows.Next() {
				var h string
				rows.Scan(&h)
				for _, code := range codes {
					if strings.Contains(h, code) || strings.Contains(h, strings.ReplaceAll(code, "-", "")) {
						t.Fatal("recovery code stored in clear")
					}
				}
				n++
			}
			if n != 10 {
				t.Fatalf("%d recovery code rows, want 10", n)
			}
		})
		t.Run("SecondVisitDoesNotReEnrol", func(t *testing.T) {
			if r := c.Get("/account/totp"); r.Code != http.StatusSeeOther || r.Location() != "/account" {
				t.Fatalf("status %d location %q", r.Code, r.Location())
			}
		})

		login := func(ip string) *authtest.Client {
			t.Helper()
			l := env.Client(ip)
			r := l.Login("ducha", authtest.Password)
			if r.Code != http.StatusSeeOther || r.Location() != "/login/totp" {
				t.Fatalf("password step: status %d location %q", r.Code, r.Location())
			}
			return l
		}
		t.Run("PendingUserHeldAtCodePage", func(t *testing.T) {
			l := login("10.1.0.1")
			for _, p := range []string{"/", "/account", "/account/totp", "/login/totp/enrol"} {
				r := l.Get(p)
				if p == "/login/totp/enrol" {
					if r.Code != http.StatusSeeOther || r.Location() != "/login/totp" {
						t.Fatalf("enrolled user re-enrolling with the password only: status %d location %q", r.Code, r.Location())
					}
					continue
				}
				if r.Code != http.StatusSeeOther || r.Location() != "/login/totp" {
					t.Fatalf("GET %s while pending: status %d location %q", p, r.Code, r.Location())
				}
			}
			if r := l.Get("/login/totp"); r.Code != http.StatusOK {
				t.Fatalf("code page: status %d", r.Code)
			}
		})
		t.Run("WrongCodeRefused", func(t *testing.T) {
			l := login("10.1.0.2")
			wrong := "123456"
			if wrong == auth.TOTPCode(secret, env.Clock.Now()) {
				wrong = "654321"
			}
			if r := l.Post("/login/totp", url.Values{"code": {wrong}}); r.Code != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401", r.Code)
			}
			if r := l.Get("/"); r.Location() != "/login/totp" {
				t.Fatalf("after a wrong code the user got to %q", r.Location())
			}
		})
		t.Run("CodeUsedAtEnrolmentIsReplay", func(t *testing.T) {
			l := login("10.1.0.3")
			if r := l.Post("/login/totp", url.Values{"code": {auth.TOTPCode(secret, env.Clock.Now())}}); r.Code != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401 for a code of an already used step", r.Code)
			}
		})
		t.Run("FreshCodeSignsIn", func(t *testing.T) {
			env.Clock.Advance(30 * time.Second)
			l := login("10.1.0.4")
			code := auth.TOTPCode(secret, env.Clock.Now())
			if r := l.Post("/login/totp", url.Values{"code": {code}}); r.Code != http.StatusSeeOther || r.Location() != "/" {
				t.Fatalf("status %d location %q", r.Code, r.Location())
			}
			if r := l.Get("/"); r.Code != http.StatusOK {
				t.Fatalf("home: status %d", r.Code)
			}
			t.Run("ReplayRefused", func(t *testing.T) {
				l2 := login("10.1.0.5")
				if r := l2.Post("/login/totp", url.Values{"code": {code}}); r.Code != http.StatusUnauthorized {
					t.Fatalf("replayed code: status %d, want 401", r.Code)
				}
			})
		})
		t.Run("RecoveryCodeSingleUse", func(t *testing.T) {
			l := login("10.1.0.6")
			if r := l.Post("/login/totp", url.Values{"code": {strings.ToLower(codes[3])}}); r.Code != http.StatusSeeOther {
				t.Fatalf("recovery code: status %d", r.Code)
			}
			l2 := login("10.1.0.7")
			if r := l2.Post("/login/totp", url.Values{"code": {codes[3]}}); r.Code != http.StatusUnauthorized {
				t.Fatalf("reused recovery code: status %d, want 401", r.Code)
			}
		})
		t.Run("LoginLogNamesFactor", func(t *testing.T) {
			var n int
			env.App.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM login_log WHERE username = 'ducha' AND success = ?
				AND reason IN ('ok (totp)', 'ok (recovery code)')`, true).Scan(&n)
			if n != 2 {
				t.Fatalf("%d second-factor successes logged, want 2", n)
			}
			env.App.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM login_log WHERE username = 'ducha' AND success = ?
				AND reason = 'bad second factor'`, false).Scan(&n)
			if n < 3 {
				t.Fatalf("%d second-factor failures logged, want at least 3", n)
			}
		})
		t.Run("BadInputNo500", func(t *testing.T) {
			env.Exec(`UPDATE users SET failed_logins = 0 WHERE id = ?`, uid)
			l := login("10.1.0.8")
			for _, code := range []string{"", strings.Repeat("9", 1<<20), "<script>", "' OR 1=1 --", "１２３４５６"} {
				if r := l.Post("/login/totp", url.Values{"code": {code}}); r.Code != http.StatusUnauthorized {
					t.Fatalf("code %.20q: status %d, want 401", code, r.Code)
				}
			}
		})
	})
}

func TestTOTPWrongCodesLockAccount(t *testing.T) {
	env := authtest.New(t)
	c := env.Client("10.0.0.1")
	c.MustLogin("jiaoyu")
	secret, _ := enrol(t, env, c, "/account/totp")
	l := env.Client("10.2.0.1")
	l.Login("jiaoyu", authtest.Password)
	var last *authtest.Response
	for range 5 {
		last = l.Post("/login/totp", url.Values{"code": {"abcdef"}})
	}
	if last.Code != http.StatusUnauthorized || !strings.Contains(last.Body, "账号已锁定") {
		t.Fatalf("5th wrong code: status %d, want the locked login page", last.Code)
	}
	env.Clock.Advance(31 * time.Second)
	l2 := env.Client("10.2.0.2")
	if r := l2.Login("jiaoyu", authtest.Password); r.Code != http.StatusUnauthorized {
		t.Fatalf("password while locked: status %d, want 401", r.Code)
	}
	env.Clock.Advance(15 * time.Minute)
	l3 := env.Client("10.2.0.3")
	l3.Login("jiaoyu", authtest.Password)
	if r := l3.Post("/login/totp", url.Values{"code": {auth.TOTPCode(secret, env.Clock.Now())}}); r.Code != http.StatusSeeOther {
		t.Fatalf("after the lock: status %d, want 303", r.Code)
	}
}

func TestRoleRequiresTOTP(t *testing.T) {
	env := authtest.New(t)
	env.Exec(`INSERT INTO settings (key, value) VALUES ('security.mfa_roles', 'office')`)
	c := env.Client("10.0.0.1")
	if r := c.Post("/login", url.Values{"username": {"ducha"}, "password": {authtest.Password}, "next": {"/account"}}); r.Location() != "/login/totp" {
		t.Fatalf("password step sent to %q", r.Location())
	}
	if r := c.Get("/login/totp"); r.Location() != "/login/totp/enrol" {
		t.Fatalf("code page sent to %q, want enrolment", r.Location())
	}
	for _, p := range []string{"/", "/account", "/security"} {
		if r := c.Get(p); r.Code != http.StatusSeeOther || r.Location() != "/login/totp" {
			t.Fatalf("GET %s before enrolment: status %d location %q", p, r.Code, r.Location())
		}
	}
	if r := c.Post("/login/totp", url.Values{"code": {"123456"}}); r.Code != http.StatusSeeOther || r.Location() != "/login/totp/enrol" {
		t.Fatalf("code posted before enrolment: status %d location %q", r.Code, r.Location())
	}
	r := c.Get("/login/totp/enrol")
	m := secretRE.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("enrolment page: status %d, no secret", r.Code)
	}
	r = c.Post("/login/totp/enrol", url.Values{"code": {auth.TOTPCode(m[1], env.Clock.Now())}})
	if r.Code != http.StatusOK || !strings.Contains(r.Body, `href="/account"`) {
		t.Fatalf("confirm: status %d, want the recovery codes with a link on to /account", r.Code)
	}
	if r := c.Get("/account"); r.Code != http.StatusOK || !strings.Contains(r.Body, "已启用") {
		t.Fatalf("after enrolment: status %d", r.Code)
	}

	t.Run("SignedInUserHeldWhenPolicyChanges", func(t *testing.T) {
		l := env.Client("10.0.0.2")
		l.MustLogin("jiaoyu")
		env.Exec(`UPDATE settings SET value = 'office,liaison' WHERE key = 'security.mfa_roles'`)
		if r := l.Get("/"); r.Code != http.StatusSeeOther || r.Location() != "/account/totp" {
			t.Fatalf("status %d location %q, want enrolment", r.Code, r.Location())
		}
		if r := l.Get("/account/totp"); r.Code != http.StatusOK {
			t.Fatalf("enrolment page: status %d", r.Code)
		}
	})
}
