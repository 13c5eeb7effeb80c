package auth

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"errors"
	"tongchou/internal/audit"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Middleware loads the session and, when a user is signed in, puts the
// principal, the viewer and the audit actor into the request context. It ends
// sessions idle for longer than the policy allows and holds users who must
// change their password or finish the second factor to those pages.
func (s *Service) Middleware(next http.Handler) http.Handler {
	return s.Sessions.LoadAndSave(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		ip := ClientIP(r)
		ctx = audit.WithActor(ctx, audit.Actor{Name: "anonymous", IP: ip})
		uid := s.Sessions.GetInt64(ctx, keyUser)
		if uid == 0 {
			next.ServeHTTP(w, r.WithContext(ctx))
			return
		}
		policy, err := LoadPolicy(ctx, s.db)
		if err != nil {
			s.ui.Error(w, r, err)
			return
		}
		now := s.now()
		seen := s.Sessions.GetInt64(ctx, keySeen)
		if seen != 0 && now.Sub(time.Unix(seen, 0)) > policy.Idle() {
			s.Sessions.Destroy(ctx)
			ui.Flash(w, "auth.session_expired")
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		p, err := LoadPrincipal(ctx, s.db, uid)
		if errors.Is(err, store.ErrNotFound) { // disabled or removed since sign-in
			s.Sessions.Destroy(ctx)
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		if err != nil {
			s.ui.Error(w, r, err)
			return
		}
		// The activity clock is saved at most once a minute: saving it on every
		// request would write the session row on every page view.
		if now.Unix()-seen >= seenResolution {
			s.Sessions.Put(ctx, keySeen, now.Unix())
		}
		if s.Sessions.GetBool(ctx, keyMFA) {
			if !allowedWhilePending(r.URL.Path, "/login/totp") {
				http.Redirect(w, r, "/login/totp", http.StatusSeeOther)
				return
			}
			next.ServeHTTP(w, r.WithContext(ctx))
			return
		}
		ctx = WithPrincipal(ctx, p)
		ctx = ui.WithViewer(ctx, p.viewer())
		ctx = audit.WithActor(ctx, audit.Actor{ID: p.ID, Name: p.Username, IP: ip})
		if p.MustChange && !allowedWhilePending(r.URL.Path, "/account/password") {
			http.Redirect(w, r, "/account/password", http.StatusSeeOther)
			return
		}
		// A role that now requires a second factor (the policy changed since
		// sign-in) holds the user to enrolment.
		if !p.TOTP && policy.RequiresMFA(p.Roles) && !allowedWhilePending(r.URL.Path, "/account/totp") {
			http.Redirect(w, r, "/account/totp", http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	}))
}

// seenResolution is how stale (in seconds) the saved activity time may be; the
// idle timeout is therefore exact to within a minute.
const seenResolution = 60

// allowedWhilePending lists what a half-signed-in user may still reach.
func allowedWhilePending(path, page string) bool {
	return path == page || strings.HasPrefix(path, page+"/") || path == "/logout" || path == "/lang" || strings.HasPrefix(path, "/static/") ||
		path == "/healthz" || path == "/metrics"
}

// Require lets the request through only for a signed-in user holding one of
// roles (any role when none are given); others are sent to the login page or
// shown 403.
func Require(h ui.HandlerFunc, roles ...Role) ui.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p := From(r.Context())
		if p == nil {
			return ui.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()))
		}
		if len(roles) > 0 && !p.HasAny(roles...) {
			return ui.ErrForbidden
		}
		return h(w, r)
	}
}

// Now returns the service clock (tests move it).
func (s *Service) Now() time.Time { return s.now() }
