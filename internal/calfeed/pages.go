package calfeed

import (
	"net/http"
	"strings"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Pages serves the account page for the feed and the feed itself.
type Pages struct {
	s  *Store
	ui *ui.UI
}

// NewPages returns the calendar handlers.
func NewPages(s *Store, u *ui.UI) *Pages { return &Pages{s: s, ui: u} }

type accountPage struct {
	Feed *Feed
	URL  string // the full feed address, shown once right after it is created
}

// Account is GET /account/calendar.
func (h *Pages) Account(w http.ResponseWriter, r *http.Request) error {
	return h.render(w, r, "")
}

func (h *Pages) render(w http.ResponseWriter, r *http.Request, url string) error {
	f, err := h.s.Status(r.Context(), auth.From(r.Context()))
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "calfeed_account", accountPage{Feed: f, URL: url})
}

// Rotate is POST /account/calendar/rotate: a new secret address, the old one
// stops at once. The page is rendered, not redirected to, so the address is
// shown once and never stored in a cookie or a log.
func (h *Pages) Rotate(w http.ResponseWriter, r *http.Request) error {
	secret, err := h.s.Rotate(r.Context(), auth.From(r.Context()))
	if err != nil {
		return err
	}
	return h.render(w, r, base(r)+"/ical/"+secret+".ics")
}

// Revoke is POST /account/calendar/revoke.
func (h *Pages) Revoke(w http.ResponseWriter, r *http.Request) error {
	if err := h.s.Revoke(r.Context(), auth.From(r.Context())); err != nil {
		return err
	}
	ui.Flash(w, "calfeed.flash.revoked")
	return ui.Redirect(w, r, "/account/calendar")
}

// Feed is GET /ical/{file}: the feed of the user whose secret names the
// file, without a session. An unknown, rotated or revoked secret is 404.
func (h *Pages) Feed(w http.ResponseWriter, r *http.Request) error {
	secret, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		return store.ErrNotFound
	}
	p, err := h.s.Owner(r.Context(), secret)
	if err != nil {
		return err
	}
	lang := ui.NormalizeLang(p.Lang)
	t := func(key string, args ...any) string { return h.ui.Catalog.T(lang, key, args...) }
	events, err := h.s.Events(r.Context(), p, t, base(r))
	if err != nil {
		return err
	}
	body := Calendar(t("calfeed.ics.name", p.Name), h.s.now(), events)
	hd := w.Header()
	hd.Set("Content-Type", "text/calendar; charset=utf-8")
	hd.Set("Content-Disposition", `inline; filename="tongchou.ics"`)
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("Referrer-Policy", "no-referrer")
	_, err = w.Write([]byte(body))
	return err
}

// base is the site address the request came to, for absolute links.
func base(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
