package app

import (
	"net/http"

	"tongchou/internal/appealstat"
	"tongchou/internal/auth"
)

// mountAppealstat mounts the three rates (三率) and the hot issues. Only literal paths, so
// they never overlap the appeal package's /appeals/{id}… patterns. The hot-issue counts are
// kept by a background job (every minute) that reads only appeals it has not counted yet.
func (a *App) mountAppealstat(mux *http.ServeMux) {
	p := appealstat.NewPages(a.DB, a.UI, a.Audit, a.Now)
	appealstat.NewAggregator(a.DB, a.Now).Register(a.Jobs)
	office := []auth.Role{auth.RoleOffice}
	// A unit head sees its own units' rates; scope is checked again in the handlers.
	rates := []auth.Role{auth.RoleOffice, auth.RoleLeader, auth.RoleUnitHead}
	mux.Handle("GET /appeals/rates", a.page(p.Rates, rates...))
	mux.Handle("GET /appeals/rates.xlsx", a.page(p.Export, rates...))
	mux.Handle("GET /appeals/rates/drill", a.page(p.DrillPage, rates...))
	mux.Handle("GET /appeals/rates/settings", a.page(p.SettingsForm, office...))
	mux.Handle("POST /appeals/rates/settings", a.page(p.SaveSettingsForm, office...))
	mux.Handle("GET /appeals/hot", a.page(p.HotPage, auth.RoleOffice, auth.RoleLeader))
}
