package app

import (
	"net/http"

	"tongchou/internal/auth"
	"tongchou/internal/home"
	"tongchou/internal/ui"
)

// nav is the navigation, shown by role.
var nav = []ui.NavItem{
	{Key: "layout.home", Href: "/"},
}

// wire builds the services and mounts every route in one visible list.
func (a *App) wire() error {
	u, err := ui.New(nav, auth.Bundle, home.Bundle)
	if err != nil {
		return err
	}
	u.Now = a.Now
	a.UI = u
	a.Auth = auth.New(a.DB, u, a.Audit, a.Suite, a.Now, a.Config.SecureCookies)
	homePages := home.New(a.DB, u)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", a.healthz)
	mux.Handle("GET /metrics", metricsHandler(a.DB))
	mux.Handle("GET /static/{hash}/{name...}", u.StaticHandler())
	a.Auth.Routes(mux)
	mux.Handle("GET /{$}", a.page(homePages.Home))
	mux.Handle("/", u.Handle(func(w http.ResponseWriter, r *http.Request) error { return errNotFound }))

	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(u.Handle(func(w http.ResponseWriter, r *http.Request) error { return ui.ErrForbidden }))
	a.Handler = instrument(ui.SecurityHeaders(csrf.Handler(a.Auth.Middleware(capturePattern(mux)))))
	return nil
}

// page wraps a handler that needs a signed-in user holding one of roles.
func (a *App) page(h ui.HandlerFunc, roles ...auth.Role) http.Handler {
	return a.UI.Handle(auth.Require(h, roles...))
}
