// Package settings holds the system administrator's site-wide settings page.
// The security policy has its own page (package security); these are the
// settings that carry no security decision.
package settings

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"net/http"

	"tongchou/internal/audit"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Bundle holds the settings templates and messages.
//
//go:embed templates/*.html locales/*.json
var Bundle embed.FS

// WatermarkKey turns the faint watermark (viewer's name and date on every
// page, against screenshot leaks) on with "1".
const WatermarkKey = "ui.watermark"

// Pages serves /admin/settings.
type Pages struct {
	db    *store.DB
	ui    *ui.UI
	audit *audit.Log
}

// New returns the settings pages.
func New(db *store.DB, u *ui.UI, log *audit.Log) *Pages { return &Pages{db: db, ui: u, audit: log} }

// Get returns the value of key, or "" when it is not set.
func Get(ctx context.Context, q store.Querier, key string) (string, error) {
	var v string
	err := q.QueryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(store.NotFound(err, "setting"), store.ErrNotFound) {
		return "", nil
	}
	return v, err
}

type page struct {
	Watermark bool
}

// Form is GET /admin/settings.
func (p *Pages) Form(w http.ResponseWriter, r *http.Request) error {
	v, err := Get(r.Context(), p.db, WatermarkKey)
	if err != nil {
		return fmt.Errorf("read settings: %w", err)
	}
	return p.ui.Render(w, r, http.StatusOK, "settings", page{Watermark: v == "1"})
}

// Save is POST /admin/settings.
func (p *Pages) Save(w http.ResponseWriter, r *http.Request) error {
	next := "0"
	if r.PostFormValue("watermark") == "1" {
		next = "1"
	}
	err := p.db.InTx(r.Context(), func(tx *store.Tx) error {
		before, err := Get(r.Context(), tx, WatermarkKey)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(r.Context(), `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, WatermarkKey, next); err != nil {
			return fmt.Errorf("save setting: %w", err)
		}
		return p.audit.Record(r.Context(), tx, audit.Entry{Entity: "setting", EntityID: WatermarkKey, Action: "update",
			Before: before, After: next})
	})
	if err != nil {
		return err
	}
	ui.Flash(w, "settings.saved")
	return ui.Redirect(w, r, "/admin/settings")
}
