package auth

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"tongchou/internal/ui"
)

type totpLoginPage struct {
	Err string
}

// pendingUser returns the user half-way through sign-in (password done,
// second factor due), or 0.
func (s *Service) pendingUser(r *http.Request) int64 {
	if !s.Sessions.GetBool(r.Context(), keyMFA) {
		return 0
	}
	return s.Sessions.GetInt64(r.Context(), keyUser)
}

// totpForm is GET /login/totp: the code prompt, or enrolment when the user's
// role requires a second factor they have not set up yet.
func (s *Service) totpForm(w http.ResponseWriter, r *http.Request) error {
	uid := s.pendingUser(r)
	if uid == 0 {
		return ui.Redirect(w, r, "/")
	}
	var enabled bool
	if err := s.db.QueryRow(r.Context(), `SELECT totp_enabled FROM users WHERE id = ?`, uid).Scan(&enabled); err != nil {
		return fmt.Errorf("read totp state: %w", err)
	}
	if !enabled {
		return ui.Redirect(w, r, "/login/totp/enrol")
	}
	return s.ui.Render(w, r, http.StatusOK, "login_totp", totpLoginPage{})
}

// totpLogin is POST /login/totp: a valid code or an unused recovery code
// completes sign-in; wrong codes count toward the account lock.
func (s *Service) totpLogin(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	uid := s.pendingUser(r)
	if uid == 0 {
		return ui.Redirect(w, r, "/login")
	}
	ip := ClientIP(r)
	if s.throttle.wait(ip) > 0 {
		return s.ui.Render(w, r, http.StatusTooManyRequests, "login_totp", totpLoginPage{Err: ErrThrottled.Error()})
	}
	var username string
	var enabled bool
	if err := s.db.QueryRow(ctx, `SELECT username, totp_enabled FROM users WHERE id = ?`, uid).Scan(&username, &enabled); err != nil {
		return fmt.Errorf("read user: %w", err)
	}
	if !enabled {
		return ui.Redirect(w, r, "/login/totp/enrol")
	}
	r = withActor(r, uid, username)
	ctx = r.Context()
	locked, err := s.isLocked(ctx, uid)
	if err != nil {
		return err
	}
	code := r.PostFormValue("code")
	if len(code) > 64 {
		code = ""
	}
	factor := ""
	if !locked {
		if factor, err = s.verifySecondFactor(ctx, uid, code); err != nil {
			return err
		}
	}
	if factor == "" {
		if !locked {
			err = s.countFailure(ctx, uid, username, ip, "bad second factor")
		}
		if locked || errors.Is(err, ErrLocked) {
			return s.endPending(w, r, ErrLocked)
		}
		if err != nil && !errors.Is(err, ErrBadCredentials) {
			return err
		}
		return s.ui.Render(w, r, http.StatusUnauthorized, "login_totp", totpLoginPage{Err: "totp.bad_code"})
	}
	return s.completeSignIn(w, r, uid, username, factor)
}

// endPending signs the half-signed-in user out and shows the login page with why.
func (s *Service) endPending(w http.ResponseWriter, r *http.Request, why error) error {
	if err := s.Sessions.Destroy(r.Context()); err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return s.ui.Render(w, r, http.StatusUnauthorized, "login", loginPage{Next: "/", Err: why.Error()})
}

// completeSignIn ends the second-factor step and goes on to the page the user
// first asked for.
func (s *Service) completeSignIn(w http.ResponseWriter, r *http.Request, uid int64, username, factor string) error {
	next, err := s.finishSignIn(r, uid, username, factor)
	if err != nil {
		return err
	}
	return ui.Redirect(w, r, next)
}

// finishSignIn clears the pending flag with a new session token, resets the
// failures, logs the sign-in and returns where to go next.
func (s *Service) finishSignIn(r *http.Request, uid int64, username, factor string) (string, error) {
	ctx := r.Context()
	s.throttle.succeed(ClientIP(r))
	if err := s.clearFailures(ctx, uid); err != nil {
		return "", err
	}
	if err := s.Sessions.RenewToken(ctx); err != nil {
		return "", fmt.Errorf("renew session: %w", err)
	}
	s.Sessions.Remove(ctx, keyMFA)
	s.logLogin(ctx, username, uid, ClientIP(r), true, "ok ("+factor+")")
	next := safeNext(s.Sessions.PopString(ctx, "next"))
	if strings.HasPrefix(next, "/login") {
		next = "/"
	}
	return next, nil
}
