package app

import (
	"net/http"

	"tongchou/internal/auth"
	"tongchou/internal/bulletin"
)

// mountBulletin mounts notices with read receipts (通知公告) and the
// campaigns' document libraries (资料共享). Scope is checked in the store:
// a notice outside the viewer's units is 404.
func (a *App) mountBulletin(mux *http.ServeMux) {
	p := bulletin.NewPages(bulletin.New(a.DB, a.Audit, a.Config.filesStore(a.DB, a.Audit, a.Now), a.Now), a.UI)
	readers := []auth.Role{auth.RoleOffice, auth.RoleLeader, auth.RoleUnitHead, auth.RoleLiaison}
	senders := []auth.Role{auth.RoleOffice, auth.RoleUnitHead, auth.RoleLiaison}
	mux.Handle("GET /bulletins", a.page(p.List, readers...))
	mux.Handle("GET /bulletins/new", a.page(p.New, senders...))
	mux.Handle("POST /bulletins/create", a.page(p.Create, senders...))
	mux.Handle("GET /bulletins/{id}", a.page(p.Show, readers...))
	mux.Handle("POST /bulletins/{id}/confirm", a.page(p.Confirm, readers...))
	mux.Handle("POST /bulletins/{id}/remind", a.page(p.Remind, senders...))
	mux.Handle("GET /bulletins/{id}/files/{file}/{name}", a.page(p.Download, readers...))
	mux.Handle("GET /campaigns/{id}/library", a.page(p.LibraryPage, readers...))
	mux.Handle("POST /campaigns/{id}/library/upload", a.page(p.LibraryUpload, senders...))
	mux.Handle("GET /library/{id}", a.page(p.DocPage, readers...))
	mux.Handle("POST /library/{id}/versions", a.page(p.AddVersion, senders...))
	mux.Handle("GET /library/{id}/versions/{seq}/{name}", a.page(p.VersionDownload, readers...))
}
