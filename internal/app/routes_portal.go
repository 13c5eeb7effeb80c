package app

import (
	"net/http"

	"tongchou/internal/appeal"
	"tongchou/internal/auth"
	"tongchou/internal/portal"
	"tongchou/internal/task"
)

// mountPortal mounts the public portal (no login), the office's publishing
// pages, the system admin's portal settings and Open311 GeoReport v2.
func (a *App) mountPortal(mux *http.ServeMux) {
	fs := a.Config.filesStore(a.DB, a.Audit, a.Now)
	p := portal.New(portal.Deps{DB: a.DB, UI: a.UI, Audit: a.Audit, Suite: a.Suite, Files: fs,
		Appeals: appeal.New(a.DB, a.Audit, a.Suite, fs, a.Now), Tasks: task.New(a.DB, a.Audit, a.Now),
		Guard: a.publicGuard(), Now: a.Now})
	// Outbox SMS (an appeal's extended limit) go through the portal's gateway.
	a.Notify.UseSMS(p.SMSChannel())
	public := func(h func(http.ResponseWriter, *http.Request) error) http.Handler { return a.UI.Handle(h) }
	mux.Handle("GET /public", public(p.Home))
	mux.Handle("GET /public/campaigns/{id}", public(p.Campaign))
	mux.Handle("GET /public/appeal", public(p.AppealForm))
	mux.Handle("POST /public/appeal/submit", public(p.Limited(p.SubmitLimit, p.AppealSubmit)))
	mux.Handle("GET /public/appeal/sent/{code}", public(p.Limited(p.TrackLimit, p.Sent)))
	mux.Handle("GET /public/track", public(p.Limited(p.TrackLimit, p.TrackForm)))
	mux.Handle("GET /public/track/{code}", public(p.Limited(p.TrackLimit, p.Track)))
	mux.Handle("POST /public/track/{code}/rate", public(p.Limited(p.SubmitLimit, p.Rate)))
	mux.Handle("GET /public/recover", public(p.RecoverForm))
	mux.Handle("POST /public/recover/send", public(p.Limited(p.RecoverLimit, p.RecoverSend)))
	mux.Handle("GET /public/cases", public(p.Cases))
	// Open311 GeoReport v2: machine clients with keys from /admin/portal.
	mux.Handle("GET /open311/v2/{file}", public(p.Limited(p.APILimit, p.Open311Get)))
	mux.Handle("POST /open311/v2/{file}", public(p.Limited(p.APILimit, p.Open311Post)))
	mux.Handle("GET /open311/v2/requests/{file}", public(p.Limited(p.APILimit, p.Open311GetOne)))
	// The office chooses what the portal shows; the system admin sets the SMS
	// gateway and issues Open311 keys.
	mux.Handle("GET /portal/publish", a.page(p.PublishList, auth.RoleOffice))
	mux.Handle("GET /portal/publish/{id}", a.page(p.PublishForm, auth.RoleOffice))
	mux.Handle("POST /portal/publish/{id}/save", a.page(p.PublishSave, auth.RoleOffice))
	mux.Handle("GET /portal/cases", a.page(p.CasesOffice, auth.RoleOffice))
	mux.Handle("POST /portal/cases/{id}/save", a.page(p.CaseSave, auth.RoleOffice))
	mux.Handle("GET /admin/portal", a.page(p.Admin, auth.RoleSysAdmin))
	mux.Handle("POST /admin/portal/sms", a.page(p.AdminSMS, auth.RoleSysAdmin))
	mux.Handle("POST /admin/portal/keys/create", a.page(p.AdminKeyCreate, auth.RoleSysAdmin))
	mux.Handle("POST /admin/portal/keys/{id}/revoke", a.page(p.AdminKeyRevoke, auth.RoleSysAdmin))
}
