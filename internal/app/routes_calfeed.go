package app

import (
	"net/http"

	"tongchou/internal/calfeed"
)

// mountCalfeed mounts the calendar feed: the account page (signed in) and
// the feed itself, public, found by its secret address.
func (a *App) mountCalfeed(mux *http.ServeMux) {
	p := calfeed.NewPages(calfeed.New(a.DB, a.Audit, a.Suite, a.Now), a.UI)
	mux.Handle("GET /account/calendar", a.page(p.Account))
	mux.Handle("POST /account/calendar/rotate", a.page(p.Rotate))
	mux.Handle("POST /account/calendar/revoke", a.page(p.Revoke))
	mux.Handle("GET /ical/{file}", a.UI.Handle(p.Feed))
}
