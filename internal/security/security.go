// Package security holds the security administrator's pages (安全管理员):
// the password, session and lockout policy, the roles that must use a second
// factor, locked accounts, second-factor resets and the granting of the three
// separated admin roles (三员分立). It shows accounts, never business data.
package security

import (
	"embed"
	"net/http"
	"strconv"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Bundle holds the templates and messages of the security pages.
//
//go:embed templates/*.html locales/*.json
var Bundle embed.FS

// Pages serves the security admin's pages.
type Pages struct {
	db    *store.DB
	ui    *ui.UI
	audit *audit.Log
	now   func() time.Time
}

// New returns the pages.
func New(db *store.DB, u *ui.UI, log *audit.Log, now func() time.Time) *Pages {
	return &Pages{db: db, ui: u, audit: log, now: now}
}

// userID reads the {id} path value; a malformed id is simply not found.
func userID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, store.ErrNotFound
	}
	return id, nil
}
