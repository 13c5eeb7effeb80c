package app

import (
	"net/http"

	"tongchou/internal/auth"
	"tongchou/internal/briefing"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// mountBriefing mounts the briefing routes (owned by the briefing package).
// The office generates, edits and publishes; leaders read. Roles are checked
// again in the briefing store.
func (a *App) mountBriefing(mux *http.ServeMux) {
	pages := briefing.NewPages(briefing.New(a.DB, a.Audit, a.Now), task.New(a.DB, a.Audit, a.Now), a.UI)
	office := []auth.Role{auth.RoleOffice}
	readers := []auth.Role{auth.RoleOffice, auth.RoleLeader}
	for _, rt := range []struct {
		pattern string
		h       ui.HandlerFunc
		roles   []auth.Role
	}{
		{"GET /briefings", pages.List, readers},
		{"GET /briefings/new", pages.New, office},
		{"POST /briefings/generate", pages.Generate, office},
		{"GET /briefings/settings", pages.Settings, office},
		{"POST /briefings/settings", pages.SaveSettings, office},
		{"GET /briefings/{id}", pages.Show, readers},
		{"POST /briefings/{id}/edit", pages.Edit, office},
		{"POST /briefings/{id}/publish", pages.Publish, office},
		{"GET /briefings/{id}/print", pages.Print, readers},
		{"GET /briefings/{id}/docx", pages.Docx, readers},
		{"GET /briefings/{id}/xlsx", pages.Xlsx, readers},
	} {
		mux.Handle(rt.pattern, a.page(rt.h, rt.roles...))
	}
}
