// Package home renders the first page each role sees after signing in.
package home

import (
	"context"
	"embed"
	"net/http"

	"tongchou/internal/auth"
	"tongchou/internal/org"
	"tongchou/internal/ui"
)

// Bundle holds the home templates and messages.
//
//go:embed templates/*.html locales/*.json
var Bundle embed.FS

// Org is what the home page reads from the organisation.
type Org interface {
	CountAll(ctx context.Context) (org.Counts, error)
	Transfers(ctx context.Context) ([]org.TransferRecord, error)
	Station(ctx context.Context, userID int64) (org.Region, bool, error)
}

// Pages serves the home page.
type Pages struct {
	org Org
	ui  *ui.UI
}

// New returns the home pages.
func New(o Org, u *ui.UI) *Pages { return &Pages{org: o, ui: u} }

type homePage struct {
	Roles     []string
	SysAdmin  bool
	SecAdmin  bool
	Auditor   bool
	Business  bool
	Counts    org.Counts
	Transfers []org.TransferRecord
	UnitName  string
	Station   *org.Region
}

// Home is GET /.
func (p *Pages) Home(w http.ResponseWriter, r *http.Request) error {
	me := auth.From(r.Context())
	page := homePage{SysAdmin: me.Has(auth.RoleSysAdmin), SecAdmin: me.Has(auth.RoleSecAdmin),
		Auditor: me.Has(auth.RoleAuditor), Business: me.HasBusinessRole(), UnitName: me.UnitName}
	for _, role := range me.Roles {
		page.Roles = append(page.Roles, "role."+string(role))
	}
	ctx := r.Context()
	var err error
	if page.SysAdmin {
		if page.Counts, err = p.org.CountAll(ctx); err != nil {
			return err
		}
	}
	if page.Business {
		if page.Transfers, err = p.org.Transfers(ctx); err != nil {
			return err
		}
		if me.Has(auth.RoleLeader) {
			st, ok, err := p.org.Station(ctx, me.ID)
			if err != nil {
				return err
			}
			if ok {
				page.Station = &st
			}
		}
	}
	return p.ui.Render(w, r, http.StatusOK, "home", page)
}
