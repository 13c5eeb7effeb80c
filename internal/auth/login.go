package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Login outcomes; each is also a message key.
var (
	ErrBadCredentials = errors.New("auth.bad_credentials")
	ErrLocked         = errors.New("auth.locked")
	ErrThrottled      = errors.New("auth.throttled")
)

type loginPage struct {
	Username string
	Next     string
	Err      string
	Wait     int
}

func (s *Service) loginForm(w http.ResponseWriter, r *http.Request) error {
	if From(r.Context()) != nil {
		return ui.Redirect(w, r, "/")
	}
	return s.ui.Render(w, r, http.StatusOK, "login", loginPage{Next: safeNext(r.URL.Query().Get("next"))})
}

func (s *Service) login(w http.ResponseWriter, r *http.Request) error {
	username := strings.TrimSpace(r.PostFormValue("username"))
	page := loginPage{Username: username, Next: safeNext(r.PostFormValue("next"))}
	if len(username) > 64 {
		page.Username = ""
	}
	uid, needMFA, err := s.Authenticate(r.Context(), username, r.PostFormValue("password"), ClientIP(r))
	if err != nil {
		switch {
		case errors.Is(err, ErrBadCredentials), errors.Is(err, ErrLocked), errors.Is(err, ErrThrottled):
			page.Err = err.Error()
			status := http.StatusUnauthorized
			if errors.Is(err, ErrThrottled) {
				status = http.StatusTooManyRequests
			}
			return s.ui.Render(w, r, status, "login", page)
		}
		return err
	}
	if err := s.Sessions.RenewToken(r.Context()); err != nil {
		return fmt.Errorf("renew session: %w", err)
	}
	s.Sessions.Put(r.Context(), keyUser, uid)
	s.Sessions.Put(r.Context(), keySeen, s.now().Unix())
	if needMFA {
		s.Sessions.Put(r.Context(), keyMFA, true)
		s.Sessions.Put(r.Context(), "next", page.Next)
		return ui.Redirect(w, r, "/login/totp")
	}
	return ui.Redirect(w, r, page.Next)
}

// Authenticate checks username and password, applies the account lock and the
// per-address slow-down, logs the attempt and tells whether a second factor
// must follow.
func (s *Service) Authenticate(ctx context.Context, username, password, ip string) (int64, bool, error) {
	if d := s.throttle.wait(ip); d > 0 {
		s.logLogin(ctx, username, 0, ip, false, "throttled")
		return 0, false, ErrThrottled
	}
	policy, err := LoadPolicy(ctx, s.db)
	if err != nil {
		return 0, false, err
	}
	var (
		id       int64
		hash     string
		disabled bool
		failures int
		locked   *time.Time
		totp     bool
	)
	err = s.db.QueryRow(ctx, `SELECT id, password_hash, disabled, failed_logins, locked_until, totp_enabled
		FROM users WHERE username = ?`, username).Scan(&id, &hash, &disabled, &failures, &locked, &totp)
	if errors.Is(store.NotFound(err, "user"), store.ErrNotFound) {
		CheckPassword(dummyHash, password)
		s.throttle.fail(ip)
		s.logLogin(ctx, username, 0, ip, false, "unknown user")
		return 0, false, ErrBadCredentials
	}
	if err != nil {
		return 0, false, fmt.Errorf("look up user: %w", err)
	}
	now := s.now().UTC()
	if locked != nil && now.Before(*locked) {
		s.throttle.fail(ip)
		s.logLogin(ctx, username, id, ip, false, "locked")
		return 0, false, ErrLocked
	}
	if disabled || !CheckPassword(hash, password) {
		s.throttle.fail(ip)
		reason := "bad password"
		if disabled {
			reason = "disabled"
		}
		return 0, false, s.recordFailure(ctx, id, username, ip, failures+1, policy, reason)
	}
	p, err := LoadPrincipal(ctx, s.db, id)
	if err != nil {
		return 0, false, err
	}
	needMFA := totp || policy.RequiresMFA(p.Roles)
	if needMFA {
		// Failures are reset only once the second factor passes too, or the
		// password alone would buy unlimited guesses at the code.
		s.logLogin(ctx, username, id, ip, true, "password ok; second factor pending")
		return id, true, nil
	}
	s.throttle.succeed(ip)
	if err := s.clearFailures(ctx, id); err != nil {
		return 0, false, err
	}
	s.logLogin(ctx, username, id, ip, true, "ok")
	return id, false, nil
}

// recordFailure counts a failed attempt (password or second factor) toward
// the account lock and logs it; it returns ErrLocked once the account locks.
func (s *Service) recordFailure(ctx context.Context, id int64, username, ip string, failures int, policy Policy, reason string) error {
	var lockUntil *time.Time
	if failures >= policy.MaxFailures {
		t := s.now().UTC().Add(time.Duration(policy.LockMinutes) * time.Minute)
		lockUntil = &t
		failures = 0
		reason += "; account locked"
	}
	if _, err := s.db.Exec(ctx, `UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?`, failures, lockUntil, id); err != nil {
		return fmt.Errorf("record failure: %w", err)
	}
	s.logLogin(ctx, username, id, ip, false, reason)
	if lockUntil != nil {
		return ErrLocked
	}
	return ErrBadCredentials
}

func (s *Service) logLogin(ctx context.Context, username string, id int64, ip string, ok bool, reason string) {
	var uid *int64
	if id != 0 {
		uid = &id
	}
	if len(username) > 64 {
		username = username[:64]
	}
	s.db.Exec(ctx, `INSERT INTO login_log (at, username, user_id, ip, success, reason) VALUES (?, ?, ?, ?, ?, ?)`,
		s.now().UTC(), username, uid, ip, ok, reason)
}

func (s *Service) logout(w http.ResponseWriter, r *http.Request) error {
	if err := s.Sessions.Destroy(r.Context()); err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	ui.Flash(w, "auth.logged_out")
	return ui.Redirect(w, r, "/login")
}

// setLang switches the language: stored on the account when signed in, else in a cookie.
func (s *Service) setLang(w http.ResponseWriter, r *http.Request) error {
	lang := ui.NormalizeLang(r.PostFormValue("lang"))
	if p := From(r.Context()); p != nil && p.Lang != lang {
		err := s.db.InTx(r.Context(), func(tx *store.Tx) error {
			if _, err := tx.Exec(r.Context(), `UPDATE users SET lang = ? WHERE id = ?`, lang, p.ID); err != nil {
				return fmt.Errorf("save language: %w", err)
			}
			return s.audit.Record(r.Context(), tx, audit.Entry{Entity: "user", EntityID: strconv.FormatInt(p.ID, 10),
				Action: "set_language", Before: p.Lang, After: lang})
		})
		if err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: ui.LangCookie, Value: lang, Path: "/", MaxAge: 365 * 86400, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	return ui.Redirect(w, r, safeNext(r.PostFormValue("back")))
}

// safeNext keeps redirects on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/"
	}
	return next
}

// Routes mounts the sign-in pages.
func (s *Service) Routes(mux *http.ServeMux) {
	mux.Handle("GET /login", s.ui.Handle(s.loginForm))
	mux.Handle("POST /login", s.ui.Handle(s.login))
	mux.Handle("POST /logout", s.ui.Handle(s.logout))
	mux.Handle("POST /lang", s.ui.Handle(s.setLang))
	mux.Handle("GET /login/totp", s.ui.Handle(s.totpForm))
	mux.Handle("POST /login/totp", s.ui.Handle(s.totpLogin))
	mux.Handle("GET /login/totp/enrol", s.ui.Handle(s.totpEnrolForm))
	mux.Handle("POST /login/totp/enrol", s.ui.Handle(s.totpEnrolConfirm))
}
