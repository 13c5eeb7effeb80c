package app

import (
	"net/http"

	"tongchou/internal/appeal"
	"tongchou/internal/auth"
	"tongchou/internal/task"
)

// appealStore returns the appeals store wired to the app's database, audit
// log, cipher, files and tasks. The portal (public form, tracker, Open311),
// the three rates and symposiums use it too.
func (a *App) appealStore() *appeal.Store {
	s := appeal.New(a.DB, a.Audit, a.Suite, a.Config.filesStore(a.DB, a.Audit, a.Now), a.Now)
	s.Tasks = task.New(a.DB, a.Audit, a.Now)
	return s
}

// mountAppeal mounts the staff pages of appeals and registers their daily
// escalation (催办 / 督办).
func (a *App) mountAppeal(mux *http.ServeMux) {
	s := a.appealStore()
	s.RegisterJobs(a.Jobs)
	h := appeal.NewPages(s, a.UI)
	staff := []auth.Role{auth.RoleOffice, auth.RoleLeader, auth.RoleUnitHead, auth.RoleLiaison}
	office := []auth.Role{auth.RoleOffice}
	mux.Handle("GET /appeals", a.page(h.List, staff...))
	mux.Handle("GET /appeals/export.xlsx", a.page(h.Export, staff...))
	mux.Handle("GET /appeals/new", a.page(h.New, office...))
	mux.Handle("POST /appeals/new", a.page(h.Create, office...))
	mux.Handle("GET /appeals/settings", a.page(h.Settings, office...))
	mux.Handle("POST /appeals/settings/category", a.page(h.SaveCategory, office...))
	mux.Handle("POST /appeals/settings/limit", a.page(h.SaveLimit, office...))
	mux.Handle("POST /appeals/settings/rule", a.page(h.AddRule, office...))
	mux.Handle("POST /appeals/settings/rule/{id}/switch", a.page(h.SwitchRule, office...))
	mux.Handle("GET /appeals/{id}", a.page(h.View, staff...))
	mux.Handle("GET /appeals/{id}/photos/{photo}", a.page(h.Photo, staff...))
	mux.Handle("POST /appeals/{id}/reveal", a.page(h.Reveal, auth.RoleOffice, auth.RoleUnitHead, auth.RoleLiaison))
	mux.Handle("POST /appeals/{id}/{verb}", a.page(h.Act, auth.RoleOffice, auth.RoleUnitHead, auth.RoleLiaison))
}
