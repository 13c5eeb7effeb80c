// Package home renders the first page each role sees after signing in.
package home

import (
	"embed"
	"net/http"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Bundle holds the home templates and messages.
//
//go:embed templates/*.html locales/*.json
var Bundle embed.FS

// Pages serves the home page.
type Pages struct {
	db *store.DB
	ui *ui.UI
}

// New returns the home pages.
func New(db *store.DB, u *ui.UI) *Pages { return &Pages{db: db, ui: u} }

type homePage struct {
	Roles []string
}

// Home is GET /.
func (p *Pages) Home(w http.ResponseWriter, r *http.Request) error {
	me := auth.From(r.Context())
	var page homePage
	for _, role := range me.Roles {
		page.Roles = append(page.Roles, "role."+string(role))
	}
	return p.ui.Render(w, r, http.StatusOK, "home", page)
}
